/** `mlqa compare <file> --target COL`: every learner with default parameters on the same CV folds. */
import { InvalidArgumentError } from 'commander';
import { compare, compareJson } from '../automl/compare.js';
import { compareReport, writeCompareOutputs } from '../automl/compare-report.js';
import type { Task } from '../learners/types.js';
import { toJson } from '../report/json.js';
import { renderText } from '../report/text.js';
import type { Register } from './commands.js';
import { progress } from './io.js';
import { parseInteger, parseList } from './options.js';

interface Flags {
  target: string;
  models?: string[];
  folds: number;
  seed: number;
  metric?: string;
  task?: Task | 'classification';
  id?: string[];
  ignore?: string[];
  out?: string;
  json?: boolean;
}

function parseTask(v: string): Task | 'classification' {
  if (v === 'binary' || v === 'multiclass' || v === 'regression' || v === 'classification') return v;
  throw new InvalidArgumentError('must be classification, binary, multiclass or regression');
}

export const registerCompare: Register = (program, io, setExit) => {
  program
    .command('compare')
    .description('Compare learners with default parameters on the same cross-validation folds')
    .argument('<file>', 'data (CSV, TSV, Parquet, JSON, NDJSON, Arrow)')
    .requiredOption('--target <col>', 'column to predict')
    .option(
      '--models <names>',
      'learners to compare (comma-separated) or all (default: all for the task)',
      parseList,
    )
    .option('--folds <n>', 'number of cross-validation folds', parseInteger('--folds', 2), 5)
    .option('--seed <n>', 'random seed for the folds and the learners', parseInteger('--seed', 0), 0)
    .option('--metric <name>', 'metric to score (default: accuracy for classification, r2 for regression)')
    .option(
      '--task <task>',
      'classification or regression (default: inferred from the target column)',
      parseTask,
    )
    .option('--id <cols>', 'identifier columns, never used as features', parseList)
    .option('--ignore <cols>', 'columns to leave out', parseList)
    .option('--out <dir>', 'write report.html and report.json into this directory')
    .option('--json', 'print the leaderboard as JSON on stdout')
    .action(async (file: string, flags: Flags) => {
      const bar = progress(io, 'comparing');
      const result = await compare(file, {
        target: flags.target,
        models: flags.models,
        folds: flags.folds,
        seed: flags.seed,
        metric: flags.metric,
        task: flags.task,
        id: flags.id,
        ignore: flags.ignore,
        onFold: (p) => bar.update(`${p.model} (${p.modelIndex + 1}/${p.models}), fold ${p.fold}/${p.folds}`),
      }).finally(() => bar.done());
      if (flags.out) {
        const paths = await writeCompareOutputs(result, flags.out);
        if (!flags.json) io.err(`wrote ${paths.join(', ')}\n`);
      }
      if (flags.json) io.out(toJson(compareJson(result)));
      else io.out(renderText(compareReport(result), { color: io.color ?? false }));
      setExit(0);
    });
};
