/**
 * The plan (plan.json): the steps to run with their options and, once fitted, their params, plus the
 * input columns it was fitted on and a log of what each step changed. Validation gives one-line errors.
 * Browser-safe.
 */
import type { Frame } from '../data/frame.js';
import { InputError } from '../errors.js';
import { isObject } from './frame-ops.js';
import { stepDef } from './registry.js';
import type { Params, StepLog } from './types.js';

export const PLAN_FORMAT = 'mlqa-clean-plan';
export const PLAN_VERSION = 1;

export interface PlanStep {
  /** Step name, e.g. `impute` (see docs/clean.md). */
  step: string;
  /** What the user (or the suggestion) asked for; read by `fit`. */
  options?: Params;
  /** Fitted params (plain JSON); when present the step is applied without refitting. */
  params?: Params;
  /** Why the step is in the plan (the audit finding it addresses). */
  reason?: string;
}

export interface PlanColumn {
  name: string;
  kind: 'numeric' | 'categorical';
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  version: number;
  /** Target column (kept out of feature transforms). */
  target?: string;
  /** Columns the plan was fitted on (set when fitted): a file must have them, of the same kind. */
  input?: PlanColumn[];
  steps: PlanStep[];
  /** What each step changed when the plan was fitted or applied (one entry per step). */
  log?: StepLog[];
}

/** A new, unfitted plan. */
export function makePlan(steps: PlanStep[], target?: string): Plan {
  const plan: Plan = { format: PLAN_FORMAT, version: PLAN_VERSION, steps };
  if (target !== undefined) plan.target = target;
  return plan;
}

/** True when every step carries fitted params. */
export function isFitted(plan: Plan): boolean {
  return plan.steps.length > 0 && plan.steps.every((s) => s.params !== undefined);
}

/** Validate a parsed plan.json (or a JSON string); throws InputError naming the step at fault. */
export function readPlan(json: unknown, source = 'plan'): Plan {
  let v = json;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new InputError(
        `${source}: not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
      );
    }
  }
  if (!isObject(v))
    throw new InputError(
      `${source}: a plan must be a JSON object with "format": "${PLAN_FORMAT}" and "steps"`,
    );
  if (v.format !== PLAN_FORMAT)
    throw new InputError(`${source}: "format" must be "${PLAN_FORMAT}", got ${JSON.stringify(v.format)}`);
  if (v.version !== PLAN_VERSION)
    throw new InputError(
      `${source}: plan version ${JSON.stringify(v.version)} is not supported (this mlqa reads version ${PLAN_VERSION})`,
    );
  if (v.target !== undefined && typeof v.target !== 'string')
    throw new InputError(`${source}: "target" must be a column name`);
  if (!Array.isArray(v.steps)) throw new InputError(`${source}: "steps" must be a list`);
  let input: PlanColumn[] | undefined;
  if (v.input !== undefined) {
    if (
      !Array.isArray(v.input) ||
      v.input.some(
        (c) =>
          !isObject(c) || typeof c.name !== 'string' || (c.kind !== 'numeric' && c.kind !== 'categorical'),
      )
    ) {
      throw new InputError(`${source}: "input" must be a list of {name, kind: numeric|categorical}`);
    }
    input = (v.input as Params[]).map((c) => ({
      name: c.name as string,
      kind: c.kind as PlanColumn['kind'],
    }));
  }
  const steps = (v.steps as unknown[]).map((s, i): PlanStep => {
    const where = `${source}: step ${i + 1}`;
    if (!isObject(s) || typeof s.step !== 'string')
      throw new InputError(`${where}: must be an object with a "step" name`);
    const def = stepDef(s.step, where);
    if (s.options !== undefined && !isObject(s.options))
      throw new InputError(`${where} (${s.step}): "options" must be an object`);
    if (s.params !== undefined && !isObject(s.params))
      throw new InputError(`${where} (${s.step}): "params" must be an object`);
    const out: PlanStep = { step: s.step };
    if (s.options !== undefined) out.options = s.options as Params;
    if (s.params !== undefined) {
      try {
        out.params = def.check(s.params as Params);
      } catch (e) {
        if (e instanceof InputError) throw new InputError(`${where}: ${e.message}`);
        throw e;
      }
    }
    if (typeof s.reason === 'string') out.reason = s.reason;
    return out;
  });
  const plan: Plan = { format: PLAN_FORMAT, version: PLAN_VERSION, steps };
  if (typeof v.target === 'string') plan.target = v.target;
  if (input) plan.input = input;
  if (Array.isArray(v.log)) plan.log = v.log as StepLog[];
  return plan;
}

/** The input columns of a frame, for `Plan.input`. */
export function planInput(frame: Frame): PlanColumn[] {
  return frame.columns.map((c) => ({ name: c.name, kind: c.kind }));
}

/**
 * Check that a frame fits a fitted plan's input: every planned column present with the same kind. The target
 * may be absent (prediction time). Throws an InputError naming the first problem.
 */
export function checkInput(
  frame: Frame,
  input: PlanColumn[] | undefined,
  target: string | undefined,
  source: string,
  /** Text columns the plan converts to numbers (fix_types): they may already arrive as numbers. */
  converted: Set<string> = new Set(),
): void {
  if (!input) return;
  const have = new Map(frame.columns.map((c) => [c.name, c.kind]));
  const missing = input.filter((c) => c.name !== target && !have.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new InputError(
      `${source}: the plan was fitted on other columns: ${missing.length} missing here (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''})`,
    );
  }
  for (const c of input) {
    const k = have.get(c.name);
    if (k !== undefined && k !== c.kind && !(k === 'numeric' && converted.has(c.name))) {
      throw new InputError(
        `${source}: column '${c.name}' is ${k === 'numeric' ? 'numeric' : 'text'} here but ${c.kind === 'numeric' ? 'numeric' : 'text'} in the data the plan was fitted on`,
      );
    }
  }
}
