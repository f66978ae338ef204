import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('rlbound --help', () => {
  it('lists every command with a one-line description', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const name of ['run', 'sample', 'verify', 'score', 'report', 'view', 'passk', 'grade-math', 'exec', 'serve', 'lab', 'review', 'export', 'import']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\b.*\\S`, 'm'));
    }
    expect(r.stdout).not.toContain('unavailable');
  });
});
