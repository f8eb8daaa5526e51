"""Stages: the golden model's stages on numpy arrays (float alignment, transforms,
quantisation and scaling, scans), each exactly what the golden model and the RTL
compute."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional, Tuple, Union

import numpy as np

from . import _native
from ._dtypes import ArrayLike, _float_bits
from ._native import ConfigError

#: Quantiser rounding offset of intra video (341/1024, about 1/3 of a step).
DEADZONE_INTRA = 341
#: Rounding offset the tensor codec uses (450/1024).
DEADZONE_TENSOR = 450
#: Largest dead zone (1023/1024 of a step; 10 bits in the RTL).
DEADZONE_MAX: int = _native.DEADZONE_MAX
#: Largest input magnitude of the forward transforms (2**18 - 1).
FORWARD_MAX: int = _native.FORWARD_MAX
#: Largest level magnitude the quantisers emit (32767).
LEVEL_MAX: int = _native.LEVEL_MAX
#: Zig-zag scan of a 4x4 block: coded position -> raster index.
ZIGZAG4X4: Tuple[int, ...] = tuple(_native.ZIGZAG4X4)
#: Zig-zag scan of an 8x8 block (frame coding): coded position -> raster index.
ZIGZAG8X8: Tuple[int, ...] = tuple(_native.ZIGZAG8X8)


@dataclass(frozen=True)
class Aligned:
    """A tensor aligned to 8-bit samples (the codec's luma) with its side information."""

    #: uint8 samples, (rows, cols).
    samples: np.ndarray
    #: ``"bfp"`` or ``"affine"``.
    mode: str
    #: BFP group size (None: one group per row; always None for affine).
    group: Optional[int]
    #: BFP: E8M0 code of each group, uint8 (rows, groups per row); the shared exponent
    #: is ``code - 127``. None for affine.
    exponents: Optional[np.ndarray]
    #: Affine: FP16 scale of each row as float16 (rows,). None for BFP.
    scales: Optional[np.ndarray]
    #: Affine: zero point (the sample standing for 0.0) of each row, uint8 (rows,).
    zero_points: Optional[np.ndarray]
    #: The side information as the codec stores it (input of :func:`dealign`).
    side_info: bytes


def _matrix(shape: Tuple[int, ...]) -> Tuple[int, int]:
    """(rows, cols) of a tensor: the last axis is the row."""
    cols = shape[-1] if shape else 1
    rows = math.prod(shape[:-1]) if shape else 1
    return rows, cols


def align(
    array: ArrayLike, mode: str = "bfp", group: Optional[int] = None, *, name: str = "tensor"
) -> Aligned:
    """Align a float tensor to 8-bit samples: ``golden::align::align``.

    Args:
        array: float32, float16 or bfloat16 array; the last axis is the row.
        mode: ``"bfp"`` (block floating point: per group of `group` elements of a row
            one E8M0 exponent E = floor(log2 max|x|), samples ``128 + rne(x / 2^(E-6))``
            clamped to 1..255) or ``"affine"`` (per row an FP16 scale and a zero point).
        group: BFP group size (None: the whole row; 32 is OCP MXINT8).
        name: labels errors.

    Raises:
        InvalidDataError: Inf or NaN; the message names the first one in row-major
            order: ``tensor NAME: element I (row R, col C) is NaN (bits 0x...)``.
    """
    flat, code, shape = _float_bits(array, "align")
    rows, cols = _matrix(shape)
    samples, side, exps, scales, zps = _native.align_bits(
        str(name), flat, code, rows, cols, mode, None if group is None else int(group)
    )
    return Aligned(
        samples=samples,
        mode=mode,
        group=group if mode == "bfp" else None,
        exponents=exps,
        scales=None if scales is None else scales.view(np.float16),
        zero_points=zps,
        side_info=bytes(side),
    )


def dealign(
    samples: ArrayLike, side_info: Union[Aligned, bytes], dtype: Any = np.float32
) -> np.ndarray:
    """The inverse of :func:`align`: ``golden::align::dealign``.

    Each sample's exact value under the side information, rounded once to `dtype`
    (float32, float16 or bfloat16: nearest, ties to even, saturating). `samples`
    is a uint8 (rows, cols) array; `side_info` an :class:`Aligned` or its
    ``side_info`` bytes. Returns a (rows, cols) array of `dtype`.
    """
    side = side_info.side_info if isinstance(side_info, Aligned) else bytes(side_info)
    s = np.asarray(samples)
    if s.dtype != np.uint8:
        raise TypeError(f"dealign: samples must be uint8, not {s.dtype}")
    if s.ndim != 2:
        raise ValueError(f"dealign: samples must be (rows, cols), got shape {s.shape}")
    dt = np.dtype(dtype)
    if dt.kind == "f" and dt.itemsize == 4:
        code = "F32"
    elif dt.kind == "f" and dt.itemsize == 2:
        code = "F16"
    elif dt.name == "bfloat16":
        code = "BF16"
    else:
        raise TypeError(f"dealign: dtype must be float32, float16 or bfloat16, not {dt}")
    rows, cols = s.shape
    bits = _native.dealign_bits(np.ascontiguousarray(s), rows, cols, side, code)
    return bits.view(dt)


# ---------------------------------------------------------------------------
# Transforms, quantisation, scans
# ---------------------------------------------------------------------------

_I32 = (-(2**31), 2**31 - 1)


def _blocks(x: ArrayLike, k: int, what: str) -> Tuple[np.ndarray, Tuple[int, ...]]:
    """(x as C-contiguous int32, batch shape) for blocks of k elements given as
    (..., n, n) or (..., k)."""
    a = np.asarray(x)
    if a.dtype.kind not in "iu":
        raise TypeError(f"{what}: integer array expected, got {a.dtype}")
    n = math.isqrt(k)
    if a.ndim >= 1 and a.shape[-1] == k:
        batch = a.shape[:-1]
    elif a.ndim >= 2 and a.shape[-2:] == (n, n):
        batch = a.shape[:-2]
    else:
        raise ValueError(f"{what}: expected shape (..., {n}, {n}) or (..., {k}), got {a.shape}")
    if a.dtype != np.int32 and a.size and (a.min() < _I32[0] or a.max() > _I32[1]):
        raise ValueError(f"{what}: values must fit int32")
    return np.ascontiguousarray(a, dtype=np.int32), batch


def _per_block(v: ArrayLike, batch: Tuple[int, ...], what: str, lo: int, hi: int) -> np.ndarray:
    """A value per block (scalar or array broadcast to the batch shape), int32, flat."""
    a = np.asarray(v)
    if a.dtype.kind not in "iu":
        raise TypeError(f"{what}: integers expected, got {a.dtype}")
    try:
        a = np.broadcast_to(a, batch)
    except ValueError:
        raise ValueError(f"{what}: shape {a.shape} does not match the blocks' {batch}") from None
    if a.size and (a.min() < lo or a.max() > hi):
        raise ConfigError(f"{what}: values must be in {lo}..={hi}")
    return np.ascontiguousarray(a, dtype=np.int32).reshape(-1)


def _op(op: str, k: int, x: ArrayLike, qp: Any = None, deadzone: Any = None) -> np.ndarray:
    blocks, batch = _blocks(x, k, op)
    q = None if qp is None else _per_block(qp, batch, "qp", 0, 51)
    d = None if deadzone is None else _per_block(deadzone, batch, "deadzone", 0, DEADZONE_MAX)
    return _native.block_op(op, blocks, q, d)


_BLOCKS_DOC = """

    Blocks are raster order, row-major (index = row * N + col), given as an integer
    array of shape (..., N, N) or (..., N*N); the result is int32 of the same shape."""


def forward4x4(blocks: ArrayLike) -> np.ndarray:
    """Forward 4x4 core transform Y = Cf X Cf^T (no scaling): ``golden::transform::forward4x4``.
    Inputs within +-FORWARD_MAX."""
    return _op("forward4x4", 16, blocks)


def inverse4x4(blocks: ArrayLike) -> np.ndarray:
    """Inverse 4x4 transform, 8.5.12.2, including the final ``(x + 32) >> 6``
    (32-bit wrapping, as the golden model): ``golden::transform::inverse4x4``."""
    return _op("inverse4x4", 16, blocks)


def forward8x8(blocks: ArrayLike) -> np.ndarray:
    """Forward 8x8 transform with its one rounding ``(y + 32 - [y < 0]) >> 6``:
    ``golden::transform::forward8x8``. Inputs within +-FORWARD_MAX."""
    return _op("forward8x8", 64, blocks)


def inverse8x8(blocks: ArrayLike) -> np.ndarray:
    """Inverse 8x8 transform, 8.5.13.2: ``golden::transform::inverse8x8``."""
    return _op("inverse8x8", 64, blocks)


def forward_luma_dc(dcs: ArrayLike) -> np.ndarray:
    """Intra16x16 luma DC transform round(H c H / 2), ties away from zero, on the 4x4 grid
    of DC terms: ``golden::transform::forward_luma_dc``. Inputs within +-FORWARD_MAX."""
    return _op("forward_luma_dc", 16, dcs)


def inverse_luma_dc(dcs: ArrayLike) -> np.ndarray:
    """Inverse luma DC transform H c H, 8.5.10: ``golden::transform::inverse_luma_dc``."""
    return _op("inverse_luma_dc", 16, dcs)


def forward_chroma_dc(dcs: ArrayLike) -> np.ndarray:
    """4:2:0 chroma DC 2x2 Hadamard: ``golden::transform::forward_chroma_dc``.
    Inputs within +-FORWARD_MAX."""
    return _op("forward_chroma_dc", 4, dcs)


def inverse_chroma_dc(dcs: ArrayLike) -> np.ndarray:
    """Inverse chroma DC 2x2 Hadamard, 8.5.11.1: ``golden::transform::inverse_chroma_dc``."""
    return _op("inverse_chroma_dc", 4, dcs)


def quant4x4(coefs: ArrayLike, qp: Any, deadzone: Any = DEADZONE_INTRA) -> np.ndarray:
    """Quantise 4x4 coefficients: ``sign(c) * min(32767, (|c| * MF + f) >> (15 + qp // 6))``,
    ``f = deadzone << (5 + qp // 6)``: ``golden::quant::quant4x4``. `qp` (0..51) and
    `deadzone` (0..1023) are scalars or one value per block (broadcast to the batch)."""
    return _op("quant4x4", 16, coefs, qp, deadzone)


def quant8x8(coefs: ArrayLike, qp: Any, deadzone: Any = DEADZONE_INTRA) -> np.ndarray:
    """Quantise 8x8 coefficients (shift 16 + qp // 6): ``golden::quant::quant8x8``."""
    return _op("quant8x8", 64, coefs, qp, deadzone)


def quant_luma_dc(coefs: ArrayLike, qp: Any, deadzone: Any = DEADZONE_INTRA) -> np.ndarray:
    """Quantise the Intra16x16 luma DC set: ``golden::quant::quant_luma_dc``."""
    return _op("quant_luma_dc", 16, coefs, qp, deadzone)


def quant_chroma_dc(coefs: ArrayLike, qp: Any, deadzone: Any = DEADZONE_INTRA) -> np.ndarray:
    """Quantise a 4:2:0 chroma DC set (qp = QP'C): ``golden::quant::quant_chroma_dc``."""
    return _op("quant_chroma_dc", 4, coefs, qp, deadzone)


def dequant4x4(levels: ArrayLike, qp: Any) -> np.ndarray:
    """Scale 4x4 levels, 8.5.12.1 with flat weights: ``golden::quant::dequant4x4``."""
    return _op("dequant4x4", 16, levels, qp)


def dequant8x8(levels: ArrayLike, qp: Any) -> np.ndarray:
    """Scale 8x8 levels, 8.5.13.1 with flat weights: ``golden::quant::dequant8x8``."""
    return _op("dequant8x8", 64, levels, qp)


def dequant_luma_dc(dcs: ArrayLike, qp: Any) -> np.ndarray:
    """Scale the luma DC (after ``inverse_luma_dc``), 8.5.10: ``golden::quant::dequant_luma_dc``."""
    return _op("dequant_luma_dc", 16, dcs, qp)


def dequant_chroma_dc(dcs: ArrayLike, qp: Any) -> np.ndarray:
    """Scale the chroma DC (after ``inverse_chroma_dc``), 8.5.11.2:
    ``golden::quant::dequant_chroma_dc``."""
    return _op("dequant_chroma_dc", 4, dcs, qp)


def recon_residual4x4(levels: ArrayLike, qp: Any) -> np.ndarray:
    """Residual of 4x4 levels: ``inverse4x4(dequant4x4(levels, qp))``."""
    return _op("recon_residual4x4", 16, levels, qp)


def recon_residual8x8(levels: ArrayLike, qp: Any) -> np.ndarray:
    """Residual of 8x8 levels: ``inverse8x8(dequant8x8(levels, qp))``."""
    return _op("recon_residual8x8", 64, levels, qp)


def scan4x4(blocks: ArrayLike) -> np.ndarray:
    """Raster to zig-zag order (coded order of 4x4 levels)."""
    return _op("scan4x4", 16, blocks)


def unscan4x4(blocks: ArrayLike) -> np.ndarray:
    """Zig-zag to raster order (4x4)."""
    return _op("unscan4x4", 16, blocks)


def scan8x8(blocks: ArrayLike) -> np.ndarray:
    """Raster to zig-zag order (8x8, frame coding)."""
    return _op("scan8x8", 64, blocks)


def unscan8x8(blocks: ArrayLike) -> np.ndarray:
    """Zig-zag to raster order (8x8)."""
    return _op("unscan8x8", 64, blocks)


for _f in (
    forward4x4, inverse4x4, forward8x8, inverse8x8, forward_luma_dc, inverse_luma_dc,
    forward_chroma_dc, inverse_chroma_dc, quant4x4, quant8x8, quant_luma_dc, quant_chroma_dc,
    dequant4x4, dequant8x8, dequant_luma_dc, dequant_chroma_dc, recon_residual4x4,
    recon_residual8x8, scan4x4, unscan4x4, scan8x8, unscan8x8,
):  # fmt: skip
    _f.__doc__ = (_f.__doc__ or "") + _BLOCKS_DOC
del _f


def chroma_qp(qp_y: int, offset: int = 0) -> int:
    """QP'C from QP'Y (0..51) and chroma_qp_index_offset (-12..12), Table 8-15."""
    return _native.chroma_qp(int(qp_y), int(offset))
