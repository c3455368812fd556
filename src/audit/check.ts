/**
 * The Check contract (audit stage). A check computes a value with its evidence; its condition turns that
 * value into Findings using thresholds (defaults documented in the README, overridable). Checks never print.
 */
import type { Frame } from '../data/frame.js';
import type { Table } from '../data/load.js';
import type { Schema } from '../data/schema.js';
import type { Profile } from '../profile/types.js';
import type { Finding } from '../report/finding.js';
import type { Expectations } from './expectations.js';

export interface AuditContext {
  table: Table;
  schema: Schema;
  /** DuckDB view with every column typed (numbers as DOUBLE, datetimes as epoch ms, others VARCHAR) plus __row. */
  view: string;
  /** All columns in memory: every row, or a seeded sample kept in file order (see `sampled`). */
  frame: Frame;
  sampled: boolean;
  /** Name of the target column, if any. */
  target?: string;
  /** Columns with role feature (not target, id, time or ignored). */
  features: string[];
  expectations?: Expectations;
  /** Column profiles of `view` over every row, when the runner computed them (checks can then skip a scan). */
  profile?: Profile;
  seed: number;
}

export type Thresholds = Record<string, number>;

export interface Check<V = unknown> {
  /** Stable snake_case id; also the `check` of its findings. */
  id: string;
  /** One line: what it looks for. */
  description: string;
  /** Default thresholds, documented in the README. */
  defaults: Thresholds;
  /**
   * The check reads only the in-memory frame and the profile, never the database: the runner may run it
   * alongside the checks that query the database.
   */
  inMemory?: boolean;
  /** Whether the check can run in this context (e.g. needs a target). */
  applies?(ctx: AuditContext): boolean;
  /** Measure the value. `runCheck` passes the thresholds (defaults merged with overrides) for checks whose measurement depends on one. */
  compute(ctx: AuditContext, thresholds?: Thresholds): Promise<V> | V;
  condition(value: V, thresholds: Thresholds, ctx: AuditContext): Finding[];
}

/** Run one check with defaults merged with overrides. */
export async function runCheck<V>(
  check: Check<V>,
  ctx: AuditContext,
  overrides: Thresholds = {},
): Promise<Finding[]> {
  if (check.applies && !check.applies(ctx)) return [];
  const thresholds = { ...check.defaults, ...overrides };
  const value = await check.compute(ctx, thresholds);
  return check.condition(value, thresholds, ctx);
}
