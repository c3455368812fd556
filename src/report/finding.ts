/** The Finding contract: audit, clean, evaluate and monitor all emit these; one renderer shows them all. */

export type Severity = 'error' | 'warning' | 'info';
export type Stage = 'audit' | 'clean' | 'train' | 'evaluate' | 'monitor';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** At most this many row numbers are listed in a finding; `count` always has the total. */
export const MAX_ROWS_LISTED = 1000;

export interface Finding {
  /** Stable snake_case id of the check that raised it, e.g. `missing_values`. */
  check: string;
  severity: Severity;
  /** Columns the finding is about (may be empty for table-level findings). */
  columns: string[];
  /** 1-based data-row numbers in file order (header is row 0), at most MAX_ROWS_LISTED. */
  rows: number[];
  /** Total number of affected rows, cells or items (rows may be truncated). */
  count: number;
  /** The measured value that was compared against the threshold. */
  value: number | string | null;
  threshold: number | string | null;
  /** One line a person reads. */
  message: string;
  /** A suggested fix, when there is one. */
  fix?: string;
  /** Extra evidence: example values, per-class counts, pairs, ... (small; never raw row dumps). */
  evidence?: Record<string, unknown>;
}

/** Build a finding, truncating rows to MAX_ROWS_LISTED and defaulting count to the number of rows. */
export function finding(
  f: Omit<Finding, 'rows' | 'count' | 'columns'> & {
    columns?: string[];
    rows?: ArrayLike<number>;
    count?: number;
  },
): Finding {
  const rows = f.rows ? Array.from(f.rows) : [];
  const out: Finding = {
    check: f.check,
    severity: f.severity,
    columns: f.columns ?? [],
    rows: rows.length > MAX_ROWS_LISTED ? rows.slice(0, MAX_ROWS_LISTED) : rows,
    count: f.count ?? rows.length,
    value: f.value,
    threshold: f.threshold,
    message: f.message,
  };
  if (f.fix !== undefined) out.fix = f.fix;
  if (f.evidence !== undefined) out.evidence = f.evidence;
  return out;
}

/** Most severe first, then by check id and first column, so output is deterministic. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.check.localeCompare(b.check) ||
      (a.columns[0] ?? '').localeCompare(b.columns[0] ?? ''),
  );
}

/** True when any finding is at or above `failOn` (`never` never fails). */
export function failsAt(findings: Finding[], failOn: Severity | 'never'): boolean {
  if (failOn === 'never') return false;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}
