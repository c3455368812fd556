/**
 * An ONNX model as the `--benchmark` of `mlqa evaluate`: run it with onnxruntime-node once on the
 * evaluation rows and hand its predictions to the comparison as a fixed predictor. Node-only (the runtime
 * is a native addon, imported only when an ONNX benchmark is given).
 *
 * Inputs, the two layouts exporters produce:
 * - one input per column, named after it ([N, 1] or [N]; float, double, integer, bool or string tensors),
 *   as skl2onnx does for a ColumnTransformer pipeline;
 * - one numeric matrix input [N, d]: the file's columns other than the target, in file order (or, when
 *   their count differs from d, the mlqa model's feature columns), all numeric.
 * Missing numbers are NaN in float inputs (the graph must impute them, as skl2onnx's Imputer does);
 * missing text is ''.
 * Outputs (tensors only; zipmap outputs are skipped): for classification a probabilities tensor [N, K]
 * and, when present, a label tensor [N] that tells which probability column is which class (otherwise the
 * columns are taken in the model's class order, the sorted labels, as scikit-learn orders them); for
 * regression the first numeric output with one value per row.
 */
import { basename } from 'node:path';
import type { Frame } from '../data/frame.js';
import { InputError } from '../errors.js';
import type { FeatureMatrix, Task } from '../learners/types.js';
import type { Predictor } from './types.js';

type OrtModule = typeof import('onnxruntime-node');
type Session = Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;
type TensorMeta = { name: string; isTensor: true; type: string; shape: ReadonlyArray<number | string> };
type ValueMeta = TensorMeta | { name: string; isTensor: false };

export interface OnnxBenchmarkOptions {
  task: Task;
  /** The evaluated model's classes, in its order (empty for regression). */
  classes: string[];
  target: string;
  /** The evaluated model's feature columns (the fallback column list for a matrix input). */
  modelFeatures: string[];
}

/** Predictions made once for one feature matrix (the evaluation rows); any other rows are an error. */
export class FixedPredictor implements Predictor {
  readonly model = null;
  constructor(
    private readonly rows: FeatureMatrix,
    private readonly pred: Float64Array,
    private readonly proba: Float64Array | null,
  ) {}
  private check(X: FeatureMatrix) {
    if (X !== this.rows) throw new Error('an ONNX benchmark has predictions for the evaluation rows only');
  }
  predict(X: FeatureMatrix): Float64Array {
    this.check(X);
    return this.pred.slice();
  }
  predictProba(X: FeatureMatrix): Float64Array | null {
    this.check(X);
    return this.proba ? this.proba.slice() : null;
  }
}

async function openSession(path: string): Promise<{ ort: OrtModule; session: Session }> {
  let ort: OrtModule;
  try {
    ort = (await import('onnxruntime-node')) as OrtModule;
  } catch {
    throw new InputError(
      `${path}: onnxruntime-node is not installed; run npm ci to compare with ONNX models`,
    );
  }
  try {
    return { ort, session: await ort.InferenceSession.create(path) };
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new InputError(`${path}: not a model ONNX Runtime can load (${why})`);
  }
}

const NUMERIC = new Set(['float32', 'float64', 'int64', 'int32', 'int8', 'uint8', 'bool']);

function columnTensor(
  ort: OrtModule,
  meta: TensorMeta,
  frame: Frame,
  name: string,
  path: string,
): InstanceType<OrtModule['Tensor']> {
  const col = frame.columns.find((c) => c.name === name)!;
  const n = frame.nRows;
  const dims = meta.shape.length === 1 ? [n] : [n, 1];
  if (meta.type === 'string') {
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (col.kind === 'numeric') out[i] = Number.isNaN(col.values[i]!) ? '' : String(col.values[i]!);
      else out[i] = col.codes[i]! < 0 ? '' : col.dictionary[col.codes[i]!]!;
    }
    return new ort.Tensor('string', out, dims);
  }
  if (!NUMERIC.has(meta.type))
    throw new InputError(`${path}: input '${meta.name}' has type ${meta.type}, which mlqa cannot feed`);
  if (col.kind !== 'numeric')
    throw new InputError(`${path}: input '${meta.name}' takes numbers but column '${name}' holds text`);
  return numericTensor(ort, meta, [col.values], n, dims, path, frame, [name]);
}

function numericTensor(
  ort: OrtModule,
  meta: TensorMeta,
  cols: Float64Array[],
  n: number,
  dims: number[],
  path: string,
  frame: Frame,
  names: string[],
): InstanceType<OrtModule['Tensor']> {
  const d = cols.length;
  const integer = meta.type !== 'float32' && meta.type !== 'float64';
  if (integer)
    for (let j = 0; j < d; j++)
      for (let i = 0; i < n; i++) {
        const v = cols[j]![i]!;
        if (!Number.isInteger(v))
          throw new InputError(
            `${path}: row ${frame.rowNumbers[i]}: column '${names[j]}' is ${Number.isNaN(v) ? 'missing' : v}; input '${meta.name}' takes ${meta.type} values`,
          );
      }
  const fill = (
    out: { [i: number]: number | bigint | boolean },
    cast: (v: number) => number | bigint | boolean,
  ) => {
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = cast(cols[j]![i]!);
  };
  const size = n * d;
  switch (meta.type) {
    case 'float32': {
      const a = new Float32Array(size);
      fill(a, (v) => v);
      return new ort.Tensor('float32', a, dims);
    }
    case 'float64': {
      const a = new Float64Array(size);
      fill(a, (v) => v);
      return new ort.Tensor('float64', a, dims);
    }
    case 'int64': {
      const a = new BigInt64Array(size);
      fill(a, (v) => BigInt(v));
      return new ort.Tensor('int64', a, dims);
    }
    case 'int32': {
      const a = new Int32Array(size);
      fill(a, (v) => v);
      return new ort.Tensor('int32', a, dims);
    }
    case 'bool': {
      const a = new Uint8Array(size);
      fill(a, (v) => (v ? 1 : 0));
      return new ort.Tensor('bool', a, dims);
    }
    default: {
      const a = meta.type === 'int8' ? new Int8Array(size) : new Uint8Array(size);
      fill(a, (v) => v);
      return new ort.Tensor(meta.type as 'int8' | 'uint8', a, dims);
    }
  }
}

function feedsFor(
  ort: OrtModule,
  inputs: TensorMeta[],
  frame: Frame,
  o: OnnxBenchmarkOptions,
  path: string,
): Record<string, InstanceType<OrtModule['Tensor']>> {
  const columns = new Set(frame.columns.map((c) => c.name));
  const feeds: Record<string, InstanceType<OrtModule['Tensor']>> = {};
  if (inputs.every((m) => columns.has(m.name) && m.name !== o.target)) {
    for (const m of inputs) feeds[m.name] = columnTensor(ort, m, frame, m.name, path);
    return feeds;
  }
  const m = inputs[0]!;
  const d = m.shape.length === 2 ? m.shape[1] : undefined;
  if (inputs.length !== 1 || typeof d !== 'number' || !NUMERIC.has(m.type)) {
    const missing = inputs.filter((x) => !columns.has(x.name)).map((x) => `'${x.name}'`);
    throw new InputError(
      `${path}: inputs ${inputs.map((x) => `'${x.name}'`).join(', ')} are neither columns of the data (no column ${missing.join(', ')}) nor one numeric [N, d] matrix`,
    );
  }
  const rest = frame.columns.map((c) => c.name).filter((c) => c !== o.target);
  const names = rest.length === d ? rest : o.modelFeatures.length === d ? o.modelFeatures : null;
  if (!names)
    throw new InputError(
      `${path}: input '${m.name}' takes ${d} columns, but the data has ${rest.length} besides the target and the model ${o.modelFeatures.length} features`,
    );
  const cols = names.map((nm) => {
    const c = frame.columns.find((x) => x.name === nm)!;
    if (c.kind !== 'numeric')
      throw new InputError(`${path}: input '${m.name}' is a numeric matrix but column '${nm}' holds text`);
    return c.values;
  });
  feeds[m.name] = numericTensor(ort, m, cols, frame.nRows, [frame.nRows, d], path, frame, names);
  return feeds;
}

const toNumbers = (data: unknown): Float64Array =>
  Float64Array.from(data as ArrayLike<number | bigint>, (v) => Number(v));

/** Class index per probability column, from the label output when there is one, else the model's order. */
function classOrder(
  proba: Float64Array,
  n: number,
  K: number,
  labels: unknown[] | null,
  classes: string[],
  path: string,
): Int32Array {
  const order = Int32Array.from({ length: K }, (_, k) => k);
  if (!labels) return order;
  const index = new Map(classes.map((c, k) => [c, k]));
  const seen = new Array<string | null>(K).fill(null);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + b]!) b = k;
    const label = String(labels[i]);
    if (seen[b] === null) seen[b] = label;
    else if (seen[b] !== label) return order; // ties or a thresholded label: keep the model's order
  }
  const used = new Set<number>();
  seen.forEach((label, k) => {
    if (label === null) return;
    const c = index.get(label) ?? index.get(String(Number(label)));
    if (c === undefined)
      throw new InputError(
        `${path}: predicts label '${label}', which is not a class of the model (${classes.join(', ')})`,
      );
    order[k] = c;
    used.add(c);
  });
  const free = classes.map((_, c) => c).filter((c) => !used.has(c));
  seen.forEach((label, k) => {
    if (label === null) order[k] = free.shift()!;
  });
  return order;
}

/** InputError naming the first row where the model's output is not a number. */
function checkFinite(values: Float64Array, width: number, frame: Frame, path: string): void {
  for (let i = 0; i < values.length; i++)
    if (Number.isNaN(values[i]!))
      throw new InputError(
        `${path}: row ${frame.rowNumbers[Math.floor(i / width)]}: the ONNX model's output is NaN (a missing value its graph does not impute?)`,
      );
}

/** Run the ONNX model on the evaluation rows; `X` is the matrix the comparison will pass to the predictor. */
export async function onnxBenchmark(
  path: string,
  frame: Frame,
  X: FeatureMatrix,
  o: OnnxBenchmarkOptions,
): Promise<{ name: string; predictor: Predictor }> {
  const { ort, session } = await openSession(path);
  try {
    const inputs = session.inputMetadata as readonly ValueMeta[];
    const nonTensor = inputs.find((m) => !m.isTensor);
    if (nonTensor) throw new InputError(`${path}: input '${nonTensor.name}' is not a tensor`);
    const feeds = feedsFor(ort, inputs as TensorMeta[], frame, o, path);
    const outputs = (session.outputMetadata as readonly ValueMeta[]).filter(
      (m): m is TensorMeta => m.isTensor,
    );
    if (outputs.length === 0)
      throw new InputError(`${path}: no tensor output (export classifiers with zipmap disabled)`);
    let result: Awaited<ReturnType<Session['run']>>;
    try {
      result = await session.run(
        feeds,
        outputs.map((m) => m.name),
      );
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      throw new InputError(`${path}: ONNX Runtime failed on ${basename(path)}'s inputs (${why})`);
    }
    const n = frame.nRows;
    const K = o.classes.length;
    const numeric = (m: TensorMeta) => m.type === 'float32' || m.type === 'float64';
    if (o.task === 'regression') {
      const out = outputs.find((m) => numeric(m) && result[m.name]!.size === n);
      if (!out) throw new InputError(`${path}: no numeric output with one value per row`);
      const pred = toNumbers(result[out.name]!.data);
      checkFinite(pred, 1, frame, path);
      return { name: basename(path), predictor: new FixedPredictor(X, pred, null) };
    }
    const probaOut = outputs.find(
      (m) => numeric(m) && result[m.name]!.dims.length === 2 && result[m.name]!.size === n * K,
    );
    const labelOut = outputs.find((m) => m !== probaOut && result[m.name]!.size === n && !numeric(m));
    if (!probaOut && !labelOut)
      throw new InputError(
        `${path}: no probabilities [N, ${K}] or label output for the model's ${K} classes`,
      );
    const labels = labelOut ? Array.from(result[labelOut.name]!.data as ArrayLike<unknown>) : null;
    if (!probaOut) {
      const index = new Map(o.classes.map((c, k) => [c, k]));
      const pred = Float64Array.from(labels!, (l) => {
        const c = index.get(String(l)) ?? index.get(String(Number(l)));
        if (c === undefined)
          throw new InputError(`${path}: predicts label '${String(l)}', which is not a class of the model`);
        return c;
      });
      return { name: basename(path), predictor: new FixedPredictor(X, pred, null) };
    }
    const raw = toNumbers(result[probaOut.name]!.data);
    checkFinite(raw, K, frame, path);
    const order = classOrder(raw, n, K, labels, o.classes, path);
    const proba = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) proba[i * K + order[k]!] = raw[i * K + k]!;
    const pred = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let b = 0;
      for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + b]!) b = k;
      pred[i] = b;
    }
    return { name: basename(path), predictor: new FixedPredictor(X, pred, proba) };
  } finally {
    await session.release();
  }
}
