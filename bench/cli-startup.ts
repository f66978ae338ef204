/**
 * CLI start-up time: how long `rlbound --version`, `--help` and a light command's `--help` take,
 * next to the anchors measured in the same run — bare `node` and the cost of importing every
 * command module up front (what `rlbound --version` did before commands were loaded on demand).
 *
 *   npm run build && flock /tmp/bench.lock npx vite-node bench/cli-startup.ts [ROUNDS]
 *
 * Prints the median and the fastest of ROUNDS (default 15) runs of each, interleaved so that a
 * change of machine load hits every line alike.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { COMMANDS } from '../src/cli/command-list.js';
import { cliPath, repoRoot } from '../test/helpers/cli.js';

const rounds = Number(process.argv[2] ?? 15);
const commandsDir = path.join(repoRoot, 'dist', 'cli', 'commands');
const eagerImport = `await Promise.all(${JSON.stringify(Object.keys(COMMANDS))}.map((n) => import('${commandsDir}/' + n + '.js')))`;

const cases: [string, string[]][] = [
  ['node -e 0 (anchor)', ['-e', '0']],
  ['import every command module (the old start-up, anchor)', ['--input-type=module', '-e', eagerImport]],
  ['rlbound --version', [cliPath, '--version']],
  ['rlbound --help', [cliPath, '--help']],
  ['rlbound status --help', [cliPath, 'status', '--help']],
  ['rlbound run --help', [cliPath, 'run', '--help']],
];

const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, args] of cases) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (res.status !== 0) throw new Error(`${name}: exit ${res.status}: ${res.stderr}`);
    times.get(name)!.push(ms);
  }
}
console.log(
  `${os.cpus()[0]?.model ?? '?'}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, ${rounds} rounds`,
);
for (const [name, list] of times) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(`${name.padEnd(58)} median ${(sorted[Math.floor(sorted.length / 2)] / 1000).toFixed(3)} s   fastest ${(sorted[0] / 1000).toFixed(3)} s`);
}
