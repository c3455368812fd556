/**
 * Every check runs to the end on every bundled dataset (with its documented target): no check may fail
 * and surface as an `internal` finding. Regression test for crashes on infinite, zero and negative values.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit/run.js';
import { DATASETS } from './helpers/audit-context.js';

/** The bundled datasets with their targets (data/datasets/README.md). */
const BUNDLED: [string, string | undefined][] = [
  ['airquality.csv', 'Ozone'],
  ['breast_cancer.csv', 'target'],
  ['diabetes.csv', 'target'],
  ['digits.csv', 'target'],
  ['iris.csv', 'target'],
  ['mlbench_letter.csv', 'lettr'],
  ['modeldata_ames.csv', 'Sale_Price'],
  ['modeldata_credit.csv', 'Status'],
  ['modeldata_mlc_churn.csv', 'churn'],
  ['modeldata_tate_text.csv', undefined],
  ['penguins.csv', 'species'],
  ['wine.csv', 'target'],
];

const VEGA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets', 'data');

describe('every check runs on every bundled dataset', () => {
  it.each(BUNDLED)('%s: no internal finding', { timeout: 60_000 }, async (file, target) => {
    const r = await audit(join(DATASETS, file), target ? { target } : {});
    expect(r.findings.filter((f) => f.check === 'internal').map((f) => f.message)).toEqual([]);
    expect(r.checks.length).toBeGreaterThan(20);
  });

  it('flights-10k (vega-datasets, JSON): no internal finding', { timeout: 60_000 }, async () => {
    const r = await audit(join(VEGA, 'flights-10k.json'));
    expect(r.rows).toBe(10_000);
    expect(r.findings.filter((f) => f.check === 'internal').map((f) => f.message)).toEqual([]);
  });
});
