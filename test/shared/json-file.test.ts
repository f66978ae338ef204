import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../../src/errors.js';
import { readJsonFile } from '../../src/json-file.js';

describe('readJsonFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-json-'));
  const schema = z.object({ n: z.number().int() });
  const read = (name: string) => readJsonFile(path.join(dir, name), schema, { missing: 'no such thing here', invalid: 'not a counter' });

  it('returns the validated value', () => {
    writeFileSync(path.join(dir, 'ok.json'), '{"n": 3}');
    expect(read('ok.json')).toEqual({ n: 3 });
  });

  it('names the file for a missing file, broken JSON and a schema violation (with the field)', () => {
    writeFileSync(path.join(dir, 'broken.json'), '{"n": ');
    writeFileSync(path.join(dir, 'bad.json'), '{"n": 1.5}');
    const error = (name: string): InputError => {
      try {
        read(name);
      } catch (e) {
        return e as InputError;
      }
      throw new Error('expected an InputError');
    };
    expect(error('absent.json')).toBeInstanceOf(InputError);
    expect(error('absent.json').message).toMatch(/absent\.json.*no such thing here/);
    expect(error('broken.json').message).toMatch(/broken\.json.*not JSON/);
    expect(error('bad.json').message).toMatch(/bad\.json.*field "n".*not a counter/);
  });
});
