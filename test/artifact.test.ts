import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArtifactBody, canonicalJson } from '../src/artifact/format.js';
import { creationTime, makeArtifact, readArtifact, sha256, writeArtifact } from '../src/artifact/io.js';

const body = (): ArtifactBody => ({
  schema: { rows: 2, columns: [] },
  features: [{ name: 'x', kind: 'numeric', min: 0, max: 1 }],
  target: { name: 'y', task: 'regression', classes: [], min: 0, max: 1 },
  pipeline: [],
  model: {
    learner: 'baseline',
    task: 'regression',
    nClasses: 0,
    params: {},
    state: { version: 1, strategy: 'mean', values: [0.5], nFeatures: 1 },
  },
  metrics: { metric: 'r2' },
  provenance: { dataFingerprint: 'f', dataFile: 'd.csv', rows: 2, seed: 0, library: 'test' },
});

describe('artifact', () => {
  const saved = process.env.SOURCE_DATE_EPOCH;
  afterEach(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  it('hashes the canonical body only: key order and creation time do not change the hash', () => {
    const b = body();
    const reordered = Object.fromEntries(Object.entries(b).reverse()) as unknown as ArtifactBody;
    const a1 = makeArtifact(b, '2020-01-01T00:00:00.000Z');
    const a2 = makeArtifact(reordered, '2030-01-01T00:00:00.000Z');
    expect(a1.hash).toBe(a2.hash);
    expect(a1.hash).toBe(sha256(canonicalJson(b)));
    expect(a1.createdAt).not.toBe(a2.createdAt);
  });

  it('honours SOURCE_DATE_EPOCH for the creation time', () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    expect(creationTime()).toBe('2023-11-14T22:13:20.000Z');
    delete process.env.SOURCE_DATE_EPOCH;
    expect(Date.parse(creationTime())).toBeGreaterThan(Date.parse('2025-01-01'));
  });

  it('writes atomically and reads back; refuses non-models with one-line errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlqa-art-'));
    const path = join(dir, 'model.mlqa');
    const art = writeArtifact(path, body());
    expect(readdirSync(dir)).toEqual(['model.mlqa']);
    expect(readArtifact(path)).toEqual(art);
    expect(() => readArtifact(join(dir, 'none.mlqa'))).toThrow(/cannot read model file/);
    const notJson = join(dir, 'x.mlqa');
    writeFileSync(notJson, 'hello');
    expect(() => readArtifact(notJson)).toThrow(/not JSON/);
    writeFileSync(notJson, JSON.stringify({ format: 'other' }));
    expect(() => readArtifact(notJson)).toThrow(/not an mlqa model file/);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('mlqa-model');
  });
});
