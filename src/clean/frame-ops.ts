/** Frame helpers for steps: column lookup with clear errors, column replacement, option parsing. Browser-safe. */
import type { CategoricalColumn, Column, Frame, NumericColumn } from '../data/frame.js';
import { InputError } from '../errors.js';
import type { Params } from './types.js';

export function findColumn(frame: Frame, name: string): Column | undefined {
  return frame.columns.find((c) => c.name === name);
}

/** The named column, or an InputError naming the step and the column. */
export function needColumn(frame: Frame, name: string, step: string): Column {
  const c = findColumn(frame, name);
  if (!c)
    throw new InputError(
      `${step}: column '${name}' is not in the data (columns: ${frame.columns
        .slice(0, 15)
        .map((x) => x.name)
        .join(', ')}${frame.columns.length > 15 ? ', ...' : ''})`,
    );
  return c;
}

export function needNumeric(frame: Frame, name: string, step: string, what: string): NumericColumn {
  const c = needColumn(frame, name, step);
  if (c.kind !== 'numeric')
    throw new InputError(`${step}: column '${name}' holds text; ${what} needs a numeric column`);
  return c;
}

export function needCategorical(frame: Frame, name: string, step: string, what: string): CategoricalColumn {
  const c = needColumn(frame, name, step);
  if (c.kind !== 'categorical')
    throw new InputError(`${step}: column '${name}' is numeric; ${what} needs a text (categorical) column`);
  return c;
}

/** A frame with some columns replaced (by name) and others removed, order kept; `added` go right after their source. */
export function rebuild(frame: Frame, replace: Map<string, Column[]>): Frame {
  const columns: Column[] = [];
  for (const c of frame.columns) {
    const r = replace.get(c.name);
    if (r === undefined) columns.push(c);
    else columns.push(...r);
  }
  return { nRows: frame.nRows, rowNumbers: frame.rowNumbers, columns };
}

/** Feature columns a step works on by default: every column except the target. */
export function featureNames(frame: Frame, target: string | undefined, kind?: Column['kind']): string[] {
  return frame.columns
    .filter((c) => c.name !== target && (kind === undefined || c.kind === kind))
    .map((c) => c.name);
}

// ---- option and params parsing (plain JSON from plan files) ----

export function isObject(v: unknown): v is Params {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function optStrings(o: Params, key: string, step: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new InputError(`${step}: '${key}' must be a list of column names`);
  return v as string[];
}

export function needStrings(o: Params, key: string, step: string): string[] {
  const v = optStrings(o, key, step);
  if (v === undefined) throw new InputError(`${step}: '${key}' is required`);
  return v;
}

export function optNumber(
  o: Params,
  key: string,
  step: string,
  dflt: number,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new InputError(`${step}: '${key}' must be a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
  return v;
}

export function optBool(o: Params, key: string, step: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new InputError(`${step}: '${key}' must be true or false`);
  return v;
}

export function optChoice<T extends string>(
  o: Params,
  key: string,
  step: string,
  choices: readonly T[],
  dflt: T,
): T {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !choices.includes(v as T))
    throw new InputError(`${step}: '${key}' must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** Reject option keys a step does not know (catches typos in hand-written plans). */
export function knownKeys(o: Params, keys: string[], step: string): void {
  for (const k of Object.keys(o))
    if (!keys.includes(k)) throw new InputError(`${step}: unknown option '${k}' (known: ${keys.join(', ')})`);
}

/** A fitted params field that must be an array of objects. */
export function paramList(p: Params, key: string, step: string): Params[] {
  const v = p[key];
  if (!Array.isArray(v) || v.some((x) => !isObject(x)))
    throw new InputError(`${step}: fitted params '${key}' must be a list of objects`);
  return v as Params[];
}

/** Dictionary code lookup for a categorical column. */
export function codeIndex(dictionary: string[]): Map<string, number> {
  return new Map(dictionary.map((d, k) => [d, k]));
}

/** A categorical column built from per-row strings given as a mapping of old codes to new strings (null = missing). */
export function recodeCategorical(
  col: CategoricalColumn,
  mapped: (string | null)[],
  name = col.name,
): CategoricalColumn {
  const dict: string[] = [];
  const index = new Map<string, number>();
  const remap = new Int32Array(col.dictionary.length);
  for (let k = 0; k < col.dictionary.length; k++) {
    const s = mapped[k];
    if (s === null || s === undefined) {
      remap[k] = -1;
      continue;
    }
    let code = index.get(s);
    if (code === undefined) {
      code = dict.length;
      dict.push(s);
      index.set(s, code);
    }
    remap[k] = code;
  }
  const codes = new Int32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i]!;
    codes[i] = c < 0 ? -1 : remap[c]!;
  }
  return { kind: 'categorical', name, codes, dictionary: dict };
}
