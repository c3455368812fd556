/**
 * Audit benchmark: `mlqa audit` on the 3-million-row flights table (Parquet, and a CSV made from it once)
 * next to DuckDB's SUMMARIZE plus a duplicate count on the same file, and the usual pandas audit
 * (read, describe, isna, nunique, duplicated, Spearman, IQR outliers) when /usr/bin/python3 has pandas.
 * Every tool runs as a child process; wall time, CPU time (user + system, all threads) and peak RSS are the
 * medians of `--reps` runs (default 3). The tools take turns run by run, so that load from other work on a
 * shared machine falls on all of them alike.
 *
 * Run: npm run bench:audit [-- --reps N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'bench', 'out');
const PARQUET = join(root, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
const CSV = join(OUT, 'flights-3m.csv');
const PYTHON = '/usr/bin/python3';
const TIME = '/usr/bin/time';

interface Measure {
  seconds: number;
  /** User + system CPU seconds of the child (null without /usr/bin/time). */
  cpuSeconds: number | null;
  rssMb: number | null;
  /** mlqa only: milliseconds per step, from MLQA_TIMINGS. */
  steps?: Record<string, number>;
}

interface Row {
  file: string;
  tool: 'mlqa' | 'duckdb' | 'pandas';
  runs: Measure[];
  seconds: number | null;
  cpuSeconds: number | null;
  rssMb: number | null;
  note?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const env = { ...process.env, MLQA_TIMINGS: '1' };

/** Run a command as a child process; wall time measured here, CPU time and peak RSS from /usr/bin/time when present. */
function measure(cmd: string, args: string[]): Measure {
  const useTime = existsSync(TIME);
  const dir = mkdtempSync(join(tmpdir(), 'mlqa-bench-'));
  const rssFile = join(dir, 'rss');
  const t0 = performance.now();
  const r = useTime
    ? spawnSync(TIME, ['-f', '%M %U %S', '-o', rssFile, cmd, ...args], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        env,
      })
    : spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env });
  const seconds = (performance.now() - t0) / 1000;
  try {
    if (r.status !== 0)
      throw new Error(
        `${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`,
      );
    const usage = useTime
      ? readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number)
      : null;
    const rssMb = usage ? usage[0]! / 1024 : null;
    const cpuSeconds = usage ? usage[1]! + usage[2]! : null;
    const timings = /timings \(ms\): (\{.*\})/.exec(r.stderr ?? '');
    return timings
      ? { seconds, cpuSeconds, rssMb, steps: JSON.parse(timings[1]!) as Record<string, number> }
      : { seconds, cpuSeconds, rssMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ensureCsv(): Promise<void> {
  if (existsSync(CSV)) return;
  mkdirSync(OUT, { recursive: true });
  process.stdout.write(`writing ${CSV} from the Parquet file (once)\n`);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT * FROM read_parquet('${PARQUET}')) TO '${CSV}' (HEADER)`);
  conn.closeSync();
  db.closeSync();
}

function ensureBuild(): void {
  // bin/mlqa.js runs the compiled CLI: compile the current sources first.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  if (!existsSync(join(root, 'dist', 'cli', 'main.js')))
    throw new Error('npm run build did not produce dist/cli/main.js');
}

function hasPandas(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
}

function hasParquetEngine(): boolean {
  return (
    spawnSync(PYTHON, ['-c', 'import pyarrow'], { stdio: 'ignore' }).status === 0 ||
    spawnSync(PYTHON, ['-c', 'import fastparquet'], { stdio: 'ignore' }).status === 0
  );
}

function command(file: string, tool: Row['tool']): [string, string[]] {
  return tool === 'mlqa'
    ? [process.execPath, ['bin/mlqa.js', 'audit', file, '--json', '--fail-on', 'never']]
    : tool === 'duckdb'
      ? [process.execPath, ['bench/peers/audit_duckdb.mjs', file]]
      : [PYTHON, ['bench/peers/audit_pandas.py', file]];
}

/** Run the tools on one file `reps` times each, taking turns run by run. */
function runTools(file: string, tools: Row['tool'][], reps: number): Row[] {
  const name = basename(file);
  const runs = new Map<Row['tool'], Measure[]>(tools.map((t) => [t, []]));
  for (let i = 0; i < reps; i++) {
    for (const tool of tools) {
      if (process.stdout.isTTY) process.stdout.write(`  ${name} run ${i + 1}/${reps}: ${tool}      \r`);
      const [cmd, args] = command(file, tool);
      runs.get(tool)!.push(measure(cmd, args));
    }
  }
  return tools.map((tool) => {
    const ms = runs.get(tool)!;
    const known = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
    const rss = known(ms.map((r) => r.rssMb));
    const cpu = known(ms.map((r) => r.cpuSeconds));
    return {
      file: name,
      tool,
      runs: ms,
      seconds: median(ms.map((r) => r.seconds)),
      cpuSeconds: cpu.length ? median(cpu) : null,
      rssMb: rss.length ? median(rss) : null,
    };
  });
}

/** Where mlqa's time went (median over runs): its own steps, then the slowest checks. */
function breakdown(r: Row): string {
  const steps = r.runs.map((m) => m.steps).filter((s): s is Record<string, number> => s !== undefined);
  if (steps.length === 0) return '';
  const keys = Object.keys(steps[0]!);
  const med = Object.fromEntries(keys.map((k) => [k, median(steps.map((s) => s[k] ?? 0))]));
  const own = keys.filter((k) => !k.startsWith('check:') && k !== 'checks');
  const checks = keys.filter((k) => k.startsWith('check:')).sort((a, b) => med[b]! - med[a]!);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const slowest = checks.slice(0, 5).map((k) => `${k.slice(6)} ${s(med[k]!)}`);
  return `mlqa on ${r.file}, seconds: ${own.map((k) => `${k} ${s(med[k]!)}`).join(', ')}; all checks ${s(med.checks ?? 0)} (slowest: ${slowest.join(', ')})\n`;
}

function table(rows: Row[]): string {
  const lines = [
    [
      'file',
      'tool',
      'wall s (median)',
      'CPU s (median)',
      'peak RSS MB',
      'time vs DuckDB',
      'CPU vs DuckDB',
      'note',
    ],
  ];
  const ratio = (x: number | null | undefined, y: number | null | undefined) =>
    x !== null && x !== undefined && y ? `${(x / y).toFixed(2)}x` : '-';
  for (const r of rows) {
    const duck = rows.find((x) => x.file === r.file && x.tool === 'duckdb');
    lines.push([
      r.file,
      r.tool,
      r.seconds === null ? '-' : r.seconds.toFixed(2),
      r.cpuSeconds === null ? '-' : r.cpuSeconds.toFixed(2),
      r.rssMb === null ? '-' : r.rssMb.toFixed(0),
      ratio(r.seconds, duck?.seconds),
      ratio(r.cpuSeconds, duck?.cpuSeconds),
      r.note ?? '',
    ]);
  }
  const w = lines[0]!.map((_, j) => Math.max(...lines.map((l) => l[j]!.length)));
  return lines
    .map((l) =>
      l
        .map((c, j) => (j >= 2 && j <= 6 ? c.padStart(w[j]!) : c.padEnd(w[j]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--reps');
  const reps = i >= 0 ? Number(args[i + 1]) : 3;
  await ensureCsv();
  ensureBuild();
  const pandas = hasPandas();
  const rows: Row[] = [];
  for (const file of [PARQUET, CSV]) {
    const skip = (note: string): Row => ({
      file: basename(file),
      tool: 'pandas',
      runs: [],
      seconds: null,
      cpuSeconds: null,
      rssMb: null,
      note,
    });
    const pandasNote = !pandas
      ? 'pandas not installed'
      : file.endsWith('.parquet') && !hasParquetEngine()
        ? 'no Parquet engine (pyarrow) for pandas'
        : null;
    const tools: Row['tool'][] = pandasNote ? ['mlqa', 'duckdb'] : ['mlqa', 'duckdb', 'pandas'];
    rows.push(...runTools(file, tools, reps));
    if (pandasNote) rows.push(skip(pandasNote));
  }
  process.stdout.write(`${process.stdout.isTTY ? '\n' : ''}${table(rows)}\n`);
  for (const r of rows) if (r.tool === 'mlqa') process.stdout.write(breakdown(r));
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    join(OUT, 'audit.json'),
    `${JSON.stringify({ date: new Date().toISOString(), reps, rows }, null, 2)}\n`,
  );
  process.stdout.write(`saved ${join('bench', 'out', 'audit.json')}\n`);
}
