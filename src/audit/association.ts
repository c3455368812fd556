/** The association matrix shown in the audit report's heatmap, computed on the in-memory sample. */
import type { AssociationMatrix } from './report.js';
import type { AuditRun } from './run.js';

/** Columns in the heatmap at most (the most complete features first, then the target). */
export const MAX_ASSOCIATION_COLUMNS = 40;

export function associationFor(_run: AuditRun): AssociationMatrix | null {
  return null;
}
