"""tricodec: tensors and 8-bit frames through a bit-exact H.264 intra codec.

Bindings of the golden model (the Rust crate ``tricodec-golden``), in three
groups:

* **Tensors** (ML users): :func:`compress` / :func:`decompress` code one
  float array (float32, float16, bfloat16) at a target number of bits per
  value into a one-tensor ``.tcz`` container held in ``bytes``;
  :func:`compress_file` / :func:`decompress_file` / :func:`load_file` do the
  same for whole safetensors models.
* **Frames**: :func:`encode_frames` / :func:`decode_frames` code 8-bit planes
  (4:0:0, or 4:2:0) into an H.264 Annex B stream and back.
* **Stages** (verification engineers): the golden model's stages as a
  reference model on numpy arrays: :func:`align` / :func:`dealign`, the
  forward and inverse transforms, quantisation and scaling, scans. Every
  function takes a batch of blocks and returns exactly what the golden model
  (and so the RTL) computes for each.

Errors are Python exceptions: :class:`ConfigError` (bad argument),
:class:`InvalidDataError` (corrupt input), :class:`UnsupportedError`, all
subclasses of :class:`TricodecError` (itself a ``ValueError``); argument
types are checked with ``TypeError``, file access raises ``OSError``.
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union

import numpy as np

from . import _native
from ._native import ConfigError, InvalidDataError, TricodecError, UnsupportedError

__all__ = [
    "TricodecError",
    "ConfigError",
    "InvalidDataError",
    "UnsupportedError",
    "compress",
    "decompress",
    "contents",
    "compress_file",
    "decompress_file",
    "load_file",
    "TensorReport",
    "encode_frames",
    "decode_frames",
    "Frames",
    "Aligned",
    "align",
    "dealign",
    "forward4x4",
    "inverse4x4",
    "forward8x8",
    "inverse8x8",
    "forward_luma_dc",
    "inverse_luma_dc",
    "forward_chroma_dc",
    "inverse_chroma_dc",
    "quant4x4",
    "quant8x8",
    "quant_luma_dc",
    "quant_chroma_dc",
    "dequant4x4",
    "dequant8x8",
    "dequant_luma_dc",
    "dequant_chroma_dc",
    "recon_residual4x4",
    "recon_residual8x8",
    "scan4x4",
    "unscan4x4",
    "scan8x8",
    "unscan8x8",
    "chroma_qp",
    "DEADZONE_INTRA",
    "DEADZONE_TENSOR",
    "DEADZONE_MAX",
    "FORWARD_MAX",
    "LEVEL_MAX",
    "ZIGZAG4X4",
    "ZIGZAG8X8",
]

__version__ = "0.1.0"

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

ArrayLike = Any
Bits = Union[float, int, str, Decimal]

# ---------------------------------------------------------------------------
# dtypes
# ---------------------------------------------------------------------------


def _ml_dtype(name: str) -> Optional[np.dtype]:
    """The ml_dtypes dtype `name` (bfloat16, float8_...), or None without ml_dtypes."""
    try:
        import ml_dtypes
    except ImportError:
        return None
    return np.dtype(getattr(ml_dtypes, name))


# safetensors dtype name -> numpy dtype (little-endian, as stored).
_NUMPY_DTYPES = {
    "BOOL": np.dtype("?"),
    "U8": np.dtype("u1"),
    "I8": np.dtype("i1"),
    "I16": np.dtype("<i2"),
    "U16": np.dtype("<u2"),
    "F16": np.dtype("<f2"),
    "I32": np.dtype("<i4"),
    "U32": np.dtype("<u4"),
    "F32": np.dtype("<f4"),
    "I64": np.dtype("<i8"),
    "U64": np.dtype("<u8"),
    "F64": np.dtype("<f8"),
}
# Dtypes numpy lacks: (ml_dtypes name, numpy dtype of the raw bits without it).
_ML_DTYPES = {
    "BF16": ("bfloat16", np.dtype("<u2")),
    "F8_E5M2": ("float8_e5m2", np.dtype("u1")),
    "F8_E4M3": ("float8_e4m3fn", np.dtype("u1")),
}


def _numpy_dtype(name: str) -> np.dtype:
    """The numpy dtype of a safetensors dtype name; without ml_dtypes, BF16 and F8 come
    back as their raw bit patterns (uint16 / uint8) with a warning."""
    if name in _NUMPY_DTYPES:
        return _NUMPY_DTYPES[name]
    ml_name, raw = _ML_DTYPES[name]
    dt = _ml_dtype(ml_name)
    if dt is None:
        warnings.warn(
            f"{name} values returned as raw {raw} bit patterns: install ml_dtypes "
            f"for a {ml_name} array",
            stacklevel=4,
        )
        return raw
    return dt


def _float_bits(array: ArrayLike, what: str) -> Tuple[np.ndarray, str, Tuple[int, ...]]:
    """(bit patterns as a flat C-contiguous uint32/uint16 array, dtype name, shape) of a
    float32 / float16 / bfloat16 array."""
    a = np.asarray(array)
    dt = a.dtype
    if dt.kind == "f" and dt.itemsize == 4:
        code, bits = "F32", np.dtype("<u4")
    elif dt.kind == "f" and dt.itemsize == 2:
        code, bits = "F16", np.dtype("<u2")
    elif dt.name == "bfloat16" and dt.itemsize == 2:
        code, bits = "BF16", np.dtype("<u2")
    else:
        hint = " (convert with .astype(np.float32))" if dt.kind in "fiu" else ""
        raise TypeError(f"{what} takes float32, float16 or bfloat16 arrays, not {dt}{hint}")
    shape = tuple(int(d) for d in a.shape)
    if dt.byteorder == ">":
        a = a.astype(dt.newbyteorder("<"))
    flat = np.ascontiguousarray(a).reshape(-1).view(bits)
    return flat, code, shape


def _float_view(bits: np.ndarray, code: str) -> np.ndarray:
    """Bit patterns (uint32 / uint16) viewed as the float dtype `code`, no copy."""
    return bits.view(_numpy_dtype(code))


# ---------------------------------------------------------------------------
# Tensors
# ---------------------------------------------------------------------------


def _millibits(bits: Bits, what: str = "bits") -> int:
    """Bits per value as an exact integer number of thousandths (the decimal text of a
    float: 2.5 -> 2500; 0.1 -> 100); more than 3 decimals is a ValueError."""
    if isinstance(bits, bool):
        raise TypeError(f"{what} must be a number, not bool")
    if isinstance(bits, (int, np.integer)):
        d = Decimal(int(bits))
    elif isinstance(bits, (float, np.floating)):
        if not math.isfinite(bits):
            raise ValueError(f"{what} must be finite, got {bits}")
        d = Decimal(repr(float(bits)))
    elif isinstance(bits, (str, Decimal)):
        try:
            d = Decimal(bits)
        except InvalidOperation:
            raise ValueError(f"{what}={bits!r} is not a decimal number") from None
        if not d.is_finite():
            raise ValueError(f"{what} must be finite, got {bits!r}")
    else:
        raise TypeError(f"{what} must be a number or a decimal string, not {type(bits).__name__}")
    m = d * 1000
    if m != m.to_integral_value():
        raise ValueError(f"{what}={bits!r} has more than 3 decimals")
    return int(m)


def _positive_millibits(bits: Bits) -> int:
    m = _millibits(bits)
    if not 0 < m < 2**32:
        raise ValueError(f"bits per value must be in (0, 4294967.295], got {bits!r}")
    return m


def _split_align(align: str) -> Tuple[str, Optional[int]]:
    """'bfp' -> one exponent per row; 'bfp32' -> groups of 32; 'affine'."""
    if not isinstance(align, str):
        raise TypeError(f"align must be a str, not {type(align).__name__}")
    if align.startswith("bfp") and align[3:].isdigit():
        return "bfp", int(align[3:])
    return align, None


def compress(
    array: ArrayLike,
    bits: Bits,
    align: str = "bfp",
    *,
    slices: int = 1,
    name: str = "tensor",
) -> bytes:
    """Compress a float array to about `bits` bits per value.

    Args:
        array: float32, float16 or bfloat16 (ml_dtypes) array of any shape with at
            least one element; its last axis is the row (the codec sees a
            ``prod(shape[:-1]) x shape[-1]`` matrix).
        bits: target bits per value, at most 3 decimals (``2.5``, ``"2.5"``). Every
            byte of the result counts: container, side information, streams.
        align: float alignment: ``"bfp"`` (one shared exponent per row, the
            default), ``"bfpN"`` (one per group of N elements of a row, e.g.
            ``"bfp32"`` as MXINT8), or ``"affine"`` (FP16 scale and zero point per row).
        slices: H.264 slices per tile picture (hardware lanes).
        name: tensor name stored in the container.

    Returns:
        A one-tensor ``.tcz`` file as bytes; :func:`decompress` restores the array
        (lossy) with its dtype and shape.

    Raises:
        TypeError: not a float32 / float16 / bfloat16 array.
        ConfigError: empty array, bad `align`, `bits` or `slices`.
        InvalidDataError: the array holds Inf or NaN (the message names the first).
    """
    flat, code, shape = _float_bits(array, "compress")
    mode, group = _split_align(align)
    return _native.compress(
        flat, code, list(shape), _positive_millibits(bits), mode, group, int(slices), str(name)
    )


def _to_array(dtype: str, shape: List[int], raw: np.ndarray) -> np.ndarray:
    return raw.view(_numpy_dtype(dtype)).reshape(shape)


def decompress(data: bytes, name: Optional[str] = None) -> np.ndarray:
    """Decode the array held in `data` (the output of :func:`compress`, or any
    ``.tcz`` file's bytes with `name` naming one of its tensors).

    Returns:
        The array with the original dtype and shape (bfloat16 needs ml_dtypes;
        without it bfloat16 tensors come back as uint16 bit patterns, with a warning).

    Raises:
        InvalidDataError: corrupt or truncated data.
        KeyError: no tensor named `name`.
        ConfigError: several tensors and no `name`.
    """
    _, dtype, shape, raw = _native.decompress(bytes(data), name)
    return _to_array(dtype, shape, raw)


def contents(data: bytes) -> List[Tuple[str, str, Tuple[int, ...]]]:
    """(name, safetensors dtype name, shape) of every tensor in ``.tcz`` bytes."""
    return [(n, d, tuple(s)) for n, d, s in _native.contents(bytes(data))]


class TensorReport(NamedTuple):
    """One tensor of a compressed model."""

    #: Tensor name.
    name: str
    #: Number of values.
    values: int
    #: Bytes of its container record.
    bytes: int
    #: Base QP in 1/8 units, or None for a tensor stored raw (not a float of rank >= 2).
    base_qp8: Optional[int]


def compress_file(
    src: Union[str, os.PathLike],
    dst: Union[str, os.PathLike],
    bits: Bits,
    align: str = "bfp",
    *,
    alloc: str = "uniform",
    linear_k: Bits = 0,
    slices: int = 1,
) -> List[TensorReport]:
    """Compress the safetensors file `src` into the ``.tcz`` file `dst`.

    Float tensors of rank >= 2 go through the codec, everything else is stored
    raw (lossless). `bits` is the target over the whole model, every byte of
    `dst` counted. `alloc` shares it between tensors: ``"uniform"`` (same bits per
    value), ``"linear"`` (layer-linear, `linear_k` bits per value per layer) or
    ``"rd"`` (equal rate-distortion slope). `align` and `slices` as in
    :func:`compress`.

    Returns:
        One :class:`TensorReport` per tensor, in file order.
    """
    mode, group = _split_align(align)
    reports = _native.compress_file(
        os.fspath(src),
        os.fspath(dst),
        _positive_millibits(bits),
        mode,
        group,
        int(slices),
        alloc,
        _millibits(linear_k, "linear_k"),
    )
    return [TensorReport(*r) for r in reports]


def decompress_file(src: Union[str, os.PathLike], dst: Union[str, os.PathLike]) -> None:
    """Restore the safetensors file `dst` (names, dtypes, shapes, metadata) from the
    ``.tcz`` file `src`."""
    _native.decompress_file(os.fspath(src), os.fspath(dst))


def load_file(src: Union[str, os.PathLike]) -> Dict[str, np.ndarray]:
    """Every tensor of the ``.tcz`` file `src` as a numpy array, by name, in file order
    (the container's metadata is in the returned dict's ``metadata`` attribute)."""
    metadata, tensors = _native.load_file(os.fspath(src))
    out = _TensorDict((n, _to_array(d, s, raw)) for n, d, s, raw in tensors)
    out.metadata = dict(metadata)
    return out


class _TensorDict(dict):
    """A dict of arrays with the file's metadata attached."""

    metadata: Dict[str, str]


# ---------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------


class Frames(NamedTuple):
    """Decoded 8-bit planes: y (frames, height, width); u and v (frames,
    ceil(height/2), ceil(width/2)) for 4:2:0, None for 4:0:0."""

    y: np.ndarray
    u: Optional[np.ndarray]
    v: Optional[np.ndarray]


def _planes(a: Optional[ArrayLike], what: str) -> Optional[np.ndarray]:
    if a is None:
        return None
    p = np.asarray(a)
    if p.dtype != np.uint8:
        raise TypeError(f"{what}: 8-bit planes must be uint8, not {p.dtype}")
    if p.ndim == 2:
        p = p[np.newaxis]
    if p.ndim != 3:
        raise ValueError(
            f"{what}: expected (height, width) or (frames, height, width), got {p.shape}"
        )
    return np.ascontiguousarray(p)


def encode_frames(
    y: ArrayLike,
    u: Optional[ArrayLike] = None,
    v: Optional[ArrayLike] = None,
    *,
    qp: int = 26,
    slices: int = 1,
    transform_8x8: bool = True,
    deblock: bool = False,
    profile: str = "full",
    deadzone: int = DEADZONE_INTRA,
    mb_qp: Optional[ArrayLike] = None,
) -> bytes:
    """Encode 8-bit frames into one H.264 Annex B stream (High profile, CABAC,
    intra only, every frame an IDR picture).

    Args:
        y: uint8 luma, (height, width) or (frames, height, width); any size from 1x1
            to 16384x16384 (padded to whole macroblocks inside).
        u, v: uint8 chroma planes for 4:2:0, (frames, ceil(height/2), ceil(width/2));
            both None for 4:0:0 (monochrome).
        qp: QP of every macroblock (0..51) unless `mb_qp` is given.
        slices: slices per picture.
        transform_8x8: allow Intra8x8 (transform_8x8_mode_flag).
        deblock: run the deblocking filter.
        profile: intra tools the encoder may choose: ``"full"`` or ``"i16x16"``.
        deadzone: quantiser rounding offset in 1/1024 of a step (0..1023).
        mb_qp: optional QP per macroblock in raster order (same for every frame).

    Returns:
        The stream; ffmpeg and :func:`decode_frames` decode it to the encoder's
        reconstruction.
    """
    yp = _planes(y, "y")
    up, vp = _planes(u, "u"), _planes(v, "v")
    if up is not None and yp.shape[0] != up.shape[0]:
        raise ValueError(f"y has {yp.shape[0]} frames, u has {up.shape[0]}")
    qps = None
    if mb_qp is not None:
        qps = [int(q) for q in np.asarray(mb_qp).reshape(-1)]
    return _native.encode_frames(
        yp,
        up,
        vp,
        int(qp),
        int(slices),
        bool(transform_8x8),
        bool(deblock),
        profile,
        int(deadzone),
        qps,
    )


def decode_frames(stream: bytes) -> Frames:
    """Decode an H.264 Annex B stream (ours, or x264's intra-only 8-bit High profile
    CABAC streams) into its frames."""
    return Frames(*_native.decode_frames(bytes(stream)))


# ---------------------------------------------------------------------------
# Stages: float alignment
# ---------------------------------------------------------------------------


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
# Stages: transforms, quantisation, scans
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
