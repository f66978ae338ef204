// `npm run docs:examples [-- NAME…]`: runs the README's examples and writes their output into it,
// so a change that alters an example's output shows up as a README diff in review.
//
// An example is a fenced block right after a marker line `<!-- docs:example NAME -->`; the block is
// replaced by `$ COMMAND` and what the command printed. Without names, the fast examples run;
// `demo` (the full lab demo, minutes) runs only when named. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');
const cli = path.join(root, 'dist', 'cli', 'main.js');

/** The source of the ```js block that follows `<!-- docs:source NAME -->`. */
function sourceBlock(readme, name) {
  const m = new RegExp(`<!-- docs:source ${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (m === null) throw new Error(`README.md has no <!-- docs:source ${name} --> block`);
  return m[1];
}

function run(args, o = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: o.cwd ?? root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { out: r.stdout + (o.stderr ? r.stderr : ''), seconds: (performance.now() - t0) / 1000 };
}

const EXAMPLES = {
  // The command list.
  help: {
    fast: true,
    run: () => `$ rlbound --help\n${run([cli, '--help']).out.trimEnd()}`,
  },
  // The reverse-words model of "The lab engine": trained, sampled, scored, saved.
  reverse: {
    fast: true,
    run(readme) {
      const file = path.join(root, 'reverse.mjs');
      writeFileSync(file, `${sourceBlock(readme, 'reverse.mjs')}\n`);
      try {
        return `$ node reverse.mjs\n${run([file]).out.trimEnd()}`;
      } finally {
        rmSync(file, { force: true });
      }
    },
  },
  // The whole lab pipeline at toy budgets: its timing line.
  'tiny-demo': {
    fast: true,
    run() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-tiny-'));
      try {
        const r = run([cli, 'lab', 'demo', '--preset', 'tiny', '--out', 'lab'], { cwd: dir });
        return `$ rlbound lab demo --preset tiny --out lab   # load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} vCPUs\n…\n${r.out.trimEnd().split('\n').at(-1)}`;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  // What `npm start` prints (minutes).
  demo: {
    fast: false,
    run() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-demo-'));
      try {
        const r = run([cli, 'lab', 'demo'], { cwd: dir });
        return `$ rlbound lab demo        # what npm start runs after the build; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} vCPUs\n${r.out.trimEnd()}`;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
};

const wanted = process.argv.slice(2);
for (const w of wanted) if (!(w in EXAMPLES)) throw new Error(`unknown example "${w}" (known: ${Object.keys(EXAMPLES).join(', ')})`);
let readme = readFileSync(readmePath, 'utf8');
for (const [name, ex] of Object.entries(EXAMPLES)) {
  if (wanted.length > 0 ? !wanted.includes(name) : !ex.fast) continue;
  const marker = new RegExp(`(<!-- docs:example ${name} -->\\n\`\`\`\\n)[\\s\\S]*?(\\n\`\`\`)`);
  if (!marker.test(readme)) throw new Error(`README.md has no <!-- docs:example ${name} --> block`);
  const output = ex.run(readme);
  readme = readme.replace(marker, (_m, open, close) => `${open}${output}${close}`);
  process.stderr.write(`docs:examples: ${name} updated\n`);
}
writeFileSync(readmePath, readme);
