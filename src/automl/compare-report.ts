/** The compare report (leaderboard table and chart of mean +- std per learner) and its output files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from '../report/html.js';
import { toJson } from '../report/json.js';
import type { ChartSpec, Report } from '../report/report.js';
import { type CompareResult, compareJson } from './compare.js';

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(5)) : null);

/** Mean score per learner as a bar with a +-1 std rule, best on top (aggregates only). */
export function leaderboardChart(r: CompareResult): ChartSpec {
  const values = r.results.map((e, i) => ({
    model: e.model,
    order: i,
    mean: e.mean,
    low: e.mean - e.std,
    high: e.mean + e.std,
  }));
  const y = { field: 'model', type: 'nominal', sort: { field: 'order' }, title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 420,
    height: Math.max(60, values.length * 22),
    background: 'white',
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: {
          y,
          x: {
            field: 'mean',
            type: 'quantitative',
            title: `cv ${r.metric} (mean, ±1 std)`,
            scale: { zero: false },
          },
        },
      },
      {
        mark: { type: 'rule', color: '#333' },
        encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
    ],
  };
}

export function compareReport(r: CompareResult): Report {
  const best = r.results[0];
  return {
    title: `mlqa compare${r.file ? `: ${r.file}` : ''}`,
    summary: {
      task: r.task,
      target: r.target,
      rows: r.rows,
      features: r.features.length,
      metric: r.metric,
      folds: r.folds.length,
      ...(best ? { best: best.model, [`cv ${r.metric}`]: fmt(best.mean) as number } : {}),
    },
    sections: [
      {
        title: 'Leaderboard',
        text:
          `${r.results.length} learners with default parameters, ${r.folds.length}-fold ` +
          `${r.task === 'regression' ? '' : 'stratified '}cross-validation on the same folds (seed ${r.seed}); ` +
          `${r.direction} ${r.metric} is better. Fit seconds are the total over the folds.`,
        tables: [
          {
            columns: ['model', `${r.metric} mean`, 'std', 'fit seconds'],
            rows: r.results.map((e) => [e.model, fmt(e.mean), fmt(e.std), fmt(e.fitSeconds)]),
          },
        ],
        charts: [{ title: `Cross-validated ${r.metric} per learner`, spec: leaderboardChart(r) }],
      },
    ],
    notes: r.notes,
  };
}

/** Write report.html and report.json into `dir`; returns the paths. */
export async function writeCompareOutputs(r: CompareResult, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const html = await renderHtml(compareReport(r), { generator: 'mlqa compare' });
  const files: [string, string][] = [
    ['report.html', html],
    ['report.json', toJson(compareJson(r))],
  ];
  return files.map(([name, content]) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  });
}
