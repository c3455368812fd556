/**
 * Split a bundled dataset into the two files the demo plays with: the data a team has today (train.csv)
 * and a later labeled batch (new.csv) that the trained model is evaluated and monitored on. Stratified by
 * the target, seeded, file order kept. Written by DuckDB, so values round-trip as they were read.
 */
import { ident, literal } from '../data/db.js';
import { loadTable, ROW } from '../data/load.js';
import { holdout } from '../data/split.js';
import { InputError } from '../errors.js';

export interface DemoSplit {
  train: string;
  batch: string;
  trainRows: number;
  batchRows: number;
}

export async function splitForDemo(
  path: string,
  target: string,
  outTrain: string,
  outBatch: string,
  options: { batchShare: number; seed: number },
): Promise<DemoSplit> {
  const table = await loadTable(path);
  try {
    if (!table.columns.some((c) => c.name === target)) {
      throw new InputError(`${path}: no column '${target}' to split on`);
    }
    const { values } = await table.db.columns(`SELECT ${ident(target)} FROM ${table.name} ORDER BY ${ROW}`);
    const labels = values[0]!.map((v) => (v === null ? '' : String(v)));
    const codes = new Map<string, number>();
    const y = Float64Array.from(labels, (l) => {
      const known = codes.get(l);
      if (known !== undefined) return known;
      codes.set(l, codes.size);
      return codes.size - 1;
    });
    const fold = holdout(y.length, { testSize: options.batchShare, seed: options.seed, stratify: y });
    const write = async (idx: Int32Array, file: string) => {
      const rows = Array.from(idx, (i) => i + 1).join(',');
      await table.db.run(
        `COPY (SELECT * EXCLUDE (${ROW}) FROM ${table.name} WHERE ${ROW} IN (${rows}) ORDER BY ${ROW}) TO ${literal(file)} (HEADER, DELIMITER ',')`,
      );
    };
    await write(fold.train, outTrain);
    await write(fold.test, outBatch);
    return { train: outTrain, batch: outBatch, trainRows: fold.train.length, batchRows: fold.test.length };
  } finally {
    table.db.close();
  }
}
