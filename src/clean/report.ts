/** The clean result as a Report (for report.html) and as terminal text. */
import { barChart } from '../report/charts.js';
import { finding } from '../report/finding.js';
import type { MetricTable, Report, Section } from '../report/report.js';
import { describe } from './impact.js';
import type { CleanResult } from './run.js';
import type { StepLog } from './types.js';

const METRIC_LABEL = { roc_auc: 'ROC AUC', accuracy: 'accuracy', r2: 'R²' } as const;

function rowsText(rows: number[], count: number): string {
  if (count === 0) return '';
  const shown = rows.slice(0, 8).join(', ');
  return count > rows.length || rows.length > 8 ? `${shown}, … (${count.toLocaleString('en-US')})` : shown;
}

/** One row per change: step, column, action, count, first rows. */
export function changesTable(log: StepLog[]): MetricTable {
  const rows: (string | number | null)[][] = [];
  log.forEach((l, i) => {
    if (l.rowsDropped.count > 0)
      rows.push([
        `${i + 1}. ${l.step}`,
        '(rows)',
        'dropped',
        l.rowsDropped.count,
        rowsText(l.rowsDropped.rows, l.rowsDropped.count),
      ]);
    for (const c of l.cells)
      rows.push([
        `${i + 1}. ${l.step}`,
        c.column,
        c.action.replace('_', ' '),
        c.count,
        rowsText(c.rows, c.count),
      ]);
    if (l.columnsRemoved.length > 0)
      rows.push([
        `${i + 1}. ${l.step}`,
        l.columnsRemoved.join(', '),
        'column removed',
        l.columnsRemoved.length,
        null,
      ]);
    if (l.columnsAdded.length > 0)
      rows.push([
        `${i + 1}. ${l.step}`,
        l.columnsAdded.slice(0, 6).join(', ') + (l.columnsAdded.length > 6 ? ', …' : ''),
        'column added',
        l.columnsAdded.length,
        null,
      ]);
  });
  return {
    title: 'What each step changed (row numbers are data rows of the input file)',
    columns: ['step', 'column', 'change', 'count', 'rows'],
    rows,
  };
}

export function impactTable(r: CleanResult): MetricTable | null {
  const im = r.impact;
  if (!im) return null;
  const m = METRIC_LABEL[im.metric];
  const f = (x: number) => Number(x.toFixed(4));
  const rows: (string | number | null)[][] = [
    ['as is (no step)', f(im.none.mean), f(im.none.std), null, null],
    ...im.steps.map((s) => [
      `${s.index + 1}. ${describe(r.plan.steps[s.index]!)}`,
      f(s.alone.mean),
      f(s.alone.std),
      Number(s.gainAlone.toFixed(2)),
      Number(s.gainInPlan.toFixed(2)),
    ]),
    [
      'all steps',
      f(im.all.mean),
      f(im.all.std),
      Number((100 * (im.all.mean - im.none.mean)).toFixed(2)),
      null,
    ],
    ...im.alternatives.map((a) => [
      `all, ${a.index + 1} replaced by dropping incomplete rows`,
      f(a.score.mean),
      f(a.score.std),
      Number((100 * (a.score.mean - im.none.mean)).toFixed(2)),
      null,
    ]),
  ];
  return {
    title: `Impact: ${im.folds}-fold CV ${m} of gbdt (defaults, seed ${im.seed}) on ${im.rows.toLocaleString('en-US')} rows; points = ${m} x 100`,
    columns: ['plan', `${m} (step alone)`, 'std', 'points alone', 'points in the plan (all vs all but this)'],
    rows,
  };
}

export function cleanReport(r: CleanResult): Report {
  const sections: Section[] = [];
  sections.push({
    title: 'Plan',
    text: r.suggested
      ? 'Suggested from the audit findings; edit plan.json and pass it back with --plan to change it.'
      : r.reused
        ? 'A fitted plan, applied with its saved parameters (no refit).'
        : 'The given plan, fitted on this file.',
    tables: [
      {
        title: 'Steps',
        columns: ['#', 'step', 'what it did', 'why'],
        rows: r.plan.steps.map((s, i) => [i + 1, s.step, r.log[i]?.summary ?? '', s.reason ?? null]),
      },
    ],
  });
  sections.push({ title: 'Changes', tables: [changesTable(r.log)] });
  const it = impactTable(r);
  if (it && r.impact) {
    sections.push({
      title: 'Impact on a model',
      text: [...r.impact.steps.map((s) => s.verdict), ...r.impact.alternatives.map((a) => a.verdict)].join(
        ' · ',
      ),
      tables: [it],
      charts: [
        {
          title: 'Points each step adds within the plan',
          spec: barChart(
            r.impact.steps.map((s) => ({
              label: `${s.index + 1}. ${s.step}`,
              value: Number(s.gainInPlan.toFixed(2)),
            })),
            { xTitle: 'points', format: '.1f' },
          ),
        },
      ],
    });
  }
  if (r.unaddressed.length > 0) {
    sections.push({
      title: 'Not addressed by the plan',
      text: 'These findings need judgment; no step was suggested for them.',
      findings: r.unaddressed.map((f) =>
        finding({
          check: f.check,
          severity: f.severity,
          columns: f.columns,
          value: null,
          threshold: null,
          message: f.message,
        }),
      ),
    });
  }
  return {
    title: `mlqa clean ${r.file}`,
    summary: {
      rows: `${r.rows.before.toLocaleString('en-US')} -> ${r.rows.after.toLocaleString('en-US')}`,
      columns: `${r.columns.before.length} -> ${r.columns.after.length}`,
      steps: r.plan.steps.length,
      ...(r.out ? { out: r.out } : { 'dry run': 'nothing written' }),
    },
    sections,
  };
}

function table(t: MetricTable): string[] {
  const cells = [t.columns, ...t.rows.map((r) => r.map((x) => (x === null ? '' : String(x))))];
  const width = t.columns.map((_, j) =>
    Math.min(60, Math.max(...cells.map((r) => String(r[j] ?? '').length))),
  );
  const line = (r: (string | number | null)[]) =>
    r
      .map((x, j) => {
        const s = String(x ?? '');
        const c = s.length > width[j]! ? `${s.slice(0, width[j]! - 1)}…` : s;
        return typeof x === 'number' ? c.padStart(width[j]!) : c.padEnd(width[j]!);
      })
      .join('  ')
      .trimEnd();
  return [...(t.title ? [t.title] : []), line(t.columns), ...t.rows.map(line)];
}

/** The terminal summary: plan, changes, impact, and what was written. */
export function cleanText(r: CleanResult): string {
  const lines: string[] = [];
  lines.push(
    `mlqa clean ${r.file}: ${r.rows.before.toLocaleString('en-US')} -> ${r.rows.after.toLocaleString('en-US')} rows, ${r.columns.before.length} -> ${r.columns.after.length} columns, ${r.plan.steps.length} step${r.plan.steps.length === 1 ? '' : 's'}${r.suggested ? ' (suggested from the audit)' : r.reused ? ' (fitted plan reused, no refit)' : ''}`,
  );
  if (r.plan.steps.length === 0) lines.push('nothing to clean: no finding has a mechanical fix');
  r.plan.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. ${s.step}: ${r.log[i]?.summary ?? ''}`);
    if (s.reason) lines.push(`     why: ${s.reason.length > 160 ? `${s.reason.slice(0, 159)}…` : s.reason}`);
  });
  const changes = changesTable(r.log);
  if (changes.rows.length > 0) lines.push('', ...table(changes));
  const it = impactTable(r);
  if (it && r.impact) {
    lines.push('', ...table(it));
    for (const s of r.impact.steps) lines.push(`  ${s.verdict}`);
    for (const a of r.impact.alternatives) lines.push(`  ${a.verdict}`);
  }
  if (r.unaddressed.length > 0) {
    lines.push('', `not addressed (${r.unaddressed.length}; need judgment):`);
    for (const f of r.unaddressed.slice(0, 10)) lines.push(`  ${f.severity} ${f.check}: ${f.message}`);
    if (r.unaddressed.length > 10) lines.push(`  … and ${r.unaddressed.length - 10} more`);
  }
  lines.push('', r.dryRun ? 'dry run: nothing written' : `wrote ${r.out} and ${r.planFile}`);
  return `${lines.join('\n')}\n`;
}
