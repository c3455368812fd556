/** Vega-Lite spec to a standalone inline SVG string (no script, no external references). */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './report.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

/** vega and vega-lite, loaded on the first chart: commands that draw none start without them (~0.4 s). */
let libs: Promise<[Vega, VegaLite]> | null = null;
const load = () => (libs ??= Promise.all([import('vega'), import('vega-lite')]));

let rendered = 0;

/**
 * Render one spec to SVG with vega's headless view. Namespace attributes are dropped (inline SVG needs
 * none) and element ids (gradients, clip paths) get a per-chart prefix, so many charts share one page.
 */
export async function specToSvg(spec: ChartSpec, title?: string): Promise<string> {
  const [vega, { compile }] = await load();
  const vg = compile(spec as unknown as TopLevelSpec, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.None });
  try {
    let svg = await view.toSVG();
    svg = svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '').replace(/\s+version="1\.1"/, '');
    // The font comes from the page's stylesheet instead of an attribute on every label.
    svg = svg.replace(/ font-family="[^"]*"/g, '');
    const prefix = `v${++rendered}-`;
    svg = svg
      .replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
      .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
    const label = title ? ` role="img" aria-label="${escapeAttr(title)}"` : '';
    return svg.replace(/^<svg/, `<svg${label}`);
  } finally {
    view.finalize();
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
