#!/usr/bin/env python3
"""The OriNet network of OriNet Studio written in PyTorch, for two purposes:

1. Speed comparison with bench_model (same network, loss, Adam, threads, random input):
       python3 bench/orinet_pytorch.py --preset paper --batch 12 --threads 2 --steps 3
2. Weight interchange check: --weights W.safetensors (from `orinet export-weights`) loads the
   file into this module with load_state_dict(strict=True), which fails on any name or shape
   difference, and prints the descriptor of a fixed input.

Needs python3-torch (Debian package); exits with a message when it is missing.
"""
import argparse
import math
import resource
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    sys.exit("orinet_pytorch.py: PyTorch is not installed (apt-get install python3-torch)")

PRESETS = {"paper": (224, 1232, 512), "small": (112, 616, 256), "tiny": (56, 308, 128)}
CHANNELS = [64, 128, 256, 512, 512, 512, 512]


def same_pad(x):
    def pads(n):
        total = max((math.ceil(n / 2) - 1) * 2 + 4 - n, 0)
        return total // 2, total - total // 2
    top, bottom = pads(x.shape[2])
    left, right = pads(x.shape[3])
    return F.pad(x, (left, right, top, bottom))


def resample(t, dim, out):
    n = t.shape[dim]
    if n == out:
        return t
    scale = n / out
    lo, hi, w = [], [], []
    for x in range(out):
        pos = 0.0 if n == 1 else x * scale + (scale - 1) / 2
        pos = min(max(pos, 0.0), n - 1)
        f = math.floor(pos)
        lo.append(f)
        hi.append(min(f + 1, n - 1))
        w.append(pos - f)
    shape = [1] * t.dim()
    shape[dim] = out
    w = torch.tensor(w, dtype=t.dtype).view(shape)
    return t.index_select(dim, torch.tensor(lo)) * (1 - w) + t.index_select(dim, torch.tensor(hi)) * w


class Branch(nn.Module):
    def __init__(self, in_channels):
        super().__init__()
        c = in_channels
        for i, out in enumerate(CHANNELS):
            setattr(self, f"conv{i + 1}", nn.Conv2d(c, out, 4, stride=2, padding=0))
            if i > 0:
                setattr(self, f"bn{i + 1}", nn.BatchNorm2d(out, eps=1e-5, momentum=0.9))
            c = out

    def forward(self, x):
        outs = []
        x = self.conv1(same_pad(x))
        outs.append(x)
        for k in range(2, 8):
            x = getattr(self, f"bn{k}")(getattr(self, f"conv{k}")(same_pad(F.leaky_relu(x, 0.2))))
            outs.append(x)
        h, w = x.shape[2], x.shape[3]
        hyper = torch.cat([resample(resample(o, 2, h), 3, w) for o in outs[4:7]], 1)
        pooled = hyper.clamp(min=1e-6).pow(3).mean((2, 3)).pow(1.0 / 3)
        return F.normalize(pooled, dim=1)


class OriNet(nn.Module):
    def __init__(self, in_channels=5):
        super().__init__()
        self.ground = Branch(in_channels)
        self.satellite = Branch(in_channels)


def triplet_loss(sat, grd, alpha=10.0):
    b = sat.shape[0]
    dist = 2 - 2 * sat @ grd.t()
    pos = dist.diagonal()
    g2s = F.softplus(alpha * (pos.unsqueeze(0) - dist), threshold=1e9).sum()
    s2g = F.softplus(alpha * (pos.unsqueeze(1) - dist), threshold=1e9).sum()
    return (g2s + s2g) / (2 * b * (b - 1))


def load_safetensors(path):
    """Minimal reader (no python3-safetensors needed): header length, JSON, raw bytes."""
    import json
    import struct
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    dtypes = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64,
              "I32": torch.int32, "U8": torch.uint8}
    state = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        state[name] = torch.frombuffer(raw, dtype=dtypes[entry["dtype"]]).reshape(entry["shape"]).clone()
    return state


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="paper", choices=PRESETS)
    ap.add_argument("--batch", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--channels", type=int, default=5)
    ap.add_argument("--weights", help="check a safetensors file from orinet export-weights")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    rows, cols, side = PRESETS[a.preset]
    model = OriNet(a.channels)

    if a.weights:
        state = load_safetensors(a.weights)
        model.load_state_dict(state, strict=True)
        model.eval()
        with torch.no_grad():
            g = torch.linspace(-1, 1, a.channels * rows * cols).view(1, a.channels, rows, cols)
            s = torch.linspace(-1, 1, a.channels * side * side).view(1, a.channels, side, side)
            picks = [0, 1, 512, 513, 1024, 1025, 1534, 1535]  # layers 5, 6, 7
            print("ground", " ".join(f"{model.ground(g)[0, i].item():.6e}" for i in picks))
            print("satellite", " ".join(f"{model.satellite(s)[0, i].item():.6e}" for i in picks))
        return

    params = sum(p.numel() for p in model.parameters())
    print(f"PyTorch {torch.__version__}, {a.threads} threads, {params} parameters")
    g = torch.rand(a.batch, a.channels, rows, cols) * 2 - 1
    s = torch.rand(a.batch, a.channels, side, side) * 2 - 1
    model.eval()
    times = []
    with torch.no_grad():
        for i in range(a.steps + 1):
            t0 = time.perf_counter()
            model.ground(g)
            model.satellite(s)
            if i:
                times.append(time.perf_counter() - t0)
    m = statistics.median(times)
    print(f"extract  preset {a.preset} batch {a.batch}: median {m:.3f} s/batch, {a.batch / m:.2f} pairs/s")
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-5)
    times = []
    for i in range(a.steps + 1):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = triplet_loss(model.satellite(s), model.ground(g))
        loss.backward()
        opt.step()
        if i:
            times.append(time.perf_counter() - t0)
    m = statistics.median(times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"train    preset {a.preset} batch {a.batch}: median {m:.3f} s/step, {a.batch / m:.2f} pairs/s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
