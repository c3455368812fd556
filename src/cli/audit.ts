/** `mlqa audit <file>`: check a data file for quality problems before training on it. */
import { InvalidArgumentError, Option } from 'commander';
import { associationFor } from '../audit/association.js';
import type { Thresholds } from '../audit/check.js';
import { suggestAndWrite } from '../audit/expectations-file.js';
import { auditReport, auditTerminalReport } from '../audit/report.js';
import { type AuditOptions, runAudit } from '../audit/run.js';
import { failsAt, type Severity } from '../report/finding.js';
import { renderHtml } from '../report/html.js';
import { toJson } from '../report/json.js';
import { renderText } from '../report/text.js';
import type { Register } from './commands.js';
import { progress, writeOut } from './io.js';
import { parseFailOn, parseInteger, parseList } from './options.js';

interface Flags {
  target?: string;
  id?: string[];
  time?: string;
  ignore?: string[];
  expect?: string;
  suggestExpect?: string;
  json?: boolean;
  out?: string;
  failOn: Severity | 'never';
  sample: number;
  seed: number;
  only?: string[];
  skip?: string[];
  threshold: Record<string, Thresholds>;
}

/** `--threshold check.name=value`, repeatable: per-check threshold overrides. */
function parseThreshold(v: string, prev: Record<string, Thresholds> = {}): Record<string, Thresholds> {
  const m = /^([a-z0-9_]+)\.([a-z0-9_]+)=(.+)$/i.exec(v.trim());
  const value = m ? Number(m[3]) : Number.NaN;
  if (!m || !Number.isFinite(value))
    throw new InvalidArgumentError('use CHECK.NAME=NUMBER, e.g. missing_values.warning_share=0.1');
  return { ...prev, [m[1]!]: { ...prev[m[1]!], [m[2]!]: value } };
}

export const registerAudit: Register = (program, io, setExit) => {
  program
    .command('audit')
    .description('Audit a data file (CSV, TSV, Parquet, JSON, NDJSON, Arrow) for quality problems')
    .argument('<file>', 'data file to audit')
    .option('--target <col>', 'target column')
    .option('--id <cols>', 'identifier columns (repeat or comma-separate)', parseList)
    .option('--time <col>', 'time column (rows are ordered by it)')
    .option('--ignore <cols>', 'columns to leave out of the checks (repeat or comma-separate)', parseList)
    .option('--expect <file>', 'expectations file (YAML or JSON) to check the data against')
    .option('--suggest-expect <out>', 'write expectations inferred from this data to a file')
    .option('--json', 'print the result as JSON on stdout')
    .option('--out <dir>', 'write report.html and report.json into this directory')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at or above: error, warning, info or never',
      )
        .default('error')
        .argParser(parseFailOn),
    )
    .option('--sample <n>', 'rows kept in memory for row-level checks', parseInteger('--sample', 1), 100_000)
    .option('--seed <n>', 'random seed for sampling', parseInteger('--seed', 0), 0)
    .option('--only <checks>', 'run only these checks (comma-separated ids)', parseList)
    .option('--skip <checks>', 'skip these checks (comma-separated ids)', parseList)
    .option('--threshold <check.name=value>', 'override a check threshold (repeatable)', parseThreshold, {})
    .action(async (file: string, flags: Flags) => {
      const bar = progress(io, 'auditing');
      const options: AuditOptions = {
        target: flags.target,
        id: flags.id,
        time: flags.time,
        ignore: flags.ignore,
        expect: flags.expect,
        sample: flags.sample,
        seed: flags.seed,
        checks: { include: flags.only, exclude: flags.skip },
        thresholds: flags.threshold,
        onProgress: (s) => bar.update(s),
      };
      const run = await runAudit(file, options).finally(() => bar.done());
      try {
        const result = run.result;
        if (flags.suggestExpect) {
          await suggestAndWrite(run.context, flags.suggestExpect);
          if (!flags.json) io.err(`wrote expectations to ${flags.suggestExpect}\n`);
        }
        if (flags.out) {
          bar.update('writing report');
          const report = auditReport(run, { association: associationFor(run) });
          const html = await renderHtml(report, { generator: 'mlqa audit' });
          bar.done();
          const paths = writeOut(flags.out, { 'report.html': html, 'report.json': toJson(result) });
          if (!flags.json) io.err(`wrote ${paths.join(', ')}\n`);
        }
        if (flags.json) io.out(toJson(result));
        else io.out(renderText(auditTerminalReport(run), { color: io.color ?? false, tables: false }));
        if (process.env.MLQA_TIMINGS) io.err(`timings (ms): ${JSON.stringify(run.timings)}\n`);
        setExit(failsAt(result.findings, flags.failOn) ? 1 : 0);
      } finally {
        run.close();
      }
    });
};
