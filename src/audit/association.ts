/** The association matrix shown in the audit report's heatmap, computed on the in-memory rows. */

import type { AssociationMatrix } from './report.js';
import type { AuditRun } from './run.js';
import { associationMatrix } from './stats/association-matrix.js';

/** Columns in the heatmap at most: the target first, then features in file order. */
export const MAX_ASSOCIATION_COLUMNS = 40;

export function associationFor(run: AuditRun): AssociationMatrix | null {
  const { schema, frame } = run.context;
  const usable = schema.columns.filter(
    (c) => (c.role === 'feature' || c.role === 'target') && c.type !== 'text' && c.type !== 'identifier',
  );
  const ordered = [
    ...usable.filter((c) => c.role === 'target'),
    ...usable.filter((c) => c.role !== 'target'),
  ];
  const names = ordered.slice(0, MAX_ASSOCIATION_COLUMNS).map((c) => c.name);
  if (names.length < 2) return null;
  const m = associationMatrix(frame, names);
  const n = names.length;
  const values = names.map((_, i) =>
    names.map((_, j) => {
      const v = m.values[i * n + j]!;
      return Number.isNaN(v) ? null : v;
    }),
  );
  return {
    columns: names,
    values,
    signed: true,
    label: "Spearman ρ between numbers; Cramér's V or correlation ratio with categories",
  };
}
