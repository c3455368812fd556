/**
 * Benchmark dispatcher: `node --import tsx bench/run.ts <audit|learners|automl|automl-small|all> [args]`.
 * Each benchmark lives in bench/<name>.ts and exports `run(args)`; add one by writing that file and listing
 * it below. Results print as tables and are saved as JSON under bench/out/ (gitignored).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Benchmark {
  run(args: string[]): Promise<void>;
}

const BENCHMARKS = ['audit', 'learners', 'automl'] as const;
/** Run by name only (not by `all`): long studies. */
const STUDIES = ['automl-small'] as const;
const here = dirname(fileURLToPath(import.meta.url));

async function load(name: string): Promise<Benchmark | null> {
  if (!existsSync(join(here, `${name}.ts`))) return null;
  return (await import(`./${name}.js`)) as Benchmark;
}

async function main(argv: string[]): Promise<number> {
  const [which, ...args] = argv;
  const known: readonly string[] = [...BENCHMARKS, ...STUDIES];
  const names = which === 'all' ? [...BENCHMARKS] : known.filter((b) => b === which);
  if (names.length === 0) {
    process.stderr.write(`usage: bench/run.ts <${[...known, 'all'].join('|')}> [args]\n`);
    return 2;
  }
  for (const name of names) {
    const bench = await load(name);
    if (!bench) {
      process.stderr.write(`bench ${name}: not written yet (bench/${name}.ts)\n`);
      if (which !== 'all') return 2;
      continue;
    }
    process.stdout.write(`\n== ${name} ==\n`);
    await bench.run(args);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
