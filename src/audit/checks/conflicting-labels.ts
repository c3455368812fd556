/**
 * conflicting_labels: rows with identical features but different target labels (classification). No
 * model can get all of them right: they point at label noise, or at a feature missing from the data.
 * SQL over all rows of the typed table; rows with a missing target are left out.
 */
import { ident } from '../../data/db.js';
import { ROW } from '../../data/load.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { display, isClassification, percent, plural, targetSql } from '../stats/context.js';

export interface ConflictGroup {
  /** First rows of the group (at most 10). */
  rows: number[];
  count: number;
  /** Label -> rows with it. */
  labels: Record<string, number>;
}

export interface ConflictingLabels {
  /** Rows with a target that were compared. */
  rows: number;
  /** Rows in groups whose labels disagree. */
  conflicting: number;
  groups: number;
  listed: number[];
  examples: ConflictGroup[];
}

export const conflictingLabels: Check<ConflictingLabels> = {
  id: 'conflicting_labels',
  description: 'Rows with identical features but different target labels.',
  defaults: { max_share: 0, error_share: 0.05 },
  applies: (ctx) => ctx.target !== undefined && ctx.features.length > 0 && isClassification(ctx),
  async compute(ctx) {
    const db = ctx.table.db;
    const key = ctx.features.map(ident).join(', ');
    const t = targetSql(ctx);
    const r = ROW;
    const tmp = ident(`${ctx.view}_conflicts`);
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${tmp} AS SELECT ${r} AS r, t, grp FROM (
         SELECT ${r}, ${t} AS t, min(${r}) OVER w AS grp, min(${t}) OVER w <> max(${t}) OVER w AS conflict
         FROM ${ident(ctx.view)} WHERE ${t} IS NOT NULL WINDOW w AS (PARTITION BY ${key})
       ) WHERE conflict`,
    );
    try {
      const total = Number(
        (await db.one(`SELECT count(*) AS n FROM ${ident(ctx.view)} WHERE ${t} IS NOT NULL`))!.n,
      );
      const s = (await db.one(`SELECT count(*) AS n, count(DISTINCT grp) AS g FROM ${tmp}`))!;
      const out: ConflictingLabels = {
        rows: total,
        conflicting: Number(s.n),
        groups: Number(s.g),
        listed: [],
        examples: [],
      };
      if (out.conflicting === 0) return out;
      out.listed = (await db.rows(`SELECT r FROM ${tmp} ORDER BY r LIMIT 1000`)).map((x) => Number(x.r));
      const ex = await db.rows(
        `WITH g AS (SELECT grp, count(*) AS n FROM ${tmp} GROUP BY grp ORDER BY n DESC, grp LIMIT 5)
         SELECT c.grp, c.t, count(*) AS n, list(c.r ORDER BY c.r)[1:10] AS rows, any_value(g.n) AS size
         FROM ${tmp} c JOIN g USING (grp) GROUP BY c.grp, c.t ORDER BY size DESC, c.grp, n DESC`,
      );
      const byGroup = new Map<number, ConflictGroup>();
      for (const x of ex) {
        const grp = Number(x.grp);
        let g = byGroup.get(grp);
        if (!g) {
          g = { rows: [], count: Number(x.size), labels: {} };
          byGroup.set(grp, g);
        }
        g.labels[display(x.t)] = Number(x.n);
        g.rows.push(...(x.rows as number[]).map(Number));
      }
      out.examples = [...byGroup.values()].map((g) => ({
        ...g,
        rows: g.rows.sort((a, b) => a - b).slice(0, 10),
      }));
      return out;
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${tmp}`);
    }
  },
  condition(d, t, ctx) {
    const share = d.rows > 0 ? d.conflicting / d.rows : 0;
    if (d.conflicting === 0 || share <= t.max_share!) return [];
    return [
      finding({
        check: 'conflicting_labels',
        severity: share >= t.error_share! ? 'error' : 'warning',
        columns: [ctx.target!],
        rows: d.listed,
        count: d.conflicting,
        value: share,
        threshold: t.max_share!,
        message: `${plural(d.conflicting, 'row')} (${percent(share)}) in ${plural(d.groups, 'group')} share identical features but different '${ctx.target}' labels`,
        fix: 'Review these rows: correct mislabeled ones, or add the feature that tells them apart; if the outcome is genuinely random, expect this error floor.',
        evidence: { groups: d.groups, examples: d.examples },
      }),
    ];
  },
};
