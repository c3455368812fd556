/** `mlqa clean <file>`: fix the data reproducibly (a plan of fitted steps) and measure what each fix buys a model. */
import { InvalidArgumentError } from 'commander';
import { cleanReport, cleanText } from '../clean/report.js';
import { clean, IMPUTE_CHOICES } from '../clean/run.js';
import type { Strategy } from '../clean/steps/impute.js';
import { renderHtml } from '../report/html.js';
import { toJson } from '../report/json.js';
import type { Register } from './commands.js';
import { progress, writeOut } from './io.js';
import { parseInteger, parseList } from './options.js';

interface Flags {
  target?: string;
  id?: string[];
  ignore?: string[];
  plan?: string;
  impute?: Strategy;
  out?: string;
  dryRun?: boolean;
  impact?: boolean;
  report?: string;
  json?: boolean;
  seed: number;
}

function parseImpute(v: string): Strategy {
  if ((IMPUTE_CHOICES as readonly string[]).includes(v)) return v as Strategy;
  throw new InvalidArgumentError(`must be one of ${IMPUTE_CHOICES.join(', ')}`);
}

export const registerClean: Register = (program, io, setExit) => {
  program
    .command('clean')
    .description(
      'Clean a data file with a plan of fitted steps (suggested from the audit, or --plan), and measure their impact',
    )
    .argument('<file>', 'data file to clean')
    .option('--target <col>', 'target column (kept out of feature steps; needed by --impact)')
    .option('--id <cols>', 'identifier columns (repeat or comma-separate)', parseList)
    .option('--ignore <cols>', 'columns the audit leaves out (repeat or comma-separate)', parseList)
    .option('--plan <file>', 'plan.json to use: fitted plans are applied without refitting')
    .option(
      '--impute <strategy>',
      `imputation in a suggested plan: ${IMPUTE_CHOICES.join(', ')}`,
      parseImpute,
    )
    .option('--out <file>', 'cleaned data file (.csv, .tsv or .parquet); plan.json is written beside it')
    .option('--dry-run', 'show the plan and its changes without writing anything')
    .option('--impact', 'cross-validate a gbdt model with and without each step')
    .option('--report <dir>', 'write report.html and report.json into this directory')
    .option('--json', 'print the result as JSON on stdout')
    .option('--seed <n>', 'random seed (folds, models)', parseInteger('--seed', 0), 0)
    .action(async (file: string, flags: Flags) => {
      const bar = progress(io, 'cleaning');
      const result = await clean(file, {
        target: flags.target,
        id: flags.id,
        ignore: flags.ignore,
        plan: flags.plan,
        impute: flags.impute,
        out: flags.out,
        dryRun: flags.dryRun,
        impact: flags.impact,
        seed: flags.seed,
        onProgress: (s) => bar.update(s),
      }).finally(() => bar.done());
      if (flags.report) {
        const html = await renderHtml(cleanReport(result), { generator: 'mlqa clean' });
        const paths = writeOut(flags.report, { 'report.html': html, 'report.json': toJson(result) });
        if (!flags.json) io.err(`wrote ${paths.join(', ')}\n`);
      }
      if (flags.json) io.out(toJson(result));
      else io.out(cleanText(result));
      setExit(0);
    });
};
