import { describe, expect, it } from 'vitest';
import { connect, normalizeEndpoint } from '../../src/sample/connect.js';
import { formatDuration, progressLine, progressReporter } from '../../src/sample/progress.js';

describe('connect', () => {
  it('reads the API key from the named environment variable and says which one is missing', () => {
    expect(() => connect({ endpoint: 'http://127.0.0.1:1/v1', model: 'm', apiKeyEnv: 'RLBOUND_TEST_KEY', env: {} })).toThrow(
      'field "api_key_env": environment variable RLBOUND_TEST_KEY (named as the API key variable) is not set',
    );
    const c = connect({ endpoint: 'http://127.0.0.1:1', model: 'm', apiKeyEnv: 'RLBOUND_TEST_KEY', env: { RLBOUND_TEST_KEY: 'sk-1' } });
    expect(c.provider.describe).toBe('http://127.0.0.1:1/v1 (completions, model m)');
    c.close();
  });

  it('normalizes endpoints and rejects what is not an http(s) URL', () => {
    expect(normalizeEndpoint('http://h:8000/')).toBe('http://h:8000/v1');
    expect(normalizeEndpoint('https://api.example.com/v1/')).toBe('https://api.example.com/v1');
    expect(() => normalizeEndpoint('localhost:8000')).toThrow(/must be http/);
    expect(() => normalizeEndpoint('not a url')).toThrow(/not a URL/);
  });
});

describe('progress', () => {
  const p = { total: 1000, planned: 400, stored: 250, failedSlots: 0, failedAttempts: 3, completionTokens: 50_000, inFlight: 4 };

  it('shows rate, tokens/s, ETA and errors', () => {
    const line = progressLine(p, 10, 10);
    expect(line).toBe('[###.......] 25.0% 250/1000 samples  25.0 samples/s  5000 tok/s  ETA 00:30  in flight 4  errors 0 slots, 3 retried attempts');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('redraws one line on a TTY and prints plain periodic lines otherwise', () => {
    let t = 0;
    const tty: string[] = [];
    const r1 = progressReporter({ write: (s: string) => tty.push(s) }, { tty: true, now: () => t });
    r1.update(p);
    t = 50;
    r1.update(p); // within 100 ms: skipped
    t = 200;
    r1.done(p);
    expect(tty).toHaveLength(2);
    expect(tty[0].startsWith('\r\x1b[2K[')).toBe(true);
    expect(tty[1].endsWith('\n')).toBe(true);
    const plain: string[] = [];
    const r2 = progressReporter({ write: (s: string) => plain.push(s) }, { tty: false, intervalMs: 1000, now: () => t });
    r2.update(p);
    t += 500;
    r2.update(p);
    t += 600;
    r2.update(p);
    expect(plain).toHaveLength(2);
    expect(plain.every((l) => !l.includes('\r') && l.endsWith('\n') && !l.startsWith('['))).toBe(true);
  });
});
