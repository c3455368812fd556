/** Display text for typed values: datetimes (epoch ms) as ISO dates, booleans as true/false, numbers compact. */
import type { ColumnType } from '../data/schema.js';

/** An epoch-ms timestamp as ISO text, without a zero time or zero milliseconds. */
export function isoTime(ms: number): string {
  const s = new Date(ms).toISOString();
  if (s.endsWith('T00:00:00.000Z')) return s.slice(0, 10);
  return s.endsWith('.000Z') ? `${s.slice(0, 19)}Z` : s;
}

/** A typed value (number for numeric/boolean/datetime columns, string otherwise) as text. */
export function formatValue(type: ColumnType, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (type === 'datetime') return isoTime(v);
    if (type === 'boolean') return v === 1 ? 'true' : v === 0 ? 'false' : String(v);
    return String(v);
  }
  return String(v);
}

/** A number rounded for people: up to `digits` significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 12 });
}

/** The typed value back from `formatValue` text (numbers for numeric, boolean and datetime columns). */
export function parseValue(type: ColumnType, s: string): number {
  if (type === 'boolean') return s === 'true' ? 1 : s === 'false' ? 0 : Number(s);
  if (type === 'datetime') return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  return Number(s);
}
