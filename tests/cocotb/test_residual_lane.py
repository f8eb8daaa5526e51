"""cocotb testbench of the residual lanes (rtl/residual_lane.sv, 4x4, and
rtl/residual_lane8x8.sv): forward transform -> quant -> dequant -> inverse.

Stimulus and expected outputs are the vector files of ``tricodec-vectors``
(random blocks, the corner sweep, real-tensor residuals with QP and dead zone
cycling; golden results from ``golden::lane::residual``, the functions the
codec runs), the same generators the Verilator tests and the gate-level check
use. Every output transfer must equal the file's ``level_o``, ``recon_o`` and
``user_o``, in order, under random backpressure on both sides. The top
(TOPLEVEL) picks the block size."""

from __future__ import annotations

from typing import Sequence, Tuple

import cocotb

import tb

INPUTS = ["res_i", "qp_i", "dz_i", "user_i"]
OUTPUTS = ["level_o", "recon_o", "user_o"]


def size_of(dut) -> int:
    """Block side of the top: 4 (residual_lane) or 8 (residual_lane8x8)."""
    return 8 if len(dut.res_i) == 64 * 9 else 4


async def check(dut, name: str, args: Sequence[str], stalls: Tuple[int, int] = (85, 70)) -> None:
    """Writes the vectors of ``tricodec-vectors residual --size N ARGS``, streams their
    inputs through the lane and compares every output with the files."""
    size = size_of(dut)
    tag = f"lane{size}x{size}"
    v = tb.vectors(["residual", "--size", str(size), *args], f"{tag} {name}")
    n = len(v[f"{tag}.res_i"])
    assert n > 0, f"{name}: no vectors"
    inputs = [{p: v[f"{tag}.{p}"][i] for p in INPUTS} for i in range(n)]
    await tb.start(dut)
    got = await tb.run_stream(dut, inputs, OUTPUTS, n, stalls[0], stalls[1], f"{tag} {name}")
    k = size * size
    for i, out in enumerate(got):
        want = {p: v[f"{tag}.{p}"][i] for p in OUTPUTS}
        if out != want:
            b = inputs[i]
            raise AssertionError(
                f"{name}: block {i} (qp {b['qp_i']}, dz {b['dz_i']}, user {b['user_i']}) "
                f"res {tb.unpack(b['res_i'], 9, k)}\n"
                f" levels {tb.unpack(out['level_o'], 16, k)} user {out['user_o']}\n"
                f" golden {tb.unpack(want['level_o'], 16, k)} user {want['user_o']}\n"
                f" recon  {tb.unpack(out['recon_o'], 16, k)}\n"
                f" golden {tb.unpack(want['recon_o'], 16, k)}"
            )
    dut._log.info(f"{name}: {n} {size}x{size} blocks match the golden model")


def seed_arg(name: str) -> str:
    """A --seed for tricodec-vectors, from tb.seed (TB_SEED, printed)."""
    return str(tb.seed(name).getrandbits(63))


@cocotb.test()
async def random_blocks(dut):
    """Random residuals (full range and small amplitudes), random QP 0..51 and dead zone
    0..1023, random stalls (valid 85 %, ready 70 %)."""
    size = size_of(dut)
    n = 1600 if size == 4 else 400
    await check(dut, "random", ["--random", str(n), "--seed", seed_arg(f"random {size}")])


@cocotb.test()
async def stall_patterns(dut):
    """Random blocks under each backpressure pattern of the stall tests (valid %, ready %;
    vectors::Stalls::PATTERNS)."""
    size = size_of(dut)
    n = 150 if size == 4 else 40
    for pv, pr in tb.stall_patterns():
        seed = seed_arg(f"stalls {pv}/{pr} {size}")
        await check(dut, f"stalls {pv}-{pr}", ["--random", str(n), "--seed", seed], (pv, pr))


@cocotb.test()
async def corners(dut):
    """Zero, constant, checkerboard blocks and the block maximising each coefficient (both
    signs), at every QP 0..63 (52..63 act as 51; a subset for 8x8) and dead zones cycling
    over 0, 1, 341, 512, 1022, 1023, with stalls."""
    size = size_of(dut)
    qps = [] if size == 4 else ["--qps", "0,1,5,6,17,24,35,36,47,51,52,63"]
    await check(dut, "corners", ["--corners", *qps], (80, 80))


@cocotb.test()
async def real_tensors(dut):
    """Residuals of real weights (stories260K, all-MiniLM-L6-v2): golden BFP alignment to
    8-bit samples, blocks minus their rounded mean, QP and dead zone cycling, random
    stalls."""
    size = size_of(dut)
    limit = 1024 if size == 4 else 192
    tensors = [
        (tb.STORIES, "model.embed_tokens.weight"),
        (tb.STORIES, "model.layers.0.self_attn.q_proj.weight"),
        (tb.STORIES, "model.layers.4.mlp.down_proj.weight"),
    ]
    if tb.MINILM.exists():
        tensors.append((tb.MINILM, "encoder.layer.0.attention.self.key.weight"))
    else:
        dut._log.warning(f"{tb.MINILM} missing (run scripts/bootstrap.sh): MiniLM skipped")
    for path, name in tensors:
        args = ["--model", str(path), "--tensor", name, "--count", str(limit)]
        await check(dut, name, args)
