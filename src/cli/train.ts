/** `mlqa train <file> --target COL`: AutoML search, refit, test evaluation, model artifact and report. */
import { Option } from 'commander';
import { trainReport, writeTrainOutputs } from '../automl/report.js';
import { train, trainJson } from '../automl/train.js';
import { failsAt, type Severity } from '../report/finding.js';
import { toJson } from '../report/json.js';
import { renderText } from '../report/text.js';
import type { Register } from './commands.js';
import { progress } from './io.js';
import { parseFailOn, parseInteger, parseList, parseNumber } from './options.js';

interface Flags {
  target: string;
  out?: string;
  json?: boolean;
  timeBudget?: number;
  trials?: number;
  seed: number;
  models?: string[];
  metric?: string;
  testSize: number;
  group?: string;
  time?: string;
  id?: string[];
  ignore?: string[];
  sensitive?: string[];
  benchmark?: string;
  plan?: string;
  failOn: Severity | 'never';
}

export const registerTrain: Register = (program, io, setExit) => {
  program
    .command('train')
    .description(
      'Train a model: AutoML search with cross-validation, refit, test evaluation, model file and report',
    )
    .argument('<file>', 'training data (CSV, TSV, Parquet, JSON, NDJSON, Arrow)')
    .requiredOption('--target <col>', 'column to predict')
    .option(
      '--out <dir>',
      'write model.mlqa, report.html, report.json and leaderboard.csv into this directory',
    )
    .option('--json', 'print the result as JSON on stdout')
    .option(
      '--time-budget <seconds>',
      'seconds for the search (default 60; with --trials alone, no time limit)',
      parseNumber('--time-budget', 0),
    )
    .option(
      '--trials <n>',
      'stop after this many trials beyond the baseline (deterministic with --seed)',
      parseInteger('--trials', 1),
    )
    .option('--seed <n>', 'random seed for splits, search and learners', parseInteger('--seed', 0), 0)
    .option('--models <names>', 'learners to search (comma-separated), e.g. gbdt,random_forest', parseList)
    .option('--metric <name>', 'metric to optimise (default: log_loss classification, r2 regression)')
    .option(
      '--test-size <fraction>',
      'fraction of rows held out for the test set (0 for none)',
      parseNumber('--test-size', 0, 0.99),
      0.2,
    )
    .option('--group <col>', 'keep rows of a group together (grouped test split and folds)')
    .option('--time <col>', 'time column: the latest rows form the test set, folds are time-ordered')
    .option('--id <cols>', 'identifier columns, never used as features', parseList)
    .option('--ignore <cols>', 'columns to leave out', parseList)
    .option('--sensitive <cols>', 'columns to check for fairness gaps on the test set', parseList)
    .option('--benchmark <file>', 'a model.mlqa or an ONNX model to compare with on the test set')
    .option(
      '--plan <plan.json>',
      'cleaning plan from `mlqa clean`: fitted on the training rows, stored in the model',
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at or above: error, warning, info or never',
      )
        .default('error')
        .argParser(parseFailOn),
    )
    .action(async (file: string, flags: Flags) => {
      const bar = progress(io, 'training');
      let stage = 'loading';
      const result = await train(file, {
        target: flags.target,
        timeBudget: flags.timeBudget,
        trials: flags.trials,
        seed: flags.seed,
        models: flags.models,
        metric: flags.metric,
        testSize: flags.testSize,
        group: flags.group,
        time: flags.time,
        id: flags.id,
        ignore: flags.ignore,
        sensitive: flags.sensitive,
        benchmark: flags.benchmark,
        plan: flags.plan,
        onStage: (s) => {
          stage = s;
          bar.update(s);
        },
        onTrial: (t, p) => {
          const left = p.budget === null ? '' : `, ${Math.max(0, p.budget - p.elapsed).toFixed(0)} s left`;
          const total = flags.trials === undefined ? '' : `/${flags.trials + 1}`;
          bar.update(
            `${stage}: trial ${p.trials}${total}, best ${p.bestScore.toPrecision(4)} (${p.bestLearner}), last ${t.learner}${left}`,
          );
        },
      }).finally(() => bar.done());
      if (flags.out) {
        const paths = await writeTrainOutputs(result, flags.out);
        if (!flags.json) io.err(`wrote ${paths.join(', ')}\n`);
      }
      if (flags.json) io.out(toJson(trainJson(result)));
      else {
        const report = trainReport(result);
        const short = {
          ...report,
          sections: [report.sections[0]!, { title: 'Findings', findings: result.findings }],
        };
        io.out(renderText(short, { color: io.color ?? false }));
      }
      setExit(failsAt(result.findings, flags.failOn) ? 1 : 0);
    });
};
