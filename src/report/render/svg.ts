import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Vega-Lite spec → SVG text, rendered in-process (no browser, no canvas). Data is inline in the
 * spec, so the loader is never asked for anything: a spec cannot make the renderer read files or
 * the network.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Vega-Lite's warnings (e.g. about merged sort orders) are advisory; only errors surface.
  const compiled = compile(spec, { logger: vega.logger(vega.Error) }).spec;
  const loader = vega.loader({ mode: 'http' });
  // Refuse any external load: figures must be self-contained.
  loader.load = () => Promise.reject(new Error('figures may not load external data'));
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Makes the ids inside one SVG unique within a page: vega numbers its clip paths and gradients
 * from 1 in every render, so two inline figures would otherwise point at each other's clips.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/\bhref="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

/** Width and height in CSS pixels, read from the root element vega writes. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\bwidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(root)?.[1]);
  if (!Number.isFinite(width) || !Number.isFinite(height)) throw new Error('SVG without numeric width/height');
  return { width, height };
}
