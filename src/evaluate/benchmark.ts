/**
 * The `--benchmark FILE` of `mlqa evaluate` and `mlqa train`: another model.mlqa (run through its own
 * pipeline and encodings) or an ONNX model (run once by ONNX Runtime), scored on the same rows as the model.
 * Node-only (reads files).
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { readArtifact } from '../artifact/io.js';
import type { Frame } from '../data/frame.js';
import { InputError } from '../errors.js';
import type { FeatureMatrix, Task } from '../learners/types.js';
import { createPredictor } from '../runtime/predictor.js';
import { onnxBenchmark } from './onnx-benchmark.js';
import type { EvaluateInput } from './types.js';

export const isOnnx = (path: string) => /\.onnx$/i.test(path);

export interface BenchmarkTarget {
  task: Task;
  /** The evaluated model's classes in its order (empty for regression). */
  classes: string[];
  target: string;
  /** The evaluated model's feature columns. */
  modelFeatures: string[];
}

/** Fail early (before a long search) on a benchmark file that is missing or not a valid model.mlqa. */
export function checkBenchmarkFile(path: string): void {
  if (!existsSync(path)) throw new InputError(`${path}: no such benchmark file`);
  if (!isOnnx(path)) readArtifact(path);
}

/**
 * Load a benchmark for the rows `frame` (raw columns, before any cleaning plan) whose encoding for the
 * evaluated model is `X`.
 */
export async function loadBenchmark(
  path: string,
  frame: Frame,
  X: FeatureMatrix,
  t: BenchmarkTarget,
): Promise<NonNullable<EvaluateInput['benchmark']>> {
  if (isOnnx(path)) return onnxBenchmark(path, frame, X, t);
  const art = readArtifact(path);
  const bt = art.body.target;
  if (bt.task !== t.task || bt.classes.join('\u0000') !== t.classes.join('\u0000'))
    throw new InputError(
      `${path}: the benchmark predicts ${bt.task} '${bt.name}' with other classes than the model`,
    );
  const predictor = createPredictor(art);
  const missing = art.body.features
    .map((f) => f.name)
    .filter((f) => !frame.columns.some((c) => c.name === f));
  if (missing.length > 0)
    throw new InputError(
      `${path}: the benchmark needs column${missing.length > 1 ? 's' : ''} ${missing.map((f) => `'${f}'`).join(', ')} the data lacks`,
    );
  return { name: basename(path), predictor, X: predictor.encode(frame).X };
}
