/** Parsers for flags shared by several commands. */
import { InvalidArgumentError } from 'commander';
import type { Severity } from '../report/finding.js';

export function parseInteger(name: string, min = 0) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
    return n;
  };
}

export function parseNumber(name: string, min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a number in [${min}, ${max}]`);
    return n;
  };
}

export function parseList(v: string, prev: string[] = []): string[] {
  return [
    ...prev,
    ...v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

export function parseFailOn(v: string): Severity | 'never' {
  if (v === 'error' || v === 'warning' || v === 'info' || v === 'never') return v;
  throw new InvalidArgumentError('must be error, warning, info or never');
}
