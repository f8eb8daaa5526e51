"""Shared pieces of the cocotb testbenches: clock and reset, bus packing, a
valid/ready stream driver with random backpressure on both sides, and the
vector files of ``tricodec-vectors`` (verif/: the stimulus and golden results
the Verilator tests and the gate-level check of ``make synth`` use). Every
expected value comes from the golden model: from the vector files, or (the
align bench) through the ``tricodec`` Python bindings."""

from __future__ import annotations

import json
import os
import random
import shlex
import struct
import subprocess
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

ROOT = Path(__file__).resolve().parents[2]

#: Real weight tensors: (file under the repository, tensor name). stories260K is
#: carried in tests/data; MiniLM comes from scripts/bootstrap.sh.
STORIES = ROOT / "tests" / "data" / "stories260K.safetensors"
MINILM = ROOT / "build" / "models" / "minilm" / "model.safetensors"


def seed(name: str) -> random.Random:
    """A random generator for test `name`, seeded from TB_SEED (default fixed), printed."""
    base = int(os.environ.get("TB_SEED", "20240611"))
    s = (base * 1_000_003 + sum(ord(c) * 31**i for i, c in enumerate(name))) % 2**63
    print(f"{name}: seed {s} (TB_SEED={base})")
    return random.Random(s)


def read_tensor(path: Path, name: str) -> np.ndarray:
    """One tensor of a safetensors file (little-endian F32 / F16), as a numpy array."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        meta = header[name]
        start, end = meta["data_offsets"]
        f.seek(8 + n + start)
        raw = f.read(end - start)
    dtype = {"F32": "<f4", "F16": "<f2"}[meta["dtype"]]
    return np.frombuffer(raw, dtype=dtype).reshape(meta["shape"])


def vectors(args: Sequence[str], name: str) -> Dict[str, List[int]]:
    """Runs ``tricodec-vectors ARGS --out DIR`` (DIR = build/cocotb/vectors/<name>) and reads
    every file back: ``<set>.<port>`` -> the packed bus of each vector, as ints.

    The command is env ``TRICODEC_VECTORS`` (``make test-cocotb`` builds the binary and sets
    it), else ``cargo run -q -p tricodec-vectors --``. Format: docs/verification.md."""
    out = ROOT / "build" / "cocotb" / "vectors" / name.replace(" ", "_").replace("/", "_")
    cmd = shlex.split(os.environ.get("TRICODEC_VECTORS", "cargo run -q -p tricodec-vectors --"))
    subprocess.run([*cmd, *args, "--out", str(out)], cwd=ROOT, check=True)
    sets: Dict[str, List[int]] = {}
    for f in sorted(out.glob("*.hex")):
        lines = [ln.split("//")[0].strip() for ln in f.read_text().splitlines()]
        sets[f.name[: -len(".hex")]] = [int(ln, 16) for ln in lines if ln]
    return sets


def pack(values: Sequence[int], width: int) -> int:
    """Elements on a flat bus: element k at bits [k*width +: width], two's complement."""
    mask = (1 << width) - 1
    word = 0
    for k, v in enumerate(values):
        word |= (int(v) & mask) << (k * width)
    return word


def unpack(word: int, width: int, count: int, signed: bool = True) -> List[int]:
    """The inverse of :func:`pack`."""
    mask = (1 << width) - 1
    out = []
    for k in range(count):
        v = (word >> (k * width)) & mask
        if signed and v >> (width - 1):
            v -= 1 << width
        out.append(v)
    return out


async def start(dut, cycles: int = 3):
    """Starts a 10 ns clock on clk_i and resets the design (rst_ni low for `cycles`)."""
    cocotb.start_soon(Clock(dut.clk_i, 10, units="ns").start())
    dut.rst_ni.value = 0
    dut.valid_i.value = 0
    dut.ready_i.value = 0
    for _ in range(cycles):
        await RisingEdge(dut.clk_i)
    dut.rst_ni.value = 1
    await RisingEdge(dut.clk_i)


def stall_pattern(valid_pct: int, ready_pct: int, name: str) -> List[int]:
    """The backpressure pattern (valid_pct %, ready_pct %) of ``tricodec-vectors stalls``
    (vectors::Stalls, as the Verilator and gate-level drivers use), seeded from
    tb.seed(name): one int a cycle, bit 1 valid, bit 0 ready."""
    if (valid_pct, ready_pct) == (100, 100):
        return [3]
    s = str(seed(f"stalls {name}").getrandbits(63))
    args = ["stalls", "--valid", str(valid_pct), "--ready", str(ready_pct), "--seed", s]
    return vectors(args, f"stalls {name}")[f"stalls.v{valid_pct}r{ready_pct}"]


def stall_patterns() -> List[Tuple[int, int]]:
    """(valid %, ready %) of every pattern of the stall tests (vectors::Stalls::PATTERNS)."""
    names = vectors(["stalls", "--cycles", "1"], "stall patterns")
    return sorted(tuple(int(x) for x in n[len("stalls.v"):].split("r")) for n in names)


async def run_stream(
    dut,
    inputs: List[Dict[str, int]],
    outputs: Sequence[str],
    expected_count: int,
    valid_pct: int,
    ready_pct: int,
    name: str,
) -> List[Dict[str, int]]:
    """Streams `inputs` (port -> value, one dict per transfer) into the design and
    collects `expected_count` output transfers (port -> value for each name in
    `outputs`).

    Each cycle the next input is offered when the pattern's valid bit is set and ready_i
    follows its ready bit (:func:`stall_pattern`, valid_pct % and ready_pct %,
    independent), so valid_i drops between transfers and the output stalls
    arbitrarily. Inputs are set after a rising edge;
    handshakes and outputs are sampled at the falling edge (everything settled), and
    transfers happen at the next rising edge. Checks that a stalled output holds
    still (valid and data) until it transfers, and that the run ends (no deadlock)."""
    clk = dut.clk_i
    pattern = stall_pattern(valid_pct, ready_pct, name)
    got: List[Dict[str, int]] = []
    held = None
    i = 0
    cycles = 0
    limit = 1000 + 200 * (len(inputs) + expected_count) * 100 // max(1, min(valid_pct, ready_pct))
    while len(got) < expected_count:
        bits = pattern[cycles % len(pattern)]
        offer = i < len(inputs) and bits & 2 != 0
        if offer:
            for port, value in inputs[i].items():
                getattr(dut, port).value = value
        ready = bits & 1 != 0
        dut.valid_i.value = int(offer)
        dut.ready_i.value = int(ready)
        await FallingEdge(clk)
        in_fire = offer and dut.ready_o.value.integer == 1
        if dut.valid_o.value.integer == 1:
            out = {p: getattr(dut, p).value.integer for p in outputs}
            if held is not None:
                assert out == held, f"output {len(got)} changed while stalled: {held} -> {out}"
            if ready:
                got.append(out)
                held = None
            else:
                held = out
        else:
            assert held is None, f"valid_o dropped while output {len(got)} was stalled"
        await RisingEdge(clk)
        if in_fire:
            i += 1
        cycles += 1
        assert cycles < limit, (
            f"no progress: {len(got)} of {expected_count} outputs after {cycles} cycles"
        )
    dut.valid_i.value = 0
    dut.ready_i.value = 0
    assert i == len(inputs), f"{len(inputs) - i} inputs not accepted"
    return got

