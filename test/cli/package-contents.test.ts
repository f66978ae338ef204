import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

describe('the npm package', () => {
  it('carries the compiled CLI, the wasm module and the shipped lab checkpoints, and finds them where it is unpacked', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-pack-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    execFileSync('tar', ['-xzf', path.join(dir, tarball!), '-C', dir]);
    const pkg = path.join(dir, 'package');
    const listed = execFileSync('find', [pkg, '-type', 'f'], { encoding: 'utf8' });
    for (const file of ['dist/cli/main.js', 'dist/lab/tensor/wasm/sgemm.wasm', 'src/view/client', 'src/verify/code/python'])
      expect(listed).toContain(path.join(pkg, file));
    // The unpacked package resolves its own shipped checkpoints (what `npm start` and `lab demo` load).
    const probe = `import('${path.join(pkg, 'dist', 'lab', 'experiment', 'shipped.js')}').then((m) => console.log(['base', 'distill'].map((r) => m.isShipped('paper', r) && m.shippedCheckpoint('paper', r).startsWith('${pkg}')).join(',')))`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true,true');
    expect(listed).not.toContain(path.join(pkg, 'test/'));
  }, 120_000);
});
