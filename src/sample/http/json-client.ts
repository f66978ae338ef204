import http from 'node:http';
import https from 'node:https';
import { RequestFailure, parseRetryAfter } from './request-failure.js';

/**
 * A small JSON-over-HTTP client on node:http with keep-alive pools. It exists (instead of
 * fetch) so that every failure mode is classified precisely: a deadline covering headers *and*
 * body, connection resets mid-body, truncated or non-JSON bodies, and Retry-After on 429/503.
 */
export interface JsonClientOptions {
  /** Whole-request deadline (connect + headers + body), ms. */
  timeoutMs: number;
  /** Extra headers on every request (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Upper bound on pooled sockets per host. */
  maxSockets?: number;
}

export class JsonClient {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: JsonClientOptions) {
    const agentOpts = { keepAlive: true, maxSockets: options.maxSockets ?? 256 };
    this.httpAgent = new http.Agent(agentOpts);
    this.httpsAgent = new https.Agent(agentOpts);
  }

  post(url: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    return this.request('POST', url, JSON.stringify(body), signal);
  }

  get(url: string, signal?: AbortSignal): Promise<unknown> {
    return this.request('GET', url, undefined, signal);
  }

  /** Closes pooled sockets so the process can exit. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private request(method: string, url: string, payload: string | undefined, signal?: AbortSignal): Promise<unknown> {
    const target = new URL(url);
    const isHttps = target.protocol === 'https:';
    const lib = isHttps ? https : http;
    const headers: Record<string, string | number> = { accept: 'application/json', ...this.options.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const finish = (err: RequestFailure | null, value?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(value);
      };
      const req = lib.request(target, { method, headers, agent: isHttps ? this.httpsAgent : this.httpAgent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => finish(new RequestFailure('reset', `${method} ${url}: connection lost while reading the body (${e.message})`, { cause: e })));
        res.on('aborted', () => finish(new RequestFailure('reset', `${method} ${url}: connection reset while reading the body`)));
        res.on('end', () => {
          if (!res.complete) {
            finish(new RequestFailure('reset', `${method} ${url}: response body ended early`));
            return;
          }
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            const retryAfterMs = parseRetryAfter(headerValue(res.headers['retry-after']), Date.now());
            finish(new RequestFailure('http', `${method} ${url}: HTTP ${status}: ${errorMessage(text)}`, { status, retryAfterMs }));
            return;
          }
          try {
            finish(null, JSON.parse(text));
          } catch (e) {
            finish(
              new RequestFailure('malformed', `${method} ${url}: response is not valid JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 80))})`, {
                status,
                cause: e,
              }),
            );
          }
        });
      });
      const timer = setTimeout(() => {
        finish(new RequestFailure('timeout', `${method} ${url}: no complete response within ${this.options.timeoutMs} ms`));
        req.destroy();
      }, this.options.timeoutMs);
      const onAbort = (): void => {
        finish(new RequestFailure('aborted', `${method} ${url}: aborted`));
        req.destroy();
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e: NodeJS.ErrnoException) => {
        const kind = e.code === 'ECONNREFUSED' ? 'refused' : 'reset';
        finish(new RequestFailure(kind, `${method} ${url}: ${e.code ?? e.message}`, { cause: e }));
      });
      if (payload !== undefined) req.end(payload);
      else req.end();
    });
  }
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** The `error.message` of an OpenAI-style error body, or the start of the raw body. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof body.error === 'object' && typeof body.error?.message === 'string') return body.error.message;
    if (typeof body.error === 'string') return body.error;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}
