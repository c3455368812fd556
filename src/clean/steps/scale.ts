/** scale: standardize numeric columns (subtract the mean, divide by the standard deviation) or robust-scale them (median, IQR). */
import type { Column } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import {
  featureNames,
  knownKeys,
  needNumeric,
  optChoice,
  optStrings,
  paramList,
  rebuild,
} from '../frame-ops.js';
import { plural } from '../log.js';
import { mean, quantileSorted, sortedPresent, std } from '../stats.js';
import type { Params, StepDef } from '../types.js';

const NAME = 'scale';
const METHODS = ['standard', 'robust'] as const;

export interface ScaleParams extends Params {
  method: (typeof METHODS)[number];
  columns: { column: string; center: number; scale: number }[];
}

export const scale: StepDef<ScaleParams> = {
  name: NAME,
  description:
    'Scale numeric columns: standard (mean, standard deviation) or robust (median, interquartile range).',
  atPredict: 'applies with the training center and scale',
  fit(frame, options, ctx) {
    knownKeys(options, ['columns', 'method'], NAME);
    const method = optChoice(options, 'method', NAME, METHODS, 'standard');
    const names = optStrings(options, 'columns', NAME) ?? featureNames(frame, ctx.target, 'numeric');
    const columns = names.map((name) => {
      const v = needNumeric(frame, name, NAME, 'scaling').values;
      let center: number;
      let s: number;
      if (method === 'standard') {
        center = mean(v);
        s = std(v);
      } else {
        const sorted = sortedPresent(v);
        center = quantileSorted(sorted, 0.5);
        s = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
      }
      if (Number.isNaN(center))
        throw new InputError(`${NAME}: column '${name}' has no value in the training rows`);
      // A constant column is centered but not divided (scikit-learn's StandardScaler / RobustScaler).
      return { column: name, center, scale: s > 0 ? s : 1 };
    });
    return { method, columns };
  },
  check(p) {
    if (!METHODS.includes(p.method as ScaleParams['method']))
      throw new InputError(`${NAME}: params 'method' must be standard or robust`);
    const columns = paramList(p, 'columns', NAME).map((c) => {
      if (typeof c.column !== 'string' || typeof c.center !== 'number' || typeof c.scale !== 'number')
        throw new InputError(`${NAME}: each column needs column, center and scale`);
      return { column: c.column, center: c.center, scale: c.scale };
    });
    return { method: p.method as ScaleParams['method'], columns };
  },
  transform(frame, p, { log }) {
    const replace = new Map<string, Column[]>();
    for (const s of p.columns) {
      const v = needNumeric(frame, s.column, NAME, 'scaling').values;
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = (v[i]! - s.center) / s.scale;
      replace.set(s.column, [{ kind: 'numeric', name: s.column, values: out }]);
    }
    log.summary = `scaled ${plural(p.columns.length, 'column')} (${p.method})`;
    return rebuild(frame, replace);
  },
};
