/**
 * The explanations part of an evaluation: permutation importance on the test rows, a TreeSHAP summary
 * (mean |SHAP| per feature) for tree models, and partial dependence of the most important features, with
 * their report section. Row counts are capped by the budget (a seeded sample of the test rows). Browser-safe.
 */
import { takeMatrix } from '../automl/cv.js';
import { partialDependence, pdGrid } from '../explain/pdp.js';
import { permutationImportance } from '../explain/permutation.js';
import { ensembleShap, treeEnsemble } from '../explain/treeshap.js';
import type { FeatureMatrix } from '../learners/types.js';
import { barChart } from '../report/charts.js';
import type { Section } from '../report/report.js';
import { errorBarChart, lineChart, type SeriesPoint } from './charts.js';
import { checkRng, type EvalContext, sampleRows, scoreRows, scoreWith } from './context.js';
import type { PermutationImportance } from './types.js';

export interface ShapSummary {
  outputKind: string;
  outputs: string[];
  base: number[];
  rows: number;
  /** Mean |SHAP| per feature and output, largest (summed over outputs) first. */
  meanAbs: { feature: string; values: number[] }[];
}

export interface PdpResult {
  feature: string;
  grid: number[];
  outputs: string[];
  /** outputs x grid */
  average: number[][];
}

export interface Explanations {
  permutationImportance: PermutationImportance[];
  shap?: ShapSummary;
  partialDependence?: PdpResult[];
  /** Test rows used (a seeded sample when the test set is larger than the budget). */
  rows: number;
  [k: string]: unknown;
}

/** Work per row of TreeSHAP is about sum over trees of leaves x depth^2; keep the total near this. */
const SHAP_WORK = 3e8;

function outputsOf(ctx: EvalContext): string[] {
  if (ctx.task === 'regression') return ['prediction'];
  const name = (k: number) => ctx.input.classes[k] ?? String(k);
  return ctx.K === 2 ? [name(1)] : Array.from({ length: ctx.K }, (_, k) => name(k));
}

/** Model output for partial dependence: probability of class 1 (binary), all classes, or the value. */
function pdOutput(ctx: EvalContext): (X: FeatureMatrix) => Float64Array {
  const p = ctx.input.predictor;
  if (ctx.task === 'regression') return (X) => p.predict(X);
  return (X) => {
    const proba = scoreRows(p, X, ctx.task).proba!;
    if (ctx.K !== 2) return proba;
    return Float64Array.from({ length: X.nRows }, (_, i) => proba[2 * i + 1]!);
  };
}

export function explain(ctx: EvalContext): Explanations {
  const b = ctx.input.budget ?? {};
  const { X, y } = ctx.sample;
  const sign = ctx.metric.direction === 'higher' ? 1 : -1;
  const predictor = ctx.input.predictor;
  const pi = permutationImportance(X, {
    repeats: b.permutationRepeats ?? 5,
    rng: checkRng(ctx.input.seed, 'permutation_importance'),
    score: (Z) => sign * scoreWith(ctx, predictor, Z, y),
    onFeature: (d, t) => ctx.input.onProgress?.('permutation importance', d, t),
  })
    .map((r) => ({ feature: r.feature, mean: r.mean, std: r.std }))
    .sort((a, b) => b.mean - a.mean || a.feature.localeCompare(b.feature));
  const out: Explanations = { permutationImportance: pi, rows: X.nRows };

  const ens = predictor.model ? treeEnsemble(predictor.model) : null;
  if (ens && X.columns.length > 0) {
    let work = 0;
    for (const t of ens.trees) {
      let leaves = 0;
      for (let n = 0; n < t.feature.length; n++) if (t.feature[n]! < 0) leaves++;
      work += leaves * (t.maxDepth + 1) ** 2;
    }
    const nShap = Math.min(X.nRows, b.maxShapRows ?? 500, Math.floor(SHAP_WORK / Math.max(1, work)));
    if (nShap >= 1) {
      const sIdx = sampleRows(X.nRows, nShap, ctx.input.seed + 1);
      const S = sIdx ? takeMatrix(X, sIdx) : X;
      ctx.input.onProgress?.('TreeSHAP', 0, 1);
      const s = ensembleShap(ens, S);
      const F = s.nFeatures;
      const outs = s.nOut === 1 ? [outputsOf(ctx)[0]!] : outputsOf(ctx);
      const meanAbs = Array.from({ length: F }, (_, j) => {
        const values = Array.from({ length: s.nOut }, (_, k) => {
          let sum = 0;
          for (let i = 0; i < s.nRows; i++) sum += Math.abs(s.values[(i * F + j) * s.nOut + k]!);
          return sum / s.nRows;
        });
        return { feature: X.names[j]!, values };
      }).sort(
        (a, b2) =>
          b2.values.reduce((p, q) => p + q, 0) - a.values.reduce((p, q) => p + q, 0) ||
          a.feature.localeCompare(b2.feature),
      );
      out.shap = {
        outputKind: s.outputKind,
        outputs: outs,
        base: Array.from(s.base),
        rows: s.nRows,
        meanAbs,
      };
    }
  }

  const nPd = b.partialDependenceFeatures ?? 4;
  if (nPd > 0) {
    const predict = pdOutput(ctx);
    const outputs = outputsOf(ctx);
    const pIdx = sampleRows(X.nRows, b.partialDependenceRows ?? 300, ctx.input.seed + 2);
    const P = pIdx ? takeMatrix(X, pIdx) : X;
    const pds: PdpResult[] = [];
    for (const imp of pi.slice(0, nPd)) {
      const j = X.names.indexOf(imp.feature);
      const col = P.columns[j]!;
      let grid: Float64Array;
      try {
        grid = pdGrid(col, {
          gridResolution: b.partialDependenceGrid ?? 20,
          categorical: X.categories[j] !== null,
        });
      } catch {
        continue; // an all-missing or constant-within-percentiles feature has no curve
      }
      const pd = partialDependence(P, j, grid, predict, outputs);
      pds.push({
        feature: imp.feature,
        grid: Array.from(grid),
        outputs,
        average: outputs.map((_, k) =>
          Array.from(pd.average.subarray(k * grid.length, (k + 1) * grid.length)),
        ),
      });
    }
    out.partialDependence = pds;
  }
  return out;
}

const r4 = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : null);

export function explanationSection(ctx: EvalContext, e: Explanations): Section {
  const m = ctx.metric.name;
  const top = e.permutationImportance.slice(0, 15);
  const charts: Section['charts'] = [
    {
      title: 'Permutation importance (drop in score when the feature is shuffled, +-1 std)',
      spec: errorBarChart(
        top.map((t) => ({ label: t.feature, value: t.mean, std: t.std })),
        { xTitle: `drop in ${m}` },
      ),
    },
  ];
  const tables: Section['tables'] = [
    {
      title: 'Permutation importance',
      columns: ['feature', `mean drop in ${m}`, 'std'],
      rows: top.map((t) => [t.feature, r4(t.mean), r4(t.std)]),
    },
  ];
  if (e.shap) {
    charts.push({
      title: `Mean |SHAP| (${e.shap.outputKind}${e.shap.outputs.length > 1 ? ', summed over classes' : ''})`,
      spec: barChart(
        e.shap.meanAbs
          .slice(0, 15)
          .map((f) => ({ label: f.feature, value: f.values.reduce((a, b) => a + b, 0) })),
        { format: '.3~g' },
      ),
    });
    tables.push({
      title: `Mean |SHAP| (${e.shap.outputKind}; base value ${e.shap.base.map((v) => r4(v)).join(' / ')}; ${e.shap.rows} rows)`,
      columns: ['feature', ...e.shap.outputs],
      rows: e.shap.meanAbs.slice(0, 15).map((f) => [f.feature, ...f.values.map((v) => r4(v))]),
    });
  }
  for (const pd of e.partialDependence ?? []) {
    const cats = ctx.input.test.X.categories[ctx.input.test.X.names.indexOf(pd.feature)];
    const pts: SeriesPoint[] = [];
    pd.outputs.forEach((o, k) => {
      pd.grid.forEach((g, i) => {
        pts.push({ x: g, y: pd.average[k]![i]!, series: o });
      });
    });
    charts.push({
      title: `Partial dependence on ${pd.feature}${cats ? ` (category codes: ${cats.slice(0, 8).join(', ')}${cats.length > 8 ? ', ...' : ''})` : ''}`,
      spec: lineChart(pts, {
        xTitle: pd.feature,
        yTitle: ctx.task === 'regression' ? 'mean prediction' : 'mean probability',
        points: pd.grid.length <= 12,
      }),
    });
  }
  return {
    title: 'Explanations',
    text: `On ${e.rows} test rows. Permutation importance: how much ${m} worsens when one feature's values are shuffled (${
      ctx.input.budget?.permutationRepeats ?? 5
    } repeats).${e.shap ? ' SHAP: exact TreeSHAP values, cover-weighted.' : ''}`,
    tables,
    charts,
  };
}
