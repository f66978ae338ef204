import { readdirSync, readFileSync } from 'node:fs';

/** Host pids whose command line is exactly `argv` (processes of a sandbox are visible from the host). */
export function hostProcesses(argv: string[]): number[] {
  const wanted = argv.join('\0') + '\0';
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'latin1') === wanted;
      } catch {
        return false;
      }
    })
    .map(Number);
}
