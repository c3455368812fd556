/**
 * `clean(path, options)`: load a file, take a plan (given, or suggested from the audit's findings), fit it
 * (or apply a fitted plan with no refit), optionally measure each step's impact on a model, and write the
 * cleaned data and plan.json atomically. Returns the object `mlqa clean --json` prints.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runAudit } from '../audit/run.js';
import { ident } from '../data/db.js';
import type { Frame } from '../data/frame.js';
import { loadTable, type Table } from '../data/load.js';
import { inferSchema, type Schema, typedExpr } from '../data/schema.js';
import { toFrame } from '../data/toFrame.js';
import { checkWritable, writeFrame } from '../data/write.js';
import { InputError } from '../errors.js';
import type { Finding } from '../report/finding.js';
import { writeFileAtomic } from '../util/fs.js';
import { type Impact, planImpact } from './impact.js';
import { fitOrApplyPlan } from './pipeline.js';
import { isFitted, type Plan, readPlan } from './plan.js';
import type { Strategy } from './steps/impute.js';
import { suggestPlan } from './suggest.js';
import type { StepLog } from './types.js';

export const IMPUTE_CHOICES = ['mean', 'median', 'most_frequent', 'knn', 'iterative'] as const;

export interface CleanOptions {
  target?: string;
  id?: string[];
  ignore?: string[];
  /** A plan: path of a plan.json, or a Plan object. Without it, one is suggested from the audit. */
  plan?: string | Plan;
  /** Imputation strategy of a suggested plan (default median). */
  impute?: Strategy;
  /** Where to write the cleaned data (.csv, .tsv or .parquet); plan.json is written beside it. */
  out?: string;
  /** Compute the plan and its changes, write nothing. */
  dryRun?: boolean;
  /** Cross-validate each step's effect on a gbdt model (needs a target). */
  impact?: boolean;
  seed?: number;
  onProgress?: (text: string) => void;
}

export interface CleanResult {
  file: string;
  /** The cleaned data file, or null on a dry run. */
  out: string | null;
  planFile: string | null;
  dryRun: boolean;
  /** True when the plan was suggested from the audit (no --plan). */
  suggested: boolean;
  /** True when a fitted plan was applied with its saved params (no refit). */
  reused: boolean;
  target: string | null;
  rows: { before: number; after: number };
  columns: { before: string[]; after: string[] };
  /** The fitted plan, as written to plan.json. */
  plan: Plan;
  /** What each step changed (same order as plan.steps). */
  log: StepLog[];
  /** Audit findings no step addresses (suggested plans only). */
  unaddressed: Pick<Finding, 'check' | 'severity' | 'columns' | 'message'>[];
  impact: Impact | null;
}

function loadPlanArg(plan: string | Plan): Plan {
  if (typeof plan !== 'string') return readPlan(plan, 'plan');
  let text: string;
  try {
    text = readFileSync(plan, 'utf8');
  } catch {
    throw new InputError(`${plan}: cannot read the plan file`);
  }
  return readPlan(text, plan);
}

/** Columns holding datetimes in `frame` (schema datetimes, plus text fixed to datetimes). */
function datetimeColumns(schema: Schema, plan: Plan): string[] {
  const out = schema.columns.filter((c) => c.type === 'datetime').map((c) => c.name);
  for (const s of plan.steps) {
    if (s.step !== 'fix_types') continue;
    for (const f of (s.params?.columns ?? []) as { column: string; to: string }[])
      if (f.to === 'datetime') out.push(f.column);
  }
  return out;
}

/** For boolean columns read from text, the most frequent source spelling of false and of true (e.g. no / yes). */
async function booleanSpellings(table: Table, schema: Schema): Promise<Record<string, [string, string]>> {
  const out: Record<string, [string, string]> = {};
  for (const c of schema.columns) {
    if (c.type !== 'boolean' || c.storage !== 'VARCHAR' || !table.columns.some((t) => t.name === c.name))
      continue;
    const rows = await table.db.rows(
      `SELECT trim(${ident(c.name)}) AS v, ${typedExpr(c)} AS b, count(*) AS n FROM ${ident(table.name)} GROUP BY ALL HAVING b IS NOT NULL ORDER BY n DESC, v`,
    );
    const f = rows.find((r) => Number(r.b) === 0);
    const t = rows.find((r) => Number(r.b) === 1);
    if (f && t) out[c.name] = [String(f.v), String(t.v)];
  }
  return out;
}

export async function clean(path: string, options: CleanOptions = {}): Promise<CleanResult> {
  const seed = options.seed ?? 0;
  const progress = options.onProgress ?? (() => {});
  if (!options.dryRun && !options.out) throw new InputError('--out FILE is required (or use --dry-run)');
  if (options.out) {
    checkWritable(options.out);
    if (resolve(options.out) === resolve(path))
      throw new InputError(
        `${options.out}: refusing to overwrite the input file; write the cleaned data elsewhere`,
      );
  }
  const given = options.plan !== undefined ? loadPlanArg(options.plan) : undefined;
  if (given && options.impute)
    throw new InputError(
      "--impute applies to suggested plans; with --plan, set the strategy in the plan's impute step",
    );
  if (given?.target && options.target && given.target !== options.target)
    throw new InputError(`--target ${options.target} differs from the plan's target '${given.target}'`);
  const target = options.target ?? given?.target;

  let table: Table;
  let schema: Schema;
  let frame: Frame;
  let plan: Plan;
  let unaddressed: CleanResult['unaddressed'] = [];
  let close: () => void;
  if (given) {
    progress('loading');
    table = await loadTable(path);
    close = () => table.db.close();
    try {
      schema = await inferSchema(table, { target, id: options.id, ignore: options.ignore });
      frame = (await toFrame(table, schema)).frame;
    } catch (e) {
      close();
      throw e;
    }
    plan = given;
  } else {
    progress('auditing');
    const run = await runAudit(path, { target, id: options.id, ignore: options.ignore, seed });
    close = run.close;
    try {
      table = run.context.table;
      schema = run.context.schema;
      frame =
        run.context.sampled || run.context.frame.columns.length !== schema.columns.length
          ? (await toFrame(table, schema)).frame
          : run.context.frame;
      const s = suggestPlan(run.result.findings, schema, { target, impute: options.impute });
      plan = s.plan;
      unaddressed = s.unaddressed.map((f) => ({
        check: f.check,
        severity: f.severity,
        columns: f.columns,
        message: f.message,
      }));
    } catch (e) {
      close();
      throw e;
    }
  }
  try {
    const reused = isFitted(given ?? plan);
    progress(reused ? 'applying the plan' : 'fitting the plan');
    const r = fitOrApplyPlan(
      frame,
      plan,
      { target, seed },
      typeof options.plan === 'string' ? options.plan : 'plan',
    );
    let impact: Impact | null = null;
    if (options.impact) {
      if (target === undefined) throw new InputError('--impact needs --target (the column a model predicts)');
      if (plan.steps.length === 0) throw new InputError('--impact: the plan has no step to measure');
      const steps = plan.steps.map((s) => ({ step: s.step, options: s.options, reason: s.reason }));
      if (reused && plan.steps.some((s) => s.options === undefined))
        throw new InputError(
          '--impact refits the steps on each fold and needs their options; this fitted plan has params only',
        );
      impact = planImpact(frame, steps, { target, seed, onProgress: progress });
    }
    const result: CleanResult = {
      file: path,
      out: options.dryRun ? null : options.out!,
      planFile: options.dryRun ? null : join(dirname(options.out!), 'plan.json'),
      dryRun: Boolean(options.dryRun),
      suggested: !given,
      reused,
      target: target ?? null,
      rows: { before: frame.nRows, after: r.frame.nRows },
      columns: { before: frame.columns.map((c) => c.name), after: r.frame.columns.map((c) => c.name) },
      plan: r.plan,
      log: r.log,
      unaddressed,
      impact,
    };
    if (!options.dryRun) {
      progress('writing');
      const boolean = schema.columns.filter((c) => c.type === 'boolean').map((c) => c.name);
      const booleanText = await booleanSpellings(table, schema);
      await writeFrame(r.frame, options.out!, {
        datetime: datetimeColumns(schema, r.plan),
        boolean,
        booleanText,
      });
      writeFileAtomic(result.planFile!, `${JSON.stringify(r.plan, null, 2)}\n`);
    }
    return result;
  } finally {
    close();
  }
}
