/**
 * normalize_categories: one spelling per category. Values equal after ignoring case, whitespace and
 * (by default) punctuation — runs of anything but letters and digits count as one space, so "M" and
 * "M.", "New York" and "new-york" match but "1.5" and "15" do not — plus a user map of variants, are
 * written as the group's most frequent spelling in the training rows (ties: the whitespace-clean one,
 * then the first in sort order), trimmed, optionally lower- or upper-cased.
 */
import type { Column } from '../../data/frame.js';
import { InputError } from '../../errors.js';
import {
  featureNames,
  isObject,
  knownKeys,
  needCategorical,
  optBool,
  optChoice,
  optStrings,
  rebuild,
  recodeCategorical,
} from '../frame-ops.js';
import { logRowList, plural, RowList } from '../log.js';
import type { Params, StepDef } from '../types.js';
import { normText } from './row-key.js';

const NAME = 'normalize_categories';
const CASES = ['keep', 'lower', 'upper'] as const;
type Case = (typeof CASES)[number];

export interface CategorySpec extends Params {
  column: string;
  case: Case;
  /** Whether punctuation is ignored when matching spellings. */
  punctuation: boolean;
  /** Normalized spelling (trimmed, spaces collapsed, lower case) -> the value written. */
  canonical: Record<string, string>;
}

export interface NormalizeCategoriesParams extends Params {
  columns: CategorySpec[];
}

function applyCase(s: string, c: Case): string {
  return c === 'lower' ? s.toLowerCase() : c === 'upper' ? s.toUpperCase() : s;
}

/** The matching key of a spelling: case and whitespace ignored, and punctuation runs as one space when asked. */
export function spellingKey(s: string, punctuation: boolean): string {
  if (!punctuation) return normText(s);
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The value written for a spelling: the canonical one of its group, else the trimmed spelling. */
function rewrite(s: string, spec: CategorySpec): string {
  const key = spellingKey(s, spec.punctuation);
  return (
    (key === '' ? undefined : spec.canonical[key]) ?? applyCase(s.trim().replace(/\s+/g, ' '), spec.case)
  );
}

export const normalizeCategories: StepDef<NormalizeCategoriesParams> = {
  name: NAME,
  description:
    'Write each category one way: trim spaces, merge case and spacing variants, map listed variants.',
  atPredict: 'applies (unseen spellings are trimmed and cased; known variants mapped)',
  fit(frame, options, ctx) {
    knownKeys(options, ['columns', 'case', 'map', 'punctuation'], NAME);
    const punctuation = optBool(options, 'punctuation', NAME, true);
    const names = optStrings(options, 'columns', NAME) ?? featureNames(frame, ctx.target, 'categorical');
    const kase = optChoice(options, 'case', NAME, CASES, 'keep');
    const map = options.map ?? {};
    if (!isObject(map)) throw new InputError(`${NAME}: 'map' must be {column: {variant: value}}`);
    const columns: CategorySpec[] = [];
    for (const name of names) {
      const c = needCategorical(frame, name, NAME, 'normalizing categories');
      const userMap = map[name] ?? {};
      if (!isObject(userMap) || Object.values(userMap).some((v) => typeof v !== 'string'))
        throw new InputError(`${NAME}: map for '${name}' must be {variant: value} with text values`);
      const counts = new Float64Array(c.dictionary.length);
      for (let i = 0; i < c.codes.length; i++) if (c.codes[i]! >= 0) counts[c.codes[i]!]!++;
      // Groups by normalized key (a user-mapped variant joins the group of its value).
      const groupOf = (s: string) => {
        const mapped =
          (userMap as Record<string, string>)[s] ?? (userMap as Record<string, string>)[s.trim()];
        return spellingKey(mapped ?? s, punctuation);
      };
      // Per group the most frequent spelling, then a whitespace-clean one, then the first in sort order.
      const best = new Map<string, { value: string; raw: string; count: number }>();
      const better = (a: { raw: string; count: number }, b: { raw: string; count: number }) =>
        a.count !== b.count
          ? a.count > b.count
          : (a.raw === a.raw.trim()) !== (b.raw === b.raw.trim())
            ? a.raw === a.raw.trim()
            : a.raw < b.raw;
      for (let k = 0; k < c.dictionary.length; k++) {
        const s = c.dictionary[k]!;
        const key = groupOf(s);
        if (key === '' || counts[k] === 0) continue;
        const cand = { value: s.trim().replace(/\s+/g, ' '), raw: s, count: counts[k]! };
        const cur = best.get(key);
        if (!cur || better(cand, cur)) best.set(key, cand);
      }
      for (const value of Object.values(userMap as Record<string, string>))
        best.set(spellingKey(value, punctuation), { value, raw: value, count: Number.POSITIVE_INFINITY });
      const canonical: Record<string, string> = {};
      for (const [key, b] of [...best.entries()].sort((a, b2) => (a[0] < b2[0] ? -1 : 1)))
        canonical[key] = applyCase(b.value, kase);
      for (const variant of Object.keys(userMap as Record<string, string>))
        canonical[spellingKey(variant, punctuation)] = applyCase(
          (userMap as Record<string, string>)[variant]!,
          kase,
        );
      columns.push({ column: name, case: kase, punctuation, canonical });
    }
    return { columns };
  },
  check(p) {
    if (
      !Array.isArray(p.columns) ||
      p.columns.some((s) => !isObject(s) || typeof s.column !== 'string' || !isObject(s.canonical))
    ) {
      throw new InputError(`${NAME}: params 'columns' must be a list of {column, case, canonical}`);
    }
    return {
      columns: (p.columns as Params[]).map((s) => ({
        column: s.column as string,
        case: CASES.includes(s.case as Case) ? (s.case as Case) : 'keep',
        punctuation: s.punctuation !== false,
        canonical: s.canonical as Record<string, string>,
      })),
    };
  },
  transform(frame, p, { log }) {
    const replace = new Map<string, Column[]>();
    let total = 0;
    for (const spec of p.columns) {
      const c = needCategorical(frame, spec.column, NAME, 'normalizing categories');
      const mapped = c.dictionary.map((s) => rewrite(s, spec));
      const changed = mapped.map((m, k) => m !== c.dictionary[k]);
      if (!changed.some(Boolean)) continue;
      const rows = new RowList();
      for (let i = 0; i < c.codes.length; i++)
        if (c.codes[i]! >= 0 && changed[c.codes[i]!]) rows.add(frame.rowNumbers[i]!);
      replace.set(c.name, [recodeCategorical(c, mapped)]);
      logRowList(log, c.name, 'recoded', rows);
      total += rows.count;
    }
    log.summary = `rewrote ${plural(total, 'cell')} to one spelling per category`;
    return replace.size === 0 ? frame : rebuild(frame, replace);
  },
};
