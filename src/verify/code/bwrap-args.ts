import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** Where the fork-server's own files appear inside the sandbox. */
export const SANDBOX_SERVER_DIR = '/opt/rlbound';

export interface SandboxLayout {
  /** Real path of the Python interpreter. */
  python: string;
  /** Host directory holding rlbound_server.py. */
  serverDir: string;
  /** Size of the sandbox's private /tmp (the working directory), MiB. */
  tmpMb: number;
  /** Running as root: keep the few capabilities the server needs to run children as `childUid`. */
  privileged: boolean;
}

const SHM_MB = 64;

/** System directories the interpreter needs; nothing else of the host is visible. */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
// /etc/alternatives: Debian resolves shared libraries through it (numpy's libblas.so.3).
const SYSTEM_FILES = ['/etc/ld.so.cache', '/etc/localtime', '/etc/alternatives'];
/** Capabilities kept by the (trusted) server as root: switch a child's uid, signal and clean up
 * after it. A child loses all of them when it switches uid. */
const SERVER_CAPS = ['CAP_SETUID', 'CAP_SETGID', 'CAP_KILL', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER'];

/** Environment of the sandbox; the host's environment is cleared. */
export const SANDBOX_ENV: Readonly<Record<string, string>> = Object.freeze({
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LANG: 'C.UTF-8',
  HOME: '/tmp/work',
  USER: 'sandbox', // the child's uid has no passwd entry; getpass.getuser() reads this
  LOGNAME: 'sandbox',
  TMPDIR: '/tmp/work',
  PYTHONHASHSEED: '0',
  PYTHONDONTWRITEBYTECODE: '1',
  OPENBLAS_NUM_THREADS: '1',
  OMP_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
});

function systemMounts(): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    const st = lstatSync(dir);
    if (st.isSymbolicLink())
      args.push('--symlink', readlinkSync(dir), dir); // merged-/usr systems
    else args.push('--ro-bind', dir, dir);
  }
  // bwrap would create /etc as 0700; the child (another uid when started as root) must traverse it.
  args.push('--perms', '0755', '--dir', '/etc');
  for (const file of SYSTEM_FILES) args.push('--ro-bind-try', file, file);
  return args;
}

/** bubblewrap arguments for one fork-server sandbox (everything before the command). */
export function bwrapArgs(layout: SandboxLayout): string[] {
  const args = [
    '--unshare-net',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--die-with-parent',
    '--new-session',
    '--as-pid-1',
    '--hostname',
    'sandbox',
    '--clearenv',
  ];
  for (const [k, v] of Object.entries(SANDBOX_ENV)) args.push('--setenv', k, v);
  args.push(...systemMounts());
  // An interpreter installed outside the system directories (e.g. under /opt): expose its prefix only.
  const prefix = path.dirname(path.dirname(layout.python));
  if (!SYSTEM_DIRS.some((d) => layout.python.startsWith(d + '/'))) args.push('--ro-bind', prefix, prefix);
  args.push('--proc', '/proc', '--dev', '/dev');
  // POSIX shared memory (multiprocessing's locks): private, world-writable, small, wiped per test.
  args.push('--perms', '1777', '--size', String(SHM_MB * 1024 * 1024), '--tmpfs', '/dev/shm');
  args.push('--size', String(Math.round(layout.tmpMb * 1024 * 1024)), '--tmpfs', '/tmp');
  args.push('--ro-bind', layout.serverDir, SANDBOX_SERVER_DIR, '--chdir', '/tmp');
  // bwrap's root and /dev are writable tmpfs mounts of their own; without this an unprivileged
  // sandbox user could fill memory there, out of reach of the per-test wipe of /tmp.
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  if (layout.privileged) for (const cap of SERVER_CAPS) args.push('--cap-add', cap);
  else args.push('--unshare-user', '--disable-userns');
  return args;
}
