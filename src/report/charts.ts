/**
 * Vega-Lite specs built from aggregates (never raw rows): histograms, top-value bars, heatmaps. The HTML
 * renderer turns them into inline SVG when the report is written.
 */
import type { ChartSpec } from './report.js';

export const PALETTE = { bar: '#4c78a8', missing: '#e45756', grid: '#e8e8e8' };

/** The shared frame of every chart: size, white background, fonts and axis styling. */
export const chartBase = (width: number, height: number): ChartSpec => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width,
  height,
  background: 'white',
  config: {
    // Per-mark ARIA labels would make each chart several times larger; the SVG gets one label instead.
    aria: false,
    font: 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif',
    axis: {
      labelFontSize: 10,
      titleFontSize: 10,
      titleFontWeight: 'normal',
      gridColor: PALETTE.grid,
      domainColor: '#888',
      tickColor: '#888',
    },
    legend: { labelFontSize: 10, titleFontSize: 10, titleFontWeight: 'normal' },
    view: { stroke: null },
  },
});

export interface Bin {
  start: number;
  end: number;
  count: number;
}

/** A histogram from binned counts; `temporal` when bin edges are epoch milliseconds. */
export function histogramChart(
  bins: Bin[],
  options: { temporal?: boolean; width?: number; height?: number; xTitle?: string } = {},
): ChartSpec {
  const type = options.temporal ? 'temporal' : 'quantitative';
  return {
    ...chartBase(options.width ?? 220, options.height ?? 90),
    data: { values: bins.map((b) => ({ start: b.start, end: b.end, count: b.count })) },
    mark: { type: 'rect', color: PALETTE.bar, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: {
        field: 'start',
        type,
        title: options.xTitle ?? null,
        scale: options.temporal ? { nice: false } : { zero: false, nice: false },
        axis: { tickCount: 4, labelOverlap: true },
      },
      x2: { field: 'end' },
      y: {
        field: 'count',
        type: 'quantitative',
        title: null,
        scale: { zero: true },
        axis: { tickCount: 3, format: '~s' },
      },
      y2: { datum: 0 },
      tooltip: [
        { field: 'start', type, title: 'from' },
        { field: 'end', type, title: 'to' },
        { field: 'count', type: 'quantitative', title: 'rows' },
      ],
    },
  };
}

/** Horizontal bars of value counts, most frequent on top. */
export function barChart(
  rows: { label: string; value: number }[],
  options: { width?: number; height?: number; color?: string; xTitle?: string; format?: string } = {},
): ChartSpec {
  return {
    ...chartBase(options.width ?? 220, options.height ?? Math.max(40, rows.length * 14)),
    data: { values: rows.map((r, i) => ({ label: r.label, value: r.value, order: i })) },
    mark: { type: 'bar', color: options.color ?? PALETTE.bar },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: { field: 'order' }, title: null, axis: { labelLimit: 90 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: options.xTitle ?? null,
        axis: { tickCount: 3, format: options.format ?? '~s' },
      },
    },
  };
}

/**
 * A heatmap over two ordinal axes. `domain` fixes the colour scale ([-1, 1] diverging for correlations,
 * [0, 1] sequential for shares).
 */
export function heatmapChart(
  cells: { x: string; y: string; value: number | null }[],
  options: {
    xOrder?: string[];
    yOrder?: string[];
    domain?: [number, number];
    diverging?: boolean;
    legend?: string;
    width?: number;
    height?: number;
    xTitle?: string;
    yTitle?: string;
    format?: string;
    /** Label only these x values (long ordinal axes). */
    xLabels?: string[];
  } = {},
): ChartSpec {
  const nx = options.xOrder?.length ?? new Set(cells.map((c) => c.x)).size;
  const ny = options.yOrder?.length ?? new Set(cells.map((c) => c.y)).size;
  const scale: Record<string, unknown> = options.diverging
    ? { scheme: 'redblue', domain: options.domain ?? [-1, 1], reverse: true }
    : { range: ['#f4f5f7', PALETTE.missing], domain: options.domain ?? [0, 1], interpolate: 'rgb' };
  return {
    ...chartBase(
      options.width ?? Math.min(560, Math.max(120, nx * 18)),
      options.height ?? Math.min(560, Math.max(60, ny * 16)),
    ),
    data: { values: cells.filter((c) => c.value !== null) },
    mark: { type: 'rect' },
    encoding: {
      x: {
        field: 'x',
        type: 'ordinal',
        sort: options.xOrder ?? null,
        title: options.xTitle ?? null,
        axis: { labelAngle: -45, labelLimit: 100, ...(options.xLabels ? { values: options.xLabels } : {}) },
      },
      y: {
        field: 'y',
        type: 'ordinal',
        sort: options.yOrder ?? null,
        title: options.yTitle ?? null,
        axis: { labelLimit: 120 },
      },
      color: {
        field: 'value',
        type: 'quantitative',
        scale,
        title: options.legend ?? null,
        legend: { gradientLength: 100, format: options.format ?? '.2~f' },
      },
      tooltip: [
        { field: 'y', type: 'nominal', title: options.yTitle ?? 'row' },
        { field: 'x', type: 'nominal', title: options.xTitle ?? 'column' },
        { field: 'value', type: 'quantitative', format: options.format ?? '.3~f' },
      ],
    },
  };
}
