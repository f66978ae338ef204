import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as rlbound from '../../src/index.js';
import { repoRoot } from '../helpers/cli.js';

describe('the public library surface', () => {
  it('names what the docs use and keeps internals out', () => {
    // Used by README.md, docs/store.md and docs/reports.md.
    const documented = [
      'openStudy',
      'sampleSeed',
      'importResults',
      'exportSamplesParquet',
      'datasetPassAtK',
      'gatherReportData',
      'writeReport',
      'reportStudy',
      'validateReportData',
      'startViewer',
      'viewStudy',
      'StudySampleSource',
    ];
    const api = rlbound as Record<string, unknown>;
    expect(documented.filter((n) => api[n] === undefined)).toEqual([]);
    for (const n of ['planStudy', 'runStudy', 'createVerifier', 'registerVerifier', 'sampleRun', 'bootstrapPassAtK', 'pairedPassAtK', 'deltaSE', 'openStore'])
      expect(typeof api[n], n).toBe('function');
    // Internals that used to leak through `export *`.
    for (const n of ['LCB_PRELUDE', 'prefixSvgIds', 'runAnalyticsDemo', 'GroupCommit', 'planChunks', 'sample', 'lab']) expect(api[n], n).toBeUndefined();
  });

  it('the package exports map serves "rlbound" and "rlbound/lab" (self-reference from the package folder)', () => {
    const probe =
      "const m = await import('rlbound'); const l = await import('rlbound/lab'); console.log(typeof m.datasetPassAtK, typeof m.LCB_PRELUDE, typeof l.createModel, typeof l.registerLabPlugin)";
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function undefined function function');
    const internal = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('rlbound/dist/verify/code/livecodebench.js')"], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(internal.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
