/**
 * category_variants: values of a categorical feature or target that are one value written several ways:
 * equal after normalizing case, whitespace and punctuation ("Male", "male ", "MALE"; "M", "M."; "New York",
 * "new-york"), and values with stray leading or trailing whitespace. A model sees each spelling as a level
 * of its own, and counts per level are split. Punctuation runs become one space, so "1.5" and "15" or
 * "A-1" and "A1" stay apart. Columns with more than `max_levels` distinct values are skipped.
 *
 * Warning; the evidence lists each group's spellings with their counts, the one kept (most frequent,
 * then whitespace-clean) first, and the rows list cells holding the other spellings.
 *
 * defaults: max_levels 50000.
 */
import { ident, literal } from '../../data/db.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { listed, modelColumns, plural, profiles, rowsWhere, show, valueCounts } from './support.js';

export interface Variant {
  value: string;
  count: number;
}

interface Variants {
  column: string;
  /** Groups of spellings of one value, the kept spelling first; single values with stray whitespace are groups of one. */
  groups: Variant[][];
  /** Cells holding a spelling other than the kept one. */
  count: number;
  rows: number[];
}

/** The value with case, whitespace and punctuation normalized: letters and digits, runs of anything else as one space. */
export function variantKey(v: string): string {
  return v
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const stray = (v: string) => v !== v.trim();
const total = (g: Variant[]) => g.reduce((s, v) => s + v.count, 0);

/** Spellings grouped by key; in each group the most frequent (then whitespace-clean, then smallest) first. */
export function variantGroups(values: Variant[]): Variant[][] {
  const byKey = new Map<string, Variant[]>();
  for (const v of values) {
    const k = variantKey(v.value);
    if (k === '') continue;
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
  return out.sort((a, b) => total(b) - total(a) || (a[0]!.value < b[0]!.value ? -1 : 1));
}

/** Spellings to rewrite: all but the kept one, or the only one when it has stray whitespace. */
const toFix = (g: Variant[]) => (g.length === 1 ? g : g.slice(1));

export const categoryVariants: Check<Variants[]> = {
  id: 'category_variants',
  description: 'Categorical values written several ways (case, whitespace, punctuation)',
  defaults: { max_levels: 50_000 },
  async compute(ctx, t) {
    const maxLevels = t?.max_levels ?? 50_000;
    const prof = await profiles(ctx);
    const out: Variants[] = [];
    for (const c of modelColumns(ctx)) {
      if (c.type !== 'categorical' || (prof.get(c.name)?.distinct ?? 0) > maxLevels) continue;
      const groups = variantGroups(
        (await valueCounts(ctx, c.name)).map((v) => ({ value: String(v.value), count: v.count })),
      );
      if (groups.length === 0) continue;
      const fix = groups.flatMap(toFix);
      out.push({
        column: c.name,
        groups,
        count: total(fix),
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
      const several = s.groups.filter((g) => g.length > 1).length;
      return finding({
        check: 'category_variants',
        severity: 'warning',
        columns: [s.column],
        rows: s.rows,
        count: s.count,
        value: s.groups.length,
        threshold: null,
        message:
          several > 0
            ? `${s.column} writes ${plural(several, 'value')} several ways: ${listed(shown, 3)}`
            : `${s.column} has values with stray whitespace: ${listed(shown, 3)}`,
        fix: 'Trim whitespace and map the spellings of each value to the first one listed (mlqa clean: normalize categories).',
        evidence: { groups: s.groups.slice(0, 20) },
      });
    });
  },
};
