import { describe, expect, it } from 'vitest';
import { barChart, heatmapChart, histogramChart } from '../src/report/charts.js';
import { finding } from '../src/report/finding.js';
import { escapeHtml, renderHtml } from '../src/report/html.js';
import type { Report } from '../src/report/report.js';
import { specToSvg } from '../src/report/svg.js';

describe('charts render to inline SVG without scripts or external references', () => {
  it('a histogram draws one rect per bin', async () => {
    const bins = [0, 1, 2, 3, 4].map((i) => ({
      start: i * 10,
      end: (i + 1) * 10,
      count: [3, 8, 13, 5, 1][i]!,
    }));
    const svg = await specToSvg(histogramChart(bins), 'price');
    expect(svg.startsWith('<svg role="img" aria-label="price"')).toBe(true);
    const marks = svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/)![1]!;
    expect(marks.match(/<path/g)).toHaveLength(5);
    expect(svg).not.toMatch(/https?:|xlink|<script/);
  });

  it('bars and heatmaps render their data', async () => {
    const bars = await specToSvg(
      barChart([
        { label: 'Adelie', value: 152 },
        { label: 'Gentoo', value: 124 },
      ]),
    );
    expect(bars).toContain('>Adelie<');
    const heat = await specToSvg(
      heatmapChart(
        [
          { x: 'a', y: 'b', value: 0.5 },
          { x: 'b', y: 'a', value: -0.2 },
        ],
        { diverging: true, domain: [-1, 1] },
      ),
    );
    expect(
      heat.match(/<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/)![1]!.match(/<path/g),
    ).toHaveLength(2);
    // Gradient ids are unique per chart, so several legends can share a page.
    const again = await specToSvg(heatmapChart([{ x: 'a', y: 'b', value: 0.5 }], { diverging: true }));
    const id = (svg: string) => svg.match(/<linearGradient id="([^"]+)"/)![1]!;
    expect(id(heat)).not.toBe(id(again));
    expect(heat).toContain(`url(#${id(heat)})`);
  });
});

describe('HTML renderer', () => {
  const report: Report = {
    title: 'Audit of <weird> & "quoted".csv',
    summary: { rows: 1000, columns: 3 },
    notes: ['row-level checks ran on a sample'],
    sections: [
      { title: 'Overview', text: 'Short & sweet.' },
      {
        title: 'Findings',
        findings: [
          finding({
            check: 'missing_values',
            severity: 'warning',
            columns: ['a<b'],
            value: 0.2,
            threshold: 0.05,
            message: 'a<b is 20% missing',
            fix: 'Impute.',
          }),
          finding({
            check: 'duplicate_rows',
            severity: 'error',
            rows: [3, 4],
            value: 2,
            threshold: 0,
            message: '2 duplicate rows',
          }),
        ],
      },
      {
        title: 'Distributions',
        charts: [{ title: 'x', spec: histogramChart([{ start: 0, end: 1, count: 4 }]) }],
      },
      {
        title: 'Table',
        tables: [
          {
            columns: ['name', 'value'],
            rows: [
              ['e', 2.71818],
              ['big', 1234567],
            ],
          },
        ],
      },
    ],
  };

  it('is one self-contained document: inline CSS and SVG, no script, no external resource', async () => {
    const html = await renderHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|https?:\/\/|<link|<img|@import|url\((?!#)/i);
    expect(html).toContain('<style>');
    expect(html.match(/<svg/g)).toHaveLength(1);
  });

  it('escapes text, shows severity badges most severe first, sections linked from the nav', async () => {
    const html = await renderHtml(report);
    expect(html).toContain('<title>Audit of &lt;weird&gt; &amp; &quot;quoted&quot;.csv</title>');
    expect(html).not.toContain('<weird>');
    expect(html).toContain('<code>a&lt;b</code>');
    expect(html.indexOf('badge error">error')).toBeLessThan(html.indexOf('badge warning">warning'));
    expect(html).toContain(
      '<span class="badge error">1 error</span><span class="badge warning">1 warning</span>',
    );
    expect(html).toContain('<a href="#s3">Distributions</a>');
    expect(html).toContain('<section id="s3">');
    expect(html).toContain('<td class="num">2.718</td>');
    expect(html).toContain('<td class="num">1,234,567</td>');
    expect(html).toContain('Fix: Impute.');
  });

  it('escapes the five HTML-significant characters it needs to', () => {
    expect(escapeHtml(`<a href="x">&</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});
