/** The audit's Report: overview, findings, distributions, missing-value map, associations, column profiles. */
import { basename } from 'node:path';
import { formatNumber, formatValue } from '../profile/format.js';
import type { MissingMap } from '../profile/missing.js';
import { type ColumnProfile, quantile, std } from '../profile/types.js';
import { type Bin, barChart, heatmapChart, histogramChart } from '../report/charts.js';
import type { ChartSpec, MetricTable, Report, Section } from '../report/report.js';
import type { AuditRun } from './run.js';

/** A square matrix of pairwise association between columns (e.g. |Spearman|, Cramér's V, correlation ratio). */
export interface AssociationMatrix {
  columns: string[];
  values: (number | null)[][];
  /** What the numbers are, for the legend. */
  label?: string;
  /** True when values lie in [-1, 1] (signed correlation); otherwise [0, 1]. */
  signed?: boolean;
}

/** Columns charted at most (the profile table still lists every column). */
export const MAX_CHARTED = 80;

function histogramBins(c: ColumnProfile): Bin[] {
  const h = c.histogram!;
  return h.counts.map((count, i) => ({
    start: h.start + i * h.width,
    end: h.start + (i + 1) * h.width,
    count,
  }));
}

/** A chart of one column's distribution: histogram for numbers, top values for the rest. */
export function distributionChart(c: ColumnProfile): ChartSpec | null {
  const nonNull = c.count - c.nulls;
  if (nonNull === 0) return null;
  if (
    c.type === 'boolean' ||
    (c.topComplete && c.top.length > 0 && c.type !== 'numeric' && c.type !== 'datetime')
  ) {
    return barChart(c.top.map((t) => ({ label: t.value, value: t.count })));
  }
  if (c.histogram) return histogramChart(histogramBins(c), { temporal: c.type === 'datetime' });
  if (c.top.length === 0) return null;
  return barChart(c.top.map((t) => ({ label: t.value, value: t.count })));
}

/** Caption of a distribution chart: name, type, missing share, and how much the top values leave out. */
function chartTitle(c: ColumnProfile): string {
  const parts = [c.name, c.type];
  if (c.nulls > 0) parts.push(`${formatNumber((100 * c.nulls) / c.count, 3)}% missing`);
  const nonNull = c.count - c.nulls;
  const shown = c.top.reduce((s, t) => s + t.count, 0);
  const barred =
    c.type === 'boolean' || (c.topComplete && c.type !== 'numeric' && c.type !== 'datetime') || !c.histogram;
  if (barred && c.top.length > 0 && shown < nonNull) {
    parts.push(
      `top ${c.top.length} of ${formatNumber(c.distinct)} values; ${formatNumber((100 * (nonNull - shown)) / nonNull, 3)}% in others`,
    );
  }
  return parts.join(' · ');
}

function missingChart(m: MissingMap): ChartSpec {
  const label = (b: number) => `row ${m.starts[b]!.toLocaleString('en-US')}`;
  const xOrder = m.starts.slice(0, -1).map((_, b) => label(b));
  const step = Math.ceil(xOrder.length / 8);
  const xLabels = xOrder.filter((_, b) => b % step === 0);
  const cells = m.columns.flatMap((c, j) => m.share[j]!.map((v, b) => ({ x: label(b), y: c, value: v })));
  return heatmapChart(cells, {
    xOrder,
    yOrder: m.columns,
    domain: [0, 1],
    legend: 'missing',
    xTitle: 'rows (file order)',
    yTitle: 'column',
    format: '.0%',
    xLabels,
    width: Math.min(720, Math.max(240, xOrder.length * 16)),
  });
}

function associationChart(a: AssociationMatrix): ChartSpec {
  const cells = a.columns.flatMap((x, i) =>
    a.columns.map((y, j) => ({ x, y, value: a.values[i]![j] ?? null })),
  );
  const n = a.columns.length;
  return heatmapChart(cells, {
    xOrder: a.columns,
    yOrder: a.columns,
    diverging: a.signed ?? false,
    domain: a.signed ? [-1, 1] : [0, 1],
    legend: 'association',
    width: Math.min(640, Math.max(140, n * 26)),
    height: Math.min(640, Math.max(140, n * 26)),
  });
}

/** A datetime for a table cell: date, and time to the minute when there is one. */
function shortTime(ms: number): string {
  const iso = new Date(Math.round(ms / 60000) * 60000).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function profileTable(columns: ColumnProfile[], roles: Map<string, string>): MetricTable {
  const v = (c: ColumnProfile, x: number | null) =>
    x === null
      ? null
      : c.type === 'datetime'
        ? shortTime(x)
        : c.type === 'boolean'
          ? formatValue(c.type, x)
          : x;
  return {
    columns: [
      'column',
      'type',
      'role',
      'missing',
      'missing %',
      'distinct',
      'min',
      'median',
      'mean',
      'max',
      'std',
      'most frequent',
    ],
    rows: columns.map((c) => {
      const top =
        c.top[0] && c.distinct < c.count - c.nulls
          ? `${c.top[0].value} (${formatNumber(c.top[0].count)})`
          : '';
      const median = quantile(c, 0.5);
      const dt = c.type === 'datetime';
      return [
        c.name,
        c.type,
        roles.get(c.name) ?? 'feature',
        c.nulls,
        c.count > 0 ? Number(((100 * c.nulls) / c.count).toFixed(2)) : 0,
        c.distinct,
        v(c, c.min),
        v(c, median),
        dt ? v(c, c.mean) : c.mean,
        v(c, c.max),
        dt ? null : std(c),
        top,
      ];
    }),
  };
}

export interface AuditReportOptions {
  association?: AssociationMatrix | null;
}

/** Build the audit Report from everything an audit run computed. */
export function auditReport(run: AuditRun, options: AuditReportOptions = {}): Report {
  const r = run.result;
  const findings = r.findings;
  const roles = new Map(r.columns.map((c) => [c.name, c.role]));
  const target = r.columns.find((c) => c.role === 'target')?.name;
  const sections: Section[] = [];

  const types = new Map<string, number>();
  for (const c of r.columns) types.set(c.type, (types.get(c.type) ?? 0) + 1);
  const overview = [
    `${r.rows.toLocaleString('en-US')} rows × ${r.columns.length} columns read from ${basename(r.file)} (${r.format}).`,
    target ? `Target: ${target}.` : 'No target column given.',
    `Column types: ${[...types].map(([t, n]) => `${n} ${t}`).join(', ')}.`,
    r.sampled
      ? `Column statistics use every row; row-level checks ran on a seeded sample of ${r.sampled.rows.toLocaleString('en-US')} of ${r.sampled.of.toLocaleString('en-US')} rows.`
      : 'Every check used every row.',
  ].join(' ');
  sections.push({ title: 'Overview', text: overview });
  sections.push({
    title: 'Findings',
    text: `${findings.length} finding${findings.length === 1 ? '' : 's'} from ${r.checks.length} checks.`,
    findings,
  });

  const charted = run.profile.columns.slice(0, MAX_CHARTED);
  const charts = charted
    .map((c) => ({ title: chartTitle(c), spec: distributionChart(c) }))
    .filter((c): c is { title: string; spec: ChartSpec } => c.spec !== null);
  sections.push({
    title: 'Distributions',
    text: `Histograms of numeric and datetime columns over every row; the most frequent values of the others.${
      run.profile.columns.length > MAX_CHARTED
        ? ` The first ${MAX_CHARTED} of ${run.profile.columns.length} columns are shown.`
        : ''
    }`,
    charts,
  });

  if (run.missing && run.missing.columns.length > 0) {
    const per = Math.round(r.rows / Math.max(1, run.missing.starts.length - 1));
    sections.push({
      title: 'Missing values',
      text: `Share of missing cells per column in ${run.missing.starts.length - 1} blocks of about ${per.toLocaleString('en-US')} consecutive rows, in file order. Stripes show rows missing together; steps show a change in collection.`,
      charts: [{ title: 'Missing cells by row block', spec: missingChart(run.missing) }],
    });
  } else sections.push({ title: 'Missing values', text: 'No missing values in any column.' });

  const a = options.association;
  if (a && a.columns.length >= 2) {
    sections.push({
      title: 'Associations',
      text: `Pairwise association between columns (${a.label ?? 'association'}), on ${r.sampled ? 'the sample' : 'every row'}. Blank cells: pairs that cannot be measured (a constant column, or a categorical column with too many levels for its rows).`,
      charts: [{ title: 'Association matrix', spec: associationChart(a) }],
    });
  }

  sections.push({ title: 'Column profiles', tables: [profileTable(run.profile.columns, roles)] });

  const summary: Record<string, string | number> = { rows: r.rows, columns: r.columns.length };
  if (target) summary.target = target;
  const notes = [...r.notes];
  if (r.sampled)
    notes.push(
      `row-level checks ran on a sample of ${r.sampled.rows.toLocaleString('en-US')} of ${r.sampled.of.toLocaleString('en-US')} rows`,
    );
  return { title: `Audit of ${basename(r.file)}`, summary, sections, notes };
}

/** The short report for the terminal: summary, notes and findings (no charts, no profile table). */
export function auditTerminalReport(run: AuditRun): Report {
  const full = auditReport(run);
  return { ...full, sections: full.sections.filter((s) => s.title === 'Findings') };
}
