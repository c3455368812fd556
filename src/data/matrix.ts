/** Turn Frame columns into a FeatureMatrix (the learners' input) and a target vector. */

import { InputError } from '../errors.js';
import type { FeatureMatrix, Task } from '../learners/types.js';
import { column, type Frame } from './frame.js';

export function frameToMatrix(frame: Frame, features: string[]): FeatureMatrix {
  const columns: Float64Array[] = [];
  const categories: (string[] | null)[] = [];
  for (const name of features) {
    const c = column(frame, name);
    if (c.kind === 'numeric') {
      columns.push(c.values);
      categories.push(null);
    } else {
      const v = new Float64Array(frame.nRows);
      for (let i = 0; i < frame.nRows; i++) v[i] = c.codes[i]! < 0 ? Number.NaN : c.codes[i]!;
      columns.push(v);
      categories.push(c.dictionary);
    }
  }
  return { nRows: frame.nRows, columns, names: [...features], categories };
}

export interface Target {
  task: Task;
  y: Float64Array;
  /** Class labels (classification), index = class code. */
  classes: string[];
}

/**
 * The target as learners want it. Classification when the column is categorical/boolean or has few
 * distinct integer values; regression otherwise (or as forced by `task`). Rows with a missing target
 * must be removed before (see `rowsWithTarget`).
 */
export function encodeTarget(frame: Frame, target: string, task?: Task): Target {
  const c = column(frame, target);
  if (c.kind === 'categorical') {
    if (task === 'regression')
      throw new InputError(`target '${target}' holds text; it cannot be used for regression`);
    const used = [...new Set(Array.from(c.codes).filter((k) => k >= 0))].sort((a, b) =>
      c.dictionary[a]!.localeCompare(c.dictionary[b]!),
    );
    const remap = new Map(used.map((k, i) => [k, i]));
    const y = new Float64Array(frame.nRows);
    for (let i = 0; i < frame.nRows; i++) y[i] = c.codes[i]! < 0 ? Number.NaN : remap.get(c.codes[i]!)!;
    const classes = used.map((k) => c.dictionary[k]!);
    return { task: classes.length === 2 ? 'binary' : 'multiclass', y, classes };
  }
  const v = c.values;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === Number.POSITIVE_INFINITY || v[i] === Number.NEGATIVE_INFINITY) {
      throw new InputError(`target '${target}' has an infinite value at row ${frame.rowNumbers[i]}`);
    }
  }
  const distinct = [...new Set(Array.from(v).filter((x) => !Number.isNaN(x)))].sort((a, b) => a - b);
  const integral = distinct.every((x) => Number.isInteger(x));
  const isClf = task
    ? task !== 'regression'
    : integral && distinct.length <= Math.max(2, Math.min(20, Math.sqrt(frame.nRows)));
  if (!isClf) return { task: 'regression', y: v, classes: [] };
  const remap = new Map(distinct.map((x, i) => [x, i]));
  const y = new Float64Array(frame.nRows);
  for (let i = 0; i < frame.nRows; i++) y[i] = Number.isNaN(v[i]!) ? Number.NaN : remap.get(v[i]!)!;
  return { task: distinct.length === 2 ? 'binary' : 'multiclass', y, classes: distinct.map(String) };
}

/** Indices of rows whose target is present. */
export function rowsWithTarget(y: Float64Array): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) idx.push(i);
  return Int32Array.from(idx);
}
