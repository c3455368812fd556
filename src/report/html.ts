/**
 * One self-contained HTML file for any Report: inline CSS, charts rendered to inline SVG when the file is
 * written. No script, no external resource: it opens offline and can be attached or archived as is.
 */
import { type Finding, sortFindings } from './finding.js';
import { CSS } from './html-style.js';
import type { MetricTable, Report, Section } from './report.js';
import { specToSvg } from './svg.js';
import { severityCounts } from './text.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const anchor = (i: number) => `s${i + 1}`;

function formatNum(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '' : v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) return v.toExponential(3);
  return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

function findingsTable(findings: Finding[]): string {
  if (findings.length === 0) return '<p class="muted">No findings.</p>';
  const rows = sortFindings(findings).map((f) => {
    const fix = f.fix ? `<div class="fix">Fix: ${escapeHtml(f.fix)}</div>` : '';
    const cols = f.columns.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ');
    return `<tr><td><span class="badge ${f.severity}">${f.severity}</span></td><td class="check">${escapeHtml(f.check)}</td><td>${cols}</td><td class="num">${f.count > 0 ? formatNum(f.count) : ''}</td><td>${escapeHtml(f.message)}${fix}</td></tr>`;
  });
  return `<div class="table-wrap"><table class="findings"><thead><tr><th>Severity</th><th>Check</th><th>Columns</th><th class="num">Count</th><th>Finding</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function metricTable(t: MetricTable): string {
  const numeric = t.columns.map(
    (_, j) => t.rows.length > 0 && t.rows.every((r) => r[j] === null || typeof r[j] === 'number'),
  );
  const head = t.columns
    .map((c, j) => `<th${numeric[j] ? ' class="num"' : ''}>${escapeHtml(c)}</th>`)
    .join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((v, j) => `<td${numeric[j] || typeof v === 'number' ? ' class="num"' : ''}>${v === null ? '' : typeof v === 'number' ? formatNum(v) : escapeHtml(v)}</td>`).join('')}</tr>`,
    )
    .join('');
  const title = t.title ? `<h3>${escapeHtml(t.title)}</h3>` : '';
  return `${title}<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

async function charts(section: Section): Promise<string> {
  const figs: string[] = [];
  for (const ch of section.charts ?? []) {
    const svg = await specToSvg(ch.spec, ch.title);
    const wide = Number(ch.spec.width ?? 0) > 320 ? ' class="wide"' : '';
    figs.push(`<figure${wide}><figcaption>${escapeHtml(ch.title)}</figcaption>${svg}</figure>`);
  }
  return figs.length > 0 ? `<div class="charts">${figs.join('')}</div>` : '';
}

async function sectionHtml(s: Section, i: number): Promise<string> {
  const parts = [`<section id="${anchor(i)}"><h2>${escapeHtml(s.title)}</h2>`];
  if (s.text) parts.push(`<p>${escapeHtml(s.text)}</p>`);
  if (s.findings) parts.push(findingsTable(s.findings));
  for (const t of s.tables ?? []) parts.push(metricTable(t));
  parts.push(await charts(s));
  parts.push('</section>');
  return parts.join('\n');
}

export interface HtmlOptions {
  /** Shown in the footer, e.g. "mlqa 0.1.0". */
  generator?: string;
}

/** Render a report as one self-contained HTML document. */
export async function renderHtml(report: Report, options: HtmlOptions = {}): Promise<string> {
  const findings = report.sections.flatMap((s) => s.findings ?? []);
  const facts = Object.entries(report.summary)
    .map(
      ([k, v]) =>
        `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(typeof v === 'number' ? formatNum(v) : v)}</dd></div>`,
    )
    .join('');
  const counts = (['error', 'warning', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `<span class="badge ${s}">${n} ${s === 'info' ? 'info' : n === 1 ? s : `${s}s`}</span>`)
    .join('');
  const verdict = findings.length === 0 ? '<span class="badge ok">no findings</span>' : counts;
  const notes = (report.notes ?? []).map((n) => `<p class="notes">${escapeHtml(n)}</p>`).join('');
  const nav = report.sections.map((s, i) => `<a href="#${anchor(i)}">${escapeHtml(s.title)}</a>`).join('');
  const sections: string[] = [];
  for (const [i, s] of report.sections.entries()) sections.push(await sectionHtml(s, i));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(report.title)}</h1>
<div class="verdict" aria-label="${escapeHtml(severityCounts(findings))}">${verdict}</div>
<dl class="facts">${facts}</dl>
${notes}
<nav>${nav}</nav>
</header>
<main>
${sections.join('\n')}
</main>
<footer>${escapeHtml(options.generator ?? 'mlqa')} · self-contained report: no scripts, no external resources.</footer>
</body>
</html>
`;
}
