/**
 * Build an AuditContext from a data file the way the audit runner does (load -> infer schema -> typed table
 * -> frame -> features), so per-column checks can be tested without the runner; plus helpers that write
 * fault-injected copies of real datasets to a temp directory.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditContext, Check } from '../../src/audit/check.js';
import { runCheck, type Thresholds } from '../../src/audit/check.js';
import type { Expectations } from '../../src/audit/expectations.js';
import { ident } from '../../src/data/db.js';
import { loadTable } from '../../src/data/load.js';
import { type InferOptions, inferSchema, typedView } from '../../src/data/schema.js';
import { toFrame } from '../../src/data/toFrame.js';
import type { Finding } from '../../src/report/finding.js';

export const DATASETS = join(import.meta.dirname, '..', '..', 'data', 'datasets');

export interface BuildOptions extends InferOptions {
  /** Rows in memory (default: all). */
  sample?: number;
  seed?: number;
  expectations?: Expectations;
}

/** An AuditContext over a file (a bundled dataset name, or a path). */
export async function buildContext(file: string, options: BuildOptions = {}): Promise<AuditContext> {
  const path = file.includes('/') ? file : join(DATASETS, file);
  const table = await loadTable(path);
  const types = { ...options.types };
  for (const [name, e] of Object.entries(options.expectations?.columns ?? {}))
    if (e.type) types[name] = e.type;
  const schema = await inferSchema(table, { ...options, types });
  const view = await typedView(table, schema);
  const typed = `${table.name}_audit`;
  await table.db.run(`CREATE OR REPLACE TABLE ${ident(typed)} AS SELECT * FROM ${ident(view)}`);
  const seed = options.seed ?? 0;
  const { frame, sampled } = await toFrame(table, schema, { sample: options.sample, seed, from: typed });
  const ctx: AuditContext = {
    table,
    schema,
    view: typed,
    frame,
    sampled,
    seed,
    target: schema.columns.find((c) => c.role === 'target')?.name,
    features: schema.columns.filter((c) => c.role === 'feature').map((c) => c.name),
  };
  if (options.expectations) ctx.expectations = options.expectations;
  return ctx;
}

export function closeContext(ctx: AuditContext): void {
  ctx.table.db.close();
}

/** Run one check on a context and return its findings. */
export function findingsOf(check: Check, ctx: AuditContext, overrides: Thresholds = {}): Promise<Finding[]> {
  return runCheck(check as Check<unknown>, ctx, overrides);
}

/** A CSV as a header and data lines, each line split into raw fields (no quoted commas in the used files). */
export interface Csv {
  header: string[];
  rows: string[][];
}

/** Read a bundled CSV whose fields hold no quoted delimiters (airquality, iris, penguins, credit, churn, ...). */
export function readCsv(name: string): Csv {
  const text = readFileSync(join(DATASETS, name), 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
  const [head, ...lines] = text.split('\n');
  const split = (l: string) => l.split(',').map((f) => f.replace(/^"(.*)"$/, '$1'));
  return { header: split(head!), rows: lines.map(split) };
}

let dir: string | null = null;

/** Write a CSV (quoting fields that need it) to a fresh temp directory; returns its path. */
export function writeCsv(name: string, csv: Csv): string {
  dir ??= mkdtempSync(join(tmpdir(), 'mlqa-columns-'));
  const path = join(dir, name);
  const q = (f: string) => (/[",\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  writeFileSync(path, `${[csv.header, ...csv.rows].map((r) => r.map(q).join(',')).join('\n')}\n`);
  return path;
}

/** A deep copy of a CSV, to inject faults into. */
export function copyCsv(csv: Csv): Csv {
  return { header: [...csv.header], rows: csv.rows.map((r) => [...r]) };
}

/** Index of a column in a CSV header. */
export function col(csv: Csv, name: string): number {
  const j = csv.header.indexOf(name);
  if (j < 0) throw new Error(`no column ${name}`);
  return j;
}
