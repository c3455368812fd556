// DuckDB peer for the audit benchmark: load the file, SUMMARIZE every column, count duplicate rows.
// Usage: node bench/peers/audit_duckdb.mjs <file>
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const src = file.endsWith('.parquet') ? `read_parquet('${file}')` : `read_csv('${file}')`;
await conn.run(`CREATE TABLE t AS SELECT * FROM ${src}`);
const summary = await conn.runAndReadAll('SUMMARIZE t');
const dups = await conn.runAndReadAll(
  'SELECT (SELECT count(*) FROM t) - (SELECT count(*) FROM (SELECT DISTINCT * FROM t)) AS d',
);
process.stdout.write(
  `${JSON.stringify({ columns: summary.getRows().length, duplicates: Number(dups.getRows()[0][0]) })}\n`,
);
conn.closeSync();
instance.closeSync();
