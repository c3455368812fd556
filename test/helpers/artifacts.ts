/** Train/test files and small model artifacts for the evaluate tests. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactBody } from '../../src/artifact/format.js';
import { writeArtifact } from '../../src/artifact/io.js';
import { prepareDataset } from '../../src/data/prepare.js';
import { getLearner } from '../../src/learners/registry.js';
import type { Task } from '../../src/learners/types.js';
import { featureSpecs } from '../../src/runtime/encode.js';

const dir = mkdtempSync(join(tmpdir(), 'mlqa-evaluate-'));
/** A path in this test run's temporary folder. */
export const path = (name: string) => join(dir, name);

/** Split a bundled CSV into train (row % 4 != 3) and test (row % 4 == 3) files. */
export function split(name: string): { train: string; test: string } {
  const lines = readFileSync(`data/datasets/${name}.csv`, 'utf8').trimEnd().split('\n');
  const header = lines[0]!;
  const rows = lines.slice(1);
  const train = path(`${name}_train.csv`);
  const test = path(`${name}_test.csv`);
  writeFileSync(train, [header, ...rows.filter((_, i) => i % 4 !== 3)].join('\n'));
  writeFileSync(test, [header, ...rows.filter((_, i) => i % 4 === 3)].join('\n'));
  return { train, test };
}

/** Train a model on a file and write model.mlqa the way an artifact is laid out. */
export async function trainArtifact(
  file: string,
  target: string,
  learner: string,
  params: Record<string, unknown>,
  out: string,
  metric: string,
) {
  const d = await prepareDataset(file, { target });
  try {
    const task: Task = d.target.task;
    const K = task === 'regression' ? 0 : d.target.classes.length;
    const model = getLearner(learner).fit(d.X, d.target.y, { task, nClasses: K, seed: 0, params });
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of d.target.y) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const body: ArtifactBody = {
      schema: d.schema,
      features: featureSpecs(d.X),
      target: {
        name: target,
        task,
        classes: d.target.classes,
        ...(task === 'regression' ? { min, max } : {}),
      },
      pipeline: [],
      model: model.toJSON(),
      metrics: { metric },
      provenance: {
        dataFingerprint: '',
        dataFile: file,
        rows: d.X.nRows,
        seed: 0,
        library: 'test',
        createdAt: '2026-01-01T00:00:00Z',
      },
    };
    writeArtifact(out, body);
  } finally {
    d.table.db.close();
  }
}
