/**
 * `poor_calibration`: predicted probabilities do not match observed frequencies, measured by the expected
 * calibration error (10 equal-width bins; binary: probability of class 1, multiclass: top-label
 * confidence), with the reliability diagram as evidence.
 */
import { type Finding, finding } from '../../report/finding.js';
import { type ReliabilityDiagram, reliabilityDiagram } from '../calibration.js';
import { type EvalCheck, fmt } from './check.js';

export interface CalibrationValue {
  ece: number;
  n: number;
  diagram: ReliabilityDiagram;
}

export const poorCalibration: EvalCheck<CalibrationValue> = {
  id: 'poor_calibration',
  description: 'predicted probabilities far from observed frequencies (expected calibration error)',
  defaults: { warning_ece: 0.05, error_ece: 0.15, min_rows: 100 },
  thresholdDocs: {
    warning_ece: 'expected calibration error that raises a warning',
    error_ece: 'expected calibration error that raises an error',
    min_rows: 'below this many test rows the ECE is too noisy: findings are info only',
  },
  applies: (ctx) => ctx.task !== 'regression' && ctx.test.proba !== null,
  compute(ctx) {
    const diagram = reliabilityDiagram(ctx.input.test.y, ctx.test.proba!, ctx.K, { nBins: 10 });
    return { ece: diagram.ece, n: ctx.input.test.y.length, diagram };
  },
  condition(v, t): Finding[] {
    if (!(v.ece >= t.warning_ece!)) return [];
    const error = v.ece >= t.error_ece!;
    const few = v.n < t.min_rows!;
    const bins = Array.from(v.diagram.counts, (c, b) => ({
      predicted: v.diagram.probPred[b]!,
      observed: v.diagram.probTrue[b]!,
      rows: c,
    }));
    return [
      finding({
        check: 'poor_calibration',
        severity: few ? 'info' : error ? 'error' : 'warning',
        value: v.ece,
        threshold: error ? t.error_ece! : t.warning_ece!,
        message: `expected calibration error is ${fmt(v.ece)}: ${
          v.diagram.kind === 'positive'
            ? 'predicted probabilities of the positive class'
            : 'the confidence of the predicted class'
        } ${few ? `(on only ${v.n} test rows) ` : ''}differ from observed frequencies`,
        fix: 'calibrate the probabilities on held-out rows (isotonic or Platt scaling) before using them as risks',
        evidence: { kind: v.diagram.kind, bins },
      }),
    ];
  },
};
