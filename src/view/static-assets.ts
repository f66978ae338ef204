import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors.js';

export interface Asset {
  file: string;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * The client's folder. It is plain browser JavaScript (not compiled by tsc), so from `dist/view`
 * it is found in the package's `src/view/client`, shipped alongside `dist`.
 */
function clientDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.join(here, 'client'), path.resolve(here, '..', '..', 'src', 'view', 'client')]) {
    if (existsSync(path.join(dir, 'index.html'))) return dir;
  }
  throw new EnvironmentError('the viewer client files (src/view/client) are missing from this installation');
}

function katexDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('katex/package.json')), 'dist');
}

/**
 * Every static file the viewer serves, keyed by exact URL path. Requests are looked up in this map
 * and never joined onto a folder, so no request can reach any other file.
 */
export function staticAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const add = (url: string, file: string): void => {
    assets.set(url, { file, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  };
  const client = clientDir();
  for (const name of readdirSync(client)) {
    if (/^[\w.-]+\.(html|js|css)$/.test(name)) add(name === 'index.html' ? '/' : `/assets/${name}`, path.join(client, name));
  }
  const katex = katexDir();
  add('/vendor/katex/katex.min.css', path.join(katex, 'katex.min.css'));
  add('/vendor/katex/katex.min.js', path.join(katex, 'katex.min.js'));
  for (const name of readdirSync(path.join(katex, 'fonts'))) {
    if (/^KaTeX_[\w-]+\.(woff2|woff|ttf)$/.test(name)) add(`/vendor/katex/fonts/${name}`, path.join(katex, 'fonts', name));
  }
  return assets;
}
