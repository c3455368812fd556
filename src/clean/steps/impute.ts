/**
 * impute: fill missing cells. Strategies: mean, median, most_frequent, constant (per column, as
 * scikit-learn's SimpleImputer), knn (KNNImputer) and iterative (IterativeImputer; linear or gbdt per
 * column). knn and iterative work on the numeric columns together; text columns always take their most
 * frequent value (or `fill_value` with constant). Optional indicator columns `<col>__missing` (1 where the
 * cell was missing) for every column that had missing values in the training rows.
 */
import type { Column } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import {
  featureNames,
  isObject,
  knownKeys,
  needColumn,
  optBool,
  optChoice,
  optNumber,
  optStrings,
  rebuild,
} from '../frame-ops.js';
import { logRowList, plural, RowList } from '../log.js';
import { mean, median, mostFrequentCode, mostFrequentNumber } from '../stats.js';
import type { Params, StepDef } from '../types.js';
import { applyIterative, type Estimator, fitIterative, type IterativeFit } from './impute-iterative.js';
import { knnImpute } from './impute-knn.js';

const NAME = 'impute';
export const STRATEGIES = ['mean', 'median', 'most_frequent', 'constant', 'knn', 'iterative'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface ImputeParams extends Params {
  strategy: Strategy;
  /** Per-column fill value (numeric columns for simple strategies; text columns always). */
  fills: { column: string; value: number | string }[];
  /** Numeric columns imputed together (knn, iterative). */
  numeric: string[];
  /** Columns that get a `<col>__missing` indicator. */
  indicators: string[];
  knn?: { k: number; means: number[]; data: (number | null)[][] };
  iterative?: IterativeFit & { estimator: Estimator };
}

function toJson(v: Float64Array): (number | null)[] {
  const out: (number | null)[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Number.isNaN(v[i]!) ? null : v[i]!;
  return out;
}
function fromJson(v: (number | null)[]): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] === null ? Number.NaN : (v[i] as number);
  return out;
}

function hasMissing(c: Column): boolean {
  if (c.kind === 'numeric') return c.values.some((x) => Number.isNaN(x));
  return c.codes.some((x) => x < 0);
}

export const impute: StepDef<ImputeParams> = {
  name: NAME,
  description:
    'Fill missing values: mean, median, most frequent, constant, k-nearest neighbours or iterative models.',
  atPredict:
    'applies with the training statistics (knn searches the training rows; iterative replays the fitted models)',
  fit(frame, options, ctx) {
    knownKeys(
      options,
      ['strategy', 'columns', 'fill_value', 'n_neighbors', 'estimator', 'max_iter', 'tol', 'add_indicator'],
      NAME,
    );
    const strategy = optChoice(options, 'strategy', NAME, STRATEGIES, 'median');
    const names = optStrings(options, 'columns', NAME) ?? featureNames(frame, ctx.target);
    const cols = names.map((n) => needColumn(frame, n, NAME));
    if (names.includes(ctx.target ?? '\u0000'))
      throw new InputError(
        `${NAME}: '${ctx.target}' is the target; rows without a target are dropped (drop_missing), not imputed`,
      );
    const fill = options.fill_value;
    if (strategy === 'constant' && fill === undefined)
      throw new InputError(`${NAME}: strategy constant needs 'fill_value'`);
    if (fill !== undefined && typeof fill !== 'number' && typeof fill !== 'string')
      throw new InputError(`${NAME}: 'fill_value' must be a number or text`);
    const fills: ImputeParams['fills'] = [];
    const numeric: string[] = [];
    for (const c of cols) {
      if (c.kind === 'categorical') {
        if (strategy === 'constant') fills.push({ column: c.name, value: String(fill) });
        else {
          const k = mostFrequentCode(c.codes, c.dictionary);
          if (k < 0)
            throw new InputError(
              `${NAME}: column '${c.name}' has no value in the training rows to impute from`,
            );
          fills.push({ column: c.name, value: c.dictionary[k]! });
        }
        continue;
      }
      if (strategy === 'constant') {
        if (typeof fill !== 'number')
          throw new InputError(`${NAME}: column '${c.name}' is numeric; 'fill_value' must be a number`);
        fills.push({ column: c.name, value: fill });
        continue;
      }
      const v = c.values;
      const value =
        strategy === 'median' ? median(v) : strategy === 'most_frequent' ? mostFrequentNumber(v) : mean(v);
      if (Number.isNaN(value))
        throw new InputError(`${NAME}: column '${c.name}' has no value in the training rows to impute from`);
      if (strategy === 'knn' || strategy === 'iterative') numeric.push(c.name);
      else fills.push({ column: c.name, value });
    }
    const params: ImputeParams = { strategy, fills, numeric, indicators: [] };
    if (optBool(options, 'add_indicator', NAME, false))
      params.indicators = cols.filter(hasMissing).map((c) => c.name);
    const data = numeric.map((n) => (needColumn(frame, n, NAME) as { values: Float64Array }).values);
    if (strategy === 'knn') {
      const k = optNumber(options, 'n_neighbors', NAME, 5, 1);
      if (!Number.isInteger(k)) throw new InputError(`${NAME}: 'n_neighbors' must be an integer`);
      params.knn = { k, means: data.map(mean), data: data.map(toJson) };
    } else if (strategy === 'iterative') {
      const estimator = optChoice(options, 'estimator', NAME, ['linear', 'gbdt'] as const, 'linear');
      const maxIter = optNumber(options, 'max_iter', NAME, 10, 1, 1000);
      const tol = optNumber(options, 'tol', NAME, 1e-3, 0);
      const work = data.map((v) => v.slice());
      const fit = fitIterative(work, frame.nRows, {
        estimator,
        maxIter,
        tol,
        seed: ctx.seed,
        initial: data.map(mean),
      });
      params.iterative = { ...fit, estimator };
    }
    return params;
  },
  check(p) {
    if (!STRATEGIES.includes(p.strategy as Strategy))
      throw new InputError(`${NAME}: params 'strategy' must be one of ${STRATEGIES.join(', ')}`);
    if (!Array.isArray(p.fills) || !Array.isArray(p.numeric) || !Array.isArray(p.indicators))
      throw new InputError(`${NAME}: params need 'fills', 'numeric' and 'indicators' lists`);
    if (p.strategy === 'knn' && !isObject(p.knn)) throw new InputError(`${NAME}: knn params are missing`);
    if (p.strategy === 'iterative' && !isObject(p.iterative))
      throw new InputError(`${NAME}: iterative params are missing`);
    return p as ImputeParams;
  },
  transform(frame, p, { log }) {
    const replace = new Map<string, Column[]>();
    const indicator = new Map<string, Float64Array>();
    for (const name of p.indicators) {
      const c = needColumn(frame, name, NAME);
      const ind = new Float64Array(frame.nRows);
      for (let i = 0; i < frame.nRows; i++)
        ind[i] = (c.kind === 'numeric' ? Number.isNaN(c.values[i]!) : c.codes[i]! < 0) ? 1 : 0;
      indicator.set(name, ind);
    }
    const out = new Map<string, Column>();
    for (const f of p.fills) {
      const c = needColumn(frame, f.column, NAME);
      const rows = new RowList();
      if (c.kind === 'numeric') {
        if (typeof f.value !== 'number')
          throw new InputError(`${NAME}: column '${c.name}' is numeric here but was imputed as text`);
        const v = new Float64Array(c.values);
        for (let i = 0; i < v.length; i++) {
          if (Number.isNaN(v[i]!)) {
            v[i] = f.value;
            rows.add(frame.rowNumbers[i]!);
          }
        }
        if (rows.count > 0) out.set(c.name, { kind: 'numeric', name: c.name, values: v });
      } else {
        const value = String(f.value);
        let code = c.dictionary.indexOf(value);
        const dictionary = code < 0 ? [...c.dictionary, value] : c.dictionary;
        if (code < 0) code = c.dictionary.length;
        const codes = new Int32Array(c.codes);
        for (let i = 0; i < codes.length; i++) {
          if (codes[i]! < 0) {
            codes[i] = code;
            rows.add(frame.rowNumbers[i]!);
          }
        }
        if (rows.count > 0) out.set(c.name, { kind: 'categorical', name: c.name, codes, dictionary });
      }
      logRowList(log, c.name, 'imputed', rows);
    }
    if (p.numeric.length > 0) {
      const cols = p.numeric.map((n) => {
        const c = needColumn(frame, n, NAME);
        if (c.kind !== 'numeric')
          throw new InputError(
            `${NAME}: column '${n}' holds text here but was numeric when the step was fitted`,
          );
        return new Float64Array(c.values);
      });
      const lists = p.numeric.map(() => new RowList());
      const missing = cols.map((c) => c.map((x) => (Number.isNaN(x) ? 1 : 0)));
      if (p.knn) {
        knnImpute(
          {
            data: p.knn.data.map(fromJson),
            nRows: p.knn.data[0]?.length ?? 0,
            k: p.knn.k,
            means: Float64Array.from(p.knn.means),
          },
          cols,
          frame.nRows,
        );
      } else if (p.iterative) {
        applyIterative(p.iterative, cols, frame.nRows);
      }
      for (let j = 0; j < cols.length; j++) {
        for (let i = 0; i < frame.nRows; i++) if (missing[j]![i]) lists[j]!.add(frame.rowNumbers[i]!);
        if (lists[j]!.count > 0)
          out.set(p.numeric[j]!, { kind: 'numeric', name: p.numeric[j]!, values: cols[j]! });
        logRowList(log, p.numeric[j]!, 'imputed', lists[j]!);
      }
    }
    for (const c of frame.columns) {
      const col = out.get(c.name);
      const ind = indicator.get(c.name);
      if (!col && !ind) continue;
      const list: Column[] = [col ?? c];
      if (ind) {
        const name = `${c.name}__missing`;
        list.push({ kind: 'numeric', name, values: ind });
        log.columnsAdded.push(name);
      }
      replace.set(c.name, list);
    }
    const total = log.cells.reduce((a, x) => a + x.count, 0);
    const how =
      p.strategy === 'iterative'
        ? `iterative (${p.iterative!.estimator}, ${plural(p.iterative!.rounds.length, 'round')}${p.iterative!.converged ? '' : ', not converged'})`
        : p.strategy;
    log.summary = `imputed ${plural(total, 'cell')} in ${plural(log.cells.length, 'column')} by ${how}`;
    return replace.size === 0 ? frame : rebuild(frame, replace);
  },
};
