/**
 * Frame: data in memory for learners and row-level checks. Columnar; numeric columns are Float64Array
 * with NaN for missing, categorical columns are Int32Array codes (-1 for missing) plus a dictionary.
 * Browser-safe: imports nothing from Node.
 */

export interface NumericColumn {
  kind: 'numeric';
  name: string;
  values: Float64Array;
}

export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  /** Index into `dictionary`, or -1 for missing. */
  codes: Int32Array;
  dictionary: string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Frame {
  nRows: number;
  columns: Column[];
  /** 1-based data-row number in the source file for each row (header is row 0). */
  rowNumbers: Int32Array;
}

export function column(frame: Frame, name: string): Column {
  const c = frame.columns.find((col) => col.name === name);
  if (!c) throw new Error(`no column ${name} in frame`);
  return c;
}

export function hasColumn(frame: Frame, name: string): boolean {
  return frame.columns.some((c) => c.name === name);
}

export function isMissing(col: Column, i: number): boolean {
  return col.kind === 'numeric' ? Number.isNaN(col.values[i]!) : col.codes[i]! < 0;
}

/** Rows of a frame selected by index (in the given order). */
export function takeRows(frame: Frame, idx: ArrayLike<number>): Frame {
  const n = idx.length;
  const rowNumbers = new Int32Array(n);
  for (let i = 0; i < n; i++) rowNumbers[i] = frame.rowNumbers[idx[i]!]!;
  const columns: Column[] = frame.columns.map((c) => {
    if (c.kind === 'numeric') {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[idx[i]!]!;
      return { kind: 'numeric', name: c.name, values: v };
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = c.codes[idx[i]!]!;
    return { kind: 'categorical', name: c.name, codes, dictionary: c.dictionary };
  });
  return { nRows: n, columns, rowNumbers };
}

/** A frame with only the named columns, in that order. */
export function selectColumns(frame: Frame, names: string[]): Frame {
  return { nRows: frame.nRows, rowNumbers: frame.rowNumbers, columns: names.map((n) => column(frame, n)) };
}

/** Build a categorical column from strings (null/undefined = missing); dictionary in first-seen order. */
export function categoricalFromStrings(
  name: string,
  values: ArrayLike<string | null | undefined>,
): CategoricalColumn {
  const dict = new Map<string, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let code = dict.get(v);
    if (code === undefined) {
      code = dict.size;
      dict.set(v, code);
    }
    codes[i] = code;
  }
  return { kind: 'categorical', name, codes, dictionary: [...dict.keys()] };
}

/** Value of a cell as a display string ('' for missing). */
export function cellText(col: Column, i: number): string {
  if (col.kind === 'numeric') {
    const v = col.values[i]!;
    return Number.isNaN(v) ? '' : String(v);
  }
  const c = col.codes[i]!;
  return c < 0 ? '' : col.dictionary[c]!;
}
