/**
 * high_correlation: groups of features that move together. Association is Spearman's rho between numeric
 * features, Cramér's V between categorical ones and the correlation ratio (eta) between a numeric and a
 * categorical one, each on the rows where both are present (see stats/association-matrix.ts). Pairs at or
 * above `min_association` (default 0.95) link features; each connected group is one warning, with its
 * pairs as evidence. Pairs that redundant_column reports with its default thresholds (a numeric pair on a
 * straight line, or one column determining the other value by value) are left to it. Computed on the in-memory frame.
 */
import { column } from '../../data/frame.js';
import { type Finding, finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { type Association, associationMatrix, measureOf } from '../stats/association-matrix.js';
import { num, sampleNote } from '../stats/context.js';
import { type Coded, denseCodes, isDependency } from '../stats/functional-dependency.js';
import { linearRelation } from '../stats/linear.js';

export { associationMatrix } from '../stats/association-matrix.js';

export interface StrongPair {
  a: string;
  b: string;
  measure: 'spearman' | 'cramers_v' | 'correlation_ratio';
  value: number;
}

export interface HighCorrelation {
  matrix: Association;
  /** Pairs left to redundant_column (deterministic relations), as "a\u0000b". */
  exact: Set<string>;
}

export const highCorrelation: Check<HighCorrelation> = {
  id: 'high_correlation',
  description:
    'Groups of features strongly associated with each other (Spearman, Cramér\u2019s V, correlation ratio).',
  defaults: { min_association: 0.95 },
  applies: (ctx) => ctx.features.length >= 2,
  inMemory: true,
  compute(ctx) {
    const matrix = associationMatrix(ctx.frame, ctx.features);
    const p = matrix.columns.length;
    const exact = new Set<string>();
    const codes = new Map<string, Coded>();
    const coded = (name: string) => {
      let c = codes.get(name);
      if (!c) {
        c = denseCodes(column(ctx.frame, name));
        codes.set(name, c);
      }
      return c;
    };
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const v = Math.abs(matrix.values[i * p + j]!);
        if (!(v >= 0.9)) continue;
        const a = matrix.columns[i]!;
        const b = matrix.columns[j]!;
        const ca = column(ctx.frame, a);
        const cb = column(ctx.frame, b);
        const linear =
          ca.kind === 'numeric' && cb.kind === 'numeric' && linearRelation(ca.values, cb.values) !== null;
        if (linear || isDependency(coded(a), coded(b)) || isDependency(coded(b), coded(a)))
          exact.add(`${a}\u0000${b}`);
      }
    }
    return { matrix, exact };
  },
  condition({ matrix, exact }, t, ctx) {
    const p = matrix.columns.length;
    const pairs: StrongPair[] = [];
    // Union-find over the strong pairs: each connected group of features is one finding.
    const parent = Int32Array.from({ length: p }, (_, i) => i);
    const find = (i: number): number => {
      let root = i;
      while (parent[root] !== root) root = parent[root]!;
      parent[i] = root;
      return root;
    };
    const edges: [number, number][] = [];
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const v = matrix.values[i * p + j]!;
        if (!(Math.abs(v) >= t.min_association!)) continue;
        const a = matrix.columns[i]!;
        const b = matrix.columns[j]!;
        if (exact.has(`${a}\u0000${b}`)) continue;
        pairs.push({ a, b, measure: measureOf(matrix.kinds[i]!, matrix.kinds[j]!), value: v });
        edges.push([i, j]);
        parent[find(i)] = find(j);
      }
    }
    const groups = new Map<number, { members: number[]; pairs: StrongPair[] }>();
    edges.forEach(([i, j], k) => {
      const root = find(i);
      let g = groups.get(root);
      if (!g) {
        g = { members: [], pairs: [] };
        groups.set(root, g);
      }
      g.pairs.push(pairs[k]!);
      for (const m of [i, j]) if (!g.members.includes(m)) g.members.push(m);
    });
    const out: Finding[] = [];
    for (const g of groups.values()) {
      const members = g.members.sort((x, y) => x - y).map((i) => matrix.columns[i]!);
      const sorted = g.pairs.sort((x, y) => Math.abs(y.value) - Math.abs(x.value));
      const strongest = sorted[0]!;
      const label = {
        spearman: 'Spearman rho',
        cramers_v: 'Cramér\u2019s V',
        correlation_ratio: 'correlation ratio',
      }[strongest.measure];
      const what =
        members.length === 2
          ? `${members[0]} and ${members[1]} are strongly associated (${label} ${num(strongest.value, 3)})`
          : `${members.length} features are strongly associated: ${members.join(', ')} (${sorted.length} pairs, strongest ${strongest.a} ~ ${strongest.b}, ${label} ${num(strongest.value, 3)})`;
      out.push(
        finding({
          check: 'high_correlation',
          severity: 'warning',
          columns: members,
          value: Math.abs(strongest.value),
          threshold: t.min_association!,
          message: `${what}${sampleNote(ctx)}`,
          fix: 'Keep one feature per group (or combine them) for linear models and for reading feature importance; tree ensembles tolerate them but split importance between them.',
          evidence: {
            pairs: sorted.slice(0, 20).map((x) => ({ ...x, value: Number(x.value.toFixed(6)) })),
            pairCount: sorted.length,
          },
        }),
      );
    }
    return out;
  },
};
