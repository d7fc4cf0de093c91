#!/usr/bin/env python3
"""Colour-histogram descriptors of a split of a synthetic world's CVACT layout, as another
method's own code would write them: ground.npy and satellite.npy (N x 512, float32) and ids.txt
(one pair id per line, the rows' order). For `orinet import-descriptors` in the guide's pictures
(scripts/make-screenshots.sh, docs/guide/comparing.md); it needs numpy and Pillow only.

The descriptor is the joint 8 x 8 x 8 RGB histogram, square-rooted (Hellinger) and scaled to
unit length: a weak but honest baseline, since colours of roofs, roads and trees do carry
over between the views.

    python3 histogram_descriptors.py WORLD SPLIT OUT_DIR
"""
import csv
import os
import sys

import numpy as np
from PIL import Image


def describe(path):
    rgb = np.asarray(Image.open(path).convert("RGB"), dtype=np.uint32) // 32
    bins = (rgb[..., 0] * 64 + rgb[..., 1] * 8 + rgb[..., 2]).ravel()
    h = np.sqrt(np.bincount(bins, minlength=512).astype(np.float64))
    return (h / np.linalg.norm(h)).astype(np.float32)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: histogram_descriptors.py WORLD SPLIT OUT_DIR")
    world, split, out = sys.argv[1:]
    with open(os.path.join(world, "pairs.csv"), newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f) if split in row["split"].split(";")]
    if not ids:
        sys.exit(f"no pair of split '{split}' in {world}/pairs.csv")
    cvact = os.path.join(world, "cvact")
    ground = np.stack([describe(os.path.join(cvact, "streetview", f"{i}_grdView.jpg"))
                       for i in ids])
    satellite = np.stack([describe(os.path.join(cvact, "satview_polish",
                                                f"{i}_satView_polish.jpg")) for i in ids])
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "ground.npy"), ground)
    np.save(os.path.join(out, "satellite.npy"), satellite)
    with open(os.path.join(out, "ids.txt"), "w") as f:
        f.write("\n".join(ids) + "\n")
    print(f"{len(ids)} pairs of '{split}' described into {out}")


if __name__ == "__main__":
    main()
