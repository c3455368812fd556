/**
 * From a file to what learners need: load, infer the schema, read the frame, pick the feature columns,
 * encode the target and drop rows whose target is missing. Shared by compare, train, evaluate and clean.
 */
import { InputError } from '../errors.js';
import type { FeatureMatrix, Task } from '../learners/types.js';
import { type Frame, takeRows } from './frame.js';
import { loadTable, type Table } from './load.js';
import { encodeTarget, frameToMatrix, rowsWithTarget, type Target } from './matrix.js';
import { type ColumnSchema, type InferOptions, inferSchema, type Schema } from './schema.js';
import { toFrame } from './toFrame.js';

export interface PrepareOptions extends InferOptions {
  target: string;
  task?: Task;
  /** Read at most this many rows (seeded sample, file order kept). */
  sample?: number;
  seed?: number;
}

export interface Dataset {
  table: Table;
  schema: Schema;
  /** Rows with a target, all columns of the schema. */
  frame: Frame;
  features: string[];
  X: FeatureMatrix;
  target: Target;
  /** Rows dropped because the target was missing. */
  droppedMissingTarget: number;
  sampled: boolean;
}

/** Columns a model may learn from: role feature, and not free text or identifiers. */
export function featureColumns(schema: Schema): string[] {
  return schema.columns
    .filter((c: ColumnSchema) => c.role === 'feature' && c.type !== 'text' && c.type !== 'identifier')
    .map((c) => c.name);
}

export async function prepareDataset(path: string, options: PrepareOptions): Promise<Dataset> {
  const table = await loadTable(path);
  const schema = await inferSchema(table, options);
  const targetCol = schema.columns.find((c) => c.name === options.target)!;
  if (targetCol.type === 'identifier') {
    throw new InputError(
      `${path}: target '${options.target}' looks like an identifier (unique per row); choose the column to predict`,
    );
  }
  if (targetCol.type === 'text' && options.task !== 'regression') {
    throw new InputError(
      `${path}: target '${options.target}' is free text with ${targetCol.distinct} distinct values; it cannot be a class label`,
    );
  }
  const features = featureColumns(schema);
  if (features.length === 0) throw new InputError(`${path}: no feature columns left besides the target`);
  const { frame: full, sampled } = await toFrame(table, schema, {
    sample: options.sample,
    seed: options.seed,
  });
  let enc: Target;
  try {
    enc = encodeTarget(full, options.target, options.task);
  } catch (e) {
    // Name the file: encodeTarget only knows the column.
    if (e instanceof InputError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
  const keep = rowsWithTarget(enc.y);
  if (keep.length === 0)
    throw new InputError(`${path}: no rows left: target '${options.target}' is missing in every row`);
  const frame = keep.length === full.nRows ? full : takeRows(full, keep);
  const y = keep.length === full.nRows ? enc.y : Float64Array.from(keep, (i) => enc.y[i]!);
  if (enc.task !== 'regression' && enc.classes.length < 2) {
    throw new InputError(
      `${path}: target '${options.target}' has a single class ('${enc.classes[0]}'); nothing to learn`,
    );
  }
  return {
    table,
    schema,
    frame,
    features,
    X: frameToMatrix(frame, features),
    target: { ...enc, y },
    droppedMissingTarget: full.nRows - keep.length,
    sampled,
  };
}
