/** `mlqa demo`: the whole lifecycle on a bundled real dataset, every stage's report in one folder. */
import { join } from 'node:path';
import { runDemo } from '../demo/run.js';
import type { Register } from './commands.js';
import { progress } from './io.js';
import { parseInteger } from './options.js';

interface Flags {
  out: string;
  data?: string;
  target?: string;
  seed: number;
  timeBudget: number;
  trials?: number;
  json?: boolean;
}

export const registerDemo: Register = (program, io, setExit) => {
  program
    .command('demo')
    .description('Run the whole lifecycle (split, audit, clean, train, evaluate) on a bundled real dataset')
    .option('--out <dir>', 'folder for the reports and artifacts', 'demo-out')
    .option('--data <file>', 'a labeled data file instead of the bundled credit data (needs --target)')
    .option('--target <col>', 'target column of --data')
    .option('--seed <n>', 'random seed', parseInteger('--seed', 0), 0)
    .option('--time-budget <seconds>', 'seconds for the AutoML search', parseInteger('--time-budget', 1), 30)
    .option(
      '--trials <n>',
      'a fixed number of search trials instead of the time budget (deterministic)',
      parseInteger('--trials', 1),
    )
    .option('--json', 'print the stage summary as JSON on stdout')
    .action(async (flags: Flags) => {
      if (flags.data && !flags.target) {
        io.err('mlqa: demo --data needs --target COL\n');
        setExit(2);
        return;
      }
      const bar = progress(io, 'demo');
      const result = await runDemo({
        out: flags.out,
        data: flags.data,
        target: flags.target,
        seed: flags.seed,
        timeBudget: flags.timeBudget,
        trials: flags.trials,
        onStage: (stage, detail) => bar.update(`${stage}: ${detail}`),
      }).finally(() => bar.done());
      if (flags.json) {
        io.out(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const width = Math.max(...result.stages.map((s) => s.stage.length));
        for (const s of result.stages) io.out(`${s.stage.padEnd(width)}  ${s.summary}\n`);
        io.out(`\nopen ${join(flags.out, 'index.html')} for every report\n`);
      }
      setExit(0);
    });
};
