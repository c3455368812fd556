/**
 * Build an AuditContext the way the audit runner does (load -> infer schema -> typed table -> frame), so
 * checks can be tested without the runner. Also writes modified copies of real datasets for fault injection.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditContext } from '../../src/audit/check.js';
import { ident } from '../../src/data/db.js';
import { loadTable } from '../../src/data/load.js';
import { type InferOptions, inferSchema, typedView } from '../../src/data/schema.js';
import { toFrame } from '../../src/data/toFrame.js';

export const DATA = join(import.meta.dirname, '..', '..', 'data', 'datasets');

export interface ContextOptions extends InferOptions {
  /** Rows in memory (default: all). */
  sample?: number;
  seed?: number;
}

export async function auditContext(path: string, options: ContextOptions = {}): Promise<AuditContext> {
  const table = await loadTable(path);
  const schema = await inferSchema(table, options);
  const view = await typedView(table, schema);
  const typed = `${table.name}_audit`;
  await table.db.run(`CREATE OR REPLACE TABLE ${ident(typed)} AS SELECT * FROM ${ident(view)}`);
  const seed = options.seed ?? 0;
  const { frame, sampled } = await toFrame(table, schema, { sample: options.sample, seed, from: typed });
  return {
    table,
    schema,
    view: typed,
    frame,
    sampled,
    seed,
    target: schema.columns.find((c) => c.role === 'target')?.name,
    features: schema.columns.filter((c) => c.role === 'feature').map((c) => c.name),
  };
}

export function closeContext(ctx: AuditContext): void {
  ctx.table.db.close();
}

/** A CSV split into header and data lines (no quoted newlines in the bundled datasets). */
export interface Csv {
  header: string;
  lines: string[];
}

export function readCsv(name: string): Csv {
  const text = readFileSync(join(DATA, name), 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
  const [header, ...lines] = text.split('\n');
  return { header: header!, lines };
}

let dir: string | null = null;

/** Write a CSV to a fresh temp directory; returns its path. */
export function writeCsv(name: string, csv: Csv): string {
  dir ??= mkdtempSync(join(tmpdir(), 'mlqa-relational-'));
  const path = join(dir, name);
  writeFileSync(path, `${[csv.header, ...csv.lines].join('\n')}\n`);
  return path;
}
