/** drop_columns: remove listed columns (identifiers, constants, leaked or unwanted columns). */
import type { Column } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import { findColumn, isObject, knownKeys, needColumn, needStrings, rebuild } from '../frame-ops.js';
import type { Params, StepDef } from '../types.js';

const NAME = 'drop_columns';

export interface DropColumnsParams extends Params {
  columns: string[];
  /** Why each column is dropped (shown in the log), by column name. */
  reasons: Record<string, string>;
}

export const dropColumns: StepDef<DropColumnsParams> = {
  name: NAME,
  description: 'Remove columns: identifiers, constants, leaked or listed columns.',
  atPredict: 'applies (a dropped column may be absent from prediction data)',
  fit(frame, options, ctx) {
    knownKeys(options, ['columns', 'reasons'], NAME);
    const columns = needStrings(options, 'columns', NAME);
    for (const c of columns) {
      needColumn(frame, c, NAME);
      if (c === ctx.target) throw new InputError(`${NAME}: '${c}' is the target; it cannot be dropped`);
    }
    const reasons = isObject(options.reasons) ? (options.reasons as Record<string, string>) : {};
    return { columns: [...columns], reasons: { ...reasons } };
  },
  check(p) {
    if (!Array.isArray(p.columns) || p.columns.some((c) => typeof c !== 'string'))
      throw new InputError(`${NAME}: params 'columns' must be a list of names`);
    return {
      columns: p.columns as string[],
      reasons: isObject(p.reasons) ? (p.reasons as Record<string, string>) : {},
    };
  },
  transform(frame, p, { mode, log }) {
    const replace = new Map<string, Column[]>();
    for (const c of p.columns) {
      if (mode === 'predict' && !findColumn(frame, c)) continue;
      needColumn(frame, c, NAME);
      replace.set(c, []);
      log.columnsRemoved.push(c);
    }
    log.summary =
      log.columnsRemoved.length > 0
        ? `dropped ${log.columnsRemoved.map((c) => (p.reasons[c] ? `${c} (${p.reasons[c]})` : c)).join(', ')}`
        : 'no column to drop';
    return rebuild(frame, replace);
  },
};
