import { spawn } from 'node:child_process';
import { cliPath, repoRoot } from '../helpers/cli.js';

/**
 * Runs the compiled CLI without blocking this process (spawnSync would stall the test worker's
 * event loop — and the in-process servers some tests run — for the whole command).
 */
export function runCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
