#!/usr/bin/env python3
"""Exports two torchvision ResNet-18 branches as one TorchScript model for `orinet import-model`.

The weights are random (seeded): nothing is downloaded. It stands for "another method's model"
in docs/torchscript.md and in the guide's pictures (scripts/make-screenshots.sh); a real method
exports its trained model the same way. Its card is resnet_pair.json beside this file.

    python3 resnet_pair.py OUT.pt
"""
import sys

import torch
import torchvision


class Pair(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # 256-d descriptors, as resnet_pair.json says; each branch ends in its own linear layer.
        self.ground = torchvision.models.resnet18(weights=None, num_classes=256)
        self.satellite = torchvision.models.resnet18(weights=None, num_classes=256)

    @torch.jit.export
    def embed_ground(self, x):
        return self.ground(x)

    @torch.jit.export
    def embed_satellite(self, x):
        return self.satellite(x)

    def forward(self, g, s):
        return self.embed_ground(g), self.embed_satellite(s)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: resnet_pair.py OUT.pt")
    torch.manual_seed(1)
    torch.jit.script(Pair().eval()).save(sys.argv[1])
