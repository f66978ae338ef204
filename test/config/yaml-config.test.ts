import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYamlConfig } from '../../src/config/yaml-config.js';

const schema = z.object({
  name: z.string(),
  models: z.array(z.object({ name: z.string(), endpoint: z.string().url() }).strict()),
  sampling: z.object({ n: z.number().int().positive() }).strict().optional(),
});

describe('parseYamlConfig', () => {
  it('returns the validated object', () => {
    const v = parseYamlConfig('name: s\nmodels:\n  - name: a\n    endpoint: http://127.0.0.1:8000/v1\n', schema, 'study.yaml');
    expect(v.models[0].endpoint).toBe('http://127.0.0.1:8000/v1');
  });

  it('points at the line and key of an invalid value', () => {
    const text = 'name: s\nmodels:\n  - name: a\n    endpoint: http://127.0.0.1:8000/v1\n  - name: b\n    endpoint: not a url\n';
    expect(() => parseYamlConfig(text, schema, 'study.yaml')).toThrow(/^study\.yaml:6, field "models\.1\.endpoint": Invalid URL/);
  });

  it('points at the parent for a missing key, and names unknown keys', () => {
    expect(() => parseYamlConfig('name: s\nmodels:\n  - endpoint: http://x.y/\n', schema, 'f.yaml')).toThrow(/f\.yaml:3, field "models\.0\.name"/);
    expect(() => parseYamlConfig('name: s\nmodels: []\nsampling:\n  n: 4\n  temprature: 1\n', schema, 'f.yaml')).toThrow(
      /f\.yaml:4, field "sampling".*temprature/,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseYamlConfig('name: s\nmodels: [\n  - a\n', schema, 'f.yaml')).toThrow(/^f\.yaml:\d+: invalid YAML/);
    expect(() => parseYamlConfig('name: s\nname: t\nmodels: []\n', schema, 'f.yaml')).toThrow(/f\.yaml:2: invalid YAML/);
  });
});
