"""Stage functions (the testbench reference model) against the standard's formulas
written out here in numpy, plus batch handling and error paths."""

import numpy as np
import pytest
import tricodec

RNG = np.random.default_rng(2024)

# --- 4x4 and 8x8 transforms, H.264 8.5.12 / 8.5.13 and the usual forward matrices ---
CF4 = np.array([[1, 1, 1, 1], [2, 1, -1, -2], [1, -1, -1, 1], [1, -2, 2, -1]])
T8 = np.array(
    [
        [8, 8, 8, 8, 8, 8, 8, 8],
        [12, 10, 6, 3, -3, -6, -10, -12],
        [8, 4, -4, -8, -8, -4, 4, 8],
        [10, -3, -12, -6, 6, 12, 3, -10],
        [8, -8, -8, 8, 8, -8, -8, 8],
        [6, -12, 3, 10, -10, -3, 12, -6],
        [4, -8, 8, -4, -4, 8, -8, 4],
        [3, -6, 10, -12, 12, -10, 6, -3],
    ]
)


def ref_forward4x4(x):
    return CF4 @ x @ CF4.T


def ref_forward8x8(x):
    y = T8 @ x @ T8.T
    return (y + 32 - (y < 0)) >> 6  # nearest, ties away from zero


def idct4_rows(d):
    e0, e1 = d[..., 0] + d[..., 2], d[..., 0] - d[..., 2]
    e2, e3 = (d[..., 1] >> 1) - d[..., 3], d[..., 1] + (d[..., 3] >> 1)
    return np.stack([e0 + e3, e1 + e2, e1 - e2, e0 - e3], axis=-1)


def ref_inverse4x4(d):
    f = idct4_rows(d)
    h = idct4_rows(np.swapaxes(f, -1, -2))
    return (np.swapaxes(h, -1, -2) + 32) >> 6


def idct8_rows(d):
    d0, d1, d2, d3, d4, d5, d6, d7 = (d[..., k] for k in range(8))
    a0, a4 = d0 + d4, d0 - d4
    a2, a6 = (d2 >> 1) - d6, d2 + (d6 >> 1)
    b0, b2, b4, b6 = a0 + a6, a4 + a2, a4 - a2, a0 - a6
    a1 = -d3 + d5 - d7 - (d7 >> 1)
    a3 = d1 + d7 - d3 - (d3 >> 1)
    a5 = -d1 + d7 + d5 + (d5 >> 1)
    a7 = d3 + d5 + d1 + (d1 >> 1)
    b1, b7 = a1 + (a7 >> 2), a7 - (a1 >> 2)
    b3, b5 = a3 + (a5 >> 2), (a3 >> 2) - a5
    return np.stack([b0 + b7, b2 + b5, b4 + b3, b6 + b1, b6 - b1, b4 - b3, b2 - b5, b0 - b7], -1)


def ref_inverse8x8(d):
    f = idct8_rows(d)
    h = idct8_rows(np.swapaxes(f, -1, -2))
    return (np.swapaxes(h, -1, -2) + 32) >> 6


# --- 4x4 quantisation (JM / H.264 reference encoder) and scaling (8.5.12.1) ---------
MF4 = np.array(
    [
        [13107, 5243, 8066],
        [11916, 4660, 7490],
        [10082, 4194, 6554],
        [9362, 3647, 5825],
        [8192, 3355, 5243],
        [7282, 2893, 4559],
    ]
)
V4 = np.array([[10, 16, 13], [11, 18, 14], [13, 20, 16], [14, 23, 18], [16, 25, 20], [18, 29, 23]])
I4, J4 = np.divmod(np.arange(16), 4)
CLASS4 = np.where((I4 % 2 == 0) & (J4 % 2 == 0), 0, np.where((I4 % 2 == 1) & (J4 % 2 == 1), 1, 2))
# normAdjust8x8 (8-318) and its position classes.
V8 = np.array(
    [
        [20, 18, 32, 19, 25, 24],
        [22, 19, 35, 21, 28, 26],
        [26, 23, 42, 24, 33, 31],
        [28, 25, 45, 26, 35, 33],
        [32, 28, 51, 30, 40, 38],
        [36, 32, 58, 34, 46, 43],
    ]
)
I8, J8 = np.divmod(np.arange(64), 8)
CLASS8 = np.select(
    [
        (I8 % 4 == 0) & (J8 % 4 == 0),
        (I8 % 2 == 1) & (J8 % 2 == 1),
        (I8 % 4 == 2) & (J8 % 4 == 2),
        ((I8 % 4 == 0) & (J8 % 2 == 1)) | ((I8 % 2 == 1) & (J8 % 4 == 0)),
        ((I8 % 4 == 0) & (J8 % 4 == 2)) | ((I8 % 4 == 2) & (J8 % 4 == 0)),
    ],
    [0, 1, 2, 3, 4],
    5,
)


def ref_quant4x4(c, qp, dz):
    qbits = 15 + qp // 6
    mf = MF4[qp % 6][CLASS4]
    mag = np.minimum((np.abs(c) * mf + (dz << (qbits - 10))) >> qbits, 32767)
    return np.sign(c) * mag


def ref_dequant(c, qp, v, classes, base):
    ls = 16 * v[qp % 6][classes]
    per = qp // 6
    if per >= base:
        return (c * ls) << (per - base)
    return (c * ls + (1 << (base - 1 - per))) >> (base - per)


def blocks(n, size, lo=-255, hi=255):
    return RNG.integers(lo, hi + 1, (n, size, size))


def test_forward_transforms_match_the_matrices():
    x4 = blocks(500, 4)
    assert np.array_equal(tricodec.forward4x4(x4), ref_forward4x4(x4))
    x8 = blocks(200, 8)
    assert np.array_equal(tricodec.forward8x8(x8), ref_forward8x8(x8))
    big = RNG.integers(-tricodec.FORWARD_MAX, tricodec.FORWARD_MAX + 1, (50, 8, 8))
    assert np.array_equal(tricodec.forward8x8(big), ref_forward8x8(big))


def test_inverse_transforms_match_the_standard():
    d4 = RNG.integers(-30000, 30000, (500, 4, 4))
    assert np.array_equal(tricodec.inverse4x4(d4), ref_inverse4x4(d4))
    d8 = RNG.integers(-30000, 30000, (200, 8, 8))
    assert np.array_equal(tricodec.inverse8x8(d8), ref_inverse8x8(d8))


@pytest.mark.parametrize("qp", [0, 5, 6, 17, 23, 24, 29, 36, 51])
def test_quant_and_scaling_4x4_match_the_formulas(qp):
    c = ref_forward4x4(blocks(300, 4)).reshape(-1, 16)
    for dz in [0, 341, 512, 1023]:
        assert np.array_equal(tricodec.quant4x4(c, qp, dz), ref_quant4x4(c, qp, dz))
    levels = RNG.integers(-2000, 2001, (300, 16))
    assert np.array_equal(tricodec.dequant4x4(levels, qp), ref_dequant(levels, qp, V4, CLASS4, 4))
    levels8 = RNG.integers(-2000, 2001, (100, 64))
    assert np.array_equal(tricodec.dequant8x8(levels8, qp), ref_dequant(levels8, qp, V8, CLASS8, 6))
    want = ref_inverse4x4(ref_dequant(levels, qp, V4, CLASS4, 4).reshape(-1, 4, 4))
    assert np.array_equal(tricodec.recon_residual4x4(levels.reshape(-1, 4, 4), qp), want)


@pytest.mark.parametrize("size", [4, 8])
def test_residual_path_is_near_identity_at_qp_0(size):
    fwd, quant, recon = {
        4: (tricodec.forward4x4, tricodec.quant4x4, tricodec.recon_residual4x4),
        8: (tricodec.forward8x8, tricodec.quant8x8, tricodec.recon_residual8x8),
    }[size]
    x = blocks(300, size)
    r = recon(quant(fwd(x), 0, 512), 0)
    assert np.abs(r - x).max() <= 1
    # Coarser QP: larger error, and levels shrink.
    r40 = recon(quant(fwd(x), 40, 512), 40)
    assert np.abs(r40 - x).mean() > np.abs(r - x).mean()
    assert np.abs(quant(fwd(x), 40, 512)).sum() < np.abs(quant(fwd(x), 0, 512)).sum()


def test_quant8x8_is_odd_and_zero_preserving():
    c = tricodec.forward8x8(blocks(200, 8))
    for qp in [0, 13, 51]:
        q = tricodec.quant8x8(c, qp, 341)
        assert np.array_equal(tricodec.quant8x8(-c, qp, 341), -q)
        assert not tricodec.quant8x8(np.zeros_like(c), qp, 341).any()


def hadamard4(c):
    h = np.array([[1, 1, 1, 1], [1, 1, -1, -1], [1, -1, -1, 1], [1, -1, 1, -1]])
    return h @ c @ h


def test_dc_transforms_match_hadamard():
    c = RNG.integers(-4080, 4081, (200, 4, 4))
    f = hadamard4(c)
    assert np.array_equal(tricodec.inverse_luma_dc(c), f)
    assert np.array_equal(tricodec.forward_luma_dc(c), (f + 1 - (f < 0)) >> 1)
    h2 = np.array([[1, 1], [1, -1]])
    c2 = RNG.integers(-4080, 4081, (200, 2, 2))
    assert np.array_equal(tricodec.forward_chroma_dc(c2), h2 @ c2 @ h2)
    assert np.array_equal(tricodec.inverse_chroma_dc(c2), h2 @ c2 @ h2)


def test_dc_quant_and_scaling_match_the_formulas():
    qp = 28
    c = RNG.integers(-30000, 30001, (100, 16))
    qbits = 16 + qp // 6
    want = np.sign(c) * np.minimum(
        (np.abs(c) * MF4[qp % 6][0] + (2 * 341 << (qbits - 11))) >> qbits, 32767
    )
    assert np.array_equal(tricodec.quant_luma_dc(c, qp, 341), want)
    f = RNG.integers(-(2**19), 2**19, (100, 16))
    ls = 16 * V4[qp % 6][0]
    for q in [qp, 40]:
        ls = 16 * V4[q % 6][0]
        per = q // 6
        want = (f * ls) << (per - 6) if per >= 6 else (f * ls + (1 << (5 - per))) >> (6 - per)
        assert np.array_equal(tricodec.dequant_luma_dc(f, q), want)
    f2 = RNG.integers(-(2**17), 2**17, (100, 4))
    want = ((f2 * 16 * V4[qp % 6][0]) << (qp // 6)) >> 5
    assert np.array_equal(tricodec.dequant_chroma_dc(f2, qp), want)


def test_scans_follow_the_zigzag_tables():
    assert tricodec.ZIGZAG4X4 == (0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15)
    raster = np.arange(16).reshape(1, 4, 4)
    assert tricodec.scan4x4(raster).reshape(-1).tolist() == list(tricodec.ZIGZAG4X4)
    x = RNG.integers(-100, 100, (10, 64))
    assert np.array_equal(tricodec.unscan8x8(tricodec.scan8x8(x)), x)
    assert np.array_equal(tricodec.scan8x8(x), x[:, list(tricodec.ZIGZAG8X8)])
    # 8x8 frame zig-zag starts 0, 1, 8, 16, 9, 2 and ends 55, 62, 63.
    assert tricodec.ZIGZAG8X8[:6] == (0, 1, 8, 16, 9, 2) and tricodec.ZIGZAG8X8[-3:] == (55, 62, 63)


def test_chroma_qp_table_8_15():
    table = [29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39]
    assert [tricodec.chroma_qp(q) for q in range(30)] == list(range(30))
    assert [tricodec.chroma_qp(q) for q in range(30, 52)] == table
    assert tricodec.chroma_qp(45, 12) == 39 and tricodec.chroma_qp(3, -12) == 0


def test_batches_shapes_and_per_block_parameters():
    x = blocks(24, 4).reshape(2, 3, 4, 4, 4)
    flat = x.reshape(2, 3, 4, 16)
    assert tricodec.forward4x4(x).shape == x.shape
    assert np.array_equal(tricodec.forward4x4(flat), tricodec.forward4x4(x).reshape(flat.shape))
    c = tricodec.forward4x4(x)
    qp = RNG.integers(0, 52, (2, 3, 4))
    dz = RNG.integers(0, 1024, (2, 3, 4))
    got = tricodec.quant4x4(c, qp, dz)
    for idx in np.ndindex(2, 3, 4):
        assert np.array_equal(got[idx], tricodec.quant4x4(c[idx], int(qp[idx]), int(dz[idx])))
    # A per-row QP broadcasts over the last batch axis.
    row = tricodec.quant4x4(c, qp[:, :, :1], 512)
    assert np.array_equal(row[:, :, 2], tricodec.quant4x4(c[:, :, 2], qp[:, :, 0], 512))
    assert tricodec.forward4x4(np.zeros((4, 4), np.uint8)).dtype == np.int32
    assert tricodec.forward4x4(np.zeros((0, 16), np.int64)).shape == (0, 16)


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: tricodec.quant4x4(np.zeros((4, 4), int), 52), tricodec.ConfigError, "qp"),
        (lambda: tricodec.quant4x4(np.zeros((4, 4), int), -1), tricodec.ConfigError, "qp"),
        (
            lambda: tricodec.quant4x4(np.zeros((4, 4), int), 0, 1024),
            tricodec.ConfigError,
            "deadzone",
        ),
        (lambda: tricodec.dequant8x8(np.zeros((8, 8), int), 1.5), TypeError, "qp"),
        (lambda: tricodec.forward4x4(np.full((4, 4), 2**18)), tricodec.ConfigError, "outside"),
        (lambda: tricodec.forward8x8(np.full((8, 8), -(2**18))), tricodec.ConfigError, "outside"),
        (lambda: tricodec.forward4x4(np.zeros((4, 5), int)), ValueError, "expected shape"),
        (lambda: tricodec.forward4x4(np.zeros((4, 4), float)), TypeError, "integer"),
        (lambda: tricodec.inverse4x4(np.full((4, 4), 2**40)), ValueError, "int32"),
        (lambda: tricodec.quant4x4(np.zeros((3, 4, 4), int), [1, 2]), ValueError, "match"),
        (lambda: tricodec.chroma_qp(60), tricodec.ConfigError, "qp"),
        (
            lambda: tricodec._native.block_op("forward4x4", np.zeros((4, 8), np.int32)[:, ::2]),
            tricodec.ConfigError,
            "contiguous",
        ),
        (
            lambda: tricodec._native.block_op("forward4x4", np.zeros(15, np.int32)),
            tricodec.ConfigError,
            "whole number",
        ),
        (
            lambda: tricodec._native.block_op("quant4x4", np.zeros(16, np.int32)),
            tricodec.ConfigError,
            "qp is required",
        ),
        (
            lambda: tricodec._native.block_op("nope", np.zeros(16, np.int32)),
            tricodec.ConfigError,
            "unknown",
        ),
    ],
)
def test_stage_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize(
    "op, k, qp, lo, hi",
    [
        ("inverse4x4", 16, None, -(2**15), 2**15 - 1),
        ("inverse8x8", 64, None, -(2**15), 2**15 - 1),
        ("inverse_luma_dc", 16, None, -(2**15), 2**15 - 1),
        ("inverse_chroma_dc", 4, None, -(2**15), 2**15 - 1),
        ("dequant4x4", 16, 51, -(2**15), 2**15 - 1),
        ("dequant8x8", 64, 51, -(2**15), 2**15 - 1),
        ("dequant_luma_dc", 16, 51, -(2**19), 2**19 - 1),
        ("dequant_chroma_dc", 4, 51, -(2**17), 2**17 - 1),
        ("recon_residual4x4", 16, 51, -(2**15), 2**15 - 1),
        ("recon_residual8x8", 64, 51, -(2**15), 2**15 - 1),
    ],
)
def test_scaling_and_inverse_inputs_are_range_checked(op, k, qp, lo, hi):
    f = getattr(tricodec, op)
    args = () if qp is None else (qp,)
    # The ends of the range are taken and never wrap: the sign of the first
    # output follows the sign of a block holding one value at position 0.
    for v in (lo, hi):
        block = np.zeros((1, k), dtype=np.int32)
        block[0, 0] = v
        out = f(block, *args)
        assert out.shape == (1, k)
        assert np.sign(out[0, 0]) == np.sign(v), (op, v, out[0, 0])
    for v in (lo - 1, hi + 1, 1 << 30):
        block = np.zeros((1, k), dtype=np.int64)
        block[0, 3] = v
        with pytest.raises(tricodec.ConfigError, match=rf"value {v} at flat index 3 is outside"):
            f(block, *args)


def test_issue_10_dequant_of_huge_levels_raises_instead_of_wrapping():
    with pytest.raises(tricodec.ConfigError, match="outside -32768..=32767"):
        tricodec.dequant4x4(np.full((1, 16), 1 << 30), 51)


def test_quantisers_and_scans_take_any_int32():
    extreme = np.array([[2**31 - 1, -(2**31)] * 8], dtype=np.int32)
    q = tricodec.quant4x4(extreme, 0, 1023)
    assert q.tolist() == [[tricodec.LEVEL_MAX, -tricodec.LEVEL_MAX] * 8]
    assert np.array_equal(tricodec.unscan4x4(tricodec.scan4x4(extreme)), extreme)


# --- Alignment --------------------------------------------------------------------


def test_bfp_hand_values():
    x = np.array(
        [
            [1.0, 0.5, -0.25, 0.0],
            [1.99, -1.99, 0.0, 0.0],
            [1.0, 1 / 128, 3 / 128, 5 / 128],
            [0.0, 0.0, 0.0, 0.0],
        ],
        dtype=np.float32,
    )
    a = tricodec.align(x)
    # E = floor(log2 max|x|); q = rne(x / 2^(E - 6)), clamped to 127; sample 128 + q.
    assert a.exponents[:, 0].tolist() == [127, 127, 127, 0]
    assert a.samples.tolist() == [
        [192, 160, 112, 128],
        [255, 1, 128, 128],
        [192, 128, 130, 130],  # 0.5 -> 0, 1.5 -> 2, 2.5 -> 2: ties to even
        [128, 128, 128, 128],
    ]
    back = tricodec.dealign(a.samples, a)
    assert back[0].tolist() == [1.0, 0.5, -0.25, 0.0] and back.dtype == np.float32


def test_bfp_groups_and_formats():
    x = np.array([[1.0, 0.5, 4.0, 1.0, 0.125]], dtype=np.float16)
    a = tricodec.align(x, "bfp", 2)
    assert a.group == 2 and a.exponents.tolist() == [[127, 129, 124]]
    assert a.samples.tolist() == [[192, 160, 192, 144, 192]]
    import ml_dtypes

    b = tricodec.align(x.astype(ml_dtypes.bfloat16), "bfp", 2)
    assert np.array_equal(b.samples, a.samples)
    assert tricodec.dealign(b.samples, b, ml_dtypes.bfloat16).dtype.name == "bfloat16"


def test_bfp_error_bound_on_random_tensors():
    x = (RNG.standard_normal((16, 100)) * np.exp(RNG.normal(0, 3, (16, 1)))).astype(np.float32)
    a = tricodec.align(x, "bfp", 32)
    y = tricodec.dealign(a.samples, a).astype(np.float64)
    step = np.repeat(2.0 ** (a.exponents.astype(np.float64) - 127 - 6), 32, axis=1)[:, :100]
    # Half a step, or the clamp at 127 steps for the group maximum.
    err = np.abs(x - y)
    assert np.all((err <= step / 2) | (np.abs(x) >= 127 * step))


def test_affine_rows():
    x = (RNG.standard_normal((8, 50)) + RNG.normal(0, 5, (8, 1))).astype(np.float32)
    x[3] = 0
    a = tricodec.align(x, "affine")
    assert a.exponents is None and a.scales.dtype == np.float16 and a.zero_points.dtype == np.uint8
    assert float(a.scales[3]) == 0 and a.zero_points[3] == 128
    y = tricodec.dealign(a.samples, a.side_info).astype(np.float64)
    s = a.scales.astype(np.float64)[:, None]
    assert np.all(np.abs(x - y) <= s / 2 * (1 + 2**-20))


def test_align_errors():
    x = np.ones((2, 4), np.float32)
    x[1, 2] = np.inf
    with pytest.raises(tricodec.InvalidDataError, match=r"tensor w: element 6 \(row 1, col 2\)"):
        tricodec.align(x, name="w")
    with pytest.raises(tricodec.ConfigError):
        tricodec.align(np.ones((2, 4), np.float32), "bfp", 0)
    with pytest.raises(tricodec.ConfigError):
        tricodec.align(np.ones((2, 4), np.float32), "mx")
    a = tricodec.align(np.ones((2, 4), np.float32))
    with pytest.raises(tricodec.TricodecError):
        tricodec.dealign(a.samples[:1], a)
    with pytest.raises(tricodec.InvalidDataError):
        tricodec.dealign(a.samples, b"\x01\x07garbage")
    with pytest.raises(TypeError):
        tricodec.dealign(a.samples.astype(np.int16), a)
    with pytest.raises(TypeError):
        tricodec.dealign(a.samples, a, np.int32)
