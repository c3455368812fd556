/** The Report contract: what every command hands to the text and HTML renderers. */
import type { Finding } from './finding.js';

/** A Vega-Lite spec (kept as plain data; rendered to inline SVG when the HTML is written). */
export type ChartSpec = Record<string, unknown>;

export interface MetricTable {
  title?: string;
  columns: string[];
  rows: (string | number | null)[][];
}

export interface Section {
  title: string;
  /** A short paragraph of plain text. */
  text?: string;
  findings?: Finding[];
  tables?: MetricTable[];
  charts?: { title: string; spec: ChartSpec }[];
}

export interface Report {
  title: string;
  /** Key facts shown at the top: rows, columns, task, best model, ... */
  summary: Record<string, string | number>;
  sections: Section[];
  /** Notes such as "row-level checks ran on a sample of 100,000 of 3,000,000 rows". */
  notes?: string[];
}
