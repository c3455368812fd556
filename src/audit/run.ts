/**
 * The audit runner: load a file, infer (and override) its schema, profile every column in SQL, bring a
 * seeded sample into memory, run every applicable check, and collect the findings.
 */
import { type Db, ident } from '../data/db.js';
import type { Frame } from '../data/frame.js';
import { loadTable, type Table } from '../data/load.js';
import {
  type ColumnSchema,
  type ColumnType,
  inferSchema,
  type Schema,
  typedIsCheap,
  typedView,
} from '../data/schema.js';
import { toFrame } from '../data/toFrame.js';
import { InputError } from '../errors.js';
import { type MissingMap, missingMap } from '../profile/missing.js';
import { profileRelation } from '../profile/profile.js';
import type { Histogram, Profile, Quantiles, ValueCount } from '../profile/types.js';
import { std } from '../profile/types.js';
import { type Finding, finding, sortFindings } from '../report/finding.js';
import { type AuditContext, type Check, runCheck, type Thresholds } from './check.js';
import type { Expectations } from './expectations.js';
import { loadExpectations } from './expectations-file.js';
import { allChecks, type CheckSelection, selectChecks } from './registry.js';

export interface AuditOptions {
  target?: string;
  id?: string[];
  time?: string;
  ignore?: string[];
  /** Path of an expectations file (YAML or JSON). */
  expect?: string;
  /** Rows brought into memory for row-level checks (default 100,000); statistics always use every row. */
  sample?: number;
  seed?: number;
  /** Threshold overrides per check id. */
  thresholds?: Record<string, Thresholds>;
  checks?: CheckSelection;
  /** Called as the audit moves through its steps (for progress display). */
  onProgress?: (step: string) => void;
  /** Run in this DuckDB database instead of a fresh in-memory one. */
  db?: Db;
  /** The checks to choose from (default: every registered check). */
  registry?: Check[];
}

export const DEFAULT_SAMPLE = 100_000;

/** One column in the audit result. */
export interface AuditColumn {
  name: string;
  type: ColumnType;
  role: ColumnSchema['role'];
  /** Type as stored (VARCHAR for every CSV column). */
  storage: string;
  missing: number;
  missingShare: number;
  distinct: number;
  domain?: ColumnSchema['domain'];
}

/** Per-column statistics in the audit result (datetimes in epoch milliseconds, UTC). */
export interface ColumnSummary {
  name: string;
  type: ColumnType;
  count: number;
  nulls: number;
  distinct: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  zeros: number | null;
  quantiles: Quantiles | null;
  histogram: Histogram | null;
  top: ValueCount[];
}

/** The audit result: the stable JSON contract (documented in docs/audit-json.md). */
export interface AuditResult {
  file: string;
  format: string;
  rows: number;
  columns: AuditColumn[];
  findings: Finding[];
  /** When row-level checks ran on a sample: its size and the table's row count. */
  sampled: { rows: number; of: number } | null;
  /** Checks that ran, in order. */
  checks: string[];
  profile: ColumnSummary[];
  /** Reading notes: delimiter, encoding, ... */
  notes: string[];
}

/** Everything an audit computed, for renderers that need more than the JSON (charts, missing map). */
export interface AuditRun {
  result: AuditResult;
  profile: Profile;
  missing: MissingMap | null;
  context: AuditContext;
  /** Milliseconds per step (not part of the result: it varies from run to run). */
  timings: Record<string, number>;
  /** Release the database (unless it was passed in). */
  close(): void;
}

export const MALFORMED_DEFAULTS: Thresholds = { error_share: 0.01 };

/** Rows the CSV reader could not parse become one finding. */
function malformedFinding(table: Table, thresholds: Thresholds): Finding | null {
  const rej = table.rejectedRows;
  if (rej.length === 0) return null;
  const share = rej.length / (table.rowCount + rej.length);
  const first = rej[0]!;
  return finding({
    check: 'malformed_rows',
    severity: share > thresholds.error_share! ? 'error' : 'warning',
    rows: rej.map((r) => r.row),
    count: rej.length,
    value: share,
    threshold: thresholds.error_share!,
    message: `${rej.length} row${rej.length === 1 ? ' could not be read and was' : 's could not be read and were'} skipped (first: row ${first.row}, ${first.error.split('\n')[0]})`,
    fix: 'Repair the rows (wrong number of fields, stray quotes) or remove them before training.',
    evidence: { errors: rej.slice(0, 5) },
  });
}

function internalFinding(check: Check, e: unknown): Finding {
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return finding({
    check: 'internal',
    severity: 'info',
    columns: [],
    value: check.id,
    threshold: null,
    message: `check ${check.id} failed and was skipped: ${msg}`,
    evidence: { check: check.id },
  });
}

function summarize(profile: Profile): ColumnSummary[] {
  return profile.columns.map((c) => ({
    name: c.name,
    type: c.type,
    count: c.count,
    nulls: c.nulls,
    distinct: c.distinct,
    min: c.min,
    max: c.max,
    mean: c.mean,
    std: std(c),
    zeros: c.zeros,
    quantiles: c.quantiles,
    histogram: c.histogram,
    top: c.top,
  }));
}

/** Every overridden threshold must name a known check and one of its thresholds. */
function validateThresholds(overrides: Record<string, Thresholds>, registry: Check[]): void {
  const defaults = new Map<string, Thresholds>(registry.map((c) => [c.id, c.defaults]));
  defaults.set('malformed_rows', MALFORMED_DEFAULTS);
  for (const [id, t] of Object.entries(overrides)) {
    const d = defaults.get(id);
    if (!d) throw new InputError(`threshold for unknown check '${id}'`);
    for (const [k, v] of Object.entries(t)) {
      if (!(k in d))
        throw new InputError(
          `check ${id} has no threshold '${k}' (it has: ${Object.keys(d).join(', ') || 'none'})`,
        );
      if (!Number.isFinite(v)) throw new InputError(`threshold ${id}.${k} must be a number`);
    }
  }
}

/** Run an audit and keep everything it computed (call `close()` when done). */
export async function runAudit(source: string, options: AuditOptions = {}): Promise<AuditRun> {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const step = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - t0);
    t0 = t;
  };
  const progress = options.onProgress ?? (() => {});
  const seed = options.seed ?? 0;
  const sample = options.sample ?? DEFAULT_SAMPLE;
  if (!Number.isInteger(sample) || sample < 1)
    throw new InputError(`sample size must be a positive integer (got ${sample})`);
  // Validate what can fail before the data is read: check names, the expectations file.
  const checks = selectChecks(options.checks, options.registry);
  validateThresholds(options.thresholds ?? {}, options.registry ?? allChecks());
  const expectations: Expectations | undefined = options.expect
    ? await loadExpectations(options.expect)
    : undefined;

  progress('reading');
  const table = await loadTable(source, options.db ? { db: options.db } : {});
  const close = () => {
    if (!options.db) table.db.close();
  };
  try {
    step('load');
    progress('inferring types');
    const types: Record<string, ColumnType> = {};
    for (const [name, e] of Object.entries(expectations?.columns ?? {})) if (e.type) types[name] = e.type;
    const schema = await inferSchema(table, {
      target: options.target,
      id: options.id,
      time: options.time,
      ignore: options.ignore,
      types,
    });
    step('schema');

    // Every scan below (profile, checks, sample) reads typed values. When typing a column means parsing or
    // cleaning text, the typed view is materialized once; when every column is stored typed and clean
    // (Parquet, Arrow), the view's casts cost less per scan than a copy of the table.
    const view = await typedView(table, schema);
    let typed = view;
    if (!schema.columns.every(typedIsCheap)) {
      typed = `${table.name}_audit`;
      await table.db.run(`CREATE OR REPLACE TABLE ${ident(typed)} AS SELECT * FROM ${ident(view)}`);
    }
    step('typed');

    // The profile and the in-memory sample are read at the same time, the sample on a second connection:
    // the reservoir draw runs on one thread, which leaves the other core to the profile's queries.
    progress('profiling');
    const second = await table.db.connect();
    const [profile, { frame, sampled }] = await Promise.all([
      profileRelation(table.db, typed, schema, { onProgress: (s) => progress(`profiling: ${s}`) }),
      toFrame({ ...table, db: second }, schema, { sample, seed, from: typed }).finally(() => second.close()),
    ]);
    step('profile+frame');

    const ctx: AuditContext = {
      table,
      schema,
      view: typed,
      frame,
      sampled,
      seed,
      expectations,
      profile,
      target: schema.columns.find((c) => c.role === 'target')?.name,
      features: schema.columns.filter((c) => c.role === 'feature').map((c) => c.name),
    };
    const findings = await runChecks(checks, ctx, options, progress, timings);
    step('checks');
    const malformed = malformedFinding(table, {
      ...MALFORMED_DEFAULTS,
      ...options.thresholds?.malformed_rows,
    });
    if (malformed) findings.push(malformed);

    progress('missing map');
    const withMissing = profile.columns.filter((c) => c.nulls > 0).map((c) => c.name);
    const missing =
      withMissing.length > 0 ? await missingMap(table.db, typed, table.rowCount, withMissing) : null;
    step('missing');

    const result = buildResult(table, schema, profile, sortFindings(findings), checks, frame, sampled);
    return { result, profile, missing, context: ctx, timings, close };
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * Run the checks in two lanes at once: those that query the database one after another, and those that
 * read only the in-memory frame (whose heavy work, the isolation forest, runs on a worker thread) one after
 * another. Findings come back in check order whatever the lanes' timing.
 */
async function runChecks(
  checks: Check[],
  ctx: AuditContext,
  options: AuditOptions,
  progress: (s: string) => void,
  timings: Record<string, number>,
): Promise<Finding[]> {
  const found: Finding[][] = checks.map(() => []);
  const lane = async (indices: number[]) => {
    for (const i of indices) {
      const check = checks[i]!;
      progress(`check ${check.id}`);
      const t = performance.now();
      try {
        found[i] = await runCheck(check, ctx, options.thresholds?.[check.id]);
      } catch (e) {
        if (e instanceof InputError) throw e;
        found[i] = [internalFinding(check, e)];
      }
      timings[`check:${check.id}`] = Math.round(performance.now() - t);
    }
  };
  const all = checks.map((_, i) => i);
  const lanes = await Promise.allSettled([
    lane(all.filter((i) => !checks[i]!.inMemory)),
    lane(all.filter((i) => checks[i]!.inMemory)),
  ]);
  for (const l of lanes) if (l.status === 'rejected') throw l.reason;
  return found.flat();
}

function buildResult(
  table: Table,
  schema: Schema,
  profile: Profile,
  findings: Finding[],
  checks: Check[],
  frame: Frame,
  sampled: boolean,
): AuditResult {
  return {
    file: table.path,
    format: table.format,
    rows: table.rowCount,
    columns: schema.columns.map((c) => {
      const col: AuditColumn = {
        name: c.name,
        type: c.type,
        role: c.role,
        storage: c.storage,
        missing: c.missing,
        missingShare: schema.rows > 0 ? c.missing / schema.rows : 0,
        distinct: c.distinct,
      };
      if (c.domain) col.domain = c.domain;
      return col;
    }),
    findings,
    sampled: sampled ? { rows: frame.nRows, of: table.rowCount } : null,
    checks: checks.map((c) => c.id),
    profile: summarize(profile),
    notes: [...table.notes],
  };
}

/** Audit a data file: the JSON-ready result. */
export async function audit(source: string, options: AuditOptions = {}): Promise<AuditResult> {
  const run = await runAudit(source, options);
  run.close();
  return run.result;
}
