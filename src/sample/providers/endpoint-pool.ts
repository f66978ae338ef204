import { RequestFailure } from '../http/request-failure.js';
import type { GenerateRequest, GenerateResponse, Provider, ServedModel, TokenLogprobs } from '../types.js';

/**
 * One model served by several servers (one vLLM per GPU), used as one provider. Work stealing:
 * a request goes to the server with the fewest requests in flight among those below their cap,
 * and waits when every server is full — so each server takes the next chunk exactly when it has
 * room, and a slow server holds back nothing but its own requests. A server that fails at the
 * transport level or with 5xx is set aside for a cool-down and the same request (same seed) is
 * sent to another server at once; the sample is the same whichever server produced it, because
 * the seed belongs to the (problem, sample index) slot, not to the server.
 */
export interface EndpointPoolOptions {
  /** Requests in flight per server. */
  perEndpoint: number;
  /** First cool-down of a failed server, ms (doubles per consecutive failure, up to 60 s). */
  cooldownMs?: number;
}

/** What each server of the pool did (for progress and tests). */
export interface EndpointStats {
  describe: string;
  inFlight: number;
  served: number;
  failures: number;
  /** The server is cooling down after failures (ms since epoch when it may be tried again). */
  downUntil: number | null;
}

interface Member {
  provider: Provider;
  inFlight: number;
  served: number;
  failures: number;
  consecutiveFailures: number;
  downUntil: number;
}

const MAX_COOLDOWN_MS = 60_000;

/** Failures that say the server (not the request) is the problem: worth trying another server. */
function serverFault(err: unknown): err is RequestFailure {
  if (!(err instanceof RequestFailure)) return false;
  if (err.kind === 'aborted' || err.kind === 'unsupported') return false;
  return err.kind !== 'http' || (err.status ?? 0) >= 500;
}

export class EndpointPool implements Provider {
  readonly describe: string;
  readonly api: Provider['api'];
  private readonly members: Member[];
  private readonly waiters: (() => void)[] = [];
  private readonly cooldownMs: number;

  constructor(
    providers: readonly Provider[],
    private readonly options: EndpointPoolOptions,
  ) {
    if (providers.length === 0) throw new RangeError('an endpoint pool needs at least one provider');
    if (!Number.isInteger(options.perEndpoint) || options.perEndpoint < 1)
      throw new RangeError(`requests per endpoint must be an integer ≥ 1 (got ${options.perEndpoint})`);
    const apis = new Set(providers.map((p) => p.api));
    if (apis.size > 1) throw new RangeError(`the endpoints of one model must share one API (got ${[...apis].join(', ')})`);
    this.api = providers[0].api;
    this.members = providers.map((provider) => ({ provider, inFlight: 0, served: 0, failures: 0, consecutiveFailures: 0, downUntil: 0 }));
    this.describe = `${providers.length} endpoints: ${providers.map((p) => p.describe).join(', ')}`;
    this.cooldownMs = options.cooldownMs ?? 2000;
  }

  /** Total requests the pool takes at once (the scheduler's concurrency cap). */
  get capacity(): number {
    return this.members.length * this.options.perEndpoint;
  }

  stats(): EndpointStats[] {
    const now = Date.now();
    return this.members.map((m) => ({
      describe: m.provider.describe,
      inFlight: m.inFlight,
      served: m.served,
      failures: m.failures,
      downUntil: m.downUntil > now ? m.downUntil : null,
    }));
  }

  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    return this.withServer((p) => p.generate(request, signal), signal);
  }

  scoreText(text: string, topLogprobs: number, signal?: AbortSignal): Promise<TokenLogprobs> {
    return this.withServer((p) => p.scoreText(text, topLogprobs, signal), signal);
  }

  listModels(signal?: AbortSignal): Promise<ServedModel[]> {
    return this.withServer((p) => p.listModels(signal), signal);
  }

  /**
   * Runs `call` on a server with room; on a server fault, sets that server aside and runs it on
   * another. When every server is cooling down, the last failure goes to the caller, whose retry
   * policy (with back-off) decides what happens next.
   */
  private async withServer<T>(call: (p: Provider) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      const m = await this.acquire(signal);
      try {
        const result = await call(m.provider);
        m.served++;
        m.consecutiveFailures = 0;
        return result;
      } catch (err) {
        if (!serverFault(err)) throw err;
        m.failures++;
        m.consecutiveFailures++;
        m.downUntil = Date.now() + Math.min(MAX_COOLDOWN_MS, this.cooldownMs * 2 ** (m.consecutiveFailures - 1));
        if (!this.members.some((o) => o.downUntil <= Date.now())) throw err;
      } finally {
        m.inFlight--;
        this.wake();
      }
    }
  }

  /** The healthy server with the fewest requests in flight and room for one more; waits if all are full. */
  private async acquire(signal?: AbortSignal): Promise<Member> {
    for (;;) {
      if (signal?.aborted) throw new RequestFailure('aborted', 'aborted while waiting for a free endpoint');
      const now = Date.now();
      const healthy = this.members.filter((m) => m.downUntil <= now);
      // Every server cooling down: try the one that comes back first rather than failing outright.
      const candidates = healthy.length > 0 ? healthy : [this.members.reduce((a, b) => (b.downUntil < a.downUntil ? b : a))];
      let best: Member | null = null;
      for (const m of candidates) if (m.inFlight < this.options.perEndpoint && (best === null || m.inFlight < best.inFlight)) best = m;
      if (best) {
        best.inFlight++;
        return best;
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.push(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
