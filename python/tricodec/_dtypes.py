"""dtypes: safetensors names <-> numpy dtypes, and float arrays as bit patterns."""

from __future__ import annotations

import warnings
from typing import Any, Optional, Tuple

import numpy as np

#: Anything numpy.asarray takes.
ArrayLike = Any


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
