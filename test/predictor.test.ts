import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArtifactBody } from '../src/artifact/format.js';
import { readArtifact, writeArtifact } from '../src/artifact/io.js';
import { cellText } from '../src/data/frame.js';
import { prepareDataset } from '../src/data/prepare.js';
import { gbdt } from '../src/learners/gbdt/index.js';
import { logisticRegression } from '../src/learners/logistic/index.js';
import { featureSpecs } from '../src/runtime/encode.js';
import { createPredictor } from '../src/runtime/predictor.js';

describe('createPredictor', () => {
  it('restores a weighted ensemble: probabilities are the weighted mean, classes their argmax; the file round-trips', async () => {
    const ds = await prepareDataset('data/datasets/penguins.csv', { target: 'species' });
    const K = ds.target.classes.length;
    const opts = { task: 'multiclass' as const, nClasses: K, seed: 0 };
    const a = gbdt.fit(ds.X, ds.target.y, { ...opts, params: { n_estimators: 20 } });
    const b = logisticRegression.fit(ds.X, ds.target.y, opts);
    const body: ArtifactBody = {
      schema: ds.schema,
      features: featureSpecs(ds.X),
      target: { name: 'species', task: 'multiclass', classes: ds.target.classes },
      pipeline: [],
      model: {
        kind: 'ensemble',
        members: [
          { weight: 0.75, model: a.toJSON() },
          { weight: 0.25, model: b.toJSON() },
        ],
      },
      metrics: {},
      provenance: {
        dataFingerprint: 'x',
        dataFile: 'penguins.csv',
        rows: ds.X.nRows,
        seed: 0,
        library: 'test',
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'mlqa-pred-'));
    const path = join(dir, 'model.mlqa');
    writeArtifact(path, body);
    const p = createPredictor(readArtifact(path));
    expect(p.model).toBeNull();
    const enc = p.encode(ds.frame);
    expect(enc.absent).toEqual([]);
    const pa = a.predictProba(ds.X);
    const pb = b.predictProba(ds.X);
    const proba = p.predictProba(enc.X)!;
    for (let i = 0; i < proba.length; i++) expect(proba[i]).toBeCloseTo(0.75 * pa[i]! + 0.25 * pb[i]!, 12);
    const pred = p.predict(enc.X);
    for (let i = 0; i < ds.X.nRows; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
      expect(pred[i]).toBe(best);
    }
    // Plain JSON rows encode like the frame.
    const rows = Array.from({ length: 20 }, (_, i) =>
      Object.fromEntries(
        ds.frame.columns.map((c) => [
          c.name,
          c.kind === 'numeric'
            ? Number.isNaN(c.values[i]!)
              ? null
              : c.values[i]
            : c.codes[i]! < 0
              ? null
              : cellText(c, i),
        ]),
      ),
    );
    const er = p.encodeRows(rows);
    expect(Array.from(p.predictProba(er.X)!)).toEqual(Array.from(proba.subarray(0, 20 * K)));
    // An edited file is refused.
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"weight":0.75', '"weight":0.7'));
    expect(() => readArtifact(path)).toThrow(/hash mismatch/);
    writeFileSync(path, text.replace('"version":1', '"version":99'));
    expect(() => readArtifact(path)).toThrow(/version 99 is not supported/);
    ds.table.db.close();
  });
});
