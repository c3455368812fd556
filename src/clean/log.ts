/** Building step logs: row lists capped at LOG_ROWS, with exact counts. Browser-safe. */
import type { CellChange, StepLog } from './types.js';

/** At most this many row numbers are listed per change in a log; counts are always exact. */
export const LOG_ROWS = 100;

export function emptyLog(step: string): StepLog {
  return {
    step,
    summary: '',
    rowsDropped: { count: 0, rows: [] },
    cells: [],
    columnsAdded: [],
    columnsRemoved: [],
  };
}

/** Record cells changed in a column (rows are 1-based file rows; only the first LOG_ROWS are kept). */
export function logCells(
  log: StepLog,
  column: string,
  action: CellChange['action'],
  rows: ArrayLike<number>,
  count = rows.length,
): void {
  if (count === 0) return;
  const listed: number[] = [];
  for (let i = 0; i < rows.length && listed.length < LOG_ROWS; i++) listed.push(rows[i]!);
  log.cells.push({ column, action, count, rows: listed });
}

/** Collects row numbers, keeping the first LOG_ROWS and counting all. */
export class RowList {
  rows: number[] = [];
  count = 0;
  add(row: number): void {
    if (this.rows.length < LOG_ROWS) this.rows.push(row);
    this.count++;
  }
}

export function logRowList(log: StepLog, column: string, action: CellChange['action'], list: RowList): void {
  logCells(log, column, action, list.rows, list.count);
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
