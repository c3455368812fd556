/** drop_missing: drop rows with a missing value in any listed column (e.g. rows without a target). */
import { isMissing, takeRows } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import { knownKeys, needColumn, needStrings } from '../frame-ops.js';
import { plural, RowList } from '../log.js';
import type { Params, StepDef } from '../types.js';

const NAME = 'drop_missing';

export interface DropMissingParams extends Params {
  columns: string[];
}

export const dropMissing: StepDef<DropMissingParams> = {
  name: NAME,
  description: 'Drop rows with a missing value in any of the listed columns.',
  atPredict: 'skipped: never drops rows at prediction time (impute instead)',
  fit(frame, options) {
    knownKeys(options, ['columns'], NAME);
    const columns = needStrings(options, 'columns', NAME);
    for (const c of columns) needColumn(frame, c, NAME);
    return { columns };
  },
  check(p) {
    if (!Array.isArray(p.columns) || p.columns.some((c) => typeof c !== 'string'))
      throw new InputError(`${NAME}: params 'columns' must be a list of names`);
    return { columns: p.columns as string[] };
  },
  transform(frame, p, { mode, log }) {
    if (mode === 'predict') {
      log.summary = 'not applied at prediction time';
      return frame;
    }
    const cols = p.columns.map((c) => needColumn(frame, c, NAME));
    const keep: number[] = [];
    const dropped = new RowList();
    for (let i = 0; i < frame.nRows; i++) {
      if (cols.some((c) => isMissing(c, i))) dropped.add(frame.rowNumbers[i]!);
      else keep.push(i);
    }
    log.rowsDropped = { count: dropped.count, rows: dropped.rows };
    log.summary = `dropped ${plural(dropped.count, 'row')} missing ${p.columns.join(' or ')}`;
    return dropped.count === 0 ? frame : takeRows(frame, keep);
  },
};
