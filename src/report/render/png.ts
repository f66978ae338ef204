import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FIGURE_FONT_FAMILY, figureFontFiles } from './fonts.js';

export interface Png {
  bytes: Buffer;
  width: number;
  height: number;
}

/** resvg options: the shipped font only, so output does not depend on what the machine has installed. */
function resvgOptions(extra: ResvgRenderOptions = {}): ResvgRenderOptions {
  return {
    background: 'white',
    ...extra,
    font: { loadSystemFonts: false, fontFiles: figureFontFiles(), defaultFontFamily: FIGURE_FONT_FAMILY, sansSerifFamily: FIGURE_FONT_FAMILY },
  };
}

/**
 * SVG → PNG with resvg (a Rust rasterizer whose binary ships inside its npm package). `scale` 2
 * gives print-quality figures.
 */
export function svgToPng(svg: string, scale = 2): Png {
  const resvg = new Resvg(svg, resvgOptions({ fitTo: { mode: 'zoom', value: scale } }));
  const image = resvg.render();
  return { bytes: image.asPng(), width: image.width, height: image.height };
}

/**
 * The same SVG with every text drawn as glyph outlines (resvg's normalized output: paths, groups
 * and clips only). The figure then carries its font inside it — it looks the same in any viewer,
 * journal system or PDF, with no font to embed or substitute — and the PDF export reads this form.
 */
export function outlineSvg(svg: string): string {
  return new Resvg(svg, resvgOptions()).toString();
}
