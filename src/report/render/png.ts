import { Resvg } from '@resvg/resvg-js';
import { FONT } from '../figures/common.js';

export interface Png {
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * SVG → PNG with resvg (a Rust rasterizer whose binary ships inside its npm package). `scale` 2
 * gives print-quality figures. Text uses the system's fonts (DejaVu/Liberation on Debian).
 */
export function svgToPng(svg: string, scale = 2): Png {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: FONT.split(',')[0]!.trim() },
  });
  const image = resvg.render();
  return { bytes: image.asPng(), width: image.width, height: image.height };
}
