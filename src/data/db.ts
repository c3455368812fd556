/** A thin wrapper over an embedded DuckDB connection: run SQL, read rows as plain JS values. */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

/** Quote an identifier for SQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal for SQL. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object') {
    // DuckDB value objects (dates, timestamps, decimals, lists) have a readable toString.
    if (Array.isArray(v)) return v.map(plain);
    const o = v as { items?: unknown[]; entries?: Record<string, unknown>; toString(): string };
    if (Array.isArray(o.items)) return o.items.map(plain);
    if (o.entries && typeof o.entries === 'object') {
      const out: Row = {};
      for (const [k, x] of Object.entries(o.entries)) out[k] = plain(x);
      return out;
    }
    return o.toString();
  }
  return v;
}

export class Db {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    /** Whether `close()` also closes the database (false for a second connection from `connect()`). */
    private readonly owner = true,
  ) {}

  /**
   * A second connection to the same database: it sees the same tables and views (not temporary tables),
   * and its queries run alongside this connection's. Close it before the database.
   */
  async connect(): Promise<Db> {
    return new Db(this.instance, await this.instance.connect(), false);
  }

  /** Open an embedded database: in memory by default, or a file path. */
  static async open(path = ':memory:', threads?: number): Promise<Db> {
    const opts: Record<string, string> = {};
    if (threads) opts.threads = String(threads);
    const instance = await DuckDBInstance.create(path, opts);
    const conn = await instance.connect();
    return new Db(instance, conn);
  }

  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  /** Rows as objects with BigInt turned into number and DuckDB values into strings. */
  async rows(sql: string): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    return reader.getRows().map((r) => {
      const o: Row = {};
      for (let j = 0; j < names.length; j++) o[names[j]!] = plain(r[j]);
      return o;
    });
  }

  /** The first row, or undefined. */
  async one(sql: string): Promise<Row | undefined> {
    return (await this.rows(sql))[0];
  }

  /** Columns of the result, as arrays of plain values (faster than rows for wide reads). */
  async columns(sql: string): Promise<{ names: string[]; values: unknown[][] }> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const cols = reader.getColumns();
    return { names, values: cols.map((c) => c.map(plain)) };
  }

  /**
   * Columns of the result read straight from DuckDB's vectors: where `numeric[j]`, a Float64Array (missing =
   * NaN), else plain values as in `columns`. Much less work than `columns` for long numeric reads.
   */
  async typedColumns(
    sql: string,
    numeric: boolean[],
  ): Promise<{ names: string[]; rows: number; values: (Float64Array | unknown[])[] }> {
    const result = await this.conn.run(sql);
    const names = result.columnNames();
    const rows = result.rowCount;
    const values = names.map((_, j) => (numeric[j] ? new Float64Array(rows) : new Array<unknown>(rows)));
    let offset = 0;
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const m = chunk.rowCount;
      for (let j = 0; j < names.length; j++) {
        const vec = chunk.getColumnVector(j);
        const out = values[j]!;
        if (out instanceof Float64Array) {
          for (let i = 0; i < m; i++) {
            const x = vec.getItem(i);
            out[offset + i] = x === null ? Number.NaN : typeof x === 'number' ? x : Number(plain(x));
          }
        } else for (let i = 0; i < m; i++) out[offset + i] = plain(vec.getItem(i));
      }
      offset += m;
    }
    return { names, rows, values };
  }

  close(): void {
    this.conn.closeSync();
    if (this.owner) this.instance.closeSync();
  }
}
