/** Where missing values sit in the file: per column, the share missing in each block of consecutive rows. */
import type { Db } from '../data/db.js';
import { ident } from '../data/db.js';
import { ROW } from '../data/load.js';

export interface MissingMap {
  columns: string[];
  /** Block b holds data rows [starts[b], starts[b + 1]) (1-based, file order). */
  starts: number[];
  /** share[c][b]: share of cells missing in column c, block b. */
  share: number[][];
}

/** Missing shares over `blocks` equal row blocks, for the given columns, in one grouped scan. */
export async function missingMap(
  db: Db,
  relation: string,
  rows: number,
  columns: string[],
  blocks = 40,
): Promise<MissingMap> {
  const nb = Math.max(1, Math.min(blocks, rows));
  const share = columns.map(() => new Array<number>(nb).fill(0));
  const starts = Array.from({ length: nb + 1 }, (_, b) => Math.floor((b * rows) / nb) + 1);
  if (columns.length > 0 && rows > 0) {
    const counts = columns.map((c, j) => `count(*) - count(${ident(c)}) AS m${j}`).join(', ');
    const res = await db.rows(
      `SELECT CAST(floor((${ROW} - 1) * ${nb} / ${rows}) AS INTEGER) AS b, count(*) AS n, ${counts} FROM ${ident(relation)} GROUP BY 1 ORDER BY 1`,
    );
    for (const r of res) {
      const b = Math.min(nb - 1, Number(r.b));
      columns.forEach((_, j) => {
        share[j]![b] = Number(r[`m${j}`]) / Math.max(1, Number(r.n));
      });
    }
  }
  return { columns, starts, share };
}
