/**
 * Terminal rendering of any Report: a summary line, notes, findings most severe first (one line each), and
 * optionally the metric tables. Colour only when asked (the CLI asks on a TTY).
 */
import pc from 'picocolors';
import { type Finding, SEVERITY_RANK, type Severity, sortFindings } from './finding.js';
import type { MetricTable, Report } from './report.js';

export interface TextOptions {
  color?: boolean;
  /** Print the metric tables too (default true). */
  tables?: boolean;
  /** Print at most this many findings (default: all). */
  maxFindings?: number;
  /** Print each finding's suggested fix under it. */
  fixes?: boolean;
}

type Paint = (s: string) => string;

function painter(color: boolean) {
  const c = pc.createColors(color);
  const sev: Record<Severity, Paint> = { error: (s) => c.bold(c.red(s)), warning: c.yellow, info: c.cyan };
  return { c, sev };
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, Math.max(0, n - 1))}…`;
}

/** All findings of a report, most severe first. */
export function reportFindings(report: Report): Finding[] {
  return sortFindings(report.sections.flatMap((s) => s.findings ?? []));
}

/** Counts per severity, e.g. "2 errors, 1 warning". */
export function severityCounts(findings: Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const part = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return [
    part(n('error'), 'error', 'errors'),
    part(n('warning'), 'warning', 'warnings'),
    part(n('info'), 'info', 'info'),
  ].join(', ');
}

export function findingLines(findings: Finding[], options: TextOptions = {}): string[] {
  const { c, sev } = painter(options.color ?? false);
  const shown = findings.slice(0, options.maxFindings ?? findings.length);
  const wCheck = Math.min(28, Math.max(0, ...shown.map((f) => f.check.length)));
  const cols = shown.map((f) => clip(f.columns.join(','), 32));
  const wCols = Math.max(0, ...cols.map((s) => s.length));
  const lines: string[] = [];
  shown.forEach((f, i) => {
    const tag = `[${f.severity}]`.padEnd(9);
    const parts = [
      sev[f.severity](tag),
      c.bold(f.check.padEnd(wCheck)),
      wCols > 0 ? c.dim(cols[i]!.padEnd(wCols)) : '',
      f.message,
    ];
    lines.push(
      parts
        .filter((_part, k) => k !== 2 || wCols > 0)
        .join('  ')
        .trimEnd(),
    );
    if (options.fixes && f.fix) lines.push(`${' '.repeat(11)}${c.dim(`fix: ${f.fix}`)}`);
  });
  if (shown.length < findings.length)
    lines.push(c.dim(`… and ${findings.length - shown.length} more (see the JSON or HTML report)`));
  return lines;
}

function tableLines(t: MetricTable, paint: ReturnType<typeof painter>['c']): string[] {
  const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? formatCell(v) : v);
  const rows = t.rows.map((r) => r.map(cell));
  const widths = t.columns.map((h, j) =>
    Math.min(40, Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length))),
  );
  const numeric = t.columns.map((_, j) => t.rows.every((r) => r[j] === null || typeof r[j] === 'number'));
  const fmt = (vals: string[]) =>
    vals
      .map((v, j) =>
        numeric[j] ? clip(v, widths[j]!).padStart(widths[j]!) : clip(v, widths[j]!).padEnd(widths[j]!),
      )
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  if (t.title) out.push(paint.bold(t.title));
  out.push(paint.dim(fmt(t.columns)));
  for (const r of rows) out.push(fmt(r));
  return out;
}

function formatCell(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '' : v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e7) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** Render a report for the terminal. */
export function renderText(report: Report, options: TextOptions = {}): string {
  const p = painter(options.color ?? false);
  const findings = reportFindings(report);
  const facts = Object.entries(report.summary).map(
    ([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`,
  );
  const worst = findings[0]?.severity;
  const verdict = findings.length === 0 ? p.c.green('no findings') : p.sev[worst!](severityCounts(findings));
  const lines = [`${p.c.bold(report.title)}  ${p.c.dim(facts.join(' · '))}`, verdict];
  for (const n of report.notes ?? []) lines.push(p.c.dim(`note: ${n}`));
  if (findings.length > 0) lines.push('', ...findingLines(findings, options));
  if (options.tables ?? true) {
    for (const s of report.sections) for (const t of s.tables ?? []) lines.push('', ...tableLines(t, p.c));
  }
  return `${lines.join('\n')}\n`;
}

/** The worst severity present, or null. */
export function worstSeverity(findings: Finding[]): Severity | null {
  let w: Severity | null = null;
  for (const f of findings) if (!w || SEVERITY_RANK[f.severity] > SEVERITY_RANK[w]) w = f.severity;
  return w;
}
