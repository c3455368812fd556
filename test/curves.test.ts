/**
 * ROC, precision-recall and calibration curves pinned against scikit-learn 1.2.1 (`roc_curve`,
 * `precision_recall_curve`, `calibration_curve`) on out-of-fold breast_cancer probabilities; residual
 * summary checked for its invariants. Expected values: test/fixtures/metrics_fixtures.py -> metrics_curves.json.
 */
import { describe, expect, it } from 'vitest';
import {
  calibrationCurve,
  expectedCalibrationError,
  precisionRecallCurve,
  reliabilityDiagram,
  residualSummary,
  rocAuc,
  rocCurve,
  thinCurve,
  trapezoid,
} from '../src/evaluate/index.js';
import { expectAllClose, expectClose, loadFixture, twoColumns } from './fixtures/metricsFixture.js';

const bin = loadFixture<{ y: number[]; p1: number[]; weights: number[] }>('metrics_binary.json');
const curves = loadFixture('metrics_curves.json');
const y = Float64Array.from(bin.y);
const s = Float64Array.from(bin.p1);

describe('ROC and precision-recall curves', () => {
  for (const tag of ['unweighted', 'weighted'] as const) {
    const w = tag === 'weighted' ? Float64Array.from(bin.weights) : undefined;
    const e = curves[tag];
    it(`roc_curve with drop_intermediate (${tag})`, () => {
      const roc = rocCurve(y, s, { weights: w });
      expectAllClose(roc.fpr, e.roc.fpr, 'fpr');
      expectAllClose(roc.tpr, e.roc.tpr, 'tpr');
      expectAllClose(roc.thresholds, e.roc.thresholds, 'thresholds');
      expect(trapezoid(roc.fpr, roc.tpr)).toBeCloseTo(rocAuc(y, s, 2, { weights: w }), 14);
    });
    it(`precision_recall_curve (${tag})`, () => {
      const pr = precisionRecallCurve(y, s, { weights: w });
      expectAllClose(pr.precision, e.pr.precision, 'precision');
      expectAllClose(pr.recall, e.pr.recall, 'recall');
      expectAllClose(pr.thresholds, e.pr.thresholds, 'thresholds');
    });
  }

  it('roc_curve without dropping intermediate points', () => {
    const roc = rocCurve(y.subarray(0, 150), s.subarray(0, 150), { dropIntermediate: false });
    const e = curves.unweighted.roc_full;
    expectAllClose(roc.fpr, e.fpr, 'fpr');
    expectAllClose(roc.tpr, e.tpr, 'tpr');
    expectAllClose(roc.thresholds, e.thresholds, 'thresholds');
  });

  it('thins a million-point ROC curve for a chart, keeping its ends and shape', () => {
    const n = 1_000_000;
    const yy = new Float64Array(n);
    const ss = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      yy[i] = (i * 2654435761) % 7 < 2 ? 1 : 0;
      ss[i] = yy[i]! * 0.2 + ((i * 40503) % 100003) / 100003;
    }
    const roc = rocCurve(yy, ss);
    expect(roc.fpr.length).toBeGreaterThan(10_000);
    const keep = thinCurve(roc.fpr, roc.tpr, 300);
    expect(keep.length).toBeLessThanOrEqual(301);
    expect(keep[0]).toBe(0);
    expect(keep[keep.length - 1]).toBe(roc.fpr.length - 1);
    const fx = Array.from(keep, (i) => roc.fpr[i]!);
    const ty = Array.from(keep, (i) => roc.tpr[i]!);
    expect(Math.abs(trapezoid(fx, ty) - trapezoid(roc.fpr, roc.tpr))).toBeLessThan(2e-3);
    expect(thinCurve([0, 1], [0, 1])).toEqual(Int32Array.of(0, 1));
  });

  it('the positive class can be chosen', () => {
    const flipped = rocCurve(
      y,
      s.map((v) => 1 - v),
      { posLabel: 0 },
    );
    const roc = rocCurve(y, s);
    expect(trapezoid(flipped.fpr, flipped.tpr)).toBeCloseTo(trapezoid(roc.fpr, roc.tpr), 12);
  });
});

describe('calibration curve', () => {
  for (const strategy of ['uniform', 'quantile'] as const) {
    for (const nBins of [5, 10]) {
      it(`${strategy}, ${nBins} bins`, () => {
        const c = calibrationCurve(y, s, { strategy, nBins });
        const e = curves[`calibration_${strategy}_${nBins}`];
        expectAllClose(c.probTrue, e.probTrue, 'probTrue');
        expectAllClose(c.probPred, e.probPred, 'probPred');
        expect(c.counts.reduce((a, b) => a + b, 0)).toBe(y.length);
        expect(c.edges.length).toBe(nBins + 1);
      });
    }
  }

  it('handles tied scores lying on the bin edges (scores rounded to 0.1)', () => {
    const rounded = s.map((v) => Math.round(v * 10) / 10);
    for (const strategy of ['uniform', 'quantile'] as const) {
      const c = calibrationCurve(y, rounded, { strategy, nBins: 10 });
      const e = curves[`calibration_${strategy}_rounded`];
      expectAllClose(c.probTrue, e.probTrue, `${strategy} probTrue`);
      expectAllClose(c.probPred, e.probPred, `${strategy} probPred`);
    }
  });

  it('puts values on an edge into the lower bin, like sklearn', () => {
    const c = calibrationCurve([0, 1, 1, 0], [0.2, 0.4, 0.6, 0.8], { nBins: 5 });
    // edges 0, .2, .4, .6000000000000001, .8, 1: 0.2 -> bin 0, 0.4 -> bin 1, 0.6 -> bin 2, 0.8 -> bin 3
    expect(Array.from(c.counts)).toEqual([1, 1, 1, 1]);
    expect(() => calibrationCurve([0, 1], [0.5, 1.5])).toThrow(/\[0, 1\]/);
  });
});

describe('reliability diagram', () => {
  it('binary: the positive-class calibration curve, its ECE equal to expectedCalibrationError', () => {
    const proba = twoColumns(bin.p1);
    const r = reliabilityDiagram(y, proba, 2);
    expect(r.kind).toBe('positive');
    expectAllClose(r.probTrue, curves.calibration_uniform_10.probTrue, 'probTrue');
    expectAllClose(r.probPred, curves.calibration_uniform_10.probPred, 'probPred');
    expectClose(r.ece, expectedCalibrationError(y, proba, 2), 'ece', 1e-12);
  });

  it('multiclass: top-label, consistent with the pinned ECE', () => {
    const mc = loadFixture('metrics_multiclass.json');
    const r = reliabilityDiagram(mc.y, mc.proba, 3);
    expect(r.kind).toBe('top-label');
    expectClose(r.ece, mc.expected.unweighted.ece, 'ece');
    expect(r.counts.reduce((a, b) => a + b, 0)).toBe(mc.y.length);
    // top-label confidence is at least 1/K
    expect(r.probPred[0]!).toBeGreaterThanOrEqual(1 / 3);
  });
});

describe('residual summary', () => {
  const reg = loadFixture<{ y: number[]; yPred: number[] }>('metrics_regression.json');

  it('bins residuals by prediction without returning raw rows', () => {
    const r = residualSummary(reg.y, reg.yPred, { maxBins: 20 });
    expect(r.count).toBe(442);
    expect(r.bins.length).toBeLessThanOrEqual(20);
    expect(r.bins.length).toBeGreaterThanOrEqual(18);
    expect(r.bins.reduce((a, b) => a + b.count, 0)).toBe(442);
    for (let i = 1; i < r.bins.length; i++)
      expect(r.bins[i]!.predMin).toBeGreaterThanOrEqual(r.bins[i - 1]!.predMax);
    for (const b of r.bins) {
      expect(b.residualP10).toBeLessThanOrEqual(b.residualMedian);
      expect(b.residualMedian).toBeLessThanOrEqual(b.residualP90);
      expect(b.trueMean - b.predMean).toBeCloseTo(b.residualMean, 9);
    }
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(442);
    expect(r.histogram.edges.length).toBe(51);
    const mean = reg.y.reduce((a, v, i) => a + v - reg.yPred[i]!, 0) / 442;
    expect(r.residualMean).toBeCloseTo(mean, 9);
    expect(r.quantiles.find((q) => q.q === 0)!.value).toBe(
      Math.min(...reg.y.map((v, i) => v - reg.yPred[i]!)),
    );
  });

  it('stays small for a million rows and keeps tied predictions together', () => {
    const n = 1_000_000;
    const yt = new Float64Array(n);
    const yp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      yp[i] = i % 1000; // 1000 distinct predictions, each tied 1000 times
      yt[i] = yp[i]! + ((i * 7919) % 13) - 6;
    }
    const r = residualSummary(yt, yp);
    expect(r.bins.length).toBeLessThanOrEqual(200);
    for (const b of r.bins) expect(b.count % 1000).toBe(0);
    expect(JSON.stringify(r).length).toBeLessThan(100_000);
  });

  it('numpy-style quantiles on a tiny case', () => {
    const r = residualSummary([1, 2, 3, 4], [0, 0, 0, 0], { maxBins: 1 });
    // np.quantile([1, 2, 3, 4], [0.1, 0.5, 0.9]) = [1.3, 2.5, 3.7]
    expect(r.bins[0]!.residualP10).toBeCloseTo(1.3, 15);
    expect(r.bins[0]!.residualMedian).toBe(2.5);
    expect(r.bins[0]!.residualP90).toBeCloseTo(3.7, 15);
  });
});
