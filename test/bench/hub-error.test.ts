import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/bench/hub/http.js';

describe('HubError exit status', () => {
  it('is 2 for a request the Hub refused (the input is wrong) and 3 when the Hub cannot be reached or fails', () => {
    expect(new HubError('Hub request failed', 'https://hub.example/x', 404).exitCode).toBe(2);
    expect(new HubError('Hub request failed', 'https://hub.example/x', 503).exitCode).toBe(3);
    const down = new HubError('cannot reach the Hub: fetch failed', 'https://hub.example/x');
    expect(down.exitCode).toBe(3);
    expect(down.message).toBe('cannot reach the Hub: fetch failed (https://hub.example/x)');
  });
});
