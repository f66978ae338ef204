import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-list.js';
import type { CommandModule } from '../../src/cli/command.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const NAMES = Object.keys(COMMANDS);

describe('rlbound --help', () => {
  it('lists every command with a one-line description, without loading any command', () => {
    // Every command module is in the list (a new command cannot be left out of --help).
    const modules = readdirSync(path.join(repoRoot, 'src', 'cli', 'commands')).filter(
      (f) => f.endsWith('.ts') && readFileSync(path.join(repoRoot, 'src', 'cli', 'commands', f), 'utf8').includes('export function register('),
    );
    expect(modules.length).toBeGreaterThanOrEqual(16);
    expect([...NAMES].sort()).toEqual(modules.map((f) => f.replace(/\.ts$/, '')).sort());
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const name of NAMES) expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\b.*\\S`, 'm'));
    expect(r.stdout).not.toContain('unavailable');
  });

  it('each command module registers its command under the summary the top-level help shows', async () => {
    for (const name of NAMES) {
      const program = new Command();
      ((await import(/* @vite-ignore */ `../../src/cli/commands/${name}.js`)) as CommandModule).register(program);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
      expect(program.commands[0].description()).toBe(COMMANDS[name as keyof typeof COMMANDS]);
      // Its own help: a usage line and at least one documented option or argument.
      expect(program.commands[0].helpInformation()).toMatch(new RegExp(`^Usage: +${name} [\\s\\S]*(Options|Arguments):`));
    }
  });

  it('the CLI shows the help of a command by loading only that command (`rlbound help NAME` too)', () => {
    const r = runCli(['status', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: rlbound status \[options\]/m);
    expect(r.stdout).toContain('--wait');
    expect(runCli(['help', 'status']).stdout).toBe(r.stdout);
  });
});
