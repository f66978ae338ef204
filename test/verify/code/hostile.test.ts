import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodePool, type CodeTest, type JobResult } from '../../../src/verify/code/index.js';
import { repoRoot } from '../../helpers/cli.js';
import { hostProcesses } from './host-processes.js';

// Hostile programs run in the real bubblewrap sandbox; each test checks the host afterwards.
let pool: CodePool;
let hostDir: string;
const SECRET = 'rlbound-host-secret-5f1c';

beforeAll(async () => {
  process.env.RLBOUND_TEST_SECRET = SECRET; // must not be visible inside
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-hostile-'));
  pool = await CodePool.create({ workers: 1, retestTimeouts: 0 });
});
afterAll(async () => {
  await pool?.close();
  rmSync(hostDir, { recursive: true, force: true });
  delete process.env.RLBOUND_TEST_SECRET;
});

const stdio = (expectedStdout = 'ok\n', wallS?: number): CodeTest => ({ kind: 'stdio', stdin: '', expectedStdout, limits: wallS ? { wallS } : undefined });
const run = (program: string, test: CodeTest = stdio()): Promise<JobResult> => pool.run({ program, tests: [test] });

/** A program that must pass afterwards in the same sandbox: only the fork-server and itself exist, /tmp is clean. */
const CLEAN_CHECK = `
import os
procs = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
assert procs == [1, os.getpid()], procs
assert os.listdir('/tmp') == ['work'], os.listdir('/tmp')
assert os.listdir('/dev/shm') == [], os.listdir('/dev/shm')
assert os.listdir('.') == ['main.py'], os.listdir('.')
print('ok')
`;

async function expectSandboxClean(): Promise<void> {
  const r = await run(CLEAN_CHECK);
  expect(r.detail).toBe('');
  expect(r.status).toBe('pass');
  expect(r.tests[0].attempts).toBe(1);
}

describe('hostile programs are contained', () => {
  it('cannot reach a listener on the host loopback', async () => {
    let connections = 0;
    const server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const r = await run(
      `
import socket
try:
    s = socket.create_connection(('127.0.0.1', ${port}), timeout=2)
    s.sendall(b'leak')
    print('connected')
except OSError as e:
    print('blocked')
`,
      stdio('blocked\n'),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.close();
    expect(r.status).toBe('pass');
    expect(connections).toBe(0);
  });

  it('cannot write or delete a file outside the sandbox', async () => {
    const canary = path.join(hostDir, 'canary.txt');
    writeFileSync(canary, 'intact');
    const r = await run(`
import os, shutil
hits = []
for attempt in (lambda: open(${JSON.stringify(canary)}, 'w').write('pwned'), lambda: os.remove(${JSON.stringify(canary)}),
                lambda: shutil.rmtree(${JSON.stringify(hostDir)}), lambda: open('/usr/bin/rlbound-pwned', 'w'),
                lambda: open('/etc/rlbound-pwned', 'w'), lambda: open('/rlbound-pwned', 'w'),
                lambda: open('/dev/rlbound-pwned', 'w'), lambda: open('/opt/rlbound/rlbound_server.py', 'a')):
    try:
        attempt()
        hits.append('succeeded')
    except OSError:
        pass
print('ok' if not hits else hits)
`);
    expect(r.status).toBe('pass');
    expect(readFileSync(canary, 'utf8')).toBe('intact');
  });

  it("cannot read the host's environment, home or project files", async () => {
    const r = await run(`
import os
seen = [k for k, v in os.environ.items() if ${JSON.stringify(SECRET)} in v or k.startswith('RLBOUND')]
for p in (${JSON.stringify(path.join(repoRoot, 'package.json'))}, ${JSON.stringify(repoRoot)}, os.path.expanduser('~root'), '/root', '/home', '/work', '/proc/1/environ', '/etc/shadow', '/etc/passwd'):
    try:
        with open(p) as f:
            seen.append(p + ':' + f.read(100))
    except OSError:
        pass
    if os.path.exists(p) and p not in ('/proc/1/environ',):
        seen.append(p)
print('ok' if not seen else seen)
`);
    expect(r.tests[0].stdoutHead).toBe('ok\n');
    expect(r.status).toBe('pass');
  });

  it('a fork bomb is stopped by the process limit and the sandbox recovers', async () => {
    const r = await run(
      `
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
`,
      stdio('ok\n', 3),
    );
    expect(['timeout', 'error']).toContain(r.status);
    await expectSandboxClean();
  });

  it('allocating 10 GiB is a memory failure', async () => {
    const r = await run('x = bytearray(10 * 1024 ** 3)\nprint("ok")\n');
    expect(r.status).toBe('memory');
  });

  it('an infinite loop is killed at the wall-clock limit', async () => {
    const r = await run('while True:\n    pass\n', stdio('ok\n', 1));
    expect(r).toMatchObject({ status: 'timeout', detail: 'wall-clock limit of 1s exceeded' });
    await expectSandboxClean();
  });

  it('printing 1 GiB stops at the output cap', async () => {
    const r = await run('import sys\nchunk = "x" * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n');
    expect(r.status).toBe('output_limit');
    expect(r.tests[0].stdoutTruncated).toBe(true);
  });

  it('cannot kill its parent, the fork-server', async () => {
    const r = await run(`
import os, signal
for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGSTOP):
    for pid in (os.getppid(), 1, -1):
        try:
            os.kill(pid, sig)
        except OSError:
            pass
print('ok')
`);
    expect(r.status).toBe('pass');
    expect(r.tests[0].attempts).toBe(1);
    await expectSandboxClean();
  });

  it('leaves no background process behind: plain, setsid and double-fork escapes are all killed', async () => {
    const argvs = [
      ['sleep', '901.25'],
      ['sleep', '902.25'],
      ['sleep', '903.25'],
    ];
    const job = run(
      `
import os, subprocess, time
subprocess.Popen(['sleep', '901.25'])
subprocess.Popen(['sleep', '902.25'], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv('/usr/bin/sleep', ['sleep', '903.25'])
    os._exit(0)
time.sleep(4)
print('ok')
`,
      stdio('ok\n', 30),
    );
    // They really run (seen from the host) while the program is alive, and are gone after it.
    for (let waited = 0; waited < 3500 && !argvs.every((a) => hostProcesses(a).length === 1); waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    for (const argv of argvs) expect(hostProcesses(argv)).toHaveLength(1);
    const r = await job;
    expect(r.status).toBe('pass');
    for (const argv of argvs) expect(hostProcesses(argv)).toEqual([]);
    await expectSandboxClean();
  });

  it('leaves nothing in /tmp or /dev/shm for the next test, and multiprocessing still works', async () => {
    const r = await run(`
import multiprocessing as mp
open('/tmp/work/left.txt', 'w').write('x')
open('/dev/shm/left', 'w').write('x')
with mp.Pool(2) as p:
    assert sum(p.map(abs, range(-5, 5))) == 25
print('ok')
`);
    expect(r.detail).toBe('');
    expect(r.status).toBe('pass');
    await expectSandboxClean();
  });

  it('cannot make the clean-up damage the sandbox: symlinks and unreadable directories left behind', async () => {
    const r = await run(`
import os
os.makedirs('locked/inner')
open('locked/inner/f', 'w').write('x')
os.chmod('locked/inner', 0)
os.chmod('locked', 0)
os.mkdir('links')
for i, target in enumerate(('/tmp', '/tmp/work', '/dev/shm', '/opt/rlbound', '/usr')):
    os.symlink(target, 'links/l%d' % i)
    os.symlink(target, 'top%d' % i)
for shared in ('/tmp', '/dev/shm'):  # allowed when the sandbox runs as an unprivileged user
    try:
        os.chmod(shared, 0)
    except OSError:
        pass
print('ok')
`);
    expect(r.status).toBe('pass');
    await expectSandboxClean();
    const modes = await run(
      `
import os, stat
print(oct(stat.S_IMODE(os.stat('/tmp').st_mode)), oct(stat.S_IMODE(os.stat('/dev/shm').st_mode)))
`,
      stdio('0o755 0o1777\n'),
    );
    expect(modes.tests[0].stdoutHead).toBe('0o755 0o1777\n');
  });

  it('cannot forge or flood its result channel (fd 3)', async () => {
    const call = (program: string) =>
      pool.run({
        program,
        tests: [{ kind: 'call', entry: { name: 'f' }, inputs: { format: 'json', text: '[[1]]' }, expected: { codec: 'json', text: '[2]' }, compare: 'json' }],
      });
    const forged = await call('import os\nos.write(3, b\'{"ev": "out", "i": 0, "v": 2}\\n{"ev": "done"}\\n\')\ndef f(x):\n    return 0\n');
    expect(forged.status).toBe('fail'); // a forged line is just another answer, judged in order like the real one
    const garbage = await call('import os\nos.write(3, b"not json\\n")\ndef f(x):\n    return 2\n');
    expect(garbage).toMatchObject({ status: 'error', detail: 'the program wrote garbage to the result channel' });
    const flood = await call('import os\nchunk = b"x" * (1 << 20)\nfor _ in range(200):\n    os.write(3, chunk)\ndef f(x):\n    return 2\n');
    expect(flood.status).toBe('output_limit');
    await expectSandboxClean();
  });

  it('cannot find the expected output in its own memory (frames, live objects)', async () => {
    const search = `
import gc, sys
needle = 'secret-answer-' + str(7000 + 731)  # not in this source, so only the test's data can hold it
def strings(o, depth=0):
    if isinstance(o, str):
        yield o
    elif depth < 4 and isinstance(o, dict):
        for k, v in list(o.items()):
            yield from strings(k, depth + 1)
            yield from strings(v, depth + 1)
    elif depth < 4 and isinstance(o, (list, tuple)):
        for v in o:
            yield from strings(v, depth + 1)
found = list(gc.get_objects())
f = sys._getframe()
while f is not None:
    found.append(dict(f.f_locals))
    f = f.f_back
hits = [s for o in found for s in strings(o) if needle in s and s != needle]
print(hits[0] if hits else 'nothing')
`;
    const stdioRun = await run(search, stdio('secret-answer-7731\n'));
    expect(stdioRun.tests[0].stdoutHead).toBe('nothing\n');
    expect(stdioRun.status).toBe('fail');
  });

  it('runs as an unprivileged user with no capabilities, yet with the system libraries usable', async () => {
    const r = await run(`
import os
caps = [l for l in open('/proc/self/status') if l.startswith('CapEff')][0].split()[1]
assert int(caps, 16) == 0, caps
assert os.getuid() != 0 and os.geteuid() != 0
assert os.access('/etc/ld.so.cache', os.R_OK)  # the system's library paths stay usable
import getpass
assert getpass.getuser() == 'sandbox'
print('ok')
`);
    expect(r.detail).toBe('');
    expect(r.status).toBe('pass');
  });
});
