import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { complete } from './complete.js';
import { ApiError } from './openai-error.js';
import { chatComplete } from './chat.js';
import { chatCompletionRequest, completionRequest } from './schema.js';
import type { ServableModel } from './servable-model.js';

/**
 * The OpenAI-compatible HTTP server of `rlbound serve`: GET /v1/models, POST /v1/completions and
 * POST /v1/chat/completions,
 * bound to 127.0.0.1 only (a lab model is a local tool, not a public service). Requests are
 * validated with zod and rejected with OpenAI-style 4xx JSON errors that name the field.
 */
export interface ServeOptions {
  port?: number;
  host?: string;
  /** Largest accepted request body, bytes. */
  maxBodyBytes?: number;
}

export interface RunningServer {
  /** Base URL including /v1, e.g. http://127.0.0.1:8000/v1 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(model: ServableModel, options: ServeOptions = {}): Promise<RunningServer> {
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  // Requests run one at a time: the model computes on this thread, and a queue keeps each
  // request's latency honest instead of interleaving many half-finished ones.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError(500, `internal error: ${(e as Error).message}`, 'internal_server_error');
      send(res, err.status, err.body());
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
    if (path === '/v1/models' || path === '/models') {
      if (req.method !== 'GET') throw new ApiError(405, `method ${req.method} not allowed on ${path}`);
      send(res, 200, { object: 'list', data: [{ id: model.id, object: 'model', created: 0, owned_by: 'rlbound', max_model_len: model.contextLength }] });
      return;
    }
    if (path === '/health') {
      send(res, 200, { status: 'ok' });
      return;
    }
    const endpoint = path.replace(/^\/v1/, '');
    if (endpoint !== '/completions' && endpoint !== '/chat/completions')
      throw new ApiError(404, `no route ${req.method} ${path} (rlbound serve has /v1/models, /v1/completions and /v1/chat/completions)`, 'not_found_error');
    if (req.method !== 'POST') throw new ApiError(405, `method ${req.method} not allowed on ${path}`);
    const raw = await readBody(req, maxBody);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new ApiError(400, `request body is not valid JSON: ${(e as Error).message}`);
    }
    const body =
      endpoint === '/completions'
        ? await serial(() => complete(model, parseRequest(completionRequest, json)))
        : await serial(() => chatComplete(model, parseRequest(chatCompletionRequest, json)));
    send(res, 200, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/v1`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A request body through its zod schema; the first problem becomes a 400 naming the field. */
function parseRequest<T>(schema: z.ZodType<T>, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue?.path.join('.') || null;
  throw new ApiError(400, `${param ?? 'body'}: ${issue?.message ?? 'invalid request'}`, 'invalid_request_error', param);
}

function readBody(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new ApiError(413, `request body larger than ${max} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
