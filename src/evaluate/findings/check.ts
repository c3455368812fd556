/**
 * The evaluation check contract, Deepchecks-style: `compute` measures a value (with its evidence) and
 * `condition` turns it into Findings using thresholds (documented defaults, overridable as
 * `check.name=value`). Checks never print. Browser-safe.
 */
import { InputError } from '../../errors.js';
import type { Finding } from '../../report/finding.js';
import type { EvalContext } from '../context.js';

export type Thresholds = Record<string, number>;

export interface EvalCheck<V = unknown> {
  /** Stable snake_case id; also the `check` of its findings. */
  id: string;
  /** One line: what it looks for. */
  description: string;
  /** Default thresholds (documented in docs/evaluate.md). */
  defaults: Thresholds;
  /** What each threshold means (docs and `--threshold` help). */
  thresholdDocs: Record<string, string>;
  /** Whether the check can run with this input (e.g. needs training rows or a refit function). */
  applies(ctx: EvalContext): boolean;
  compute(ctx: EvalContext, thresholds: Thresholds): Promise<V> | V;
  condition(value: V, thresholds: Thresholds, ctx: EvalContext): Finding[];
}

/**
 * Split flat "check.name" -> value overrides by check, rejecting unknown checks and names with a one-line
 * InputError that lists the valid ones.
 */
export function splitThresholds(
  checks: readonly EvalCheck[],
  overrides: Record<string, number> = {},
): Map<string, Thresholds> {
  const out = new Map<string, Thresholds>();
  for (const c of checks) out.set(c.id, { ...c.defaults });
  for (const [key, value] of Object.entries(overrides)) {
    const dot = key.indexOf('.');
    const id = dot < 0 ? key : key.slice(0, dot);
    const name = dot < 0 ? '' : key.slice(dot + 1);
    const check = checks.find((c) => c.id === id);
    if (!check)
      throw new InputError(
        `unknown check '${id}' in threshold '${key}'; evaluate checks: ${checks.map((c) => c.id).join(', ')}`,
      );
    if (!Object.hasOwn(check.defaults, name))
      throw new InputError(
        `unknown threshold '${key}'; ${id} has: ${Object.keys(check.defaults)
          .map((n) => `${id}.${n}`)
          .join(', ')}`,
      );
    if (!Number.isFinite(value)) throw new InputError(`threshold '${key}' must be a number, got ${value}`);
    out.get(id)![name] = value;
  }
  return out;
}

/** Format a number for messages: 3 significant digits, no exponent for ordinary sizes. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

/** Percent with one decimal. */
export function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}
