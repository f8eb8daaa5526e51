#!/usr/bin/env python3
"""Vectors for the stand-in block mac16: one line per input beat.

Line format (hex): `a b clear expected_acc`, with a and b signed 16-bit,
clear 0/1, and the expected 40-bit accumulator (two's complement) after the
beat. The expected values come from this script's own arithmetic, not from
the RTL. Usage: mac16_vectors.py OUT_DIR
"""
import random
import sys
from pathlib import Path

BEATS = 3000
SEED = 0x5EED


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    acc = 0
    lines = []
    for i in range(BEATS):
        a = rng.randint(-32768, 32767)
        b = rng.randint(-32768, 32767)
        clear = 1 if i == 0 or rng.random() < 1 / 16 else 0
        acc = ((0 if clear else acc) + a * b) & ((1 << 40) - 1)
        lines.append(f"{a & 0xFFFF:04x} {b & 0xFFFF:04x} {clear} {acc:010x}\n")
    (out / "mac16.hex").write_text("".join(lines))


if __name__ == "__main__":
    main()
