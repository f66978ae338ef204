import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath } from '../helpers/cli.js';

/** `rlbound serve` as a real child process (the compiled CLI); resolves once it prints its URL. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function spawnServe(checkpoint: string, name: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--checkpoint', checkpoint, '--port', '0', '--name', name], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      const { url } = JSON.parse(out.slice(0, nl)) as { url: string };
      resolve({
        url,
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`rlbound serve exited with ${code}: ${err}`)));
  });
}
