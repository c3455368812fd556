import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, run } from './helpers/cli.js';

const ROOT = resolve('.');
const IRIS = join(ROOT, 'data/datasets/iris.csv');
const dir = mkdtempSync(join(tmpdir(), 'mlqa-train-cli-'));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const irisLines = readFileSync(IRIS, 'utf8').trim().split('\n');
const FAST = ['--models', 'logistic_regression', '--trials', '2', '--fail-on', 'never'];

describe('mlqa train: bad input exits 2 with one line', () => {
  it('a target with one class', async () => {
    const one = file(
      'one.csv',
      [irisLines[0], ...irisLines.slice(1).filter((l) => l.endsWith(',setosa'))].join('\n'),
    );
    await expectBadInput(['train', one, '--target', 'target', ...FAST], /single class/);
  });
  it('a target that is an identifier', async () => {
    const ids = file(
      'ids.csv',
      ['rid,x', ...Array.from({ length: 60 }, (_, i) => `r${i},${i % 7}`)].join('\n'),
    );
    await expectBadInput(['train', ids, '--target', 'rid', ...FAST], /identifier/);
  });
  it('a time split that leaves a class out of the training rows', async () => {
    const rows = irisLines
      .slice(1)
      .map((l, i) => `${l.replace(/,[a-z]+$/, '')},${i >= 135 ? 'late' : 'early'},${i}`);
    const header = `${irisLines[0]!.replace(/,target$/, '')},label,t`;
    const p = file('late.csv', [header, ...rows].join('\n'));
    await expectBadInput(
      ['train', p, '--target', 'label', '--time', 't', ...FAST],
      /leaves class 'late' out of the training rows/,
    );
  });
  it('unknown learner, wrong metric, bad test size, missing column', async () => {
    await expectBadInput(
      ['train', IRIS, '--target', 'target', '--models', 'nope', '--trials', '1'],
      /unknown learner 'nope'/,
    );
    await expectBadInput(
      ['train', IRIS, '--target', 'target', '--metric', 'r2', '--trials', '1'],
      /unknown metric "r2" for multiclass/,
    );
    await expectBadInput(['train', IRIS, '--target', 'target', '--test-size', '1.5'], /--test-size/);
    await expectBadInput(
      ['train', IRIS, '--target', 'target', '--sensitive', 'nope', ...FAST],
      /no column 'nope'/,
    );
    await expectBadInput(
      ['train', IRIS, '--target', 'target', '--benchmark', join(dir, 'nope.mlqa'), ...FAST],
      /nope.mlqa: no such benchmark file/,
    );
  });
});

describe('mlqa train: output', () => {
  it('--json has the documented shape; a too small budget is a finding, not a crash', async () => {
    const r = await run(
      'train',
      IRIS,
      '--target',
      'target',
      '--json',
      '--time-budget',
      '0.000001',
      '--fail-on',
      'never',
    );
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.task).toBe('multiclass');
    expect(j.metric).toBe('log_loss');
    expect(j.leaderboard.map((e: { model: string }) => e.model).sort()).toEqual(['baseline', 'gbdt']);
    expect(j.best.model).toBe('gbdt');
    expect(j.test.confusionMatrix).toHaveLength(3);
    expect(j.findings.some((f: { check: string }) => f.check === 'time_budget')).toBe(true);
  });

  it('--benchmark runs an ONNX model on the test rows and lists it next to the model', async () => {
    const out = join(dir, 'bench-out');
    const r = await run(
      'train',
      join(ROOT, 'data/datasets/penguins.csv'),
      '--target',
      'species',
      '--benchmark',
      join(ROOT, 'test/fixtures/onnx/penguins_logreg.onnx'),
      '--out',
      out,
      ...FAST,
    );
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    // Here the benchmark wins (a deterministic 2-trial search), so the comparison is a finding.
    const f = report.findings.find(
      (x: { evidence?: { against?: string } }) => x.evidence?.against === 'penguins_logreg.onnx',
    );
    expect(f.check).toBe('no_better_than_baseline');
    const score = f.evidence.benchmark.score as number;
    // A multinomial logistic regression on penguins: log loss far under the dummy's (about 1.05).
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(0.1);
    expect(f.evidence.dummy).toBeGreaterThan(1);
  });

  const built = existsSync(join(ROOT, 'dist', 'cli', 'train.js'));
  it.runIf(built)('built binary: --out writes the four files; exit 2 on bad input', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'mlqa.js'), 'train', ...args], {
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      });
    const out = join(dir, 'out');
    const ok = cli(IRIS, '--target', 'target', '--out', out, ...FAST);
    expect(ok.status, ok.stderr).toBe(0);
    for (const f of ['model.mlqa', 'report.html', 'report.json', 'leaderboard.csv'])
      expect(existsSync(join(out, f))).toBe(true);
    expect(ok.stdout).toMatch(/Leaderboard/);
    const bad = cli(IRIS, '--target', 'nope', ...FAST);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
