"""cocotb testbench of the residual lanes (rtl/residual_lane.sv, 4x4, and
rtl/residual_lane8x8.sv): forward transform -> quant -> dequant -> inverse.

Every output is checked against the golden model called through tricodec:
``level_o == quant(forward(res_i), qp_i, dz_i)`` and
``recon_o == recon_residual(level_o, qp_i)``, in order, with the user
sideband, under random backpressure on both sides. The top (TOPLEVEL) picks
the block size."""

from __future__ import annotations

from typing import Dict, List

import cocotb
import numpy as np
import tricodec

import tb

#: QP and dead zone cycles of the real-tensor vectors (as sim/src/vectors.rs).
QP_CYCLE = [0, 6, 12, 18, 24, 28, 34, 42, 51]
DZ_CYCLE = [341, 450, 512, 1023]

GOLDEN = {
    4: (tricodec.forward4x4, tricodec.quant4x4, tricodec.recon_residual4x4),
    8: (tricodec.forward8x8, tricodec.quant8x8, tricodec.recon_residual8x8),
}


def size_of(dut) -> int:
    """Block side of the top: 4 (residual_lane) or 8 (residual_lane8x8)."""
    return 8 if len(dut.res_i) == 64 * 9 else 4


def expected(size: int, res: np.ndarray, qp: np.ndarray, dz: np.ndarray):
    """(levels, recon) of every block from the golden model. QPs 52..63 act as 51 in the
    RTL (6-bit port, documented in docs/rtl.md); the golden functions take 0..51."""
    forward, quant, recon = GOLDEN[size]
    q = np.minimum(qp, 51)
    levels = quant(forward(res), q, dz)
    return levels, recon(levels, q)


async def check(dut, name: str, res, qp, dz, stalls=(85, 70)) -> None:
    """Streams blocks `res` (n, size*size) with per-block qp and dz through the lane and
    compares every output with the golden model."""
    size = size_of(dut)
    n = len(res)
    res = np.asarray(res, dtype=np.int64).reshape(n, size * size)
    qp = np.asarray(qp, dtype=np.int64).reshape(n)
    dz = np.asarray(dz, dtype=np.int64).reshape(n)
    assert res.min() >= -256 and res.max() <= 255, "stimulus outside the 9-bit port"
    levels, recon = expected(size, res, qp, dz)
    inputs: List[Dict[str, int]] = [
        {
            "res_i": tb.pack(res[i], 9),
            "qp_i": int(qp[i]),
            "dz_i": int(dz[i]),
            "user_i": i & 0xFF,
        }
        for i in range(n)
    ]
    await tb.start(dut)
    rng = tb.seed(f"{name} {size}x{size}")
    got = await tb.run_stream(
        dut, inputs, ["level_o", "recon_o", "user_o"], n, stalls[0], stalls[1], rng
    )
    k = size * size
    for i, out in enumerate(got):
        assert out["user_o"] == i & 0xFF, f"{name}: block {i} out of order (user {out['user_o']})"
        want_l = tb.pack(levels[i], 16)
        want_r = tb.pack(recon[i], 16)
        if out["level_o"] != want_l or out["recon_o"] != want_r:
            raise AssertionError(
                f"{name}: block {i} (qp {qp[i]}, dz {dz[i]}) res {res[i].tolist()}\n"
                f" levels {tb.unpack(out['level_o'], 16, k)}\n"
                f" golden {levels[i].tolist()}\n"
                f" recon  {tb.unpack(out['recon_o'], 16, k)}\n"
                f" golden {recon[i].tolist()}"
            )
    dut._log.info(f"{name}: {n} {size}x{size} blocks match the golden model")


@cocotb.test()
async def random_blocks(dut):
    """Random residuals, full range and small amplitudes, random QP 0..51 and dead zone
    0..1023, random stalls (valid 85 %, ready 70 %)."""
    size = size_of(dut)
    k = size * size
    rng = np.random.default_rng(tb.seed(f"random {size}").getrandbits(64))
    n = 800 if size == 4 else 200
    full = rng.integers(-256, 256, (n, k))
    small = rng.integers(-8, 9, (n, k))
    res = np.concatenate([full, small])
    await check(dut, "random", res, rng.integers(0, 52, 2 * n), rng.integers(0, 1024, 2 * n))


@cocotb.test()
async def stall_patterns(dut):
    """Random blocks under each backpressure pattern of tb.STALLS (valid %, ready %)."""
    size = size_of(dut)
    rng = np.random.default_rng(tb.seed(f"stalls {size}").getrandbits(64))
    n = 150 if size == 4 else 40
    for pv, pr in tb.STALLS:
        res = rng.integers(-256, 256, (n, size * size))
        await check(
            dut,
            f"stalls {pv}/{pr}",
            res,
            rng.integers(0, 52, n),
            rng.integers(0, 1024, n),
            (pv, pr),
        )


def corner_blocks(size: int) -> np.ndarray:
    """Zero, constant, checkerboard blocks and, for every coefficient, the residual block
    that maximises it (255 where its basis function is positive, -256 elsewhere) and its
    negation."""
    k = size * size
    forward = GOLDEN[size][0]
    # Basis functions: the forward transform of scaled impulses (no zero entries).
    basis = forward(np.eye(k, dtype=np.int64) * 1024).T
    extreme = np.where(basis > 0, 255, -256)
    neg = np.where(basis > 0, -256, 255)
    r, c = np.divmod(np.arange(k), size)
    checker = np.where((r + c) % 2 == 0, 255, -256)
    fixed = np.stack([np.zeros(k), np.full(k, 255), np.full(k, -256), checker, -checker - 1])
    return np.concatenate([fixed, extreme, neg]).astype(np.int64)


@cocotb.test()
async def corners(dut):
    """Corner blocks at every QP 0..63 (52..63 act as 51) and dead zones 0, 1, 341, 512,
    1022, 1023, without stalls and with stalls."""
    size = size_of(dut)
    blocks = corner_blocks(size)
    qps = np.arange(64) if size == 4 else np.array([0, 1, 5, 6, 17, 24, 35, 36, 47, 51, 52, 63])
    dzs = [0, 1, 341, 512, 1022, 1023]
    res, qp, dz = [], [], []
    for j, b in enumerate(blocks):
        for q in qps:
            res.append(b)
            qp.append(q)
            dz.append(dzs[(j + int(q)) % len(dzs)])
    res = np.array(res)
    half = len(res) // 2
    await check(dut, "corners", res[:half], qp[:half], dz[:half], (100, 100))
    await check(dut, "corners stalled", res[half:], qp[half:], dz[half:], (70, 60))


def tensor_blocks(values: np.ndarray, size: int, limit: int) -> np.ndarray:
    """Residual blocks of a real tensor: golden BFP alignment (groups of 32) to 8-bit
    samples, size x size blocks in raster order, each minus its rounded mean."""
    s = tricodec.align(values, "bfp", 32).samples.astype(np.int64)
    rows, cols = s.shape
    by, bx = rows // size, cols // size
    b = s[: by * size, : bx * size].reshape(by, size, bx, size).transpose(0, 2, 1, 3)
    b = b.reshape(-1, size * size)[:limit]
    n = size * size
    mean = (b.sum(axis=1, keepdims=True) + n // 2) // n
    return b - mean


@cocotb.test()
async def real_tensors(dut):
    """Residuals of real weights (stories260K, all-MiniLM-L6-v2) with QP and dead zone
    cycling, random stalls."""
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
        res = tensor_blocks(tb.read_tensor(path, name), size, limit)
        n = len(res)
        assert n >= 64 and np.count_nonzero(res) * 2 > res.size, f"{name}: weak stimulus"
        idx = np.arange(n)
        qp = np.array(QP_CYCLE)[idx % len(QP_CYCLE)]
        dz = np.array(DZ_CYCLE)[idx % len(DZ_CYCLE)]
        await check(dut, name, res, qp, dz)
