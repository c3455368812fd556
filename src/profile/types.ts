/** Column profiles: the summary statistics every stage shares (audit report, artifact reference, monitor). */
import type { ColumnType } from '../data/schema.js';

/** Equal-width bins aligned on multiples of `width`: bin k covers [start + k*width, start + (k+1)*width). */
export interface Histogram {
  start: number;
  /** A "nice" width, 1, 2 or 5 times a power of ten, so histograms of two parts can share edges. */
  width: number;
  counts: number[];
}

export interface ValueCount {
  value: string;
  count: number;
}

/** Quantiles of the non-missing values at the probabilities in `p`. */
export interface Quantiles {
  p: number[];
  values: number[];
  /** Exact (interpolated like pandas' default) or from an approximate sketch (large tables, merged profiles). */
  exact: boolean;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Rows, including missing. */
  count: number;
  /** Missing cells. */
  nulls: number;
  /** Distinct non-missing values: exact for one scan, estimated after a merge. */
  distinct: number;
  distinctExact: boolean;
  /** Numbers (numeric, integer, boolean and datetime as epoch ms); null for text. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sum of squared deviations from the mean (variance = m2 / (count - nulls - 1)). */
  m2: number | null;
  zeros: number | null;
  quantiles: Quantiles | null;
  /** Quantile sketch for merging: the values at p = 0, 0.01, ..., 1 (101 numbers), or null for text. */
  percentiles: number[] | null;
  histogram: Histogram | null;
  /** Most frequent values, most frequent first (ties by value); at most TOP_K. */
  top: ValueCount[];
  /** True when `top` lists every distinct value (so its counts are the whole distribution). */
  topComplete: boolean;
  /** Distinct-count sketch: the KMV_K smallest hashes of the values, scaled to [0, 1). */
  sketch: number[];
}

export interface Profile {
  rows: number;
  columns: ColumnProfile[];
}

export const TOP_K = 10;
export const KMV_K = 256;
export const QUANTILE_P = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
/** p = 0, 0.01, ..., 1: the grid of the percentile sketch (QUANTILE_P is a subset of it). */
export const PERCENTILE_P = Array.from({ length: 101 }, (_, i) => i / 100);

/** The summary quantiles (at QUANTILE_P) read off a percentile sketch. */
export function quantilesFromPercentiles(percentiles: number[]): number[] {
  return QUANTILE_P.map((p) => percentiles[Math.round(p * 100)]!);
}

/** Sample variance (n - 1 denominator), or null. */
export function variance(c: ColumnProfile): number | null {
  const n = c.count - c.nulls;
  return c.m2 === null || n < 2 ? null : c.m2 / (n - 1);
}

export function std(c: ColumnProfile): number | null {
  const v = variance(c);
  return v === null ? null : Math.sqrt(v);
}

export function quantile(c: ColumnProfile, p: number): number | null {
  if (!c.quantiles) return null;
  const i = c.quantiles.p.indexOf(p);
  return i < 0 ? null : c.quantiles.values[i]!;
}
