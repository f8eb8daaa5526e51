"""cocotb testbench of the float alignment unit (rtl/align/align.sv, BFP mode,
N elements per beat, groups of G): every output beat's samples, E8M0 code and
error flag against the golden model's ``align(..., "bfp", G)`` through
tricodec, under random backpressure.

Rows whose length is not a multiple of G end in a group padded with +0; the
padding's samples are not compared (docs/rtl.md). A group holding Inf or NaN
must raise ``err_o`` with ``err_idx_o`` = its first such element, the element
the golden model's error names."""

from __future__ import annotations

import re
from typing import Dict, List, Optional

import cocotb
import ml_dtypes
import numpy as np
import tricodec

import tb

#: fmt_i code -> (name, bits, exponent bits, mantissa bits, numpy dtype)
FORMATS = {
    0: ("FP32", 32, 8, 23, np.dtype(np.float32)),
    1: ("FP16", 16, 5, 10, np.dtype(np.float16)),
    2: ("BF16", 16, 8, 7, np.dtype(ml_dtypes.bfloat16)),
}


def geometry(dut):
    """(N elements per beat, G elements per group) of the top: data_i carries N 32-bit
    lanes, err_idx_o has clog2(G) bits (G a power of two, 32 by default)."""
    return len(dut.data_i) // 32, 1 << len(dut.err_idx_o)


def as_floats(bits: np.ndarray, fmt: int) -> np.ndarray:
    """Bit patterns (uint64 holding 16/32-bit patterns) as a float array of the format."""
    width = FORMATS[fmt][1]
    raw = bits.astype(np.uint32 if width == 32 else np.uint16)
    return raw.view(FORMATS[fmt][4])


def to_bits(values: np.ndarray, fmt: int) -> np.ndarray:
    """Float values (any float dtype) rounded to the format, as uint64 bit patterns."""
    f = values.astype(FORMATS[fmt][4])
    width = FORMATS[fmt][1]
    return f.view(np.uint32 if width == 32 else np.uint16).astype(np.uint64)


async def check(
    dut,
    name: str,
    bits: np.ndarray,
    fmt: int,
    valid: Optional[np.ndarray] = None,
    stalls=(85, 70),
    golden=None,
) -> None:
    """Streams groups (rows of `bits`, G bit patterns each, format `fmt`) through the
    aligner and checks every beat against the golden model. `valid`: which elements are
    real (False for the +0 padding of short rows); the golden model sees each row of
    real elements as one tensor row. `golden`: (samples, codes) already computed on
    the whole tensor, instead of group by group."""
    n, g = geometry(dut)
    groups = bits.shape[0]
    assert bits.shape[1] == g
    if valid is None:
        valid = np.ones(bits.shape, dtype=bool)
    if golden is None:
        want_samples, want_codes, want_err = expected(bits, fmt, valid, g)
    else:
        want_samples, want_codes = golden
        want_err = [None] * groups
    beats = g // n
    inputs: List[Dict[str, int]] = []
    for r in range(groups):
        for b in range(beats):
            inputs.append({"data_i": tb.pack(bits[r, b * n : (b + 1) * n], 32), "fmt_i": fmt})
    await tb.start(dut)
    got = await tb.run_stream(
        dut,
        inputs,
        ["sample_o", "code_o", "err_o", "err_idx_o", "last_o"],
        len(inputs),
        stalls[0],
        stalls[1],
        f"align {name}",
    )
    for i, out in enumerate(got):
        r, b = divmod(i, beats)
        where = f"{name} {FORMATS[fmt][0]}: group {r} beat {b}"
        assert out["last_o"] == int(b == beats - 1), f"{where}: last_o {out['last_o']}"
        if want_err[r] is not None:
            assert out["err_o"] == 1, f"{where}: Inf/NaN at {want_err[r]} but err_o = 0"
            assert out["err_idx_o"] == want_err[r], (
                f"{where}: err_idx_o {out['err_idx_o']}, golden names element {want_err[r]}"
            )
            continue
        assert out["err_o"] == 0, f"{where}: err_o set on a finite group"
        assert out["code_o"] == want_codes[r], f"{where}: code {out['code_o']} != {want_codes[r]}"
        lanes = valid[r, b * n : (b + 1) * n]
        mask = tb.pack([0xFF if v else 0 for v in lanes], 8)
        want = tb.pack(want_samples[r, b * n : (b + 1) * n], 8)
        if out["sample_o"] & mask != want & mask:
            raise AssertionError(
                f"{where}: samples {tb.unpack(out['sample_o'], 8, n, False)} != golden "
                f"{want_samples[r, b * n : (b + 1) * n].tolist()} (real lanes {lanes.tolist()}), "
                f"inputs {[hex(int(x)) for x in bits[r, b * n : (b + 1) * n]]}"
            )
    bad = sum(e is not None for e in want_err)
    dut._log.info(
        f"{name} {FORMATS[fmt][0]}: {groups} groups ({bad} with Inf/NaN) match the golden model"
    )


ELEMENT = re.compile(r"element (\d+) \(row (\d+), col (\d+)\)")


def golden_error(bits: np.ndarray, fmt: int) -> Optional[int]:
    """The flat index of the element the golden aligner rejects (first Inf/NaN in
    row-major order), or None when it accepts the tensor."""
    try:
        tricodec.align(as_floats(bits, fmt), "bfp", bits.shape[-1])
    except tricodec.InvalidDataError as e:
        m = ELEMENT.search(str(e))
        assert m, f"golden error without an element index: {e}"
        return int(m.group(1))
    return None


def expected(bits: np.ndarray, fmt: int, valid: np.ndarray, g: int):
    """Golden samples (groups, G), E8M0 codes (groups,) and the error index of each group
    (None for finite groups). Finite groups are aligned together (one tensor, one group
    per row); a group with Inf/NaN alone, since the golden model rejects the tensor."""
    groups = bits.shape[0]
    err = [golden_error(bits[r : r + 1][:, valid[r]], fmt) for r in range(groups)]
    samples = np.zeros(bits.shape, dtype=np.int64)
    codes = np.zeros(groups, dtype=np.int64)
    finite = [r for r in range(groups) if err[r] is None]
    # Rows of different lengths (padded groups) go one by one; full groups together.
    full = [r for r in finite if valid[r].all()]
    if full:
        a = tricodec.align(as_floats(bits[full], fmt), "bfp", g)
        samples[full] = a.samples
        codes[full] = a.exponents[:, 0]
    for r in finite:
        if not valid[r].all():
            a = tricodec.align(as_floats(bits[r : r + 1][:, valid[r]], fmt), "bfp", g)
            samples[r, valid[r]] = a.samples[0]
            codes[r] = a.exponents[0, 0]
    return samples, codes, err


def random_groups(rng: np.random.Generator, fmt: int, groups: int, g: int) -> np.ndarray:
    """Random finite groups that reach the corners: wide and narrow exponent spreads,
    subnormals, +-0, all-zero groups, all-ones mantissas (round up to 128 and clamp),
    and exact ties of the rounding (both parities)."""
    _, width, eb, mb, _ = FORMATS[fmt]
    emax = (1 << eb) - 2  # largest finite exponent field
    out = np.zeros((groups, g), dtype=np.uint64)
    for r in range(groups):
        kind = r % 6
        base = int(rng.integers(0, emax + 1))
        spread = int(rng.choice([0, 1, 3, 8, 40]))
        e = np.clip(base - rng.integers(0, spread + 1, g), 0, emax)
        m = rng.integers(0, 1 << mb, g)
        s = rng.integers(0, 2, g)
        if kind == 1:
            m = np.full(g, (1 << mb) - 1)
        elif kind == 2:
            e = np.where(rng.random(g) < 0.7, 0, e)
        elif kind == 3:
            m = np.where(rng.random(g) < 0.3, 0, m)
            e = np.where(m == 0, 0, e)
        elif kind == 4:
            # Elements in the top binade round at bit mb - 6: make their rest exactly half.
            sh = mb - 6
            m = (m & ~((1 << sh) - 1)) | (1 << (sh - 1))
            e = np.full(g, base)
        elif kind == 5 and r % 12 == 5:
            e = np.zeros(g, dtype=np.int64)
            m = np.zeros(g, dtype=np.int64)
        out[r] = (
            (s.astype(np.uint64) << np.uint64(width - 1))
            | (e.astype(np.uint64) << np.uint64(mb))
            | m.astype(np.uint64)
        )
    return out


@cocotb.test()
async def random_formats(dut):
    """Random groups of every format, with random stalls and without."""
    _, g = geometry(dut)
    rng = np.random.default_rng(tb.seed("align random").getrandbits(64))
    for fmt in FORMATS:
        await check(dut, "random", random_groups(rng, fmt, 240, g), fmt)
        await check(
            dut, "random, no stalls", random_groups(rng, fmt, 60, g), fmt, stalls=(100, 100)
        )


@cocotb.test()
async def stall_patterns(dut):
    """FP32 groups under each backpressure pattern of the stall tests (tb.stall_patterns)."""
    _, g = geometry(dut)
    rng = np.random.default_rng(tb.seed("align stalls").getrandbits(64))
    for pv, pr in tb.stall_patterns():
        await check(dut, f"stalls {pv}/{pr}", random_groups(rng, 0, 30, g), 0, stalls=(pv, pr))


@cocotb.test()
async def non_finite(dut):
    """+-Inf, quiet and signalling NaN at 1 to 3 places in every third group, all
    formats: err_o, err_idx_o = the golden model's first rejected element; and the
    whole tensor's golden error names the first such group's element."""
    _, g = geometry(dut)
    rng = np.random.default_rng(tb.seed("align non-finite").getrandbits(64))
    for fmt in FORMATS:
        _, width, eb, mb, _ = FORMATS[fmt]
        bits = random_groups(rng, fmt, 90, g)
        top = np.uint64(((1 << eb) - 1) << mb)
        specials = [
            top,
            top | np.uint64(1 << (width - 1)),
            top | np.uint64(1 << (mb - 1)),
            top | np.uint64(1),
        ]
        first = None
        for r in range(0, len(bits), 3):
            places = rng.choice(g, size=int(rng.integers(1, 4)), replace=False)
            for p in places:
                bits[r, p] = specials[int(rng.integers(0, len(specials)))]
            if first is None:
                first = r * g + int(places.min())
        assert golden_error(bits, fmt) == first, "golden names another element"
        await check(dut, "non-finite", bits, fmt)


def tensor_groups(values: np.ndarray, fmt: int, g: int):
    """A real tensor in format `fmt`, each row cut into groups of G, the last group
    padded with +0: (bits (groups, G), valid (groups, G)), and the golden model's
    alignment of the whole tensor in the same layout: (samples, E8M0 codes)."""
    rows, cols = values.shape
    per_row = -(-cols // g)
    bits = np.zeros((rows, per_row * g), dtype=np.uint64)
    valid = np.zeros(bits.shape, dtype=bool)
    samples = np.zeros(bits.shape, dtype=np.int64)
    bits[:, :cols] = to_bits(values, fmt)
    valid[:, :cols] = True
    a = tricodec.align(values.astype(FORMATS[fmt][4]), "bfp", g)
    samples[:, :cols] = a.samples
    assert a.exponents.shape == (rows, per_row)
    codes = a.exponents.reshape(-1)
    return bits.reshape(-1, g), valid.reshape(-1, g), (samples.reshape(-1, g), codes)


@cocotb.test()
async def real_tensors(dut):
    """Real weights (stories260K, all-MiniLM-L6-v2) as FP32, FP16 and BF16, against the
    golden alignment of the whole tensor; down_proj's 172 columns end in a padded
    short group."""
    _, g = geometry(dut)
    tensors = [
        (tb.STORIES, "model.layers.0.self_attn.q_proj.weight", 64),
        (tb.STORIES, "model.layers.4.mlp.down_proj.weight", 32),
        (tb.STORIES, "model.embed_tokens.weight", 96),
    ]
    if tb.MINILM.exists():
        tensors.append((tb.MINILM, "encoder.layer.0.attention.self.key.weight", 12))
    else:
        dut._log.warning(f"{tb.MINILM} missing (run scripts/bootstrap.sh): MiniLM skipped")
    for path, name, rows in tensors:
        values = tb.read_tensor(path, name)[:rows]
        for fmt in FORMATS:
            bits, valid, golden = tensor_groups(values, fmt, g)
            await check(dut, name, bits, fmt, valid, golden=golden)
