import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate/run.js';
import { path, split, trainArtifact } from './helpers/artifacts.js';
import { expectBadInput, run } from './helpers/cli.js';

const bc = split('breast_cancer');
const peng = split('penguins');
const bcModel = path('bc.mlqa');
const bcTree = path('bc_tree.mlqa');
const pengModel = path('penguins.mlqa');

beforeAll(async () => {
  await trainArtifact(bc.train, 'target', 'gbdt', { n_estimators: 40 }, bcModel, 'roc_auc');
  await trainArtifact(bc.train, 'target', 'decision_tree', { max_depth: 1 }, bcTree, 'roc_auc');
  await trainArtifact(peng.train, 'species', 'random_forest', { n_estimators: 30 }, pengModel, 'log_loss');
}, 60_000);

describe('mlqa evaluate', () => {
  it('--json prints metrics, confusion matrix and findings', async () => {
    const r = await run('evaluate', bcModel, bc.test, '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(['metrics', 'confusionMatrix', 'findings', 'explanations']),
    );
    expect(j.metric).toBe('roc_auc');
    expect(j.metrics.roc_auc).toBeGreaterThan(0.95);
    const cm = j.confusionMatrix as number[][];
    expect(cm.flat().reduce((a, b) => a + b, 0)).toBe(142);
    expect(j.data.rows).toBe(142);
  });

  it('--out writes report.html and report.json; the library returns the same object plus the report', async () => {
    const out = path('report-bc');
    const r = await run(
      'evaluate',
      pengModel,
      peng.test,
      '--out',
      out,
      '--sensitive',
      'island,sex',
      '--fail-on',
      'never',
    );
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Confusion matrix');
    expect(html).toContain('Groups of island');
    expect(html).toContain('<svg');
    expect(html.length).toBeLessThan(1_500_000);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const lib = await evaluate(pengModel, peng.test, { sensitive: ['island', 'sex'] });
    const { report, ...rest } = lib;
    expect(report.sections.length).toBeGreaterThan(3);
    expect(JSON.parse(JSON.stringify(rest))).toEqual(json);
  });

  it('a continuous --sensitive column is compared by quintile bins', async () => {
    const r = await evaluate(pengModel, peng.test, {
      sensitive: ['body_mass_g'],
      checks: ['fairness_gap'],
      thresholds: { 'fairness_gap.min_rows': 5 },
    });
    const section = r.report.sections.find((s) => s.title === 'Groups of body_mass_g')!;
    const groups = section.tables![0]!.rows.map((row) => String(row[0]));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(groups[0]).toMatch(/^\[\d+, \d+\]$/);
  });

  it('--benchmark compares against another model; a depth-1 tree loses to gbdt', async () => {
    const r = await run(
      'evaluate',
      bcTree,
      bc.test,
      '--benchmark',
      bcModel,
      '--json',
      '--fail-on',
      'warning',
    );
    const j = JSON.parse(r.out);
    const f = j.findings.find(
      (x: { check: string; evidence?: { against?: string } }) => x.evidence?.against === 'bc.mlqa',
    );
    expect(f?.check).toBe('no_better_than_baseline');
    expect(r.code).toBe(1);
  });

  it('--threshold overrides a default and --fail-on decides the exit code', async () => {
    const strict = await run(
      'evaluate',
      bcModel,
      bc.test,
      '--json',
      '--threshold',
      'poor_calibration.warning_ece=0.0001',
      '--threshold',
      'poor_calibration.min_rows=1',
      '--fail-on',
      'warning',
    );
    const j = JSON.parse(strict.out);
    expect(j.findings.some((f: { check: string }) => f.check === 'poor_calibration')).toBe(true);
    expect(strict.code).toBe(1);
  });

  it('bad input exits 2 with one line', async () => {
    await expectBadInput(['evaluate', bcModel, peng.test], /no target column 'target'/);
    await expectBadInput(['evaluate', bc.test, bc.test], /not an mlqa model/);
    await expectBadInput(
      ['evaluate', path('model.onnx'), bc.test],
      /judges a model.mlqa .*compare an ONNX model with --benchmark/,
    );
    await expectBadInput(['evaluate', bcModel, bc.test, '--threshold', 'nope.x=1'], /unknown check 'nope'/);
    await expectBadInput(
      ['evaluate', bcModel, bc.test, '--threshold', 'poor_calibration.x=1'],
      /unknown threshold 'poor_calibration.x'/,
    );
    await expectBadInput(
      ['evaluate', pengModel, peng.test, '--sensitive', 'nope'],
      /no column 'nope' for --sensitive/,
    );
    // a label the model never saw
    const text = readFileSync(peng.test, 'utf8').replace(/\n"Adelie",/, '\n"Emperor",');
    writeFileSync(path('emperor.csv'), text);
    await expectBadInput(
      ['evaluate', pengModel, path('emperor.csv')],
      /row 1: label 'Emperor' in 'species' is not a class the model knows/,
    );
    // a feature column the model needs is missing
    const cut = readFileSync(bc.test, 'utf8')
      .split('\n')
      .map((l) => l.split(',').slice(1).join(','))
      .join('\n');
    writeFileSync(path('cut.csv'), cut);
    await expectBadInput(['evaluate', bcModel, path('cut.csv')], /missing feature column 'mean radius'/);
    // tampered artifact
    const art = JSON.parse(readFileSync(bcModel, 'utf8'));
    art.body.target.classes = ['1', '0'];
    writeFileSync(path('tampered.mlqa'), JSON.stringify(art));
    await expectBadInput(['evaluate', path('tampered.mlqa'), bc.test], /corrupt or was edited/);
  });
});
