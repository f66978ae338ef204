import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { EnvironmentError } from '../../errors.js';
import { bwrapArgs, SANDBOX_ENV, SANDBOX_SERVER_DIR } from './bwrap-args.js';
import { forkedLineSchema, readyLineSchema, serverResponseSchema, type ServerResponse } from './server-protocol.js';

export interface WorkerConfig {
  python: string;
  serverDir: string;
  /** Path of bwrap; undefined = run without isolation (the caller checked --unsafe-no-sandbox). */
  bwrap: string | undefined;
  tmpMb: number;
  /** When running as root: uid/gid the children run as (distinct per worker). */
  childUid: number | undefined;
  startupTimeoutMs: number;
}

interface Pending {
  id: number;
  /** Sent when the server says it has forked the child (never before: see rlbound_server.py). */
  expect: Record<string, unknown>;
  resolve: (r: ServerResponse) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Thrown for requests in flight when the sandbox dies or stops answering. */
export class SandboxCrash extends Error {}

/**
 * One sandbox holding one fork-server. Requests are answered in order, one at a time; the
 * caller (the pool) never sends a second request before the first is answered.
 */
export class SandboxWorker {
  private proc: ChildProcessWithoutNullStreams;
  private pending: Pending | undefined;
  private nextId = 1;
  private stderrTail = '';
  private exited = false;
  private hostTmp: string | undefined;

  private constructor(proc: ChildProcessWithoutNullStreams, hostTmp: string | undefined) {
    this.proc = proc;
    this.hostTmp = hostTmp;
  }

  /** Host pid of the sandbox (bwrap, or the server itself without a sandbox). */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  static async start(cfg: WorkerConfig): Promise<SandboxWorker> {
    const serverConfig: Record<string, unknown> = { child_env: { ...SANDBOX_ENV } };
    let command: string;
    let args: string[];
    let hostTmp: string | undefined;
    if (cfg.bwrap !== undefined) {
      const privileged = process.getuid?.() === 0;
      serverConfig.isolated = true;
      serverConfig.tmp = '/tmp';
      serverConfig.child_identity = privileged && cfg.childUid !== undefined ? [cfg.childUid, cfg.childUid] : null;
      command = cfg.bwrap;
      args = [
        ...bwrapArgs({ python: cfg.python, serverDir: cfg.serverDir, tmpMb: cfg.tmpMb, privileged }),
        '--',
        cfg.python,
        '-I',
        '-B',
        `${SANDBOX_SERVER_DIR}/rlbound_server.py`,
        JSON.stringify(serverConfig),
      ];
    } else {
      hostTmp = mkdtempSync(path.join(os.tmpdir(), 'rlbound-unsafe-'));
      serverConfig.isolated = false;
      serverConfig.tmp = hostTmp;
      serverConfig.child_identity = null;
      serverConfig.child_env = { ...SANDBOX_ENV, HOME: path.join(hostTmp, 'work'), TMPDIR: path.join(hostTmp, 'work') };
      command = cfg.python;
      args = ['-I', '-B', path.join(cfg.serverDir, 'rlbound_server.py'), JSON.stringify(serverConfig)];
    }
    const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...SANDBOX_ENV }, cwd: '/' });
    const worker = new SandboxWorker(proc, hostTmp);
    await worker.handshake(cfg.startupTimeoutMs, command);
    return worker;
  }

  private handshake(timeoutMs: number, command: string): Promise<void> {
    const proc = this.proc;
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    const lines = createInterface({ input: proc.stdout, crlfDelay: Infinity });
    return new Promise((resolve, reject) => {
      let ready = false;
      const fail = (why: string): void => {
        if (ready) return;
        ready = true;
        clearTimeout(timer);
        this.kill();
        reject(new EnvironmentError(`the code sandbox did not start (${command}): ${why}${this.stderrTail ? `\n${this.stderrTail.trim()}` : ''}`));
      };
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      proc.on('error', (e) => fail(e.message));
      proc.on('exit', (code, sig) => {
        this.exited = true;
        if (!ready) {
          // stderr may still be arriving; give it a moment so the message is useful.
          setTimeout(() => fail(`it exited with ${sig ?? `status ${code}`}`), 50);
          return;
        }
        this.failPending(`the sandbox exited unexpectedly (${sig ?? `status ${code}`}) ${this.stderrTail.trim()}`);
      });
      lines.on('line', (line) => {
        if (!ready) {
          const parsed = readyLineSchema.safeParse(safeJson(line));
          if (!parsed.success) return fail(`unexpected first line ${JSON.stringify(line.slice(0, 200))}`);
          ready = true;
          clearTimeout(timer);
          return resolve();
        }
        this.onLine(line);
      });
    });
  }

  private onLine(line: string): void {
    const p = this.pending;
    if (!p) return;
    const value = safeJson(line);
    const forked = forkedLineSchema.safeParse(value);
    if (forked.success) {
      if (forked.data.forked === p.id) this.proc.stdin.write(JSON.stringify({ id: p.id, expect: p.expect }) + '\n');
      return;
    }
    const parsed = serverResponseSchema.safeParse(value);
    this.pending = undefined;
    clearTimeout(p.timer);
    if (!parsed.success || parsed.data.id !== p.id) {
      p.reject(new SandboxCrash(`malformed answer from the fork-server: ${line.slice(0, 300)}`));
      this.kill();
      return;
    }
    p.resolve(parsed.data);
  }

  private failPending(why: string): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.reject(new SandboxCrash(why));
  }

  /** Sends one test request (its expectations follow once the child is forked); rejects with
   * SandboxCrash if the sandbox dies or hangs. */
  request(body: Record<string, unknown>, expect: Record<string, unknown>, answerTimeoutMs: number): Promise<ServerResponse> {
    if (this.exited) return Promise.reject(new SandboxCrash('the sandbox is not running'));
    if (this.pending) return Promise.reject(new Error('SandboxWorker: one request at a time'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.failPending(`the fork-server did not answer within ${answerTimeoutMs} ms`);
        this.kill();
      }, answerTimeoutMs);
      this.pending = { id, expect, resolve, reject, timer };
      this.proc.stdin.write(JSON.stringify({ ...body, id }) + '\n');
    });
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
    this.exited = true;
    this.cleanupHostTmp();
  }

  /** Ends the fork-server by closing its control channel; kills it if it lingers. */
  async close(): Promise<void> {
    if (this.exited) return this.cleanupHostTmp();
    const done = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.stdin.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 2000);
    await done;
    clearTimeout(timer);
    this.exited = true;
    this.cleanupHostTmp();
  }

  private cleanupHostTmp(): void {
    if (this.hostTmp !== undefined) rmSync(this.hostTmp, { recursive: true, force: true });
    this.hostTmp = undefined;
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
