import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { CharTokenizer, createModel, generate, loadCheckpoint, saveCheckpoint } from '../../../src/lab/model/index.js';

const tok = new CharTokenizer({ type: 'char', specials: ['<pad>', '<bos>'], chars: '0123456789+-*(),>:=.', roles: { pad: '<pad>', bos: '<bos>', eos: '.' } });

function freshDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'rlbound-ckpt-'));
}

// Python reads the file with nothing but json + struct, exactly as the safetensors spec describes.
const PY_READER = `
import json, struct, sys
with open(sys.argv[1], 'rb') as f:
    raw = f.read()
(n,) = struct.unpack('<Q', raw[:8])
header = json.loads(raw[8:8 + n].decode('utf-8'))
meta = header.pop('__metadata__', {})
data = raw[8 + n:]
out = {'meta': meta, 'aligned': (8 + n) % 8 == 0, 'tensors': {}}
end_max = 0
for name, e in header.items():
    b, e_ = e['data_offsets']
    count = 1
    for s in e['shape']:
        count *= s
    assert e['dtype'] == 'F32' and e_ - b == 4 * count, name
    vals = struct.unpack('<%df' % count, data[b:e_])
    out['tensors'][name] = {'shape': e['shape'], 'first': vals[:3], 'sum': sum(vals)}
    end_max = max(end_max, e_)
out['exact_size'] = end_max == len(data)
print(json.dumps(out))
`;

describe('checkpoints', () => {
  it('round-trips weights bit-exactly with config, tokenizer and lineage', () => {
    const model = createModel({ layers: 2, dModel: 16, heads: 2, context: 20, vocab: tok.vocabSize, valueHead: true }, { seed: 5 });
    model.params[model.params.length - 1] = 0.25; // value head bias, so it is not all zeros
    const dir = freshDir();
    const cfg = saveCheckpoint(dir, model, {
      tokenizer: tok,
      lineage: { kind: 'rl', parent: '/ckpt/base', algorithm: 'grpo', step: 150, seed: 0 },
      training: { lr: 5e-5 },
    });
    expect(cfg.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
    const loaded = loadCheckpoint(dir);
    expect(loaded.config.lineage).toEqual({ kind: 'rl', parent: '/ckpt/base', algorithm: 'grpo', step: 150, seed: 0 });
    expect(loaded.config.training).toEqual({ lr: 5e-5 });
    expect(loaded.model.config).toEqual(model.config);
    expect(
      Buffer.from(loaded.model.params.buffer, loaded.model.params.byteOffset, loaded.model.params.byteLength).equals(
        Buffer.from(model.params.buffer, model.params.byteOffset, model.params.byteLength),
      ),
    ).toBe(true);
    expect(loaded.tokenizer.toJSON()).toEqual(tok.toJSON());
    expect(loaded.tokenizer.eos).toBe(tok.encode('.')[0]);
    // Same weights, same seed → same samples.
    const a = generate(model, tok, { prompt: '3,4>', n: 3, seed: 1 }, { maxTokens: 10 });
    const b = generate(loaded.model, loaded.tokenizer, { prompt: '3,4>', n: 3, seed: 1 }, { maxTokens: 10 });
    expect(b).toEqual(a);
  });

  it('writes a file Python reads with json + struct (little-endian F32, aligned, GPT-2 names)', () => {
    const model = createModel({ layers: 1, dModel: 8, heads: 2, context: 6, vocab: tok.vocabSize }, { seed: 2 });
    const dir = freshDir();
    saveCheckpoint(dir, model, { tokenizer: tok, lineage: { kind: 'base' } });
    const script = path.join(dir, 'read.py');
    writeFileSync(script, PY_READER);
    const res = JSON.parse(execFileSync('/usr/bin/python3', [script, path.join(dir, 'model.safetensors')], { encoding: 'utf8' })) as {
      meta: Record<string, string>;
      aligned: boolean;
      exact_size: boolean;
      tensors: Record<string, { shape: number[]; first: number[]; sum: number }>;
    };
    expect(res.aligned).toBe(true);
    expect(res.exact_size).toBe(true);
    expect(res.meta.format).toBe('pt');
    expect(Object.keys(res.tensors).sort()).toEqual(model.layout.specs.map((s) => s.name).sort());
    for (const spec of model.layout.specs) {
      const t = res.tensors[spec.name];
      expect(t.shape).toEqual(spec.shape);
      const data = model.params.subarray(spec.offset, spec.offset + spec.size);
      expect(t.first).toEqual(Array.from(data.subarray(0, 3)));
      expect(t.sum).toBeCloseTo(
        Array.from(data).reduce((s, v) => s + v, 0),
        5,
      );
    }
    expect(res.tensors['h.0.attn.c_attn.weight'].shape).toEqual([8, 24]);
  });

  it('reports missing, mismatched or corrupt files with the file name', () => {
    const dir = freshDir();
    expect(() => loadCheckpoint(dir)).toThrow(/config\.json: not found/);
    const model = createModel({ layers: 1, dModel: 8, heads: 2, context: 6, vocab: tok.vocabSize }, { seed: 2 });
    saveCheckpoint(dir, model, { tokenizer: tok, lineage: { kind: 'base' } });
    const weights = path.join(dir, 'model.safetensors');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(weights, bytes);
    expect(() => loadCheckpoint(dir)).toThrow(InputError);
    expect(() => loadCheckpoint(dir)).toThrow(/model\.safetensors: weights sha256/);
    const cfgFile = path.join(dir, 'config.json');
    const cfg = JSON.parse(readFileSync(cfgFile, 'utf8'));
    cfg.model.heads = 3;
    writeFileSync(cfgFile, JSON.stringify(cfg));
    expect(() => loadCheckpoint(dir)).toThrow(/config\.json, field "model\.heads"/);
    expect(() => saveCheckpoint(dir, model, { tokenizer: CharTokenizer.withDefaultSpecials('ab'), lineage: { kind: 'base' } })).toThrow(/vocabulary/);
  });
});
