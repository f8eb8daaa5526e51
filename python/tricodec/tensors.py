"""Tensors: one float array to a one-tensor ``.tcz`` in memory and back, and whole
safetensors models to ``.tcz`` files and back."""

from __future__ import annotations

import math
import os
from decimal import Decimal, InvalidOperation
from typing import Dict, List, NamedTuple, Optional, Tuple, Union

import numpy as np

from . import _native
from ._dtypes import ArrayLike, _float_bits, _numpy_dtype
from ._native import ConfigError

Bits = Union[float, int, str, Decimal]


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
    scale_per: str = "auto",
    slices: int = 1,
    name: str = "tensor",
) -> bytes:
    """Compress a float array to about `bits` bits per value.

    Args:
        array: float32, float16 or bfloat16 (ml_dtypes) array of any shape with at
            least one element; its last axis is the row, widened with the axes
            before it to at least 16 values, and a single row of 256 values or more
            is folded into a near-square matrix (docs/tensor-codec.md, "Mapping").
        bits: target bits per value, at most 3 decimals (``2.5``, ``"2.5"``). Every
            byte of the result counts: container, side information, streams.
        align: float alignment: ``"bfp"`` (one shared exponent per row, the
            default), ``"bfpN"`` (one per group of N elements of a row, e.g.
            ``"bfp32"`` as MXINT8), or ``"affine"`` (FP16 scale and zero point per row).
        scale_per: what shares one alignment scale: ``"row"`` (as `align` says),
            ``"tensor"`` (one exponent, or one affine scale, for the whole array), or
            ``"auto"`` (both coded, the version with less error kept;
            docs/tensor-codec.md, "Alignment scope").
        slices: H.264 slices per tile picture (hardware lanes).
        name: tensor name stored in the container.

    Returns:
        A one-tensor ``.tcz`` file as bytes; :func:`decompress` restores the array
        (lossy) with its dtype and shape.

    Raises:
        TypeError: not a float32 / float16 / bfloat16 array.
        ConfigError: empty array, bad `align`, `scale_per`, `bits` or `slices` (a
            ``"bfpN"`` group with ``scale_per="tensor"``), or a `bits` the
            tensor cannot reach with its container and side information (the message
            gives the least it reaches).
        InvalidDataError: the array holds Inf or NaN (the message names the first).
    """
    flat, code, shape = _float_bits(array, "compress")
    mode, group = _split_align(align)
    return _native.compress(
        flat,
        code,
        list(shape),
        _positive_millibits(bits),
        mode,
        group,
        str(scale_per),
        int(slices),
        str(name),
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
        TypeError: `data` is a path (``str`` or ``os.PathLike``): read a file with
            :func:`load_file`.
        InvalidDataError: corrupt or truncated data.
        KeyError: no tensor named `name`.
        ConfigError: several tensors and no `name`.
    """
    _, dtype, shape, raw = _native.decompress(_tcz_bytes(data, "decompress"), name)
    return _to_array(dtype, shape, raw)


def contents(data: bytes) -> List[Tuple[str, str, Tuple[int, ...]]]:
    """(name, safetensors dtype name, shape) of every tensor in ``.tcz`` bytes."""
    return [(n, d, tuple(s)) for n, d, s in _native.contents(_tcz_bytes(data, "contents"))]


def _tcz_bytes(data: bytes, what: str) -> bytes:
    """`data` as bytes; a path is a TypeError that says which function reads files."""
    if isinstance(data, (str, os.PathLike)):
        raise TypeError(
            f"{what} takes the bytes of a .tcz file, not a path ({data!r}): "
            "use tricodec.load_file(path) for a file"
        )
    try:
        return bytes(memoryview(data))
    except TypeError:
        raise TypeError(
            f"{what} takes the bytes of a .tcz file (bytes, bytearray, memoryview), "
            f"not {type(data).__name__}"
        ) from None


class TensorReport(NamedTuple):
    """One tensor of a compressed model."""

    #: Tensor name.
    name: str
    #: Number of values.
    values: int
    #: Bytes of its container record.
    bytes: int
    #: Base QP in 1/8 units, or None for a tensor stored raw.
    base_qp8: Optional[int]
    #: Why the tensor is stored raw (not F32/F16/BF16, rank < 2, no values, or its raw
    #: record is smaller than the coded one), or None for a coded tensor.
    raw_reason: Optional[str] = None


def compress_file(
    src: Union[str, os.PathLike],
    dst: Union[str, os.PathLike],
    bits: Bits,
    align: str = "bfp",
    *,
    alloc: str = "uniform",
    linear_k: Bits = 0,
    scale_per: str = "auto",
    slices: int = 1,
) -> List[TensorReport]:
    """Compress the safetensors file `src` into the ``.tcz`` file `dst`.

    Float tensors of rank >= 2 go through the codec, everything else is stored
    raw (lossless). `bits` is the target over the whole model, every byte of
    `dst` counted. `alloc` shares it between tensors: ``"uniform"`` (same bits per
    value), ``"linear"`` (layer-linear, `linear_k` bits per value per layer) or
    ``"rd"`` (equal rate-distortion slope). `align`, `scale_per` and `slices` as
    in :func:`compress`.

    `dst` is written as the command line writes it: a regular file is replaced
    only when everything succeeded (a temporary file beside it is renamed over
    it), so a failure leaves the old file; a FIFO or device is written as a
    stream and never removed.

    Returns:
        One :class:`TensorReport` per tensor, in file order.

    Raises:
        OSError: `src` cannot be read or `dst` written; the subclass of the errno
            (``FileNotFoundError``, ``PermissionError``, ...) with ``errno``,
            ``strerror`` and ``filename`` set.
        InvalidDataError: `src` is not a safetensors file, or holds Inf / NaN
            (``filename`` is `src`).
        ConfigError: `dst` is `src` (also through a link), bad `bits`, `align`,
            `alloc`, `slices`, or `linear_k` other than 0 without ``alloc="linear"``.
    """
    mode, group = _split_align(align)
    k = _millibits(linear_k, "linear_k")
    if k != 0 and alloc != "linear":
        raise ConfigError(f'linear_k applies to alloc="linear" only, not alloc={alloc!r}')
    reports = _native.compress_file(
        os.fspath(src),
        os.fspath(dst),
        _positive_millibits(bits),
        mode,
        group,
        str(scale_per),
        int(slices),
        alloc,
        k,
    )
    return [TensorReport(*r) for r in reports]


def decompress_file(src: Union[str, os.PathLike], dst: Union[str, os.PathLike]) -> None:
    """Restore the safetensors file `dst` (names, dtypes, shapes, metadata) from the
    ``.tcz`` file `src`. `dst` is written and errors are raised as in
    :func:`compress_file` (``InvalidDataError`` for a corrupt or truncated `src`)."""
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
