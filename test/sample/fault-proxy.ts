import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Rng } from '../../src/util/rng.js';

/**
 * A fault-injecting HTTP proxy for tests: forwards to a real upstream server but, with seeded
 * probabilities, answers 500 or 429, stalls past the client's timeout, resets the connection in
 * the middle of the response body, or sends a truncated JSON body.
 */
export type Fault = 'error500' | 'error429' | 'stall' | 'reset' | 'truncate';

export interface FaultProxy {
  url: string;
  counts: Record<Fault | 'ok', number>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string, rates: Partial<Record<Fault, number>>, seed: number, stallMs = 2_000): Promise<FaultProxy> {
  const rng = new Rng(seed);
  const up = new URL(upstream);
  const counts: FaultProxy['counts'] = { error500: 0, error429: 0, stall: 0, reset: 0, truncate: 0, ok: 0 };
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let fault: Fault | 'ok' = 'ok';
      // /models is left alone so the probe sees the server; faults hit generation.
      if (!req.url?.endsWith('/models')) {
        let r = rng.uniform();
        for (const [f, p] of Object.entries(rates) as [Fault, number][]) {
          if (r < p) {
            fault = f;
            break;
          }
          r -= p;
        }
      }
      counts[fault]++;
      if (fault === 'error500') return void send(res, 500, '{"error":{"message":"injected 500","type":"server_error"}}');
      if (fault === 'error429') return void send(res, 429, '{"error":{"message":"injected 429","type":"rate_limit"}}', { 'retry-after': '0' });
      const forward = (): void => {
        const target = new URL(req.url ?? '/', up);
        const preq = http.request(target, { method: req.method, headers: { 'content-type': 'application/json' }, agent }, (pres) => {
          const body: Buffer[] = [];
          pres.on('data', (c: Buffer) => body.push(c));
          pres.on('end', () => {
            const full = Buffer.concat(body);
            if (fault === 'reset') {
              res.writeHead(pres.statusCode ?? 200, { 'content-type': 'application/json', 'content-length': full.length });
              res.write(full.subarray(0, Math.floor(full.length / 2)));
              setTimeout(() => res.socket?.destroy(), 5);
              return;
            }
            if (fault === 'truncate') return void send(res, pres.statusCode ?? 200, full.subarray(0, Math.floor(full.length / 2)).toString('utf8'));
            res.writeHead(pres.statusCode ?? 200, { 'content-type': 'application/json', 'content-length': full.length });
            res.end(full);
          });
        });
        preq.on('error', () => res.socket?.destroy());
        preq.end(Buffer.concat(chunks));
      };
      if (fault === 'stall') setTimeout(forward, stallMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${up.pathname.replace(/\/$/, '')}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
