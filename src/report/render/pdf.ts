import PDFDocument from 'pdfkit';

/**
 * Outlined SVG → PDF. The SVG must be resvg's normalized form (`outlineSvg`): only groups,
 * paths and clip paths, every text already a glyph outline, every attribute explicit. That small
 * vocabulary is drawn with pdfkit (pinned; maintained, pure JavaScript, parses SVG path data
 * itself), so the PDF holds vectors and no font at all — nothing to embed, nothing to substitute.
 * Chosen over svg-to-pdfkit (unmaintained since 2019) and svg2pdf.js (needs a browser DOM).
 */

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
}

/** A tag parser for resvg's output (well-formed, double-quoted attributes, no text content or CDATA). */
function parseSvg(svg: string): Element {
  const root: Element = { name: '#root', attrs: {}, children: [] };
  const stack: Element[] = [root];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([\w:-]+)="([^"]*)"/g))
      attrs[a[1]!] = a[2]!
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const el: Element = { name: name!, attrs, children: [] };
    stack[stack.length - 1]!.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  const svgEl = root.children.find((c) => c.name === 'svg');
  if (!svgEl) throw new Error('not an SVG document');
  return svgEl;
}

type Matrix = [number, number, number, number, number, number];

function parseTransform(t: string | undefined): Matrix | null {
  if (!t) return null;
  const m = /matrix\(([^)]*)\)/.exec(t);
  if (!m) return null;
  const v = m[1]!
    .split(/[\s,]+/)
    .filter((x) => x.length > 0)
    .map(Number);
  return v.length === 6 && v.every(Number.isFinite) ? (v as Matrix) : null;
}

const num = (v: string | undefined, fallback: number): number => {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
};

class PdfPainter {
  private readonly clips = new Map<string, Element>();
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    root: Element,
  ) {
    const collect = (el: Element): void => {
      if (el.name === 'clipPath' && el.attrs['id']) this.clips.set(el.attrs['id'], el);
      el.children.forEach(collect);
    };
    collect(root);
  }

  draw(el: Element, opacity: number): void {
    if (el.name === 'defs' || el.name === 'clipPath') return;
    if (el.name === 'g' || el.name === 'svg') {
      this.doc.save();
      const m = parseTransform(el.attrs['transform']);
      if (m) this.doc.transform(...m);
      this.applyClip(el.attrs['clip-path']);
      const inner = opacity * num(el.attrs['opacity'], 1);
      for (const c of el.children) this.draw(c, inner);
      this.doc.restore();
    } else if (el.name === 'path') this.path(el, opacity);
  }

  private applyClip(ref: string | undefined): void {
    const id = ref ? /url\(#([^)]+)\)/.exec(ref)?.[1] : undefined;
    const clip = id ? this.clips.get(id) : undefined;
    if (!clip) return;
    const cm = parseTransform(clip.attrs['transform']);
    // A clip path's own transform applies to its outline only, so it is undone before drawing on.
    for (const p of clip.children.filter((c) => c.name === 'path' && c.attrs['d'])) {
      this.doc.save();
      if (cm) this.doc.transform(...cm);
      const pm = parseTransform(p.attrs['transform']);
      if (pm) this.doc.transform(...pm);
      this.doc.path(p.attrs['d']!);
      this.doc.restore();
    }
    this.doc.clip(clip.children[0]?.attrs['clip-rule'] === 'evenodd' ? 'even-odd' : 'non-zero');
  }

  private path(el: Element, opacity: number): void {
    const d = el.attrs['d'];
    if (!d) return;
    const fill = el.attrs['fill'] ?? '#000000';
    const stroke = el.attrs['stroke'] ?? 'none';
    const hasFill = fill !== 'none';
    const hasStroke = stroke !== 'none' && num(el.attrs['stroke-width'], 1) > 0;
    if (!hasFill && !hasStroke) return;
    const doc = this.doc;
    doc.save();
    const m = parseTransform(el.attrs['transform']);
    if (m) doc.transform(...m);
    doc.path(d);
    if (hasFill) doc.fillColor(fill).fillOpacity(opacity * num(el.attrs['fill-opacity'], 1));
    if (hasStroke) {
      doc
        .strokeColor(stroke)
        .strokeOpacity(opacity * num(el.attrs['stroke-opacity'], 1))
        .lineWidth(num(el.attrs['stroke-width'], 1));
      const cap = el.attrs['stroke-linecap'];
      if (cap === 'round' || cap === 'square' || cap === 'butt') doc.lineCap(cap);
      const join = el.attrs['stroke-linejoin'];
      if (join === 'round' || join === 'bevel' || join === 'miter') doc.lineJoin(join);
      const dash = el.attrs['stroke-dasharray']
        ?.split(/[\s,]+/)
        .map(Number)
        .filter((x) => Number.isFinite(x) && x >= 0);
      if (dash && dash.length > 0 && dash.some((x) => x > 0)) doc.dash(dash[0]!, { space: dash[1] ?? dash[0]! });
    }
    const rule = el.attrs['fill-rule'] === 'evenodd' ? 'even-odd' : 'non-zero';
    if (hasFill && hasStroke) doc.fillAndStroke(fill, stroke, rule);
    else if (hasFill) doc.fill(rule);
    else doc.stroke();
    doc.restore();
  }
}

export interface PdfOptions {
  /** Page width in points (72 per inch): the figure is scaled to it, the height follows. */
  widthPt: number;
  title: string;
  /** Fixed creation date, so the same figure gives the same file. */
  createdAt: Date;
}

/** Draws an outlined SVG onto one PDF page of the given physical width. */
export function outlinedSvgToPdf(svg: string, options: PdfOptions): Promise<Buffer> {
  const root = parseSvg(svg);
  const width = num(root.attrs['width'], NaN);
  const height = num(root.attrs['height'], NaN);
  if (!Number.isFinite(width) || !Number.isFinite(height)) throw new Error('SVG without numeric width/height');
  const scale = options.widthPt / width;
  const doc = new PDFDocument({
    size: [options.widthPt, height * scale],
    margin: 0,
    autoFirstPage: true,
    compress: true,
    info: { Title: options.title, Creator: 'rlbound', Producer: 'rlbound (pdfkit)', CreationDate: options.createdAt, ModDate: options.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.rect(0, 0, options.widthPt, height * scale).fill('#ffffff');
  doc.transform(scale, 0, 0, scale, 0, 0);
  const painter = new PdfPainter(doc, root);
  for (const c of root.children) painter.draw(c, 1);
  doc.end();
  return done;
}
