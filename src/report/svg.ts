/** Vega-Lite spec to a standalone inline SVG string (no script, no external references). */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './report.js';

/** Render one spec to SVG with vega's headless view; namespace attributes are dropped (inline SVG needs none). */
export async function specToSvg(spec: ChartSpec, title?: string): Promise<string> {
  const vg = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    let svg = await view.toSVG();
    svg = svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '').replace(/\s+version="1\.1"/, '');
    const label = title ? ` role="img" aria-label="${escapeAttr(title)}"` : '';
    return svg.replace(/^<svg/, `<svg${label}`);
  } finally {
    view.finalize();
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
