/**
 * `label_issues`: training rows whose label is probably wrong, by confident learning on the chosen
 * configuration's out-of-fold probabilities (cleanlab's find_label_issues with prune_by_noise_rate).
 * Rows are listed by 1-based file row, least self-confident first.
 */
import { type Finding, finding } from '../../report/finding.js';
import { findLabelIssues } from '../confident-learning.js';
import { type EvalCheck, pct } from './check.js';

export interface LabelIssueRow {
  /** Index into the training rows. */
  index: number;
  row: number;
  given: string;
  suggested: string;
  /** Out-of-fold probability of the given label. */
  selfConfidence: number;
}

export interface LabelIssuesValue {
  /** Training rows with out-of-fold probabilities. */
  checked: number;
  issues: LabelIssueRow[];
  confidentJoint: number[][];
}

export const labelIssues: EvalCheck<LabelIssuesValue> = {
  id: 'label_issues',
  description:
    'training rows whose label is probably wrong (confident learning on out-of-fold probabilities)',
  defaults: { warning_share: 0.05, error_share: 0.25 },
  thresholdDocs: {
    warning_share: 'share of training rows flagged that raises a warning (fewer flagged rows are info)',
    error_share: 'share of training rows flagged that raises an error',
  },
  applies: (ctx) =>
    ctx.task !== 'regression' && ctx.input.train !== undefined && (ctx.input.cv?.oofProba ?? null) !== null,
  compute(ctx) {
    const train = ctx.input.train!;
    const P = ctx.input.cv!.oofProba!;
    const K = ctx.K;
    const keep: number[] = [];
    for (let i = 0; i < train.y.length; i++) {
      let ok = true;
      for (let k = 0; k < K; k++) if (!Number.isFinite(P[i * K + k]!)) ok = false;
      if (ok) keep.push(i);
    }
    const labels = Float64Array.from(keep, (i) => train.y[i]!);
    const proba = new Float64Array(keep.length * K);
    keep.forEach((i, r) => {
      for (let k = 0; k < K; k++) proba[r * K + k] = P[i * K + k]!;
    });
    const res = findLabelIssues(labels, proba, K);
    const name = (k: number) => ctx.input.classes[k] ?? String(k);
    const issues = Array.from(res.issues, (r) => {
      const i = keep[r]!;
      let arg = 0;
      for (let k = 1; k < K; k++) if (proba[r * K + k]! > proba[r * K + arg]!) arg = k;
      return {
        index: i,
        row: train.rows[i]!,
        given: name(labels[r]!),
        suggested: name(arg),
        selfConfidence: proba[r * K + labels[r]!]!,
      };
    });
    return { checked: keep.length, issues, confidentJoint: res.confidentJoint };
  },
  condition(v, t): Finding[] {
    if (v.issues.length === 0) return [];
    const share = v.issues.length / v.checked;
    const severity = share >= t.error_share! ? 'error' : share >= t.warning_share! ? 'warning' : 'info';
    return [
      finding({
        check: 'label_issues',
        severity,
        rows: v.issues.map((r) => r.row),
        value: share,
        threshold: severity === 'error' ? t.error_share! : t.warning_share!,
        message: `${v.issues.length} of ${v.checked} training rows (${pct(share)}) probably carry a wrong label: out-of-fold probabilities confidently favor another class (on a noisy target some are hard cases rather than errors)`,
        fix: 'review these rows (most doubtful first) and correct or drop wrong labels, then retrain',
        evidence: {
          examples: v.issues.slice(0, 20).map((r) => ({
            row: r.row,
            given: r.given,
            suggested: r.suggested,
            selfConfidence: r.selfConfidence,
          })),
          confidentJoint: v.confidentJoint,
        },
      }),
    ];
  },
};
