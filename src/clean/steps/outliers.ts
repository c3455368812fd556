/**
 * outliers: values outside fences fitted on the training rows (Tukey: Q1 - k IQR, Q3 + k IQR, k = 1.5;
 * or given bounds) are flagged (indicator column), clipped to the fence, set to missing, imputed with the
 * median of the values inside the fences, or their rows dropped. Every change is logged with its rows.
 */
import { type Column, takeRows } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import {
  featureNames,
  isObject,
  knownKeys,
  needNumeric,
  optChoice,
  optNumber,
  optStrings,
  paramList,
  rebuild,
} from '../frame-ops.js';
import { logRowList, plural, RowList } from '../log.js';
import { quantileSorted, sortedPresent } from '../stats.js';
import type { Params, StepDef } from '../types.js';

const NAME = 'outliers';
const ACTIONS = ['flag', 'clip', 'missing', 'impute', 'drop'] as const;
type Action = (typeof ACTIONS)[number];

export interface Fence extends Params {
  column: string;
  low: number;
  high: number;
  /** Median of the training values inside the fences (action impute). */
  fill: number;
}

export interface OutliersParams extends Params {
  action: Action;
  columns: Fence[];
}

const bound = (x: unknown) => (x === null ? Number.NEGATIVE_INFINITY : (x as number));

export const outliers: StepDef<OutliersParams> = {
  name: NAME,
  description: 'Flag, clip, set to missing, impute or drop values outside the fences (Tukey IQR by default).',
  atPredict:
    'flag, clip, missing and impute apply; drop is skipped (rows are never dropped at prediction time)',
  fit(frame, options, ctx) {
    knownKeys(options, ['columns', 'action', 'k', 'bounds'], NAME);
    const action = optChoice(options, 'action', NAME, ACTIONS, 'clip');
    const k = optNumber(options, 'k', NAME, 1.5, 0);
    const names = optStrings(options, 'columns', NAME) ?? featureNames(frame, ctx.target, 'numeric');
    const given = options.bounds ?? {};
    if (!isObject(given)) throw new InputError(`${NAME}: 'bounds' must map columns to [low, high]`);
    const columns: Fence[] = names.map((name) => {
      const c = needNumeric(frame, name, NAME, 'outlier fences');
      const s = sortedPresent(c.values);
      if (s.length === 0) throw new InputError(`${NAME}: column '${name}' has no value in the training rows`);
      let low: number;
      let high: number;
      const b = given[name];
      if (b !== undefined) {
        if (!Array.isArray(b) || b.length !== 2 || b.some((x) => x !== null && typeof x !== 'number'))
          throw new InputError(`${NAME}: bounds for '${name}' must be [low, high] (null for none)`);
        low = b[0] === null ? Number.NEGATIVE_INFINITY : b[0];
        high = b[1] === null ? Number.POSITIVE_INFINITY : b[1];
      } else {
        const q1 = quantileSorted(s, 0.25);
        const q3 = quantileSorted(s, 0.75);
        low = q1 - k * (q3 - q1);
        high = q3 + k * (q3 - q1);
      }
      const inside = s.filter((x) => x >= low && x <= high);
      return { column: name, low, high, fill: quantileSorted(inside.length > 0 ? inside : s, 0.5) };
    });
    return { action, columns };
  },
  check(p) {
    if (!ACTIONS.includes(p.action as Action))
      throw new InputError(`${NAME}: params 'action' must be one of ${ACTIONS.join(', ')}`);
    const columns = paramList(p, 'columns', NAME).map((f) => {
      if (typeof f.column !== 'string') throw new InputError(`${NAME}: each fence needs a column`);
      // JSON has no infinities: an open fence is stored as null.
      return {
        column: f.column,
        low: bound(f.low),
        high: f.high === null ? Number.POSITIVE_INFINITY : (f.high as number),
        fill: f.fill as number,
      };
    });
    return { action: p.action as Action, columns };
  },
  transform(frame, p, { mode, log }) {
    const replace = new Map<string, Column[]>();
    const dropRow = new Uint8Array(frame.nRows);
    const action = mode === 'predict' && p.action === 'drop' ? null : p.action;
    let total = 0;
    for (const f of p.columns) {
      const c = needNumeric(frame, f.column, NAME, 'outlier fences');
      const v = c.values;
      const rows = new RowList();
      const out = action === 'flag' || action === 'drop' || action === null ? v : new Float64Array(v);
      const flag = action === 'flag' ? new Float64Array(frame.nRows) : null;
      for (let i = 0; i < v.length; i++) {
        const x = v[i]!;
        if (!(x < f.low || x > f.high)) continue;
        rows.add(frame.rowNumbers[i]!);
        if (action === 'clip') out[i] = x < f.low ? f.low : f.high;
        else if (action === 'missing') out[i] = Number.NaN;
        else if (action === 'impute') out[i] = f.fill;
        else if (action === 'flag') flag![i] = 1;
        else if (action === 'drop') dropRow[i] = 1;
      }
      total += rows.count;
      const what =
        action === 'clip'
          ? 'clipped'
          : action === 'missing'
            ? 'set_missing'
            : action === 'impute'
              ? 'imputed'
              : 'flagged';
      logRowList(log, c.name, what, rows);
      if (flag) {
        const name = `${c.name}__outlier`;
        replace.set(c.name, [c, { kind: 'numeric', name, values: flag }]);
        log.columnsAdded.push(name);
      } else if (out !== v) replace.set(c.name, [{ kind: 'numeric', name: c.name, values: out }]);
    }
    let f2 = replace.size === 0 ? frame : rebuild(frame, replace);
    if (action === 'drop') {
      const keep: number[] = [];
      const dropped = new RowList();
      for (let i = 0; i < frame.nRows; i++) dropRow[i] ? dropped.add(frame.rowNumbers[i]!) : keep.push(i);
      log.rowsDropped = { count: dropped.count, rows: dropped.rows };
      if (dropped.count > 0) f2 = takeRows(f2, keep);
    }
    const verb =
      action === null
        ? 'found (not dropped at prediction time)'
        : {
            flag: 'flagged',
            clip: 'clipped',
            missing: 'set to missing',
            impute: 'imputed',
            drop: 'found; rows dropped:',
          }[action];
    log.summary = `${plural(total, 'outlying value')} ${verb}${action === 'drop' ? ` ${log.rowsDropped.count}` : ''}`;
    return f2;
  },
};
