/**
 * Report sections of an evaluation: metric tables, per-class table, confusion matrix, ROC / PR curves,
 * reliability diagram and binned residuals. Aggregates only (curves thinned, residuals binned). Browser-safe.
 */
import { heatmapChart, histogramChart } from '../report/charts.js';
import type { MetricTable, Section } from '../report/report.js';
import { reliabilityDiagram } from './calibration.js';
import { bandChart, lineChart, type SeriesPoint } from './charts.js';
import { confusionSummary } from './confusion.js';
import type { EvalContext } from './context.js';
import { precisionRecallCurve, residualSummary, rocCurve, thinCurve } from './curves.js';
import { classificationReport } from './metrics/classificationReport.js';
import { METRICS } from './metrics/registry.js';

const round = (v: number, d = 4) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);

/** Descriptions of the metrics `metricsFor` adds beyond the registry. */
const EXTRA_METRICS: Record<string, string> = {
  precision: 'precision of the positive class',
  recall: 'recall of the positive class',
  precision_macro: 'unweighted mean precision over classes',
  recall_macro: 'unweighted mean recall over classes',
};

/** At most this many classes get their own one-vs-rest curve (the rest are summarized by the averages). */
const MAX_CURVE_CLASSES = 10;
const CURVE_POINTS = 150;

export function metricsSection(ctx: EvalContext, metrics: Record<string, number>): Section {
  const rows = Object.entries(metrics).map(([name, v]) => [
    name === ctx.metric.name ? `${name} (optimized)` : name,
    round(v, 6),
    METRICS[name]?.description ?? EXTRA_METRICS[name] ?? '',
  ]);
  return {
    title: 'Metrics',
    text: `${ctx.input.test.y.length} test rows; ${ctx.metric.name} ${
      ctx.metric.direction === 'higher' ? '(higher is better)' : '(lower is better)'
    } is ${round(ctx.testScore, 4)} against ${round(ctx.dummyScore, 4)} for a dummy model.`,
    tables: [{ title: 'Test metrics', columns: ['metric', 'value', 'meaning'], rows }],
  };
}

export function classificationSections(ctx: EvalContext): Section[] {
  const { y } = ctx.input.test;
  const { pred, proba } = ctx.test;
  const K = ctx.K;
  const labels =
    ctx.input.classes.length === K ? ctx.input.classes : Array.from({ length: K }, (_, k) => String(k));
  const out: Section[] = [];
  out.push({
    title: 'Per-class metrics',
    tables: [classificationReport(y, pred, { nClasses: K, classNames: labels })],
  });
  const cm = confusionSummary(y, pred, { nClasses: K });
  const cells: { x: string; y: string; value: number }[] = [];
  for (let t = 0; t < K; t++)
    for (let p = 0; p < K; p++) cells.push({ x: labels[p]!, y: labels[t]!, value: cm.byTrue[t]![p]! });
  const countTable: MetricTable = {
    title: 'Counts (rows: true class, columns: predicted class)',
    columns: ['true \\ predicted', ...labels],
    rows: cm.counts.map((r, t) => [labels[t]!, ...r]),
  };
  const normTable: MetricTable = {
    title: 'Normalized by true class (recall view)',
    columns: ['true \\ predicted', ...labels],
    rows: cm.byTrue.map((r, t) => [labels[t]!, ...r.map((v) => round(v, 3))]),
  };
  out.push({
    title: 'Confusion matrix',
    tables: [countTable, normTable],
    charts: [
      {
        title: 'Confusion matrix (share of each true class)',
        spec: heatmapChart(cells, {
          xOrder: labels,
          yOrder: labels,
          xTitle: 'predicted',
          yTitle: 'true',
          legend: 'share',
          domain: [0, 1],
        }),
      },
    ],
  });
  if (!proba) return out;
  const roc: SeriesPoint[] = [];
  const pr: SeriesPoint[] = [];
  const classesForCurves =
    K === 2 ? [1] : Array.from({ length: Math.min(K, MAX_CURVE_CLASSES) }, (_, k) => k);
  for (const k of classesForCurves) {
    const score = new Float64Array(y.length);
    let pos = 0;
    for (let i = 0; i < y.length; i++) {
      score[i] = proba[i * K + k]!;
      if (y[i] === k) pos++;
    }
    if (pos === 0 || pos === y.length) continue;
    const series = K === 2 ? labels[1]! : labels[k]!;
    const rc = rocCurve(y, score, { posLabel: k });
    for (const i of thinCurve(rc.fpr, rc.tpr, CURVE_POINTS))
      roc.push({ x: rc.fpr[i]!, y: rc.tpr[i]!, series });
    const pc = precisionRecallCurve(y, score, { posLabel: k });
    for (const i of thinCurve(pc.recall, pc.precision, CURVE_POINTS))
      pr.push({ x: pc.recall[i]!, y: pc.precision[i]!, series });
  }
  const note =
    K > MAX_CURVE_CLASSES
      ? ` Curves are drawn for the first ${MAX_CURVE_CLASSES} of ${K} classes; the metrics average all.`
      : '';
  if (roc.length > 0) {
    out.push({
      title: 'ROC and precision-recall curves',
      text: `${K === 2 ? `Positive class: ${labels[1]}.` : 'One-vs-rest per class.'}${note}`,
      charts: [
        {
          title: 'ROC curve',
          spec: lineChart(roc, {
            xTitle: 'false positive rate',
            yTitle: 'true positive rate',
            unit: true,
            diagonal: true,
          }),
        },
        {
          title: 'Precision-recall curve',
          spec: lineChart(pr, { xTitle: 'recall', yTitle: 'precision', unit: true }),
        },
      ],
    });
  }
  const diagram = reliabilityDiagram(y, proba, K, { nBins: 10 });
  const rel: SeriesPoint[] = Array.from(diagram.probPred, (p, b) => ({
    x: p,
    y: diagram.probTrue[b]!,
    series: 'model',
  }));
  out.push({
    title: 'Calibration',
    text: `Expected calibration error ${round(diagram.ece, 4)} over 10 equal-width bins (${
      diagram.kind === 'positive' ? `probability of ${labels[1]}` : 'top-label confidence'
    }). Points on the diagonal are calibrated.`,
    tables: [
      {
        title: 'Reliability bins',
        columns: ['mean predicted', 'observed', 'rows'],
        rows: Array.from(diagram.counts, (c, b) => [
          round(diagram.probPred[b]!),
          round(diagram.probTrue[b]!),
          c,
        ]),
      },
    ],
    charts: [
      {
        title: 'Reliability diagram',
        spec: lineChart(rel, {
          xTitle: diagram.kind === 'positive' ? 'predicted probability' : 'confidence',
          yTitle: 'observed frequency',
          unit: true,
          diagonal: true,
          points: true,
        }),
      },
    ],
  });
  return out;
}

export function regressionSections(ctx: EvalContext): Section[] {
  const s = residualSummary(ctx.input.test.y, ctx.test.pred, { maxBins: 30, histBins: 30 });
  const binRows = s.bins.map((b) => ({
    x: b.predMean,
    mean: b.residualMean,
    low: b.residualP10,
    high: b.residualP90,
  }));
  const fit = s.bins.map((b) => ({ x: b.predMean, y: b.trueMean, series: 'mean actual' }));
  const lo = Math.min(...s.bins.map((b) => Math.min(b.predMean, b.trueMean)));
  const hi = Math.max(...s.bins.map((b) => Math.max(b.predMean, b.trueMean)));
  const ideal = [
    { x: lo, y: lo, series: 'ideal' },
    { x: hi, y: hi, series: 'ideal' },
  ];
  const hist = s.histogram.counts.map((c, j) => ({
    start: s.histogram.edges[j]!,
    end: s.histogram.edges[j + 1]!,
    count: c,
  }));
  return [
    {
      title: 'Residuals',
      text: `Residual = actual - predicted, over ${s.count} test rows in ${s.bins.length} bins of about equal size along the prediction. Mean residual ${round(s.residualMean)}, std ${round(s.residualStd)}.`,
      tables: [
        {
          title: 'Residual quantiles',
          columns: ['quantile', 'residual'],
          rows: s.quantiles.map((q) => [q.q, round(q.value)]),
        },
      ],
      charts: [
        {
          title: 'Residuals by prediction (mean, 10th-90th percentile band)',
          spec: bandChart(binRows, { xTitle: 'predicted', yTitle: 'residual', zeroLine: true }),
        },
        {
          title: 'Actual vs predicted (bin means)',
          spec: lineChart([...ideal, ...fit], { xTitle: 'predicted', yTitle: 'actual', points: true }),
        },
        {
          title: 'Residual distribution',
          spec: histogramChart(hist, { xTitle: 'residual', width: 300 }),
        },
      ],
    },
  ];
}
