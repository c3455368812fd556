/**
 * `evaluateModel`: the honest evaluation of a fitted model on held-out rows. Metrics, per-class table,
 * confusion matrix, curves and residuals, the evaluation checks (findings) and explanations, as plain data
 * plus report sections. Used by `mlqa train` (on its test split) and `mlqa evaluate` (on any labeled file).
 * Browser-safe.
 */

import { InputError } from '../errors.js';
import { type Finding, finding, sortFindings } from '../report/finding.js';
import type { Section } from '../report/report.js';
import { checkSections } from './check-sections.js';
import { confusionMatrix } from './confusion.js';
import { buildContext } from './context.js';
import { explain, explanationSection } from './explanations.js';
import { splitThresholds } from './findings/check.js';
import { EVAL_CHECKS } from './findings/index.js';
import { perClassPrf } from './metrics/prf.js';
import { metricsFor } from './metrics/registry.js';
import { classificationSections, metricsSection, regressionSections } from './sections.js';
import type { EvaluateInput, EvaluationResult } from './types.js';

export type {
  EvaluateBudget,
  EvaluateInput,
  EvaluationResult,
  LabeledRows,
  PermutationImportance,
  Predictor,
} from './types.js';

function validate(input: EvaluateInput): void {
  const { test, task } = input;
  const n = test.y.length;
  if (n === 0) throw new InputError('evaluation needs at least one labeled test row');
  if (test.X.nRows !== n || test.rows.length !== n)
    throw new InputError(
      `test rows disagree: ${test.X.nRows} feature rows, ${n} labels, ${test.rows.length} row numbers`,
    );
  if (task !== 'regression') {
    if (!(input.nClasses >= 2))
      throw new InputError(`classification needs at least 2 classes, got ${input.nClasses}`);
    for (const part of [test, input.train]) {
      if (!part) continue;
      for (let i = 0; i < part.y.length; i++) {
        const v = part.y[i]!;
        if (!(Number.isInteger(v) && v >= 0 && v < input.nClasses))
          throw new InputError(
            `row ${part.rows[i]}: label code ${v} is not one of the ${input.nClasses} classes`,
          );
      }
    }
  } else {
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(test.y[i]!))
        throw new InputError(`row ${test.rows[i]}: target is missing or not a number`);
  }
  if (
    input.train &&
    (input.train.X.nRows !== input.train.y.length || input.train.rows.length !== input.train.y.length)
  )
    throw new InputError('training rows disagree: feature rows, labels and row numbers differ in length');
  if (input.cv && input.train && input.cv.oof.length !== input.train.y.length)
    throw new InputError(
      `cv.oof has ${input.cv.oof.length} values for ${input.train.y.length} training rows`,
    );
  for (const s of input.sensitive ?? [])
    if (s.codes.length !== n)
      throw new InputError(`sensitive column ${s.name} has ${s.codes.length} values for ${n} test rows`);
  if (input.checks) {
    const known = new Set(EVAL_CHECKS.map((c) => c.id));
    for (const id of input.checks)
      if (!known.has(id))
        throw new InputError(`unknown evaluation check '${id}'; valid: ${[...known].join(', ')}`);
  }
}

export async function evaluateModel(input: EvaluateInput): Promise<EvaluationResult> {
  validate(input);
  const ctx = buildContext(input);
  if (!Number.isFinite(ctx.testScore)) {
    const present = new Set(input.test.y).size;
    throw new InputError(
      `${ctx.metric.name} is undefined on these ${input.test.y.length} rows${
        input.task !== 'regression' && present < 2 ? ' (only one class present)' : ''
      }; choose another metric`,
    );
  }
  const { task, K } = ctx;
  const { y } = input.test;
  const metrics = metricsFor(task, y, ctx.test.pred, ctx.test.proba, { nClasses: K || undefined });
  let perClass: EvaluationResult['perClass'];
  let cm: number[][] | null = null;
  if (task !== 'regression') {
    const pc = perClassPrf(y, ctx.test.pred, { nClasses: K });
    perClass = Array.from({ length: K }, (_, k) => ({
      label: input.classes[k] ?? String(k),
      precision: pc.precision[k]!,
      recall: pc.recall[k]!,
      f1: pc.fScore[k]!,
      support: pc.support[k]!,
    }));
    cm = confusionMatrix(y, ctx.test.pred, { nClasses: K }).counts;
  }

  const thresholds = splitThresholds(EVAL_CHECKS, input.thresholds);
  const selected = EVAL_CHECKS.filter((c) => !input.checks || input.checks.includes(c.id));
  const findings: Finding[] = [];
  let done = 0;
  for (const check of selected) {
    input.onProgress?.(check.id, done++, selected.length);
    if (!check.applies(ctx)) continue;
    const t = thresholds.get(check.id)!;
    try {
      const value = await check.compute(ctx, t);
      ctx.values.set(check.id, value);
      findings.push(...check.condition(value, t, ctx));
    } catch (e) {
      // one failing check must not hide the others: report it as an `internal` finding, like the audit
      findings.push(
        finding({
          check: 'internal',
          severity: 'warning',
          value: check.id,
          threshold: null,
          message: `check ${check.id} could not run: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
          evidence: { check: check.id },
        }),
      );
    }
  }
  input.onProgress?.('checks', selected.length, selected.length);

  const explanations = explain(ctx);
  const sorted = sortFindings(findings);
  const sections: Section[] = [metricsSection(ctx, metrics)];
  sections.push({
    title: 'Findings',
    text: sorted.length === 0 ? 'No evaluation check raised a finding.' : undefined,
    findings: sorted,
  });
  sections.push(...(task === 'regression' ? regressionSections(ctx) : classificationSections(ctx)));
  sections.push(...checkSections(ctx));
  sections.push(explanationSection(ctx, explanations));
  return {
    task,
    metric: ctx.metric.name,
    metrics,
    ...(perClass ? { perClass } : {}),
    confusionMatrix: cm,
    findings: sorted,
    explanations,
    sections,
  };
}
