/**
 * encode: turn text columns into numbers. one_hot (one 0/1 column per category; categories rarer than
 * `min_frequency` share one `<col>=__other__` column, which also takes unseen values), ordinal (index in
 * sorted category order; unseen and missing are NaN) and target (the mean target per category, smoothed
 * toward the overall mean: (sum + m * prior) / (count + m); one column per class beyond the first for
 * multiclass targets). Target encoding of the training rows is out-of-fold (5 folds, seeded), so a row's
 * own target never leaks into its encoding; other rows use the encoding fitted on all training rows.
 */
import type { CategoricalColumn, Column, Frame } from '../../data/frame.js';
import { kFold } from '../../data/split.js';
import { InputError } from '../../errors.js';
import {
  featureNames,
  knownKeys,
  needCategorical,
  needColumn,
  optChoice,
  optNumber,
  optStrings,
  paramList,
  rebuild,
} from '../frame-ops.js';
import { logRowList, plural, RowList } from '../log.js';
import type { Params, StepDef } from '../types.js';

const NAME = 'encode';
const METHODS = ['one_hot', 'ordinal', 'target'] as const;
type Method = (typeof METHODS)[number];
export const OTHER = '__other__';
const FOLDS = 5;

export interface EncodedColumn extends Params {
  column: string;
  /** Known categories (one_hot: those with their own column; ordinal/target: all, index = code). */
  categories: string[];
  /** one_hot: whether an `__other__` column exists, and the rare training categories it holds. */
  other?: boolean;
  rare?: string[];
  /** target: encoding per category (row-major categories x outputs), prior per output, output names. */
  values?: number[];
  prior?: number[];
  outputs?: string[];
}

export interface EncodeParams extends Params {
  method: Method;
  smoothing: number;
  columns: EncodedColumn[];
}

/** The target as numeric outputs: regression value, or one-vs-rest indicators for the classes after the first. */
function targetOutputs(frame: Frame, target: string): { y: Float64Array[]; names: string[] } {
  const t = needColumn(frame, target, NAME);
  if (t.kind === 'numeric') return { y: [t.values], names: [''] };
  const labels = [...new Set(Array.from(t.codes).filter((k) => k >= 0))].map((k) => t.dictionary[k]!).sort();
  const code = new Map(labels.map((l, i) => [l, i]));
  const cls = Int32Array.from(t.codes, (k) => (k < 0 ? -1 : code.get(t.dictionary[k]!)!));
  const use = labels.length <= 2 ? labels.slice(1) : labels;
  const y = use.map((l) => {
    const c = code.get(l)!;
    return Float64Array.from(cls, (k) => (k < 0 ? Number.NaN : k === c ? 1 : 0));
  });
  return { y, names: use.map((l) => (labels.length <= 2 ? '' : `=${l}`)) };
}

/** Smoothed mean target per category from the rows `rows` (all rows when null). */
function targetTable(
  col: CategoricalColumn,
  cats: Map<string, number>,
  y: Float64Array[],
  m: number,
  rows: Int32Array | null,
): { values: number[]; prior: number[] } {
  const nc = cats.size;
  const no = y.length;
  const sum = new Float64Array(nc * no);
  const cnt = new Float64Array(nc);
  const tot = new Float64Array(no);
  let n = 0;
  const k2cat = col.dictionary.map((d) => cats.get(d) ?? -1);
  const visit = (i: number) => {
    if (Number.isNaN(y[0]![i]!)) return;
    n++;
    for (let o = 0; o < no; o++) tot[o] += y[o]![i]!;
    const k = col.codes[i]!;
    const c = k < 0 ? -1 : k2cat[k]!;
    if (c < 0) return;
    cnt[c]++;
    for (let o = 0; o < no; o++) sum[c * no + o] += y[o]![i]!;
  };
  if (rows) for (const i of rows) visit(i);
  else for (let i = 0; i < col.codes.length; i++) visit(i);
  const prior = Array.from(tot, (s) => (n > 0 ? s / n : 0));
  const values: number[] = new Array(nc * no);
  for (let c = 0; c < nc; c++)
    for (let o = 0; o < no; o++) values[c * no + o] = (sum[c * no + o]! + m * prior[o]!) / (cnt[c]! + m);
  return { values, prior };
}

function encodeTarget(
  col: CategoricalColumn,
  e: EncodedColumn,
  rowNumbers: Int32Array,
  rowsOut: RowList,
  table?: { values: number[]; prior: number[] },
  only?: Int32Array,
  into?: Float64Array[],
): Float64Array[] {
  const no = e.outputs!.length;
  const { values, prior } = table ?? { values: e.values!, prior: e.prior! };
  const cats = new Map(e.categories.map((c, i) => [c, i]));
  const k2cat = col.dictionary.map((d) => cats.get(d) ?? -1);
  const out = into ?? Array.from({ length: no }, () => new Float64Array(col.codes.length));
  const visit = (i: number) => {
    const k = col.codes[i]!;
    const c = k < 0 ? -1 : k2cat[k]!;
    if (k >= 0 && c < 0) rowsOut.add(rowNumbers[i]!);
    for (let o = 0; o < no; o++) out[o]![i] = c < 0 ? prior[o]! : values[c * no + o]!;
  };
  if (only) for (const i of only) visit(i);
  else for (let i = 0; i < col.codes.length; i++) visit(i);
  return out;
}

export const encode: StepDef<EncodeParams> = {
  name: NAME,
  description:
    'Encode text columns as numbers: one-hot (rare categories grouped), ordinal, or out-of-fold target encoding.',
  atPredict:
    'applies (unseen categories: one_hot -> __other__ or all zeros, ordinal -> missing, target -> the overall mean)',
  fit(frame, options, ctx) {
    knownKeys(options, ['columns', 'method', 'min_frequency', 'smoothing'], NAME);
    const method = optChoice(options, 'method', NAME, METHODS, 'one_hot');
    const names = optStrings(options, 'columns', NAME) ?? featureNames(frame, ctx.target, 'categorical');
    const minFreq = optNumber(options, 'min_frequency', NAME, 0.01, 0);
    const smoothing = optNumber(options, 'smoothing', NAME, 10, 0);
    if (
      method === 'target' &&
      (ctx.target === undefined || !frame.columns.some((c) => c.name === ctx.target))
    )
      throw new InputError(`${NAME}: target encoding needs the target column (--target)`);
    const outputs = method === 'target' ? targetOutputs(frame, ctx.target!) : null;
    const columns = names.map((name): EncodedColumn => {
      if (name === ctx.target)
        throw new InputError(`${NAME}: '${name}' is the target; it cannot be encoded as a feature`);
      const c = needCategorical(frame, name, NAME, `${method} encoding`);
      const counts = new Float64Array(c.dictionary.length);
      let present = 0;
      for (let i = 0; i < c.codes.length; i++) {
        if (c.codes[i]! >= 0) {
          counts[c.codes[i]!]!++;
          present++;
        }
      }
      const seen = c.dictionary.filter((_, k) => counts[k]! > 0).sort();
      if (method === 'ordinal') return { column: name, categories: seen };
      if (method === 'one_hot') {
        const min = minFreq < 1 ? minFreq * present : minFreq;
        const countOf = new Map(c.dictionary.map((d, k) => [d, counts[k]!]));
        const kept = seen.filter((d) => countOf.get(d)! >= min);
        return {
          column: name,
          categories: kept,
          other: kept.length < seen.length,
          rare: seen.filter((d) => countOf.get(d)! < min),
        };
      }
      const cats = new Map(seen.map((d, i) => [d, i]));
      const t = targetTable(c, cats, outputs!.y, smoothing, null);
      return {
        column: name,
        categories: seen,
        values: t.values,
        prior: t.prior,
        outputs: outputs!.names.map((s) => `${name}${s}`),
      };
    });
    return { method, smoothing, columns };
  },
  check(p) {
    if (!METHODS.includes(p.method as Method))
      throw new InputError(`${NAME}: params 'method' must be one of ${METHODS.join(', ')}`);
    const columns = paramList(p, 'columns', NAME).map((c) => {
      if (typeof c.column !== 'string' || !Array.isArray(c.categories))
        throw new InputError(`${NAME}: each column needs column and categories`);
      if (
        p.method === 'target' &&
        (!Array.isArray(c.values) || !Array.isArray(c.prior) || !Array.isArray(c.outputs))
      )
        throw new InputError(`${NAME}: target encoding of '${c.column}' needs values, prior and outputs`);
      return c as EncodedColumn;
    });
    return {
      method: p.method as Method,
      smoothing: typeof p.smoothing === 'number' ? p.smoothing : 10,
      columns,
    };
  },
  transform(frame, p, { mode, fit, log }) {
    const replace = new Map<string, Column[]>();
    const oof = mode === 'fit' && p.method === 'target' && frame.nRows >= 2 * FOLDS;
    const outputs = oof ? targetOutputs(frame, fit.target!) : null;
    const folds = oof ? kFold(frame.nRows, FOLDS, fit.seed) : null;
    for (const e of p.columns) {
      const c = needCategorical(frame, e.column, NAME, `${p.method} encoding`);
      const unseen = new RowList();
      const cols: Column[] = [];
      if (p.method === 'one_hot') {
        const index = new Map(e.categories.map((d, i) => [d, i]));
        const k2 = c.dictionary.map((d) => index.get(d) ?? -1);
        const width = e.categories.length + (e.other ? 1 : 0);
        const rare = new Set(e.rare ?? []);
        const vals = Array.from({ length: width }, () => new Float64Array(frame.nRows));
        for (let i = 0; i < frame.nRows; i++) {
          const k = c.codes[i]!;
          if (k < 0) continue;
          const j = k2[k]!;
          if (j >= 0) vals[j]![i] = 1;
          else {
            if (e.other) vals[width - 1]![i] = 1;
            if (!rare.has(c.dictionary[k]!)) unseen.add(frame.rowNumbers[i]!);
          }
        }
        const names = [...e.categories, ...(e.other ? [OTHER] : [])];
        for (const [j, d] of names.entries())
          cols.push({ kind: 'numeric', name: `${e.column}=${d}`, values: vals[j]! });
      } else if (p.method === 'ordinal') {
        const index = new Map(e.categories.map((d, i) => [d, i]));
        const k2 = c.dictionary.map((d) => index.get(d) ?? -1);
        const v = new Float64Array(frame.nRows);
        for (let i = 0; i < frame.nRows; i++) {
          const k = c.codes[i]!;
          v[i] = k < 0 || k2[k]! < 0 ? Number.NaN : k2[k]!;
          if (k >= 0 && k2[k]! < 0) unseen.add(frame.rowNumbers[i]!);
        }
        cols.push({ kind: 'numeric', name: e.column, values: v });
      } else {
        let out: Float64Array[];
        if (oof) {
          out = e.outputs!.map(() => new Float64Array(frame.nRows));
          const cats = new Map(e.categories.map((d, i) => [d, i]));
          for (const fold of folds!)
            encodeTarget(
              c,
              e,
              frame.rowNumbers,
              new RowList(),
              targetTable(c, cats, outputs!.y, p.smoothing, fold.train),
              fold.test,
              out,
            );
        } else out = encodeTarget(c, e, frame.rowNumbers, unseen);
        for (const [o, name] of e.outputs!.entries()) cols.push({ kind: 'numeric', name, values: out[o]! });
      }
      if (mode !== 'fit') logRowList(log, e.column, 'unseen', unseen);
      replace.set(e.column, cols);
      log.columnsRemoved.push(e.column);
      log.columnsAdded.push(...cols.map((x) => x.name).filter((n) => n !== e.column));
    }
    const unseen = log.cells.reduce((a, x) => a + x.count, 0);
    log.summary = `${p.method.replace('_', '-')} encoded ${plural(p.columns.length, 'column')}${oof ? ' (out-of-fold on the training rows)' : ''}${unseen > 0 ? `; ${plural(unseen, 'unseen value')}` : ''}`;
    return rebuild(frame, replace);
  },
};
