#!/usr/bin/env python3
"""Vectors for the stand-in block mac16, in the codec's vector-file format.

One file per port, `mac16.<port>.hex`: a `//` header, then one hex number
per beat (`$readmemh` reads it). Inputs a_i, b_i (signed 16-bit), clear_i;
output acc_o, the 40-bit two's-complement sum after the beat, computed here
(not by the RTL). Usage: mac16_vectors.py OUT_DIR
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
    cols: dict[str, list[str]] = {"a_i": [], "b_i": [], "clear_i": [], "acc_o": []}
    for i in range(BEATS):
        a = rng.randint(-32768, 32767)
        b = rng.randint(-32768, 32767)
        clear = 1 if i == 0 or rng.random() < 1 / 16 else 0
        acc = ((0 if clear else acc) + a * b) & ((1 << 40) - 1)
        cols["a_i"].append(f"{a & 0xFFFF:04x}")
        cols["b_i"].append(f"{b & 0xFFFF:04x}")
        cols["clear_i"].append(f"{clear:x}")
        cols["acc_o"].append(f"{acc:010x}")
    for port, lines in cols.items():
        text = f"// mac16.{port}, {BEATS} vectors\n" + "\n".join(lines) + "\n"
        (out / f"mac16.{port}.hex").write_text(text)


if __name__ == "__main__":
    main()
