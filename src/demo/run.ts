/**
 * The demo: mlqa's whole lifecycle on one bundled real dataset, each stage writing its report into one
 * folder, with an index page that links them. Stages: split (today's data and a later labeled batch) ->
 * audit -> clean (a plan suggested from the audit, with each step's measured impact) -> train (AutoML with
 * the cleaning plan inside the model's pipeline) -> evaluate (the model on the later batch, read raw: the
 * artifact cleans it the same way). Used by `mlqa demo` and `npm run demo`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { associationFor } from '../audit/association.js';
import { auditReport } from '../audit/report.js';
import { runAudit } from '../audit/run.js';
import { writeTrainOutputs } from '../automl/report.js';
import { train } from '../automl/train.js';
import { cleanReport } from '../clean/report.js';
import { clean } from '../clean/run.js';
import { evaluate } from '../evaluate/run.js';
import type { Finding } from '../report/finding.js';
import { renderHtml } from '../report/html.js';
import { toJson } from '../report/json.js';
import type { Report } from '../report/report.js';
import { writeFileAtomic } from '../util/fs.js';
import { splitForDemo } from './split.js';

/** The bundled dataset the demo runs on by default: R modeldata's credit_data (4454 loans, good/bad). */
export const DEMO_DATASET = 'modeldata_credit.csv';
export const DEMO_TARGET = 'Status';

export interface DemoOptions {
  out: string;
  /** A labeled data file; the bundled credit data when absent. */
  data?: string;
  target?: string;
  seed?: number;
  /** Share of rows held back as the later labeled batch. */
  batchShare?: number;
  /** Seconds for the AutoML search (default 30). */
  timeBudget?: number;
  /** A fixed number of search trials instead of a time budget (deterministic). */
  trials?: number;
  /** Columns compared by the fairness check in evaluate (default for the credit data: Marital, Age). */
  sensitive?: string[];
  onStage?: (stage: string, detail: string) => void;
}

export interface DemoStage {
  stage: string;
  /** Report path relative to the output folder. */
  report: string | null;
  /** One-line outcome for the index and the terminal. */
  summary: string;
  findings: { error: number; warning: number; info: number };
}

export interface DemoResult {
  data: string;
  target: string;
  out: string;
  stages: DemoStage[];
}

/** Path of a bundled dataset, from the source tree or the built package. */
export function bundledDataset(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', 'data', 'datasets', name);
}

export function countSeverities(findings: Finding[]): DemoStage['findings'] {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  return n;
}

async function writeReport(dir: string, report: Report, json: string, generator: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'report.html'), await renderHtml(report, { generator }));
  writeFileAtomic(join(dir, 'report.json'), json);
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const out = resolve(options.out);
  const data = options.data ?? bundledDataset(DEMO_DATASET);
  const target = options.target ?? (options.data ? undefined : DEMO_TARGET);
  if (!target) throw new Error('runDemo: a target column is needed with a data file');
  const seed = options.seed ?? 0;
  const say = options.onStage ?? (() => {});
  const stages: DemoStage[] = [];
  mkdirSync(join(out, 'data'), { recursive: true });

  say('split', 'holding back a later labeled batch');
  const split = await splitForDemo(
    data,
    target,
    join(out, 'data', 'train.csv'),
    join(out, 'data', 'new_batch.csv'),
    {
      batchShare: options.batchShare ?? 0.25,
      seed,
    },
  );
  stages.push({
    stage: 'split',
    report: null,
    summary: `${split.trainRows} rows to work with (data/train.csv), ${split.batchRows} held back as a later labeled batch (data/new_batch.csv)`,
    findings: { error: 0, warning: 0, info: 0 },
  });

  say('audit', 'checking data/train.csv');
  const run = await runAudit(split.train, { target, seed, onProgress: (s) => say('audit', s) });
  try {
    const dir = join(out, '1-audit');
    await writeReport(
      dir,
      auditReport(run, { association: associationFor(run) }),
      toJson(run.result),
      'mlqa demo: audit',
    );
    const counts = countSeverities(run.result.findings);
    stages.push({
      stage: 'audit',
      report: relative(out, join(dir, 'report.html')),
      summary: `${run.result.findings.length} findings on ${run.result.rows} rows x ${run.result.columns.length} columns`,
      findings: counts,
    });
  } finally {
    run.close();
  }

  say('clean', 'suggesting a plan from the audit and measuring each step');
  const cleanDir = join(out, '2-clean');
  mkdirSync(cleanDir, { recursive: true });
  const cleaned = await clean(split.train, {
    target,
    out: join(cleanDir, 'train.clean.csv'),
    impact: true,
    seed,
    onProgress: (s) => say('clean', s),
  });
  await writeReport(cleanDir, cleanReport(cleaned), toJson(cleaned), 'mlqa demo: clean');
  const changed = cleaned.log.filter(
    (l) =>
      l.rowsDropped.count > 0 ||
      l.cells.length > 0 ||
      l.columnsAdded.length > 0 ||
      l.columnsRemoved.length > 0,
  ).length;
  stages.push({
    stage: 'clean',
    report: relative(out, join(cleanDir, 'report.html')),
    summary: `${cleaned.plan.steps.length} steps (${changed} changed data): ${cleaned.rows.before} -> ${cleaned.rows.after} rows, ${cleaned.columns.before.length} -> ${cleaned.columns.after.length} columns; plan in 2-clean/plan.json`,
    findings: countSeverities([]),
  });

  say('train', 'AutoML search');
  const trainDir = join(out, '3-train');
  const sensitive = options.sensitive ?? (options.data ? [] : ['Marital']);
  const trained = await train(split.train, {
    target,
    plan: cleaned.planFile ?? undefined,
    timeBudget: options.trials ? undefined : (options.timeBudget ?? 30),
    trials: options.trials,
    seed,
    sensitive,
    onStage: (s) => say('train', s),
    onTrial: (t, p) =>
      say('train', `trial ${p.trials}: ${t.learner}, best ${p.bestLearner} ${fmt(p.bestScore)}`),
  });
  await writeTrainOutputs(trained, trainDir);
  const testScore = trained.test?.metrics[trained.metric];
  stages.push({
    stage: 'train',
    report: relative(out, join(trainDir, 'report.html')),
    summary: `best ${trained.best.model} after ${trained.search.trials} trials: cv ${trained.metric} ${fmt(trained.leaderboard[0]?.cv.mean)}${testScore === undefined ? '' : `, test ${fmt(testScore)}`}; model in 3-train/model.mlqa`,
    findings: countSeverities(trained.findings),
  });

  say('evaluate', 'the model on the later batch');
  const evalDir = join(out, '4-evaluate');
  const evaluated = await evaluate(join(trainDir, 'model.mlqa'), split.batch, {
    sensitive,
    seed,
    onProgress: (what) => say('evaluate', what),
  });
  const { report: evalReport, ...evalJson } = evaluated;
  await writeReport(evalDir, evalReport, toJson(evalJson), 'mlqa demo: evaluate');
  stages.push({
    stage: 'evaluate',
    report: relative(out, join(evalDir, 'report.html')),
    summary: `${evaluated.data.rows} new rows: ${evaluated.metric} ${fmt(evaluated.metrics[evaluated.metric])}, accuracy ${fmt(evaluated.metrics.accuracy)}, ${evaluated.findings.length} findings`,
    findings: countSeverities(evaluated.findings),
  });

  const result: DemoResult = { data, target, out, stages };
  writeFileAtomic(join(out, 'index.html'), indexPage(result));
  writeFileAtomic(join(out, 'demo.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function fmt(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(4);
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A small self-contained page linking every stage's report. */
export function indexPage(r: DemoResult): string {
  const rows = r.stages
    .map((s) => {
      const name = s.report ? `<a href="${esc(s.report)}">${esc(s.stage)}</a>` : esc(s.stage);
      const f = s.findings;
      return `<tr><td>${name}</td><td>${esc(s.summary)}</td><td class="n">${f.error}</td><td class="n">${f.warning}</td><td class="n">${f.info}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mlqa demo</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}code{background:#f4f4f4;padding:0 .2rem}</style></head>
<body><h1>mlqa demo</h1>
<p>The whole lifecycle on <code>${esc(r.data.split(/[\\/]/).pop()!)}</code>, target <code>${esc(r.target)}</code>. Each stage links to its report.</p>
<table><thead><tr><th>stage</th><th>outcome</th><th class="n">errors</th><th class="n">warnings</th><th class="n">info</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
