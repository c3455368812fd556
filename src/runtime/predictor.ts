/**
 * A predictor from an artifact: restores the model (or the weighted ensemble), applies the artifact's
 * fitted pipeline steps and training encodings to new data, and predicts. Browser-safe: imports nothing
 * from Node, and loading never evaluates code.
 */
import type { Artifact, EnsembleJSON, StepJSON } from '../artifact/format.js';
import { applyPipeline } from '../clean/pipeline.js';
import type { Frame } from '../data/frame.js';
import { InputError } from '../errors.js';
import type { Predictor } from '../evaluate/types.js';
import { restoreModel } from '../learners/registry.js';
import { argmaxRows, type FeatureMatrix, type Model, type ModelJSON, type Task } from '../learners/types.js';
import { type Encoded, encodeFrame, encodeRows } from './encode.js';

export interface ArtifactPredictor extends Predictor {
  artifact: Artifact;
  /** Apply the artifact's pipeline steps and feature encodings to a Frame. */
  encode(frame: Frame): Encoded;
  /** Encode plain rows (JSON objects): build a frame typed by the training schema when there are pipeline steps. */
  encodeRows(rows: Record<string, unknown>[]): Encoded;
}

/** A weighted average of fitted models: probabilities (classification) or values (regression). */
export class EnsemblePredictor implements Predictor {
  readonly model = null;
  constructor(
    readonly task: Task,
    readonly nClasses: number,
    readonly members: { weight: number; model: Model }[],
  ) {
    if (members.length === 0) throw new InputError('ensemble has no members');
  }

  private average(X: FeatureMatrix, proba: boolean): Float64Array {
    const n = X.nRows;
    const width = proba ? this.nClasses : 1;
    const out = new Float64Array(n * width);
    let total = 0;
    for (const { weight, model } of this.members) {
      const p = proba ? model.predictProba(X) : model.predict(X);
      for (let i = 0; i < out.length; i++) out[i]! += weight * p[i]!;
      total += weight;
    }
    for (let i = 0; i < out.length; i++) out[i]! /= total;
    return out;
  }

  predictProba(X: FeatureMatrix): Float64Array | null {
    return this.task === 'regression' ? null : this.average(X, true);
  }

  predict(X: FeatureMatrix): Float64Array {
    if (this.task === 'regression') return this.average(X, false);
    return argmaxRows(this.average(X, true), X.nRows, this.nClasses);
  }

  toJSON(): EnsembleJSON {
    return {
      kind: 'ensemble',
      members: this.members.map((m) => ({ weight: m.weight, model: m.model.toJSON() })),
    };
  }
}

/** A single fitted model as a Predictor. */
export function modelPredictor(model: Model): Predictor {
  return {
    model,
    predict: (X) => model.predict(X),
    predictProba: (X) => (model.task === 'regression' ? null : model.predictProba(X)),
  };
}

function isEnsemble(m: ModelJSON | EnsembleJSON): m is EnsembleJSON {
  return (m as EnsembleJSON).kind === 'ensemble';
}

/** Restore the artifact's model (or ensemble) as a Predictor on encoded features. */
export function restorePredictor(json: ModelJSON | EnsembleJSON, task: Task, nClasses: number): Predictor {
  if (isEnsemble(json)) {
    const members = json.members.map((m) => ({ weight: m.weight, model: restoreModel(m.model) }));
    return new EnsemblePredictor(task, nClasses, members);
  }
  return modelPredictor(restoreModel(json));
}

/** Apply fitted pipeline steps (if any) to a frame. */
export function applySteps(frame: Frame, steps: StepJSON[]): Frame {
  return steps.length === 0 ? frame : applyPipeline(frame, steps);
}

const NUMERIC_TYPES = new Set(['numeric', 'integer', 'boolean', 'datetime']);

/** Plain rows as a Frame typed by the training schema (numbers for numeric columns, text codes otherwise). */
export function rowsToFrame(rows: Record<string, unknown>[], artifact: Artifact): Frame {
  const n = rows.length;
  const columns: Frame['columns'] = artifact.body.schema.columns.map((c) => {
    if (NUMERIC_TYPES.has(c.type)) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![c.name];
        if (typeof v === 'number') values[i] = v;
        else if (typeof v === 'boolean') values[i] = Number(v);
        else if (typeof v === 'string' && c.type === 'datetime') values[i] = Date.parse(v);
        else if (typeof v === 'string' && v.trim() !== '') values[i] = Number(v);
        else values[i] = Number.NaN;
        if (!Number.isFinite(values[i]!)) values[i] = Number.NaN;
      }
      return { kind: 'numeric', name: c.name, values };
    }
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i]![c.name];
      if (v === null || v === undefined) {
        codes[i] = -1;
        continue;
      }
      const s = String(v);
      let k = index.get(s);
      if (k === undefined) {
        k = dictionary.length;
        dictionary.push(s);
        index.set(s, k);
      }
      codes[i] = k;
    }
    return { kind: 'categorical', name: c.name, codes, dictionary };
  });
  return { nRows: n, columns, rowNumbers: Int32Array.from({ length: n }, (_, i) => i + 1) };
}

export function createPredictor(artifact: Artifact): ArtifactPredictor {
  const { body } = artifact;
  const task = body.target.task;
  const nClasses = task === 'regression' ? 0 : body.target.classes.length;
  const inner = restorePredictor(body.model, task, nClasses);
  return {
    artifact,
    model: inner.model ?? null,
    predict: (X) => inner.predict(X),
    predictProba: (X) => inner.predictProba(X),
    encode: (frame) => encodeFrame(applySteps(frame, body.pipeline), body.features),
    encodeRows: (rows) =>
      body.pipeline.length === 0
        ? encodeRows(rows, body.features)
        : encodeFrame(applySteps(rowsToFrame(rows, artifact), body.pipeline), body.features),
  };
}
