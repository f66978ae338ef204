#!/usr/bin/python3
"""PyTorch (CPU) side of the lab-model benchmark: the same GPT as src/lab/model, timed the same way.

Model: GPT-2 style decoder — token + learned position embeddings, pre-LayerNorm blocks with causal
multi-head attention and a tanh-GELU MLP (4·d), biases everywhere, final LayerNorm, output head tied
to the token embeddings. Default: the issue's reference model, 4 layers, d_model 128, 4 heads,
context 64, vocabulary 32.

  training  tokens/s: forward + backward + grad-clip + AdamW, batch 64 × 64 tokens of random ids
  sampling  tokens/s: 256 samples of one 12-token prompt, 48 new tokens each, KV cache (prompt run
            once, its keys/values shared by all samples; cache preallocated), temperature 1
Each is timed in TRIALS trials after warm-up; best and median are reported, per wall second and per
CPU second of this process (time.process_time: robust to other load on a shared machine). One thread by default
(lab-prototype.md §3.4: two threads were never faster on this 2-vCPU VM).

  flock /tmp/bench.lock /usr/bin/python3 bench/lab_torch.py [--threads 1] [--trials 5] [--json]
Debian's python3-torch is used for benchmarks only — never by tests or the product.
"""
import argparse
import json
import math
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(d)
        self.c_attn = nn.Linear(d, 3 * d)
        self.attn_proj = nn.Linear(d, d)
        self.ln_2 = nn.LayerNorm(d)
        self.c_fc = nn.Linear(d, 4 * d)
        self.mlp_proj = nn.Linear(4 * d, d)

    def attention(self, x):
        B, T, d = x.shape
        hd = d // self.heads
        q, k, v = self.c_attn(x).split(d, dim=2)
        q = q.view(B, T, self.heads, hd).transpose(1, 2)
        k = k.view(B, T, self.heads, hd).transpose(1, 2)
        v = v.view(B, T, self.heads, hd).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        mask = torch.ones(T, T, dtype=torch.bool).tril()
        att = att.masked_fill(~mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, d)
        return self.attn_proj(y)

    def forward(self, x):
        x = x + self.attention(self.ln_1(x))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))

    def step(self, x, cache_k, cache_v, t):
        """One decode position for a batch: x [B, d]; cache_k/v [B, H, context, hd] filled up to t."""
        B, d = x.shape
        hd = d // self.heads
        q, k, v = self.c_attn(self.ln_1(x)).split(d, dim=1)
        cache_k[:, :, t] = k.view(B, self.heads, hd)
        cache_v[:, :, t] = v.view(B, self.heads, hd)
        q = q.view(B, self.heads, 1, hd)
        att = (q @ cache_k[:, :, : t + 1].transpose(-2, -1)) / math.sqrt(hd)
        y = (att.softmax(-1) @ cache_v[:, :, : t + 1]).reshape(B, d)
        x = x + self.attn_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, layers, d, heads, context, vocab):
        super().__init__()
        self.context = context
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(context, d)
        self.h = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d)
        for name, p in self.named_parameters():
            if name.endswith("weight") and p.dim() == 2:
                std = 0.02 / math.sqrt(2 * layers) if name.endswith("proj.weight") else 0.02
                nn.init.normal_(p, 0.0, std)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def forward(self, ids):
        T = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(T))
        for block in self.h:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.t()


def timed(fn, trials, warmup):
    """Wall seconds and CPU seconds (this process) of each trial."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(trials):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    return times


def bench_training(model, args):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.01)
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(0, args.vocab, (args.batch, args.context), generator=gen)

    def step():
        logits = model(ids)[:, :-1]
        loss = F.cross_entropy(logits.reshape(-1, args.vocab), ids[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    def trial():
        for _ in range(args.steps):
            step()

    times = timed(trial, args.trials, 1)
    # Tokens per step: batch × context (each 64-token sequence runs through the model whole and
    # predicts its 63 next tokens), counted the same way on the TypeScript side.
    tokens = args.batch * args.context * args.steps
    return rates(tokens, times)


@torch.inference_mode()
def bench_sampling(model, args):
    d, layers, heads = args.d_model, args.layers, args.heads
    hd = d // heads
    n, prompt_len, new = args.samples, args.prompt_len, args.new_tokens
    prompt = torch.randint(0, args.vocab, (1, prompt_len), generator=torch.Generator().manual_seed(1))
    caches = [
        (torch.zeros(n, heads, args.context, hd), torch.zeros(n, heads, args.context, hd)) for _ in range(layers)
    ]

    def sample():
        gen = torch.Generator().manual_seed(2)
        # Prompt once (batch 1); its keys/values go to every sample's cache.
        x = model.wte(prompt) + model.wpe(torch.arange(prompt_len))
        for block, (ck, cv) in zip(model.h, caches):
            h = block.ln_1(x)
            _, k, v = block.c_attn(h).split(d, dim=2)
            ck[:, :, :prompt_len] = k.view(1, prompt_len, heads, hd).transpose(1, 2)
            cv[:, :, :prompt_len] = v.view(1, prompt_len, heads, hd).transpose(1, 2)
            x = block(x)
        logits = model.ln_f(x[:, -1]) @ model.wte.weight.t()
        tok = torch.multinomial(logits.softmax(-1).expand(n, -1), 1, generator=gen).squeeze(1)
        out = [tok]
        for t in range(prompt_len, prompt_len + new - 1):
            x = model.wte(tok) + model.wpe.weight[t]
            for block, (ck, cv) in zip(model.h, caches):
                x = block.step(x, ck, cv, t)
            logits = model.ln_f(x) @ model.wte.weight.t()
            tok = torch.multinomial(logits.softmax(-1), 1, generator=gen).squeeze(1)
            out.append(tok)
        return torch.stack(out, 1)

    times = timed(sample, args.trials, 2)
    return rates(n * new, times)


def rates(tokens, times):
    """Best and median tokens per wall second and per CPU second."""
    wall = [tokens / w for w, _ in times]
    cpu = [tokens / c for _, c in times]
    return {"best": max(wall), "median": statistics.median(wall), "cpuBest": max(cpu), "cpuMedian": statistics.median(cpu)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--d-model", type=int, default=128)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--context", type=int, default=64)
    p.add_argument("--vocab", type=int, default=32)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=5, help="training steps per trial")
    p.add_argument("--samples", type=int, default=256)
    p.add_argument("--prompt-len", type=int, default=12)
    p.add_argument("--new-tokens", type=int, default=48)
    p.add_argument("--trials", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print one JSON object only")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = GPT(args.layers, args.d_model, args.heads, args.context, args.vocab)
    params = sum(p.numel() for p in model.parameters())
    train = bench_training(model, args)
    model.eval()
    sample = bench_sampling(model, args)
    result = {
        "engine": f"pytorch {torch.__version__} cpu, {args.threads} thread(s)",
        "model": {"layers": args.layers, "dModel": args.d_model, "heads": args.heads, "context": args.context, "vocab": args.vocab, "params": params},
        "train": {"batch": args.batch, "context": args.context, **train},
        "sample": {"samples": args.samples, "promptLength": args.prompt_len, "newTokens": args.new_tokens, **sample},
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['engine']}; model {result['model']}")
    for what, r in (("training", train), ("sampling", sample)):
        print(f"{what} tokens/s: best {r['best']:.0f}, median {r['median']:.0f}; per CPU-second: best {r['cpuBest']:.0f}, median {r['cpuMedian']:.0f} ({args.trials} trials)")


if __name__ == "__main__":
    main()
