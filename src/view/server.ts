import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { buildFigureSections, renderSvg, validateReportData, type ReportData } from '../report/index.js';
import { ProblemListParams, ProblemParams, SampleListParams } from './api-params.js';
import { filterProblems } from './problem-filter.js';
import type { SampleSource } from './sample-source.js';
import { staticAssets } from './static-assets.js';

export interface ViewerOptions {
  /** Every number and figure of the study (from `gatherReportData`). */
  data: ReportData;
  /** Problem statements and samples (from the study store). */
  samples: SampleSource;
  /** Interface to bind; loopback unless the caller explicitly asks for another. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningViewer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** The client loads only its own files; model output can never bring in a script or a request. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Only plain path characters: no percent-escapes (so no %2f / %2e tricks), no backslashes. */
const SAFE_PATH = /^\/[A-Za-z0-9/_.-]*$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the study viewer: a small HTTP server that serves the client, KaTeX, the report's
 * figures and a read-only JSON API over the study. Nothing else on disk is reachable.
 */
export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  const data = validateReportData(options.data);
  const host = options.host ?? '127.0.0.1';
  const assets = staticAssets();
  const figures = buildFigureSections(data).flatMap((s) => s.figures.map((f) => ({ ...f, section: s.heading })));
  const svgCache = new Map<string, Promise<string>>();
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([...LOOPBACK].flatMap((h) => [`${h}:${port}`, `[${h}]:${port}`]));

  const api = async (route: string, query: URLSearchParams): Promise<unknown> => {
    const params = Object.fromEntries(query);
    switch (route) {
      case '/api/summary':
        return {
          title: data.title,
          source: data.source,
          generatedAt: data.generatedAt,
          models: data.models,
          benchmarks: data.benchmarks,
          figures: figures.map((f) => ({ id: f.id, title: f.title, caption: f.caption, section: f.section })),
        };
      case '/api/problems': {
        const q = parse(ProblemListParams, params);
        return { benchmark: q.benchmark, rows: filterProblems(data.problems, q) };
      }
      case '/api/problem': {
        const q = parse(ProblemParams, params);
        const detail = await options.samples.problem(q.benchmark, q.problem);
        if (detail === null) throw new HttpError(404, 'no such problem');
        return detail;
      }
      case '/api/samples': {
        const q = parse(SampleListParams, params);
        if (!data.models.some((m) => m.id === q.model)) throw new HttpError(404, 'no such model');
        return options.samples.samples({ benchmark: q.benchmark, problemId: q.problem, model: q.model, offset: q.offset, limit: q.limit });
      }
      default:
        throw new HttpError(404, 'not found');
    }
  };

  const figureSvg = (id: string): Promise<string> => {
    const fig = figures.find((f) => f.id === id);
    if (!fig) throw new HttpError(404, 'no such figure');
    let svg = svgCache.get(id);
    if (!svg) svgCache.set(id, (svg = renderSvg(fig.spec)));
    return svg;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = req.url ?? '/';
    const pathPart = raw.split('?', 1)[0]!;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'read-only viewer');
    if (LOOPBACK.has(host) && !allowedHosts().has(req.headers.host ?? '')) throw new HttpError(421, 'unexpected Host header');
    if (!SAFE_PATH.test(pathPart) || pathPart.includes('..') || pathPart.includes('//')) throw new HttpError(400, 'bad path');
    const query = new URLSearchParams(raw.slice(pathPart.length + 1));
    const asset = assets.get(pathPart);
    if (asset) {
      send(res, 200, asset.contentType, await readFile(asset.file), req.method === 'HEAD');
      return;
    }
    const figure = /^\/api\/figures\/([a-z0-9-]+)\.svg$/.exec(pathPart);
    if (figure) {
      send(res, 200, 'image/svg+xml', await figureSvg(figure[1]!), req.method === 'HEAD');
      return;
    }
    if (pathPart.startsWith('/api/')) {
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await api(pathPart, query)), req.method === 'HEAD');
      return;
    }
    throw new HttpError(404, 'not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : 'internal error';
      if (!(err instanceof HttpError)) process.emitWarning(`viewer: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) send(res, status, 'application/json; charset=utf-8', JSON.stringify({ error: message }), false);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parse<T extends z.ZodType>(schema: T, params: Record<string, string>): z.infer<T> {
  const r = schema.safeParse(params);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HttpError(400, `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headOnly: boolean): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': type.startsWith('image/svg') ? "default-src 'none'; style-src 'unsafe-inline'" : PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(headOnly ? undefined : body);
}
