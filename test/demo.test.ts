import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { runDemo } from '../src/demo/run.js';

function lines(p: string): string[] {
  return readFileSync(p, 'utf8').trimEnd().split('\n');
}

describe('demo on the bundled credit data', async () => {
  const out = mkdtempSync(join(tmpdir(), 'mlqa-demo-'));
  const result = await runDemo({ out, seed: 0, trials: 4 });

  it('holds back a stratified quarter of the 4,454 loans as a later batch, header kept', () => {
    const train = lines(join(out, 'data', 'train.csv'));
    const batch = lines(join(out, 'data', 'new_batch.csv'));
    expect(train[0]).toBe(
      'Status,Seniority,Home,Time,Age,Marital,Records,Job,Expenses,Income,Assets,Debt,Amount,Price',
    );
    expect(batch[0]).toBe(train[0]);
    expect(train.length - 1 + batch.length - 1).toBe(4454);
    expect(batch.length - 1).toBe(1114);
    // credit_data has 3200 good and 1254 bad loans: the shares carry over.
    const bad = (rows: string[]) =>
      rows.slice(1).filter((r) => r.startsWith('bad,')).length / (rows.length - 1);
    expect(Math.abs(bad(train) - bad(batch))).toBeLessThan(0.01);
  });

  it('audits the working data and links every stage from the index', () => {
    const audit = JSON.parse(readFileSync(join(out, '1-audit', 'report.json'), 'utf8'));
    expect(audit.rows).toBe(3340);
    expect(
      audit.findings.some(
        (f: { check: string; columns: string[] }) =>
          f.check === 'missing_values' && f.columns[0] === 'Income',
      ),
    ).toBe(true);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const s of result.stages) {
      if (s.report) {
        expect(index).toContain(`href="${s.report}"`);
        expect(existsSync(join(out, s.report))).toBe(true);
      }
    }
    expect(result.stages.map((s) => s.stage)).toEqual(['split', 'audit', 'clean', 'train', 'evaluate']);
  });

  it('cleans with a plan, trains with it inside the model, and evaluates the raw later batch', () => {
    const plan = JSON.parse(readFileSync(join(out, '2-clean', 'plan.json'), 'utf8'));
    expect(plan.steps.length).toBeGreaterThan(0);
    const trained = JSON.parse(readFileSync(join(out, '3-train', 'report.json'), 'utf8'));
    expect(trained.task).toBe('binary');
    expect(trained.search.trials).toBe(5); // the baseline and four search trials
    const model = JSON.parse(readFileSync(join(out, '3-train', 'model.mlqa'), 'utf8'));
    // The plan's steps are refitted on the training rows inside the model (drop_duplicates drops nothing at predict time).
    expect(model.body.pipeline.map((s: { step: string }) => s.step)).toEqual(
      plan.steps.map((s: { step: string }) => s.step),
    );
    const evaluated = JSON.parse(readFileSync(join(out, '4-evaluate', 'report.json'), 'utf8'));
    expect(evaluated.data.rows).toBe(1114);
    // scikit-learn's and xgboost's 5-fold ROC AUC on this data is about 0.83; a working model is well above chance.
    expect(evaluated.metrics.roc_auc).toBeGreaterThan(0.8);
    expect(evaluated.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1114);
  });

  it('refuses --data without --target with exit code 2', async () => {
    let err = '';
    const io: Io = { out: () => {}, err: (s) => (err += s), interactive: false, color: false };
    expect(await main(['demo', '--data', 'x.csv', '--out', join(out, 'x')], io)).toBe(2);
    expect(err).toMatch(/--target/);
  });
});
