import { describe, expect, it } from 'vitest';
import { finding } from '../src/report/finding.js';
import { toJson } from '../src/report/json.js';
import type { Report } from '../src/report/report.js';
import { renderText, severityCounts } from '../src/report/text.js';

const report: Report = {
  title: 'Audit of shop.csv',
  summary: { rows: 12345, columns: 4, target: 'churn' },
  notes: ["delimiter ';'"],
  sections: [
    { title: 'Overview', text: 'Some text.' },
    {
      title: 'Findings',
      findings: [
        finding({
          check: 'outliers',
          severity: 'info',
          columns: ['price'],
          value: 3,
          threshold: 0.01,
          message: '3 extreme prices',
        }),
        finding({
          check: 'target_leakage',
          severity: 'error',
          columns: ['refund_date', 'churn'],
          value: 0.99,
          threshold: 0.95,
          message: 'refund_date predicts churn almost perfectly',
          fix: 'Drop refund_date.',
        }),
        finding({
          check: 'missing_values',
          severity: 'warning',
          columns: ['age'],
          rows: [1, 5],
          value: 0.2,
          threshold: 0.05,
          message: 'age is 20% missing',
        }),
      ],
    },
    {
      title: 'Scores',
      tables: [
        {
          title: 'Leaderboard',
          columns: ['model', 'auc'],
          rows: [
            ['gbdt', 0.91234],
            ['linear', 0.8],
          ],
        },
      ],
    },
  ],
};

describe('text renderer', () => {
  it('prints a summary line, the verdict, notes and one line per finding, most severe first', () => {
    const text = renderText(report, { tables: false });
    expect(text).toBe(
      [
        'Audit of shop.csv  rows 12,345 · columns 4 · target churn',
        '1 error, 1 warning, 1 info',
        "note: delimiter ';'",
        '',
        '[error]    target_leakage  refund_date,churn  refund_date predicts churn almost perfectly',
        '[warning]  missing_values  age                age is 20% missing',
        '[info]     outliers        price              3 extreme prices',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('\u001b[');
  });

  it('adds fixes, tables and colour when asked', () => {
    const text = renderText(report, { fixes: true, color: true });
    expect(text).toContain('\u001b[31m'); // red errors
    expect(text).toContain('fix: Drop refund_date.');
    expect(text).toMatch(/gbdt\s+0\.9123\n/);
    expect(renderText(report, { maxFindings: 1 })).toContain('… and 2 more');
  });

  it('says so when there is nothing to report', () => {
    const clean: Report = {
      title: 'Audit of iris.csv',
      summary: { rows: 150 },
      sections: [{ title: 'Findings', findings: [] }],
    };
    expect(renderText(clean)).toBe('Audit of iris.csv  rows 150\nno findings\n');
    expect(severityCounts([])).toBe('0 errors, 0 warnings, 0 info');
  });
});

describe('JSON renderer', () => {
  it('keeps key order, indents, and writes non-finite numbers as null', () => {
    expect(toJson({ b: 1, a: [Number.NaN, Number.POSITIVE_INFINITY, 0.5] })).toBe(
      '{\n  "b": 1,\n  "a": [\n    null,\n    null,\n    0.5\n  ]\n}\n',
    );
  });
});
