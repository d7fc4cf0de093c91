#!/usr/bin/env python3
"""The OriNet network of OriNet Studio written in PyTorch, for two purposes:

1. Speed comparison with bench_model (same network, loss, Adam, threads, random input):
       python3 bench/orinet_pytorch.py --preset paper --batch 12 --threads 2 --steps 3
2. End-to-end training speed (compare with bench_endtoend): --data DIR (a pairs.csv folder,
   e.g. the one bench_endtoend writes) trains on its JPEGs, each batch loaded synchronously
   with OpenCV as the original code does (decode, the original augmentation, orientation channels):
       python3 bench/orinet_pytorch.py --data /tmp/orinet-endtoend --threads 2
3. Weight interchange check: --weights W.safetensors (from `orinet export-weights`) loads the
   file into this module with load_state_dict(strict=True), which fails on any name or shape
   difference, and prints the descriptor of a fixed input.

Needs python3-torch (Debian package), and python3-opencv for --data; exits with a message when it is missing.
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


def orientation_maps(rows, cols, side):
    """docs/model.md, "Orientation maps": panorama yaw/pi, pitch/pi; tile azimuth/pi, (radius-0.5)*2, 0 outside."""
    import numpy as np
    step = 2 * math.pi / (cols - 1)
    yaw = np.broadcast_to(-math.pi + np.arange(cols) * step, (rows, cols))
    pitch = np.broadcast_to(((np.arange(rows) - (rows - 1) / 2) * step)[:, None], (rows, cols))
    ground = np.stack([yaw / math.pi, pitch / math.pi], -1).astype(np.float32)
    c = (side - 1) / 2
    y, x = np.mgrid[0:side, 0:side]
    azimuth = np.arctan2(x - c, c - y)  # clockwise from image up (north)
    radius = np.hypot(x - c, y - c) / (side / 2)
    inside = radius <= 1
    sat = np.stack([np.where(inside, azimuth / math.pi, 0), np.where(inside, (radius - 0.5) * 2, 0)], -1)
    return ground, sat.astype(np.float32)


def load_batch(data, rows, pairs, rng, ground_ori, sat_ori, rows_px, cols_px, side):
    """Synchronous batch loading as the original input_data code: cv2.imread each file."""
    import cv2
    import numpy as np
    grd, sat = [], []
    for i in rows:
        pano = cv2.imread(f"{data}/{pairs[i][0]}")
        if pano.shape[:2] != (rows_px, cols_px):
            pano = cv2.resize(pano, (cols_px, rows_px), interpolation=cv2.INTER_AREA)
        g = np.concatenate([pano.astype(np.float32) / 255 * 2 - 1, ground_ori], -1)
        grd.append(np.roll(g, rng.integers(cols_px), axis=1))  # circular shift, map included
        tile = cv2.imread(f"{data}/{pairs[i][1]}")
        n = tile.shape[0]
        if n > side:  # random centred crop of side U(1, n-2), then resize
            k = int(rng.integers(1, n - 1))
            o = (n - k) // 2
            tile = tile[o:o + k, o:o + k]
        tile = cv2.resize(tile, (side, side), interpolation=cv2.INTER_AREA)
        t = np.concatenate([tile.astype(np.float32) / 255 * 2 - 1, sat_ori], -1)
        sat.append(np.rot90(t, int(rng.integers(4))))  # image and both channels together
    as_tensor = lambda a: torch.from_numpy(np.ascontiguousarray(np.stack(a).transpose(0, 3, 1, 2)))
    return as_tensor(grd), as_tensor(sat)


def train_from_files(a, model, rows, cols, side):
    try:
        import cv2  # noqa: F401
        import numpy as np
    except ImportError:
        sys.exit("orinet_pytorch.py: --data needs python3-opencv and python3-numpy")
    import csv
    with open(f"{a.data}/pairs.csv") as f:
        pairs = [(r["panorama"], r["satellite"]) for r in csv.DictReader(f)]
    rng = np.random.default_rng(0)
    order = rng.permutation(len(pairs))
    steps = len(pairs) // a.batch
    ground_ori, sat_ori = orientation_maps(rows, cols, side)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-5)
    times = []
    for i in range(steps):
        t0 = time.perf_counter()
        g, s = load_batch(a.data, order[i * a.batch:(i + 1) * a.batch], pairs, rng,
                          ground_ori, sat_ori, rows, cols, side)
        opt.zero_grad()
        loss = triplet_loss(model.satellite(s), model.ground(g))
        loss.backward()
        opt.step()
        if i:  # the first step warms up
            times.append(time.perf_counter() - t0)
            print(f"  step {times[-1]:.3f} s (loss {loss.item():.4f})")
    m = statistics.median(times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"end-to-end train  preset {a.preset} batch {a.batch}, {a.threads} threads, synchronous cv2 "
          f"loading, {a.data}: median {m:.3f} s/step, {a.batch / m:.2f} pairs/s "
          f"({len(times)} of {steps} steps), peak RSS {peak:.0f} MB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="paper", choices=PRESETS)
    ap.add_argument("--batch", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--channels", type=int, default=5)
    ap.add_argument("--weights", help="check a safetensors file from orinet export-weights")
    ap.add_argument("--data", help="train on the JPEG pairs of this pairs.csv folder (end to end)")
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
    if a.data:
        train_from_files(a, model, rows, cols, side)
        return
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
