#!/usr/bin/env python3
"""Write an 8-bit grey image made from one tensor of a safetensors file.

usage: tensor_image.py MODEL.safetensors TENSOR OUT.gray [W H]

Prints "W H" of the image written. Without W H the image is the tensor's own
matrix view: W = last dimension, H = product of the others.

Same rule as `tensor::image::tensor_image` (a test checks that both
agree byte for byte): values (F32, F16 or BF16, exact) map affinely from the
tensor's [min, max] to 0..255 with t = ((v - min) * 255) / (max - min) in
double precision, rounded half away from zero; a constant tensor maps to 0;
pixel (x, y) = element (y % rows, x % cols). Standard library only.
"""

import json
import math
import struct
import sys

SIZES = {"F32": 4, "F16": 2, "BF16": 2}


def read_tensor(path, name):
    """Returns (shape, values as Python floats) of tensor `name`."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + n])
    if name not in header or name == "__metadata__":
        sys.exit(f"tensor_image: {path} has no tensor {name}")
    entry = header[name]
    dtype, shape = entry["dtype"], entry["shape"]
    if dtype not in SIZES:
        sys.exit(f"tensor_image: {name} is {dtype}, not F32/F16/BF16")
    begin, end = entry["data_offsets"]
    data = blob[8 + n + begin : 8 + n + end]
    count = len(data) // SIZES[dtype]
    if dtype == "F32":
        values = struct.unpack(f"<{count}f", data)
    elif dtype == "F16":
        values = struct.unpack(f"<{count}e", data)
    else:
        halves = struct.unpack(f"<{count}H", data)
        values = struct.unpack(f"<{count}f", struct.pack(f"<{count}I", *(h << 16 for h in halves)))
    return shape, values


def quantize(values):
    lo, hi = min(values), max(values)
    if not all(math.isfinite(v) for v in values):
        sys.exit("tensor_image: tensor holds non-finite values")
    out = bytearray(len(values))
    if hi == lo:
        return out
    for i, v in enumerate(values):
        t = ((v - lo) * 255.0) / (hi - lo)
        f = math.floor(t)
        out[i] = min(255, max(0, f + 1 if t - f >= 0.5 else f))
    return out


def main():
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__.split("\n\n")[1])
    model, name, out_path = sys.argv[1:4]
    shape, values = read_tensor(model, name)
    if not values:
        sys.exit(f"tensor_image: {name} is empty")
    cols = shape[-1] if shape else 1
    rows = len(values) // cols
    w, h = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) == 6 else (cols, rows)
    q = quantize(values)
    img = bytearray(w * h)
    for y in range(h):
        base = (y % rows) * cols
        for x in range(w):
            img[y * w + x] = q[base + x % cols]
    with open(out_path, "wb") as f:
        f.write(img)
    print(w, h)


if __name__ == "__main__":
    main()
