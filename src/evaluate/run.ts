/**
 * Evaluate a saved model (model.mlqa) on a labeled data file: read and verify the artifact, read the file
 * with the training schema's types, map labels to the model's classes, encode features through the
 * artifact's pipeline, run `evaluateModel`, and build the report. Node-only (reads files); the CLI's
 * `mlqa evaluate` and the demo call it.
 */
import { basename } from 'node:path';
import type { Artifact } from '../artifact/format.js';
import { readArtifact } from '../artifact/io.js';
import { type Frame, takeRows } from '../data/frame.js';
import { loadTable } from '../data/load.js';
import { type ColumnType, inferSchema } from '../data/schema.js';
import { toFrame } from '../data/toFrame.js';
import { InputError } from '../errors.js';
import type { FeatureMatrix } from '../learners/types.js';
import type { Finding } from '../report/finding.js';
import type { Report } from '../report/report.js';
import { createPredictor } from '../runtime/predictor.js';
import { isOnnx, loadBenchmark } from './benchmark.js';
import { evaluateModel } from './evaluate.js';
import { DEFAULT_METRIC, getMetric } from './metrics/registry.js';
import { sliceFeature } from './slices.js';
import type { EvaluateBudget, EvaluateInput, EvaluationResult } from './types.js';

export interface EvaluateFileOptions {
  /** Columns whose groups are compared by `fairness_gap` (need not be model features). */
  sensitive?: string[];
  /** Another model (model.mlqa, or an ONNX file run by onnxruntime-node) to compare against on the same rows. */
  benchmark?: string;
  /** Metric to judge by (default: the metric the model was trained for, else the task default). */
  metric?: string;
  thresholds?: Record<string, number>;
  seed?: number;
  budget?: EvaluateBudget;
  checks?: string[];
  onProgress?: (what: string, done: number, total: number) => void;
}

/** What `mlqa evaluate --json` prints and report.json holds. */
export interface EvaluationOutput {
  metrics: Record<string, number>;
  confusionMatrix: number[][] | null;
  findings: Finding[];
  task: EvaluationResult['task'];
  metric: string;
  classes: string[];
  perClass?: EvaluationResult['perClass'];
  explanations: EvaluationResult['explanations'];
  model: { file: string; learner: string; hash: string; target: string };
  data: { file: string; rows: number; droppedMissingTarget: number };
}

export interface EvaluateFileResult extends EvaluationOutput {
  report: Report;
}

function learnerOf(art: Artifact): string {
  const m = art.body.model;
  return 'kind' in m && m.kind === 'ensemble'
    ? `ensemble of ${m.members.map((x) => x.model.learner).join(', ')}`
    : (m as { learner: string }).learner;
}

/** Class code per row from the target column; InputError naming the row for a label the model never saw. */
function labelsOf(frame: Frame, target: string, classes: string[], file: string, regression: boolean) {
  const col = frame.columns.find((c) => c.name === target)!;
  const n = frame.nRows;
  const y = new Float64Array(n);
  const keep: number[] = [];
  if (regression) {
    if (col.kind !== 'numeric')
      throw new InputError(`${file}: target '${target}' holds text; the model predicts numbers`);
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v))
        throw new InputError(`${file}: row ${frame.rowNumbers[i]}: target '${target}' is ${v}`);
      y[i] = v;
      keep.push(i);
    }
    return { y, keep };
  }
  const index = new Map(classes.map((c, k) => [c, k]));
  const numeric = new Map<number, number>();
  classes.forEach((c, k) => {
    const v = Number(c);
    if (c.trim() !== '' && Number.isFinite(v)) numeric.set(v, k);
  });
  for (let i = 0; i < n; i++) {
    let k: number | undefined;
    let text: string;
    if (col.kind === 'numeric') {
      const v = col.values[i]!;
      if (Number.isNaN(v)) continue;
      text = String(v);
      k = index.get(text) ?? numeric.get(v);
    } else {
      const c = col.codes[i]!;
      if (c < 0) continue;
      text = col.dictionary[c]!;
      k = index.get(text);
      if (k === undefined && Number.isFinite(Number(text)) && text.trim() !== '')
        k = numeric.get(Number(text));
    }
    if (k === undefined)
      throw new InputError(
        `${file}: row ${frame.rowNumbers[i]}: label '${text}' in '${target}' is not a class the model knows (${classes.join(', ')})`,
      );
    y[i] = k;
    keep.push(i);
  }
  return { y, keep };
}

/**
 * Group codes of a --sensitive column: its values (text, booleans, numbers with at most 10 distinct values)
 * or, for other numeric columns, the same quintile bins weak_segment uses; missing values form a group.
 */
function groupsOf(
  frame: Frame,
  name: string,
  file: string,
): { name: string; codes: Int32Array; labels: string[] } {
  const col = frame.columns.find((c) => c.name === name);
  if (!col) throw new InputError(`${file}: no column '${name}' for --sensitive`);
  const n = frame.nRows;
  const X: FeatureMatrix =
    col.kind === 'numeric'
      ? { nRows: n, columns: [col.values], names: [name], categories: [null] }
      : {
          nRows: n,
          columns: [Float64Array.from(col.codes, (c) => (c < 0 ? Number.NaN : c))],
          names: [name],
          categories: [col.dictionary],
        };
  const slices = sliceFeature(X, 0);
  const codes = new Int32Array(n).fill(-1);
  const labels = slices.map((s, k) => {
    for (const i of s.rows) codes[i] = k;
    return s.label
      .slice(name.length)
      .replace(/^ = /, '')
      .replace(/^ is missing$/, '(missing)')
      .replace(/^ in /, '');
  });
  return { name, codes, labels };
}

export async function evaluate(
  modelPath: string,
  dataPath: string,
  options: EvaluateFileOptions = {},
): Promise<EvaluateFileResult> {
  if (isOnnx(modelPath))
    throw new InputError(
      `${modelPath}: mlqa evaluate judges a model.mlqa (its checks re-run the model on perturbed rows); compare an ONNX model with --benchmark`,
    );
  const art = readArtifact(modelPath);
  const predictor = createPredictor(art);
  const target = art.body.target;
  const task = target.task;
  const classes = task === 'regression' ? [] : target.classes;
  const table = await loadTable(dataPath);
  try {
    const types: Record<string, ColumnType> = {};
    for (const c of art.body.schema.columns) types[c.name] = c.type;
    const present = new Set(table.columns.map((c) => c.name));
    for (const name of Object.keys(types)) if (!present.has(name)) delete types[name];
    if (!present.has(target.name))
      throw new InputError(
        `${dataPath}: no target column '${target.name}' (the model predicts '${target.name}')`,
      );
    const needed = art.body.features.map((f) => f.name).filter((f) => !present.has(f));
    if (needed.length > 0)
      throw new InputError(
        `${dataPath}: missing feature column${needed.length > 1 ? 's' : ''} ${needed.map((f) => `'${f}'`).join(', ')} the model needs`,
      );
    for (const s of options.sensitive ?? [])
      if (!present.has(s)) throw new InputError(`${dataPath}: no column '${s}' for --sensitive`);
    const schema = await inferSchema(table, { target: target.name, types });
    const { frame: full } = await toFrame(table, schema);
    const { y: yAll, keep } = labelsOf(full, target.name, classes, dataPath, task === 'regression');
    if (keep.length === 0)
      throw new InputError(`${dataPath}: no rows with a '${target.name}' value to evaluate on`);
    const frame = keep.length === full.nRows ? full : takeRows(full, keep);
    const y = keep.length === full.nRows ? yAll : Float64Array.from(keep, (i) => yAll[i]!);
    const encoded = predictor.encode(frame);
    const benchmark = options.benchmark
      ? await loadBenchmark(options.benchmark, frame, encoded.X, {
          task,
          classes,
          target: target.name,
          modelFeatures: art.body.features.map((f) => f.name),
        })
      : null;
    const metric =
      options.metric ??
      (typeof art.body.metrics.metric === 'string'
        ? (art.body.metrics.metric as string)
        : DEFAULT_METRIC[task]);
    getMetric(metric, task);
    const input: EvaluateInput = {
      task,
      nClasses: classes.length,
      classes,
      metric,
      predictor,
      test: { X: encoded.X, y, rows: frame.rowNumbers },
      seed: options.seed ?? 0,
      ...(target.min !== undefined && target.max !== undefined
        ? { targetRange: { min: target.min, max: target.max } }
        : {}),
      ...(options.sensitive?.length
        ? { sensitive: options.sensitive.map((s) => groupsOf(frame, s, dataPath)) }
        : {}),
      ...(benchmark ? { benchmark } : {}),
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
      ...(options.checks ? { checks: options.checks } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    const res = await evaluateModel(input);
    const dropped = full.nRows - keep.length;
    const notes: string[] = [
      'Checks that need the training rows (overfitting, unstable, learning_curve, label_issues, simple-model comparisons) run in `mlqa train`; here the model is judged on the given rows only.',
    ];
    if (dropped > 0) notes.push(`${dropped} rows without a '${target.name}' value were left out.`);
    const unseen = encoded.unseen.reduce((a, b) => a + b, 0);
    if (unseen > 0)
      notes.push(`${unseen} categorical values were never seen in training and were read as missing.`);
    const output: EvaluationOutput = {
      metrics: res.metrics,
      confusionMatrix: res.confusionMatrix,
      findings: res.findings,
      task,
      metric: res.metric,
      classes,
      ...(res.perClass ? { perClass: res.perClass } : {}),
      explanations: res.explanations,
      model: { file: modelPath, learner: learnerOf(art), hash: art.hash, target: target.name },
      data: { file: dataPath, rows: y.length, droppedMissingTarget: dropped },
    };
    const summary: Record<string, string | number> = {
      model: basename(modelPath),
      learner: output.model.learner,
      data: basename(dataPath),
      rows: y.length,
      task,
      target: target.name,
      [res.metric]: Number(res.metrics[res.metric]?.toFixed(4) ?? Number.NaN),
    };
    const report: Report = {
      title: `Evaluation of ${basename(modelPath)} on ${basename(dataPath)}`,
      summary,
      sections: res.sections,
      notes,
    };
    return { ...output, report };
  } finally {
    table.db.close();
  }
}
