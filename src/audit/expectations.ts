/** Expectations: what the user declares about the data (--expect FILE, YAML or JSON). */
import type { ColumnType } from '../data/schema.js';

export interface ColumnExpectation {
  type?: ColumnType;
  min?: number;
  max?: number;
  /** Allowed values. */
  values?: (string | number | boolean)[];
  regex?: string;
  nullable?: boolean;
  unique?: boolean;
}

export interface Expectations {
  columns?: Record<string, ColumnExpectation>;
  table?: { rows?: { min?: number; max?: number }; required?: string[] };
}

export { parseExpectations, validateExpectations } from './expectations-parse.js';
export { expectationsYaml, suggestExpectations, writeExpectations } from './expectations-suggest.js';
