import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newFolder } from '../../src/cli/commands/lab-pretrain.js';
import { loadCheckpoint } from '../../src/lab/model/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';

// `rlbound lab pretrain` without --out writes a new folder in the working directory and leaves the
// checkpoints shipped in the package (src/lab/experiment/checkpoints) exactly as they were.
const SHIPPED = path.join(repoRoot, 'src', 'lab', 'experiment', 'checkpoints');

/** Every file under the shipped checkpoints with its sha256 and modification time. */
function shippedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of readdirSync(SHIPPED))
    for (const file of readdirSync(path.join(SHIPPED, dir))) {
      const p = path.join(SHIPPED, dir, file);
      files.set(`${dir}/${file}`, `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${statSync(p).mtimeMs}`);
    }
  return files;
}

describe('rlbound lab pretrain --out', () => {
  it('defaults to a new <preset>-base folder in the working directory, numbered when the name is taken, never the shipped checkpoint', () => {
    const before = shippedFiles();
    expect(before.has('small-base/model.safetensors')).toBe(true);
    const cwd = mkdtempSync(path.join(tmpdir(), 'rlbound-pretrain-'));
    // A folder of that name already exists (say, an earlier run's): it is not written into.
    mkdirSync(path.join(cwd, 'small-base'));
    writeFileSync(path.join(cwd, 'small-base', 'notes.txt'), 'mine');
    const r = runCli(['lab', 'pretrain', '--preset', 'small', '--steps', '2', '--quiet'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^wrote small-base-2 \(\d+ parameters/);
    expect(readdirSync(cwd).sort()).toEqual(['small-base', 'small-base-2']);
    expect(readdirSync(path.join(cwd, 'small-base'))).toEqual(['notes.txt']);
    expect(loadCheckpoint(path.join(cwd, 'small-base-2')).config.training).toMatchObject({ preset: 'small', recipe: { steps: 2 } });
    expect(shippedFiles()).toEqual(before);
  });

  it('picks the plain name while it is free, then the next number', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-new-folder-'));
    expect(newFolder(dir, 'paper-base')).toBe(path.join(dir, 'paper-base'));
    mkdirSync(path.join(dir, 'paper-base'));
    mkdirSync(path.join(dir, 'paper-base-2'));
    expect(newFolder(dir, 'paper-base')).toBe(path.join(dir, 'paper-base-3'));
  });

  it('writes where --out says', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'rlbound-pretrain-out-'));
    const r = runCli(['lab', 'pretrain', '--preset', 'tiny', '--steps', '2', '--out', 'mine/base', '--quiet'], { cwd });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^wrote mine\/base /);
    expect(loadCheckpoint(path.join(cwd, 'mine', 'base')).config.lineage.kind).toBe('base');
  });
});
