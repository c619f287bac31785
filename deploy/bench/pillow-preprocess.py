"""Pillow's decode + resize + normalise of the benchmark's JPEG frames, one thread, per image: the reference the
inference benchmark compares common's ImageDecoder + Preprocessor with. The steps are torchvision's evaluation
recipe with Pillow's bilinear filter (Resize(shorter side) then CenterCrop, or a straight resize), then float32 CHW
(v * scale - mean) / std, matching the manifest's preprocessing.

usage: pillow-preprocess.py DIR --size 224 [--shorter-side 256] --scale S --mean M,M,M --std S,S,S [--seconds 10]
Prints one line: PILLOW {json}; or, when Pillow or NumPy is missing, PILLOW {"available": false, "reason": ...}
(exit status 0: the benchmark then reports Pillow as unavailable).
"""
import argparse
import json
import os
import sys
import time

try:
    import numpy as np
    import PIL
    from PIL import Image
except ImportError as missing:
    print("PILLOW " + json.dumps({"available": False, "reason": "%s (apt-get install -y python3-pil python3-numpy)" % missing}))
    sys.exit(0)


def preprocess(path, size, shorter_side, scale, mean, std):
    with Image.open(path) as image:
        image = image.convert("RGB")
        if shorter_side:
            w, h = image.size
            if w <= h:
                resized = (shorter_side, round(h * shorter_side / w))
            else:
                resized = (round(w * shorter_side / h), shorter_side)
            image = image.resize(resized, Image.BILINEAR)
            left = (resized[0] - size) // 2
            top = (resized[1] - size) // 2
            image = image.crop((left, top, left + size, top + size))
        else:
            image = image.resize((size, size), Image.BILINEAR)
        pixels = np.asarray(image, dtype=np.float32)
    return ((pixels * scale - mean) / std).transpose(2, 0, 1).copy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--shorter-side", type=int, default=0)
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--mean", required=True)
    parser.add_argument("--std", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    mean = np.array([float(v) for v in args.mean.split(",")], dtype=np.float32)
    std = np.array([float(v) for v in args.std.split(",")], dtype=np.float32)
    files = sorted(os.path.join(args.dir, f) for f in os.listdir(args.dir) if f.endswith(".jpg"))
    for path in files:  # warm the page cache and Pillow's code paths
        preprocess(path, args.size, args.shorter_side, args.scale, mean, std)
    images = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for path in files:
            tensor = preprocess(path, args.size, args.shorter_side, args.scale, mean, std)
            images += 1
    elapsed = time.perf_counter() - start
    assert tensor.shape == (3, args.size, args.size)
    print("PILLOW " + json.dumps({"available": True, "pillow": PIL.__version__, "numpy": np.__version__,
                                  "images": images, "msPerImage": elapsed * 1000 / images}))


if __name__ == "__main__":
    main()
