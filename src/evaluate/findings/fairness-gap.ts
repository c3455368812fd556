/**
 * `fairness_gap`: across the groups of each `--sensitive` column, the demographic parity difference
 * (selection rates) and equalized odds difference (true / false positive rates), fairlearn's definitions;
 * for regression, the relative MAE gap between the best and the worst group.
 */
import { type Finding, finding } from '../../report/finding.js';
import { type FairnessResult, groupFairness } from '../fairness.js';
import { type EvalCheck, fmt } from './check.js';

export interface FairnessValue {
  columns: { name: string; result: FairnessResult }[];
}

export const fairnessGap: EvalCheck<FairnessValue> = {
  id: 'fairness_gap',
  description: 'metrics differ across groups of a sensitive column (demographic parity, equalized odds)',
  defaults: {
    warning_dp: 0.1,
    error_dp: 0.2,
    warning_eo: 0.1,
    error_eo: 0.2,
    warning_mae_gap: 0.2,
    error_mae_gap: 0.4,
    min_rows: 20,
  },
  thresholdDocs: {
    warning_dp: 'demographic parity difference (max - min selection rate) that raises a warning',
    error_dp: 'demographic parity difference that raises an error',
    warning_eo: 'equalized odds difference (max of TPR and FPR differences) that raises a warning',
    error_eo: 'equalized odds difference that raises an error',
    warning_mae_gap: 'regression: (worst - best group MAE) / worst group MAE that raises a warning',
    error_mae_gap: 'regression: relative group MAE gap that raises an error',
    min_rows: 'groups with fewer test rows are listed but not compared',
  },
  applies: (ctx) => (ctx.input.sensitive?.length ?? 0) > 0,
  compute(ctx, t) {
    return {
      columns: ctx.input.sensitive!.map((s) => ({
        name: s.name,
        result: groupFairness(ctx.input.test.y, ctx.test.pred, s.codes, s.labels, ctx.K, t.min_rows!),
      })),
    };
  },
  condition(v, t, ctx): Finding[] {
    const out: Finding[] = [];
    for (const { name, result: r } of v.columns) {
      const evidence = {
        groups: r.groups.map((g) => ({
          group: g.group,
          count: g.count,
          [ctx.task === 'regression' ? 'mae' : 'accuracy']: g.score,
          ...(ctx.task === 'regression'
            ? { meanPrediction: g.meanPrediction }
            : { selectionRate: g.selectionRate, tpr: g.tpr, fpr: g.fpr }),
        })),
        small: r.small,
      };
      if (r.groups.length < 2) continue;
      if (ctx.task === 'regression') {
        const scores = r.groups.map((g) => g.score);
        const worst = Math.max(...scores);
        const best = Math.min(...scores);
        const gap = worst === 0 ? 0 : (worst - best) / worst;
        if (gap >= t.warning_mae_gap!) {
          const error = gap >= t.error_mae_gap!;
          const w = r.groups[scores.indexOf(worst)]!;
          const b = r.groups[scores.indexOf(best)]!;
          out.push(
            finding({
              check: 'fairness_gap',
              severity: error ? 'error' : 'warning',
              columns: [name],
              value: gap,
              threshold: error ? t.error_mae_gap! : t.warning_mae_gap!,
              message: `mean absolute error is ${fmt(worst)} for ${name} = ${w.group} against ${fmt(best)} for ${name} = ${b.group}`,
              fix: `check how well each ${name} group is represented in the training rows; reweight or collect more rows for the worst group`,
              evidence,
            }),
          );
        }
        continue;
      }
      const checks: [string, number, number, number, string][] = [
        [
          'demographic parity difference',
          r.demographicParityDifference,
          t.warning_dp!,
          t.error_dp!,
          'selection rates',
        ],
        [
          'equalized odds difference',
          r.equalizedOddsDifference,
          t.warning_eo!,
          t.error_eo!,
          'true or false positive rates',
        ],
      ];
      for (const [what, value, warn, err, meaning] of checks) {
        if (!(value >= warn)) continue;
        const error = value >= err;
        out.push(
          finding({
            check: 'fairness_gap',
            severity: error ? 'error' : 'warning',
            columns: [name],
            value,
            threshold: error ? err : warn,
            message: `${what} across ${name} groups is ${fmt(value)}: ${meaning} differ between ${r.groups
              .map((g) => g.group)
              .join(', ')}`,
            fix: `review whether ${name} (or proxies of it) drives predictions; compare per-group error rates, reweight, or post-process thresholds per group`,
            evidence: { ...evidence, metric: what },
          }),
        );
      }
    }
    return out;
  },
};
