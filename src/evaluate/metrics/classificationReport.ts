/**
 * A per-class precision / recall / F1 / support table, laid out like scikit-learn's `classification_report`
 * (one row per class, then accuracy, macro avg and weighted avg), as a report MetricTable. Browser-safe.
 */
import type { MetricTable } from '../../report/report.js';
import { accuracy } from './classification.js';
import { perClassPrf, precisionRecallF } from './prf.js';
import type { Vec, Weights } from './validate.js';

export interface ClassificationReportOptions {
  nClasses?: number;
  /** Class labels for the rows (default "0", "1", ...). */
  classNames?: readonly string[];
  weights?: Weights;
  /** Decimal places of the rounded numbers (default 4); support is never rounded. */
  digits?: number;
}

/**
 * Rows: every class 0..K-1 (classes absent from both y_true and y_pred are listed too, with zeros), then
 * `accuracy`, `macro avg` and `weighted avg` exactly as sklearn computes them (macro over the classes present).
 */
export function classificationReport(
  yTrue: Vec,
  yPred: Vec,
  options: ClassificationReportOptions = {},
): MetricTable {
  const w = options.weights;
  const pc = perClassPrf(yTrue, yPred, { nClasses: options.nClasses, weights: w });
  const k = pc.support.length;
  const digits = options.digits ?? 4;
  const round = (v: number) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);
  let total = 0;
  for (let c = 0; c < k; c++) total += pc.support[c]!;
  const rows: (string | number | null)[][] = [];
  for (let c = 0; c < k; c++) {
    rows.push([
      options.classNames?.[c] ?? String(c),
      round(pc.precision[c]!),
      round(pc.recall[c]!),
      round(pc.fScore[c]!),
      pc.support[c]!,
    ]);
  }
  const acc = accuracy(yTrue, yPred, w, k);
  rows.push(['accuracy', null, null, round(acc), total]);
  for (const average of ['macro', 'weighted'] as const) {
    const a = precisionRecallF(yTrue, yPred, { average, nClasses: k, weights: w });
    rows.push([`${average} avg`, round(a.precision), round(a.recall), round(a.fScore), total]);
  }
  return { title: 'Per-class metrics', columns: ['class', 'precision', 'recall', 'f1', 'support'], rows };
}
