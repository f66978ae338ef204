import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The figure font, shipped in an npm package (`dejavu-fonts-ttf`, pinned) rather than taken from
 * the system: a figure's glyphs — outlined into the SVG and PDF, rasterized into the PNG — are
 * the same on every machine, with or without fonts installed. DejaVu Sans covers the Greek,
 * math and arrow characters the figures use (Δ, ≥, ≈, −, ·).
 */
export const FIGURE_FONT_FAMILY = 'DejaVu Sans';

let cached: string[] | null = null;

/** Absolute paths of the regular and bold TrueType files. */
export function figureFontFiles(): string[] {
  if (cached) return cached;
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  cached = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => path.join(dir, f));
  return cached;
}
