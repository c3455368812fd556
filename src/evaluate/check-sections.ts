/**
 * Report sections built from the checks' computed values (not only their findings): learning curve,
 * stability, robustness, weak segments, group metrics and label issues. Aggregates only. Browser-safe.
 */
import type { Section } from '../report/report.js';
import { lineChart } from './charts.js';
import type { EvalContext } from './context.js';
import type { FairnessValue } from './findings/fairness-gap.js';
import type { LabelIssuesValue } from './findings/label-issues.js';
import type { LearningCurveValue } from './findings/learning-curve.js';
import type { BaselineValue } from './findings/no-better-than-baseline.js';
import type { RobustValue } from './findings/not-robust.js';
import type { OverfittingValue } from './findings/overfitting.js';
import type { UnstableValue } from './findings/unstable.js';
import type { WeakSegmentValue } from './findings/weak-segment.js';

const r = (v: number | null | undefined, d = 4) =>
  v != null && Number.isFinite(v) ? Number(v.toFixed(d)) : null;

export function checkSections(ctx: EvalContext): Section[] {
  const out: Section[] = [];
  const m = ctx.metric.name;
  const of = ctx.values.get('overfitting') as OverfittingValue | undefined;
  const base = ctx.values.get('no_better_than_baseline') as BaselineValue | undefined;
  if (of || base) {
    const rows: (string | number | null)[][] = [];
    if (of) {
      rows.push(['model on its training rows', r(of.train)]);
      if (of.cv !== null) rows.push(['model, cross-validation mean', r(of.cv)]);
    }
    rows.push(['model on test rows', r(ctx.testScore)]);
    rows.push(['dummy model (ignores features)', r(ctx.dummyScore)]);
    for (const s of base?.simple ?? []) rows.push([s.name, r(s.score)]);
    if (base?.benchmark) rows.push([`benchmark ${base.benchmark.name}`, r(base.benchmark.score)]);
    out.push({
      title: 'Comparisons',
      tables: [{ title: `${m} by model and rows`, columns: ['model', m], rows }],
    });
  }
  const lc = ctx.values.get('learning_curve') as LearningCurveValue | undefined;
  if (lc && lc.points.length > 0) {
    const pts = lc.points.flatMap((p) => [
      { x: p.rows, y: p.train, series: 'training rows' },
      { x: p.rows, y: p.test, series: 'test rows' },
    ]);
    out.push({
      title: 'Learning curve',
      text: `The chosen configuration refitted on growing subsets of the training rows. Gain per doubling near full size: ${r(lc.gainPerDoubling)}.`,
      tables: [
        {
          columns: ['training rows', `train ${m}`, `test ${m}`],
          rows: lc.points.map((p) => [p.rows, r(p.train), r(p.test)]),
        },
      ],
      charts: [
        {
          title: 'Learning curve',
          spec: lineChart(
            pts.filter((p) => Number.isFinite(p.y)),
            { xTitle: 'training rows', yTitle: m, points: true },
          ),
        },
      ],
    });
  }
  const un = ctx.values.get('unstable') as UnstableValue | undefined;
  if (un && (un.foldScores.length > 0 || un.seedScores.length > 0)) {
    const rows: (string | number | null)[][] = [];
    un.foldScores.forEach((s, i) => {
      rows.push([`fold ${i + 1}`, r(s)]);
    });
    un.seedScores.forEach((s, i) => {
      rows.push([i === 0 ? 'test, model as fitted' : `test, refit seed +${i}`, r(s)]);
    });
    out.push({
      title: 'Stability',
      text: `Fold std ${r(un.foldStd) ?? 'n/a'}; reseeded-refit std ${r(un.seedStd) ?? 'n/a'}.`,
      tables: [{ columns: ['run', m], rows }],
    });
  }
  const rb = ctx.values.get('not_robust') as RobustValue | undefined;
  if (rb) {
    out.push({
      title: 'Robustness',
      text: `Perturbed copies of ${rb.rows} test rows, scored with ${m}.`,
      tables: [
        {
          columns: ['perturbation', `mean ${m}`, 'drop (share of dummy-to-perfect range)'],
          rows: [
            ['none', r(rb.base), 0],
            ...rb.perturbations.map((p) => [p.kind, p.error ? null : r(p.mean), p.error ? null : r(p.drop)]),
          ],
        },
      ],
    });
  }
  const ws = ctx.values.get('weak_segment') as WeakSegmentValue | undefined;
  if (ws && ws.slices.length > 0) {
    const worst = ws.slices.slice(0, 12);
    out.push({
      title: 'Weakest segments',
      text: `Overall ${ws.metric} ${r(ws.overall)}; slices with enough rows, weakest first.`,
      tables: [
        {
          columns: ['slice', 'rows', ws.metric, 'relative drop'],
          rows: worst.map((s) => [s.label, s.count, r(s.score), r(s.drop)]),
        },
      ],
    });
  }
  const fg = ctx.values.get('fairness_gap') as FairnessValue | undefined;
  for (const c of fg?.columns ?? []) {
    const reg = ctx.task === 'regression';
    out.push({
      title: `Groups of ${c.name}`,
      text: reg
        ? undefined
        : `Demographic parity difference ${r(c.result.demographicParityDifference)}, equalized odds difference ${r(c.result.equalizedOddsDifference)}.${
            ctx.K > 2 ? ' Multiclass: the largest one-vs-rest difference over classes.' : ''
          }`,
      tables: [
        {
          columns: reg
            ? ['group', 'rows', 'MAE', 'mean prediction']
            : ['group', 'rows', 'accuracy', 'selection rate', 'TPR', 'FPR'],
          rows: c.result.groups.map((g) =>
            reg
              ? [g.group, g.count, r(g.score), r(g.meanPrediction)]
              : [
                  g.group,
                  g.count,
                  r(g.score),
                  g.selectionRate.map((v) => r(v, 3)).join(' / '),
                  g.tpr.map((v) => r(v, 3)).join(' / '),
                  g.fpr.map((v) => r(v, 3)).join(' / '),
                ],
          ),
        },
      ],
    });
  }
  const li = ctx.values.get('label_issues') as LabelIssuesValue | undefined;
  if (li && li.issues.length > 0) {
    out.push({
      title: 'Label issues',
      text: `${li.issues.length} of ${li.checked} training rows flagged; the 25 least self-confident are listed.`,
      tables: [
        {
          columns: ['row', 'given label', 'suggested label', 'p(given)'],
          rows: li.issues.slice(0, 25).map((x) => [x.row, x.given, x.suggested, r(x.selfConfidence)]),
        },
      ],
    });
  }
  return out;
}
