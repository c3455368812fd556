/** Arrow IPC files: read with apache-arrow (DuckDB's arrow extension is not bundled) and append into DuckDB. */
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import type { Db } from './db.js';
import { ident } from './db.js';

function duckType(typeName: string): string {
  const t = typeName.toLowerCase();
  if (t.startsWith('float') || t.startsWith('decimal')) return 'DOUBLE';
  if (t.startsWith('int') || t.startsWith('uint')) return 'BIGINT';
  if (t.startsWith('bool')) return 'BOOLEAN';
  if (t.startsWith('date') || t.startsWith('timestamp')) return 'TIMESTAMP';
  return 'VARCHAR';
}

export async function loadArrow(db: Db, path: string, name: string): Promise<void> {
  const table = tableFromIPC(readFileSync(path));
  const fields = table.schema.fields;
  const types = fields.map((f) => duckType(String(f.type)));
  await db.run(
    `CREATE TABLE ${ident(name)} (${fields.map((f, j) => `${ident(f.name)} ${types[j]}`).join(', ')})`,
  );
  const appender = await db.conn.createAppender(name);
  const cols = fields.map((f) => table.getChild(f.name)!);
  for (let i = 0; i < table.numRows; i++) {
    for (let j = 0; j < cols.length; j++) {
      const v = cols[j]!.get(i) as unknown;
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) appender.appendNull();
      else if (types[j] === 'DOUBLE') appender.appendDouble(Number(v));
      else if (types[j] === 'BIGINT') appender.appendBigInt(BigInt(v as number));
      else if (types[j] === 'BOOLEAN') appender.appendBoolean(Boolean(v));
      else if (types[j] === 'TIMESTAMP') appender.appendVarchar(new Date(Number(v)).toISOString());
      else appender.appendVarchar(String(v));
    }
    appender.endRow();
  }
  appender.closeSync();
}
