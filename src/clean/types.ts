/** Types shared by cleaning steps, the pipeline and the plan. Browser-safe. */
import type { Frame } from '../data/frame.js';

/** What a step is fitted with: the target column (never transformed as a feature) and a seed. */
export interface FitContext {
  target?: string;
  seed: number;
}

/**
 * How a fitted step is run:
 * - `fit`: right after fitting, on the training rows (row-dropping steps drop; target encoding is out-of-fold);
 * - `clean`: a saved plan applied to a new data file (row-dropping steps drop, with the fitted params);
 * - `predict`: inside a model's pipeline at prediction time (no row is ever dropped).
 */
export type Mode = 'fit' | 'clean' | 'predict';

/** Cells one step changed in one column. `rows` are 1-based file rows, capped at LOG_ROWS; `count` is the total. */
export interface CellChange {
  column: string;
  action:
    | 'imputed'
    | 'clipped'
    | 'set_missing'
    | 'recoded'
    | 'converted'
    | 'unparseable'
    | 'flagged'
    | 'unseen';
  count: number;
  rows: number[];
}

/** What one step changed. */
export interface StepLog {
  step: string;
  /** One line a person reads. */
  summary: string;
  rowsDropped: { count: number; rows: number[] };
  cells: CellChange[];
  columnsAdded: string[];
  columnsRemoved: string[];
}

export type Params = Record<string, unknown>;

export interface StepContext {
  mode: Mode;
  fit: FitContext;
  log: StepLog;
}

/** A cleaning step: fit on training rows to plain-JSON params, then transform any frame with them. */
export interface StepDef<P extends Params = Params> {
  name: string;
  /** One line: what it does. */
  description: string;
  /** What the step does inside a model's pipeline at prediction time. */
  atPredict: string;
  /** Fit params from the training frame and the plan's options (validated; InputError on bad options). */
  fit(frame: Frame, options: Params, ctx: FitContext): P;
  /** Check params read from a file (InputError with a one-line message). */
  check(params: Params): P;
  transform(frame: Frame, params: P, ctx: StepContext): Frame;
}
