/**
 * Vega-Lite specs for evaluation charts (curves, reliability diagram, binned residuals, bars with error
 * bars), built from aggregates only: curves are thinned to a few hundred points and residuals are binned,
 * so chart size never grows with the test set. Browser-safe.
 */
import { chartBase, PALETTE } from '../report/charts.js';
import type { ChartSpec } from '../report/report.js';

/** Round for chart data (keeps specs small). */
const r4 = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : null);

export interface SeriesPoint {
  x: number;
  y: number;
  series: string;
}

/**
 * Lines, one per series, optionally with a dashed diagonal reference (ROC, reliability diagram) and a
 * fixed [0, 1] domain.
 */
export function lineChart(
  points: SeriesPoint[],
  options: {
    xTitle: string;
    yTitle: string;
    unit?: boolean;
    diagonal?: boolean;
    width?: number;
    height?: number;
    points?: boolean;
    /** 'step-after' for step curves (PR). */
    interpolate?: string;
  },
): ChartSpec {
  const scale = options.unit ? { domain: [0, 1], nice: false } : { zero: false };
  const series = [...new Set(points.map((p) => p.series))];
  const line: ChartSpec = {
    data: { values: points.map((p) => ({ x: r4(p.x), y: r4(p.y), series: p.series })) },
    mark: {
      type: 'line',
      strokeWidth: 1.5,
      ...(options.points ? { point: { size: 18 } } : {}),
      ...(options.interpolate ? { interpolate: options.interpolate } : {}),
    },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle, scale, axis: { tickCount: 5 } },
      y: { field: 'y', type: 'quantitative', title: options.yTitle, scale, axis: { tickCount: 5 } },
      ...(series.length > 1
        ? {
            color: {
              field: 'series',
              type: 'nominal',
              title: null,
              sort: series,
              legend: { orient: 'right' },
            },
          }
        : { color: { value: PALETTE.bar } }),
      order: { value: 0 },
    },
  };
  const layers: ChartSpec[] = [line];
  if (options.diagonal) {
    layers.unshift({
      data: {
        values: [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
      },
      mark: { type: 'line', strokeDash: [4, 4], color: '#999', strokeWidth: 1 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
  }
  return { ...chartBase(options.width ?? 260, options.height ?? 200), layer: layers };
}

/** Binned band (low..high) with a mean line along x: residuals by prediction, learning curves. */
export function bandChart(
  rows: { x: number; mean: number; low: number; high: number; series?: string }[],
  options: { xTitle: string; yTitle: string; zeroLine?: boolean; width?: number; height?: number },
): ChartSpec {
  const values = rows.map((r) => ({
    x: r4(r.x),
    mean: r4(r.mean),
    low: r4(r.low),
    high: r4(r.high),
    series: r.series ?? '',
  }));
  const multi = new Set(values.map((v) => v.series)).size > 1;
  const color = multi ? { field: 'series', type: 'nominal', title: null } : { value: PALETTE.bar };
  const layers: ChartSpec[] = [
    {
      mark: { type: 'area', opacity: 0.25 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: options.xTitle, scale: { zero: false } },
        y: { field: 'low', type: 'quantitative', title: options.yTitle, scale: { zero: false } },
        y2: { field: 'high' },
        color,
      },
    },
    {
      mark: { type: 'line', strokeWidth: 1.5, point: { size: 14 } },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'mean', type: 'quantitative' },
        color,
      },
    },
  ];
  if (options.zeroLine) {
    layers.push({
      data: { values: [{ z: 0 }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#999' },
      encoding: { y: { field: 'z', type: 'quantitative' } },
    });
  }
  return { ...chartBase(options.width ?? 300, options.height ?? 180), data: { values }, layer: layers };
}

/** Horizontal bars with +-1 std error bars (permutation importance). */
export function errorBarChart(
  rows: { label: string; value: number; std: number }[],
  options: { xTitle: string; width?: number },
): ChartSpec {
  const values = rows.map((r, i) => ({
    label: r.label,
    value: r4(r.value),
    low: r4(r.value - r.std),
    high: r4(r.value + r.std),
    order: i,
  }));
  const y = {
    field: 'label',
    type: 'nominal',
    sort: { field: 'order' },
    title: null,
    axis: { labelLimit: 120 },
  };
  return {
    ...chartBase(options.width ?? 260, Math.max(40, rows.length * 16)),
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: PALETTE.bar },
        encoding: { y, x: { field: 'value', type: 'quantitative', title: options.xTitle } },
      },
      {
        mark: { type: 'rule', color: '#333' },
        encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
    ],
  };
}
