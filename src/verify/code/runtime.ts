import { accessSync, constants, existsSync, openSync, readSync, closeSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../../errors.js';

/** Directory of the fork-server's Python files. They live in the source tree
 * (src/verify/code/python); compiled code under dist/verify/code finds them via the package root. */
export function serverDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'python'), path.resolve(here, '..', '..', '..', 'src', 'verify', 'code', 'python')];
  for (const c of candidates) if (existsSync(path.join(c, 'rlbound_server.py'))) return c;
  throw new EnvironmentError(`the code verifier's Python files are missing (looked in ${candidates.join(', ')})`);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

const BWRAP_HELP =
  'install it with `sudo apt-get install bubblewrap` (Debian/Ubuntu), `sudo dnf install bubblewrap` (Fedora) or ' +
  '`sudo pacman -S bubblewrap` (Arch), or point --bwrap / RLBOUND_BWRAP at it. Running without isolation needs ' +
  'the explicit --unsafe-no-sandbox flag (model-written code then runs with your permissions).';

/** Absolute path of bubblewrap, or an EnvironmentError that says how to install it. */
export function findBwrap(explicit?: string): string {
  const wanted = explicit ?? process.env.RLBOUND_BWRAP;
  if (wanted !== undefined) {
    if (isExecutable(wanted)) return wanted;
    throw new EnvironmentError(`bubblewrap not found at ${wanted}: ${BWRAP_HELP}`);
  }
  const found = onPath('bwrap');
  if (found === undefined) throw new EnvironmentError(`bubblewrap (bwrap) is not installed: ${BWRAP_HELP}`);
  return found;
}

/**
 * The Python interpreter that runs programs: `explicit`, else $RLBOUND_PYTHON, else the system's
 * /usr/bin/python3, else python3 on PATH. Version-manager shims (pyenv) are shell scripts that
 * need the user's home, so they are refused with a hint to name the real interpreter.
 */
export function resolvePython(explicit?: string): string {
  const wanted = explicit ?? process.env.RLBOUND_PYTHON ?? (isExecutable('/usr/bin/python3') ? '/usr/bin/python3' : onPath('python3'));
  if (wanted === undefined)
    throw new EnvironmentError('no Python 3 interpreter found: install python3 (e.g. `sudo apt-get install python3`) or set RLBOUND_PYTHON');
  const real = (() => {
    try {
      return realpathSync(wanted);
    } catch {
      throw new EnvironmentError(`Python interpreter ${wanted} does not exist`);
    }
  })();
  if (!isExecutable(real)) throw new EnvironmentError(`Python interpreter ${real} is not executable`);
  const head = Buffer.alloc(2);
  const fd = openSync(real, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === '#!') {
    throw new EnvironmentError(
      `${wanted} is a script (a pyenv/asdf shim?), not an interpreter: set RLBOUND_PYTHON or --python to the real binary, e.g. /usr/bin/python3`,
    );
  }
  return real;
}
