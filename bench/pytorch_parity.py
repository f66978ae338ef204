#!/usr/bin/env python3
"""Writes the PyTorch parity fixture of the lab GPT: test/lab/model/fixtures/pytorch-parity.safetensors.

The lab's TypeScript GPT (src/lab/model) and the PyTorch GPT of the lab benchmark (bench/lab_torch.py:
tanh GELU, LayerNorm eps 1e-5, causal attention scaled by 1/sqrt(head dim), learned positions,
output head tied to the token embeddings) are given the same weights, by a rule both sides
compute exactly, and the same ragged batch. This script runs PyTorch's forward and autograd
backward in float32 and stores the logits, the loss and the gradient of every parameter;
test/lab/model/pytorch-parity.test.ts makes the TypeScript model (the read-this-first reference
and the fast paths) reproduce them. A forward pass that is consistently wrong — another GELU, an
untied head, a different normalisation — fails there, which a gradient check alone cannot see.

Weight rule. Parameters are numbered k = 0, 1, … in the lab's flat layout (src/lab/model/params.ts:
wte, wpe, then per layer ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj, each weight
before its bias, matrices [in, out] row-major; then ln_f). With
    u(k) = ((k + 1) * 2654435761 mod 2**32) / 2**32 - 0.5          (exact in float64 on both sides)
layer-norm gains are 1 + 0.4 u, biases 0.2 u, every other tensor 0.6 u, each rounded to float32.

The fixture is a safetensors file (8-byte little-endian header length, JSON header, little-endian
F32 data; the format src/lab/model/safetensors.ts reads) with tensors `logits` [B, T, V],
`loss` [1] and `grad.<lab name>` in the lab's shapes, and `__metadata__` holding the config, the
batch, the rule, the torch version and, for scale, how far the logits move under two plausible
architecture mistakes (exact-erf GELU, LayerNorm eps 1e-6).

  python3 bench/pytorch_parity.py [--out FILE]       (PyTorch 2.13, CPU, one thread; ~2 s)
"""
import argparse
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from lab_torch import GPT  # noqa: E402

CONFIG = {"layers": 2, "dModel": 16, "heads": 4, "context": 8, "vocab": 20, "mlpRatio": 4, "valueHead": False, "positions": "learned"}
# Two sequences, the second shorter: right padding must not change the real positions (causal attention).
SEQUENCES = [[1, 7, 3, 12, 19, 0, 5, 5], [2, 11, 4, 4, 18, 9]]
RULE = "u(k) = ((k+1)*2654435761 mod 2^32)/2^32 - 0.5; ln gains 1+0.4u, biases 0.2u, others 0.6u; float32"


def lab_layout(c):
    """(lab name, shape) of every parameter in the lab's flat order (src/lab/model/params.ts)."""
    d, hidden = c["dModel"], c["dModel"] * c["mlpRatio"]
    specs = [("wte.weight", [c["vocab"], d]), ("wpe.weight", [c["context"], d])]
    for l in range(c["layers"]):
        p = f"h.{l}."
        specs += [
            (p + "ln_1.weight", [d]), (p + "ln_1.bias", [d]),
            (p + "attn.c_attn.weight", [d, 3 * d]), (p + "attn.c_attn.bias", [3 * d]),
            (p + "attn.c_proj.weight", [d, d]), (p + "attn.c_proj.bias", [d]),
            (p + "ln_2.weight", [d]), (p + "ln_2.bias", [d]),
            (p + "mlp.c_fc.weight", [d, hidden]), (p + "mlp.c_fc.bias", [hidden]),
            (p + "mlp.c_proj.weight", [hidden, d]), (p + "mlp.c_proj.bias", [d]),
        ]
    return specs + [("ln_f.weight", [d]), ("ln_f.bias", [d])]


def rule_value(name, k):
    u = ((k + 1) * 2654435761 % 2**32) / 2**32 - 0.5
    if ".ln_" in name or name.startswith("ln_f"):
        return 1 + 0.4 * u if name.endswith(".weight") else 0.2 * u
    return 0.2 * u if name.endswith(".bias") else 0.6 * u


def torch_parameter(model, lab_name):
    """The PyTorch parameter behind a lab tensor, and whether it is stored transposed (nn.Linear is [out, in])."""
    if not lab_name.startswith("h."):
        module, attr = lab_name.split(".")
        return getattr(getattr(model, module), attr), False
    _, l, *rest = lab_name.split(".")
    block = model.h[int(l)]
    where = {"ln_1": "ln_1", "ln_2": "ln_2", "attn.c_attn": "c_attn", "attn.c_proj": "attn_proj", "mlp.c_fc": "c_fc", "mlp.c_proj": "mlp_proj"}
    param = getattr(getattr(block, where[".".join(rest[:-1])]), rest[-1])
    return param, param.dim() == 2


def set_rule_weights(model, specs):
    k = 0
    with torch.no_grad():
        for name, shape in specs:
            n = 1
            for s in shape:
                n *= s
            values = torch.tensor([rule_value(name, k + i) for i in range(n)], dtype=torch.float64).to(torch.float32).reshape(shape)
            param, transposed = torch_parameter(model, name)
            param.copy_(values.t() if transposed else values)
            k += n


def padded_batch():
    T = max(len(s) for s in SEQUENCES)
    ids = torch.zeros(len(SEQUENCES), T, dtype=torch.long)
    targets = torch.full((len(SEQUENCES), T), -100, dtype=torch.long)
    for b, s in enumerate(SEQUENCES):
        ids[b, : len(s)] = torch.tensor(s)
        targets[b, : len(s) - 1] = torch.tensor(s[1:])
    return ids, targets


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name, t in tensors:
        data = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * ((8 - (8 + len(text.encode())) % 8) % 8)  # data starts 8-byte aligned
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(text.encode())))
        f.write(text.encode())
        for blob in blobs:
            f.write(blob)
    os.replace(path + ".tmp", path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=os.path.join(here, "..", "test", "lab", "model", "fixtures", "pytorch-parity.safetensors"))
    args = p.parse_args()
    torch.set_num_threads(1)
    c = CONFIG
    model = GPT(c["layers"], c["dModel"], c["heads"], c["context"], c["vocab"])
    specs = lab_layout(c)
    assert sum(p.numel() for p in model.parameters()) == sum(torch.Size(s).numel() for _, s in specs)
    set_rule_weights(model, specs)

    ids, targets = padded_batch()
    logits = model(ids)
    loss = F.cross_entropy(logits.reshape(-1, c["vocab"]), targets.reshape(-1), ignore_index=-100)
    loss.backward()

    grads = []
    for name, _ in specs:
        param, transposed = torch_parameter(model, name)
        grads.append(("grad." + name, param.grad.t() if transposed else param.grad))

    # How much two plausible mistakes would move the logits (the test's tolerance must be far below).
    valid = targets != -100
    with torch.no_grad():
        exact_gelu = F.gelu
        F.gelu = lambda x, approximate="none": exact_gelu(x)
        erf_logits = model(ids)
        F.gelu = exact_gelu
        for m in model.modules():
            if isinstance(m, torch.nn.LayerNorm):
                m.eps = 1e-6
        eps_logits = model(ids)
    shift = {
        "gelu_erf": float((erf_logits - logits.detach())[valid].abs().max()),
        "layer_norm_eps_1e-6": float((eps_logits - logits.detach())[valid].abs().max()),
    }

    metadata = {
        "config": json.dumps(c),
        "sequences": json.dumps(SEQUENCES),
        "weight_rule": RULE,
        "loss": "mean cross-entropy of every real next token (padding ignored)",
        "torch": torch.__version__,
        "logit_shift_of_mistakes": json.dumps(shift),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    write_safetensors(args.out, [("logits", logits), ("loss", loss.reshape(1))] + grads, metadata)
    print(json.dumps({"out": os.path.relpath(args.out), "loss": loss.item(), "torch": torch.__version__, "logit_shift_of_mistakes": shift}))


if __name__ == "__main__":
    main()
