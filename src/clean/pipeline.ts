/**
 * Fit and apply cleaning pipelines. Browser-safe (no Node imports): `mlqa train` runs these inside each
 * CV fold and the runtime applies fitted steps at prediction time.
 */
import type { StepJSON } from '../artifact/format.js';
import type { Frame } from '../data/frame.js';
import { InputError } from '../errors.js';
import { emptyLog } from './log.js';
import { checkInput, type Plan, planInput } from './plan.js';
import { stepDef } from './registry.js';
import type { FitContext, Mode, Params, StepLog } from './types.js';

export type { Plan, PlanStep } from './plan.js';
export { isFitted, makePlan, readPlan } from './plan.js';
export type { FitContext, Mode, StepLog } from './types.js';

export interface FittedPipeline {
  /** The training frame after every step. */
  frame: Frame;
  /** The fitted steps, to store in an artifact and apply with `applyPipeline`. */
  steps: StepJSON[];
  /** What each step changed on the training rows. */
  log: StepLog[];
}

function rethrow(e: unknown, i: number, step: string): never {
  if (e instanceof InputError && !e.message.startsWith(step))
    throw new InputError(`step ${i + 1} (${step}): ${e.message}`);
  throw e;
}

/** Fit each step of the plan on the given rows, in order, transforming as it goes. */
export function fitPipeline(frame: Frame, plan: Plan, ctx: FitContext): FittedPipeline {
  const fitCtx: FitContext = { seed: ctx.seed, target: ctx.target ?? plan.target };
  let f = frame;
  const steps: StepJSON[] = [];
  const log: StepLog[] = [];
  for (const [i, s] of plan.steps.entries()) {
    const def = stepDef(s.step, `step ${i + 1}`);
    const entry = emptyLog(s.step);
    try {
      const params = def.fit(f, s.options ?? {}, fitCtx);
      f = def.transform(f, params, { mode: 'fit', fit: fitCtx, log: entry });
      steps.push({ step: s.step, params });
    } catch (e) {
      rethrow(e, i, s.step);
    }
    log.push(entry);
  }
  return { frame: f, steps, log };
}

/**
 * Run fitted steps with no refit. `predict` (the default) never drops rows: see each step's `atPredict`
 * in docs/clean.md. `clean` is what `mlqa clean --plan` does with a fitted plan on a new file.
 */
export function runSteps(
  frame: Frame,
  steps: StepJSON[],
  mode: Exclude<Mode, 'fit'>,
  ctx: Partial<FitContext> = {},
): { frame: Frame; log: StepLog[] } {
  const fitCtx: FitContext = { seed: ctx.seed ?? 0, target: ctx.target };
  let f = frame;
  const log: StepLog[] = [];
  for (const [i, s] of steps.entries()) {
    const def = stepDef(s.step, `step ${i + 1}`);
    const entry = emptyLog(s.step);
    try {
      f = def.transform(f, def.check(s.params as Params), { mode, fit: fitCtx, log: entry });
    } catch (e) {
      rethrow(e, i, s.step);
    }
    log.push(entry);
  }
  return { frame: f, log };
}

/** Apply fitted steps to new rows (prediction time): no refit, no row dropped, same treatment as training. */
export function applyPipeline(frame: Frame, steps: StepJSON[]): Frame {
  return runSteps(frame, steps, 'predict').frame;
}

/** Fit a plan (or, when every step already has params, apply them to `frame`) and return the fitted plan. */
export function fitOrApplyPlan(
  frame: Frame,
  plan: Plan,
  ctx: FitContext,
  source = 'plan',
): { plan: Plan; frame: Frame; log: StepLog[] } {
  const target = ctx.target ?? plan.target;
  if (plan.steps.length > 0 && plan.steps.every((s) => s.params !== undefined)) {
    const converted = new Set(
      plan.steps
        .filter((s) => s.step === 'fix_types')
        .flatMap((s) => ((s.params?.columns ?? []) as { column: string }[]).map((c) => c.column)),
    );
    checkInput(frame, plan.input, target, source, converted);
    const r = runSteps(
      frame,
      plan.steps.map((s) => ({ step: s.step, params: s.params! })),
      'clean',
      { ...ctx, target },
    );
    return { plan: { ...plan, log: r.log }, frame: r.frame, log: r.log };
  }
  if (plan.steps.some((s) => s.params !== undefined)) {
    throw new InputError(
      `${source}: some steps are fitted and others are not; remove every "params" to refit, or fit the whole plan`,
    );
  }
  const fitted = fitPipeline(frame, plan, { ...ctx, target });
  const steps = plan.steps.map((s, i) => ({ ...s, params: fitted.steps[i]!.params }));
  const out: Plan = { ...plan, input: planInput(frame), steps, log: fitted.log };
  if (target !== undefined) out.target = target;
  return { plan: out, frame: fitted.frame, log: fitted.log };
}
