/**
 * inconsistent_spelling: categorical values that differ only in case, surrounding or repeated whitespace,
 * or "_"/"-" against a space ("Male", "male ", "MALE"; "area_code 415", "area-code-415"), and values with
 * leading or trailing whitespace. A model sees each spelling as its own level. Columns with more than
 * `max_levels` distinct values (free text, keys) are skipped.
 */
import { ident, literal } from '../../data/db.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { listed, modelColumns, plural, profiles, rowsWhere, show, valueCounts } from './support.js';

interface Variant {
  value: string;
  count: number;
}

interface Spelling {
  column: string;
  /** Groups of spellings of one value, the kept spelling first; single values with stray whitespace are groups of one. */
  groups: Variant[][];
  /** Rows holding a spelling other than the kept one. */
  count: number;
  rows: number[];
}

/** The value with case, whitespace and separators normalized. */
export function spellingKey(v: string): string {
  return v
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

const stray = (v: string) => v !== v.trim();

/** Spellings grouped by key; the most frequent (then whitespace-clean, then smallest) spelling first. */
export function spellingGroups(values: Variant[]): Variant[][] {
  const byKey = new Map<string, Variant[]>();
  for (const v of values) {
    const k = spellingKey(v.value);
    const g = byKey.get(k);
    if (g) g.push(v);
    else byKey.set(k, [v]);
  }
  const out: Variant[][] = [];
  for (const g of byKey.values()) {
    if (g.length < 2 && !stray(g[0]!.value)) continue;
    g.sort(
      (a, b) =>
        b.count - a.count || Number(stray(a.value)) - Number(stray(b.value)) || (a.value < b.value ? -1 : 1),
    );
    out.push(g);
  }
  return out.sort((a, b) => total(b) - total(a));
}

const total = (g: Variant[]) => g.reduce((s, v) => s + v.count, 0);
/** Spellings to change: all but the kept one, or the only one when it has stray whitespace. */
const toFix = (g: Variant[]) => (g.length === 1 ? g : g.slice(1));

export const inconsistentSpelling: Check<Spelling[]> = {
  id: 'inconsistent_spelling',
  description: 'Categorical values spelled several ways (case, whitespace, separators)',
  defaults: { max_levels: 50_000 },
  async compute(ctx, t) {
    const prof = await profiles(ctx);
    const maxLevels = t?.max_levels ?? 50_000;
    const out: Spelling[] = [];
    for (const c of modelColumns(ctx)) {
      if (c.type !== 'categorical' || (prof.get(c.name)?.distinct ?? 0) > maxLevels) continue;
      const groups = spellingGroups(
        (await valueCounts(ctx, c.name)).map((v) => ({ value: String(v.value), count: v.count })),
      );
      if (groups.length === 0) continue;
      const fix = groups.flatMap(toFix);
      out.push({
        column: c.name,
        groups,
        count: fix.reduce((s, v) => s + v.count, 0),
        rows: await rowsWhere(ctx, `${ident(c.name)} IN (${fix.map((v) => literal(v.value)).join(', ')})`),
      });
    }
    return out;
  },
  condition(value) {
    return value.map((s) => {
      const shown = s.groups.map((g) =>
        g.length === 1
          ? `${show(g[0]!.value)} (${g[0]!.count.toLocaleString('en-US')}, stray whitespace)`
          : g.map((v) => `${show(v.value)} (${v.count.toLocaleString('en-US')})`).join(' / '),
      );
      return finding({
        check: 'inconsistent_spelling',
        severity: 'warning',
        columns: [s.column],
        rows: s.rows,
        count: s.count,
        value: s.groups.length,
        threshold: null,
        message: `${s.column} spells ${plural(s.groups.length, 'value')} several ways (case, whitespace or separators): ${listed(shown, 3)}`,
        fix: 'Trim whitespace and map the spellings of each value to one (the most frequent is listed first).',
        evidence: { groups: s.groups.slice(0, 20) },
      });
    });
  },
};
