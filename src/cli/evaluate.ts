/** `mlqa evaluate <model.mlqa> <file>`: judge a saved model on any labeled file. */
import { InvalidArgumentError, Option } from 'commander';
import { evaluate } from '../evaluate/run.js';
import { failsAt, type Severity } from '../report/finding.js';
import { renderHtml } from '../report/html.js';
import { toJson } from '../report/json.js';
import { renderText } from '../report/text.js';
import type { Register } from './commands.js';
import { progress, writeOut } from './io.js';
import { parseFailOn, parseInteger, parseList } from './options.js';

interface Flags {
  json?: boolean;
  out?: string;
  sensitive?: string[];
  benchmark?: string;
  metric?: string;
  failOn: Severity | 'never';
  seed: number;
  threshold: Record<string, number>;
}

/** `--threshold check.name=value`, repeatable. */
function parseThreshold(v: string, prev: Record<string, number> = {}): Record<string, number> {
  const m = /^([a-z0-9_]+\.[a-z0-9_]+)=(.+)$/i.exec(v.trim());
  const value = m ? Number(m[2]) : Number.NaN;
  if (!m || !Number.isFinite(value))
    throw new InvalidArgumentError('use CHECK.NAME=NUMBER, e.g. poor_calibration.warning_ece=0.1');
  return { ...prev, [m[1]!]: value };
}

export const registerEvaluate: Register = (program, io, setExit) => {
  program
    .command('evaluate')
    .description(
      'Evaluate a saved model (model.mlqa) on a labeled data file: metrics, findings, explanations',
    )
    .argument('<model>', 'model file written by mlqa train (model.mlqa)')
    .argument('<file>', 'labeled data file (CSV, TSV, Parquet, JSON, NDJSON, Arrow) with the target column')
    .option('--json', 'print { metrics, confusionMatrix, findings, ... } as JSON on stdout')
    .option('--out <dir>', 'write report.html and report.json into this directory')
    .option(
      '--sensitive <cols>',
      'columns whose groups are compared for fairness (repeat or comma-separate)',
      parseList,
    )
    .option('--benchmark <file>', 'another model.mlqa, or an ONNX model, to compare against on the same rows')
    .option('--metric <name>', 'metric to judge by (default: the metric the model was trained for)')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at or above: error, warning, info or never',
      )
        .default('error')
        .argParser(parseFailOn),
    )
    .option(
      '--seed <n>',
      'random seed for perturbations, permutations and samples',
      parseInteger('--seed', 0),
      0,
    )
    .option('--threshold <check.name=value>', 'override a check threshold (repeatable)', parseThreshold, {})
    .action(async (model: string, file: string, flags: Flags) => {
      const bar = progress(io, 'evaluating');
      const result = await evaluate(model, file, {
        sensitive: flags.sensitive,
        benchmark: flags.benchmark,
        metric: flags.metric,
        thresholds: flags.threshold,
        seed: flags.seed,
        onProgress: (what, done, total) => bar.update(`${what} ${done}/${total}`),
      }).finally(() => bar.done());
      const { report, ...output } = result;
      if (flags.out) {
        const html = await renderHtml(report, { generator: 'mlqa evaluate' });
        const paths = writeOut(flags.out, { 'report.html': html, 'report.json': toJson(output) });
        if (!flags.json) io.err(`wrote ${paths.join(', ')}\n`);
      }
      if (flags.json) io.out(toJson(output));
      else {
        const terminal = {
          ...report,
          sections: report.sections.filter((s) =>
            ['Metrics', 'Findings', 'Per-class metrics'].includes(s.title),
          ),
        };
        io.out(renderText(terminal, { color: io.color ?? false }));
      }
      setExit(failsAt(output.findings, flags.failOn) ? 1 : 0);
    });
};
