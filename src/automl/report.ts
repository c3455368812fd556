/** The train report (search summary, leaderboard, search progress chart, evaluation sections) and the output files. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeArtifact } from '../artifact/io.js';
import { renderHtml } from '../report/html.js';
import { toJson } from '../report/json.js';
import type { ChartSpec, Report, Section } from '../report/report.js';
import { leaderboardCsv } from './leaderboard.js';
import { type TrainResult, trainJson } from './train.js';

const fmt = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '' : Number(v.toPrecision(5));

/** Best cross-validation score so far, per trial (aggregates only). */
function progressChart(r: TrainResult): ChartSpec {
  const s = r.searchResult;
  const higher = s.direction === 'higher';
  let best = higher ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const values = s.trials
    .filter((t) => Number.isFinite(t.mean))
    .map((t) => {
      best = higher ? Math.max(best, t.mean) : Math.min(best, t.mean);
      return { trial: t.id, score: t.mean, best, learner: t.learner };
    });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: 220,
    background: 'white',
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 30, opacity: 0.7 },
        encoding: {
          x: { field: 'trial', type: 'quantitative', title: 'trial' },
          y: { field: 'score', type: 'quantitative', title: `cv ${s.metric}`, scale: { zero: false } },
          color: { field: 'learner', type: 'nominal', title: 'learner' },
        },
      },
      {
        mark: { type: 'line', interpolate: 'step-after', color: '#333' },
        encoding: { x: { field: 'trial', type: 'quantitative' }, y: { field: 'best', type: 'quantitative' } },
      },
    ],
  };
}

export function trainReport(r: TrainResult): Report {
  const s = r.searchResult;
  const sections: Section[] = [];
  const findings = r.findings.filter(
    (f) => f.check === 'time_budget' || f.check === 'test_split' || f.check === 'no_better_than_baseline',
  );
  sections.push({
    title: 'Search',
    text:
      `${s.trials.length} trials in ${s.elapsed.toFixed(1)} s (${s.budget === null ? 'trial count' : `budget ${s.budget} s`}), ` +
      `${s.evalMethod === 'cv' ? `${s.searchRepetitions > 1 ? `${s.searchRepetitions} x ` : ''}${s.folds.length}-fold cross-validation` : 'holdout validation'} on ${r.data.trainRows} training rows; ` +
      `the ${r.data.testRows} test rows were never seen by the search. Optimised: ${r.metric}.` +
      (s.notes.length > 0 ? ` ${s.notes.join('; ')}.` : ''),
    ...(findings.length > 0 ? { findings } : {}),
    tables: [
      {
        title: 'Leaderboard (best configuration per learner)',
        columns: ['model', `cv ${r.metric} mean`, 'std', 'trials', 'fit seconds', 'params'],
        rows: r.leaderboard.map((e) => [
          e.model,
          fmt(e.cv.mean),
          fmt(e.cv.std),
          e.trials,
          fmt(e.fitSeconds),
          JSON.stringify(e.params),
        ]),
      },
    ],
    charts: [{ title: 'Score per trial and best so far', spec: progressChart(r) }],
  });
  if (s.ensemble) {
    const e = s.ensemble;
    sections.push({
      title: 'Ensemble',
      text:
        `Greedy ensemble selection over the ${e.members.length > 0 ? 'best trials' : 'trials'}: ${fmt(e.score)} vs ${fmt(e.singleScore)} for the best single model ` +
        `on held-out parts of the validation rows (better on ${e.wins} of ${e.parts}); ${e.kept ? 'kept' : 'not kept, the single model is used'}.`,
      tables: [
        {
          columns: ['trial', 'model', 'weight'],
          rows: e.members.map((m) => [m.trial, s.trials[m.trial]!.learner, fmt(m.weight)]),
        },
      ],
    });
  }
  if (r.evaluation) sections.push(...r.evaluation.sections);
  return {
    title: `mlqa train: ${r.data.file}`,
    summary: {
      task: r.task,
      target: r.artifact.body.target.name,
      rows: r.data.rows,
      'training rows': r.data.trainRows,
      'test rows': r.data.testRows,
      features: r.data.features.length,
      metric: r.metric,
      best: r.best.model,
      [`cv ${r.metric}`]: fmt(r.leaderboard[0]?.cv.mean) as number,
      ...(r.test ? { [`test ${r.metric}`]: fmt(r.test.metrics[r.metric]) as number } : {}),
      trials: s.trials.length,
    },
    sections,
    notes: s.notes,
  };
}

/** Write model.mlqa, report.html, report.json and leaderboard.csv into `dir`; returns the paths. */
export async function writeTrainOutputs(r: TrainResult, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const html = await renderHtml(trainReport(r), { generator: 'mlqa train' });
  const files: [string, string][] = [
    ['report.html', html],
    ['report.json', toJson(trainJson(r))],
    ['leaderboard.csv', leaderboardCsv(r.searchResult)],
  ];
  const paths = [join(dir, 'model.mlqa')];
  writeArtifact(paths[0]!, r.artifact);
  for (const [name, content] of files) {
    const p = join(dir, name);
    writeFileSync(p, content);
    paths.push(p);
  }
  return paths;
}
