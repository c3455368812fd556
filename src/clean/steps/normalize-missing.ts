/** normalize_missing: turn null spellings (text) and sentinel values (numbers) into missing. */

import type { Column } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import { isObject, knownKeys, needColumn, rebuild } from '../frame-ops.js';
import { logRowList, plural, RowList } from '../log.js';
import type { Params, StepDef } from '../types.js';

const NAME = 'normalize_missing';

/**
 * Spellings read as missing by default (trimmed, lower-cased): the loader's list (NULL_TOKENS in
 * src/data/schema.ts, which imports DuckDB and so cannot be imported here; a test keeps them equal).
 */
export const DEFAULT_NULL_TOKENS = [
  '',
  'na',
  'n/a',
  'nan',
  'null',
  'none',
  '?',
  '-',
  '#n/a',
  'missing',
  'nil',
];

export interface MissingSpec extends Params {
  column: string;
  /** Text spellings read as missing (compared trimmed and lower-cased); text columns. */
  tokens: string[];
  /** Values read as missing (sentinels such as -999 or 99999999); numeric columns. */
  values: number[];
}

export interface NormalizeMissingParams extends Params {
  columns: MissingSpec[];
}

function spec(column: string, o: Params): MissingSpec {
  const tokens = o.tokens ?? [];
  const values = o.values ?? [];
  if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string'))
    throw new InputError(`${NAME}: '${column}'.tokens must be a list of strings`);
  if (!Array.isArray(values) || values.some((t) => typeof t !== 'number' || !Number.isFinite(t)))
    throw new InputError(`${NAME}: '${column}'.values must be a list of numbers`);
  return {
    column,
    tokens: (tokens as string[]).map((t) => t.trim().toLowerCase()),
    values: values as number[],
  };
}

export const normalizeMissing: StepDef<NormalizeMissingParams> = {
  name: NAME,
  description: 'Read null spellings and sentinel values as missing.',
  atPredict: 'applies',
  fit(frame, options, ctx) {
    knownKeys(options, ['columns', 'tokens'], NAME);
    const out: MissingSpec[] = [];
    if (options.columns !== undefined) {
      if (!isObject(options.columns))
        throw new InputError(`${NAME}: 'columns' must map column names to {tokens, values}`);
      for (const [name, o] of Object.entries(options.columns)) {
        const c = needColumn(frame, name, NAME);
        if (!isObject(o)) throw new InputError(`${NAME}: '${name}' must be {tokens: [...], values: [...]}`);
        const s = spec(name, o);
        if (c.kind === 'numeric' && s.tokens.length > 0)
          throw new InputError(
            `${NAME}: column '${name}' is numeric; give sentinel 'values', not text 'tokens'`,
          );
        if (c.kind === 'categorical' && s.values.length > 0) s.tokens.push(...s.values.map(String));
        out.push(c.kind === 'categorical' ? { ...s, values: [] } : s);
      }
    }
    // Default null spellings for every other text column (except the target).
    const tokens = options.tokens === undefined ? DEFAULT_NULL_TOKENS : options.tokens;
    if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string'))
      throw new InputError(`${NAME}: 'tokens' must be a list of strings`);
    const listed = new Set(out.map((s) => s.column));
    for (const c of frame.columns) {
      if (c.kind === 'categorical' && !listed.has(c.name) && c.name !== ctx.target && tokens.length > 0) {
        out.push({
          column: c.name,
          tokens: (tokens as string[]).map((t) => t.trim().toLowerCase()),
          values: [],
        });
      }
    }
    return { columns: out };
  },
  check(p) {
    if (!Array.isArray(p.columns) || p.columns.some((s) => !isObject(s) || typeof s.column !== 'string'))
      throw new InputError(`${NAME}: params 'columns' must be a list of {column, tokens, values}`);
    return { columns: (p.columns as Params[]).map((s) => spec(s.column as string, s)) };
  },
  transform(frame, p, { log }) {
    const replace = new Map<string, Column[]>();
    let total = 0;
    for (const s of p.columns) {
      const c = needColumn(frame, s.column, NAME);
      const rows = new RowList();
      if (c.kind === 'numeric') {
        if (s.values.length === 0) continue;
        const set = new Set(s.values);
        const v = new Float64Array(c.values);
        for (let i = 0; i < v.length; i++) {
          if (set.has(v[i]!)) {
            v[i] = Number.NaN;
            rows.add(frame.rowNumbers[i]!);
          }
        }
        if (rows.count > 0) replace.set(c.name, [{ kind: 'numeric', name: c.name, values: v }]);
      } else {
        if (s.tokens.length === 0) continue;
        const set = new Set(s.tokens);
        const hit = c.dictionary.map((d) => set.has(d.trim().toLowerCase()));
        if (!hit.some(Boolean)) continue;
        const codes = new Int32Array(c.codes);
        for (let i = 0; i < codes.length; i++) {
          const k = codes[i]!;
          if (k >= 0 && hit[k]) {
            codes[i] = -1;
            rows.add(frame.rowNumbers[i]!);
          }
        }
        if (rows.count > 0)
          replace.set(c.name, [{ kind: 'categorical', name: c.name, codes, dictionary: c.dictionary }]);
      }
      logRowList(log, c.name, 'set_missing', rows);
      total += rows.count;
    }
    log.summary =
      total > 0
        ? `set ${plural(total, 'cell')} to missing`
        : 'no cell changed (null spellings are already read as missing when a file is loaded, and written as empty cells)';
    return replace.size === 0 ? frame : rebuild(frame, replace);
  },
};
