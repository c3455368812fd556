/** drop_duplicates: drop later copies of repeated rows (exact, or near: case, spacing and rounding ignored). */
import { takeRows } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import { knownKeys, needColumn, optBool, optNumber, optStrings } from '../frame-ops.js';
import { plural, RowList } from '../log.js';
import type { Params, StepDef } from '../types.js';
import { cellKeys } from './row-key.js';

const NAME = 'drop_duplicates';

export interface DropDuplicatesParams extends Params {
  /** Columns compared (the rest are ignored, e.g. identifiers). */
  columns: string[];
  near: boolean;
  /** Significant digits numbers are rounded to when `near`. */
  digits: number;
}

export const dropDuplicates: StepDef<DropDuplicatesParams> = {
  name: NAME,
  description: 'Drop rows that repeat an earlier row (keeping the first of each group).',
  atPredict: 'skipped: never drops rows at prediction time',
  fit(frame, options) {
    knownKeys(options, ['columns', 'near', 'digits'], NAME);
    const columns = optStrings(options, 'columns', NAME) ?? frame.columns.map((c) => c.name);
    for (const c of columns) needColumn(frame, c, NAME);
    if (columns.length === 0) throw new InputError(`${NAME}: 'columns' must name at least one column`);
    return {
      columns,
      near: optBool(options, 'near', NAME, false),
      digits: optNumber(options, 'digits', NAME, 6, 1, 17),
    };
  },
  check(p) {
    if (!Array.isArray(p.columns) || p.columns.some((c) => typeof c !== 'string'))
      throw new InputError(`${NAME}: params 'columns' must be a list of names`);
    return {
      columns: p.columns as string[],
      near: p.near === true,
      digits: typeof p.digits === 'number' ? p.digits : 6,
    };
  },
  transform(frame, p, { mode, log }) {
    if (mode === 'predict') {
      log.summary = 'not applied at prediction time';
      return frame;
    }
    const keys = p.columns.map((c) => cellKeys(needColumn(frame, c, NAME), p.near, p.digits));
    const seen = new Set<string>();
    const keep: number[] = [];
    const dropped = new RowList();
    for (let i = 0; i < frame.nRows; i++) {
      let k = '';
      for (const key of keys) k += `${key(i)}\u0001`;
      if (seen.has(k)) dropped.add(frame.rowNumbers[i]!);
      else {
        seen.add(k);
        keep.push(i);
      }
    }
    log.rowsDropped = { count: dropped.count, rows: dropped.rows };
    log.summary = `dropped ${plural(dropped.count, `${p.near ? 'near-' : ''}duplicate row`)}`;
    return dropped.count === 0 ? frame : takeRows(frame, keep);
  },
};
