import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mlqa-cli-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('mlqa audit: bad input exits 2 with one line', () => {
  it('missing file', () => expectBadInput(['audit', join(dir, 'nope.csv')], /nope\.csv: no such file/));
  it('empty file', () => expectBadInput(['audit', file('empty.csv', '')], /empty\.csv: file is empty/));
  it('header-only file', () =>
    expectBadInput(['audit', file('header.csv', 'a,b,c\n')], /header\.csv: no data rows \(header only\)/));
  it('binary file named .csv', () => {
    const p = join(dir, 'image.csv');
    copyFileSync('node_modules/vega-datasets/data/ffox.png', p);
    return expectBadInput(['audit', p], /image\.csv: binary file, not delimited text/);
  });
  it('undecodable text', () => {
    const bytes = Buffer.alloc(400);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 3 === 0 ? 0xc3 : (i % 31) + 1; // broken UTF-8, control characters
    return expectBadInput(
      ['audit', file('garbled.csv', bytes)],
      /garbled\.csv: text is not valid UTF-8 or Latin-1/,
    );
  });
  it('duplicate column names', () =>
    expectBadInput(
      ['audit', file('dup.csv', 'a,b,a\n1,2,3\n4,5,6\n')],
      /dup\.csv: duplicate column name 'a'/,
    ));
  it('every row malformed', () =>
    expectBadInput(
      ['audit', file('allbad.csv', 'a,b\n1,2,3\n4,5,6\n')],
      /allbad\.csv: no readable data rows/,
    ));
  it('unsupported extension', () =>
    expectBadInput(['audit', file('data.xlsx', 'x')], /unsupported file type '\.xlsx'/));
  it('a --target that does not exist', () =>
    expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--target', 'species'],
      /--target column 'species' does not exist \(columns: sepal length/,
    ));
  it('an --ignore column that does not exist', () =>
    expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--ignore', 'x'],
      /--ignore column 'x' does not exist/,
    ));
  it('an expectations file that does not parse', () =>
    expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--expect', file('bad.yaml', 'columns: [a\n  - b: {')],
      /bad\.yaml: /,
    ));
  it('an unknown check', () =>
    expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--only', 'no_such_check'],
      /unknown check 'no_such_check'/,
    ));
  it('a threshold override that names no real threshold', async () => {
    await expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--threshold', 'missing_values.nope=1'],
      /check missing_values has no threshold 'nope'/,
    );
    await expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--threshold', 'no_check.x=1'],
      /threshold for unknown check 'no_check'/,
    );
    await expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--threshold', 'junk'],
      /use CHECK\.NAME=NUMBER/,
    );
  });
  it('usage: missing argument, unknown option, bad flag values', async () => {
    await expectBadInput(['audit'], /missing required argument 'file'/);
    await expectBadInput(['audit', 'data/datasets/iris.csv', '--bogus'], /unknown option '--bogus'/);
    await expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--fail-on', 'sometimes'],
      /must be error, warning, info or never/,
    );
    await expectBadInput(
      ['audit', 'data/datasets/iris.csv', '--sample', '0'],
      /--sample must be an integer >= 1/,
    );
  });
});

describe('mlqa audit: output', () => {
  it('ragged rows give a finding, not a crash; --fail-on decides the exit code', async () => {
    const p = file('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11\n');
    const r = await run('audit', p);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Audit of ragged\.csv {2}rows 3 · columns 3\n1 error, /);
    expect(r.out.split('\n')[3]).toMatch(
      /^\[error\] {4}malformed_rows +1 row could not be read and was skipped \(first: row 2, Expected Number of Columns: 3 Found: 2\)$/,
    );
    expect(r.out).not.toContain('\u001b[');
    expect((await run('audit', p, '--fail-on', 'never')).code).toBe(0);
  });

  it('--threshold overrides a check threshold', async () => {
    const args = ['audit', 'data/datasets/penguins.csv', '--only', 'missing_values', '--json'];
    const strict = JSON.parse((await run(...args, '--threshold', 'missing_values.warning_share=0.001')).out);
    const loose = JSON.parse((await run(...args)).out);
    type F = { severity: string; columns: string[] };
    const warned = (r: { findings: F[] }) =>
      r.findings.filter((f) => f.severity === 'warning').map((f) => f.columns[0]);
    expect(warned(loose)).not.toContain('bill_length_mm');
    expect(warned(strict)).toContain('bill_length_mm');
  });

  it('--json prints the result on stdout only', async () => {
    const r = await run('audit', 'data/datasets/iris.csv', '--json', '--target', 'target');
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual([
      'file',
      'format',
      'rows',
      'columns',
      'findings',
      'sampled',
      'checks',
      'profile',
      'notes',
    ]);
    expect(j.rows).toBe(150);
    expect(j.columns.find((c: { name: string }) => c.name === 'target').role).toBe('target');
  });

  it('--out writes a self-contained report.html and report.json', async () => {
    const out = join(dir, 'report');
    const r = await run(
      'audit',
      'data/datasets/airquality.csv',
      '--target',
      'Ozone',
      '--out',
      out,
      '--fail-on',
      'never',
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/wrote .*report\.html, .*report\.json/);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/|<link|<img/i);
    expect(html).toContain('<h2>Missing values</h2>');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(8); // 6 distributions, missing map, associations
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).rows).toBe(153);
  });
});
