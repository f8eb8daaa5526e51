"""Type stubs of the extension module ``tricodec._native`` (Rust, PyO3).

The public API is the package ``tricodec``, which converts arguments and
calls these functions; they re-check every value and raise rather than panic.
Arrays are numpy arrays; "bits" arrays hold float bit patterns (uint32 for
F32, uint16 for F16 / BF16), flat and C-contiguous.
"""

from typing import Dict, List, Optional, Tuple

import numpy as np
import numpy.typing as npt

class TricodecError(ValueError):
    """Base of every error the codec reports (a ValueError)."""

class ConfigError(TricodecError):
    """An impossible request: bad size, bad setting, out-of-range value."""

class InvalidDataError(TricodecError):
    """Corrupt or truncated input."""

class UnsupportedError(TricodecError):
    """Valid input that uses a feature the golden model does not implement."""

FORWARD_MAX: int
DEADZONE_MAX: int
LEVEL_MAX: int
ZIGZAG4X4: List[int]
ZIGZAG8X8: List[int]
BLOCK_OPS: List[str]
ALIGN_DTYPES: List[str]

_Bits = npt.NDArray[np.uint32] | npt.NDArray[np.uint16]
_Decoded = Tuple[str, str, List[int], npt.NDArray[np.uint8]]

def compress(
    bits: _Bits,
    dtype: str,
    shape: List[int],
    millibits: int,
    align: str,
    group: Optional[int],
    scale_per: str,
    slices: int,
    name: str,
) -> bytes: ...
def decompress(data: bytes, name: Optional[str] = None) -> _Decoded: ...
def contents(data: bytes) -> List[Tuple[str, str, List[int]]]: ...
def load_file(path: str) -> Tuple[Dict[str, str], List[_Decoded]]: ...
def compress_file(
    src: str,
    dst: str,
    millibits: int,
    align: str,
    group: Optional[int],
    scale_per: str,
    slices: int,
    alloc: str,
    linear_k_millibits: int,
) -> List[Tuple[str, int, int, Optional[int], Optional[str]]]: ...
def decompress_file(src: str, dst: str) -> None: ...
def encode_frames(
    y: npt.NDArray[np.uint8],
    u: Optional[npt.NDArray[np.uint8]],
    v: Optional[npt.NDArray[np.uint8]],
    qp: int,
    slices: int,
    transform_8x8: bool,
    deblock: bool,
    profile: str,
    deadzone: int,
    mb_qp: Optional[List[int]],
) -> bytes: ...
def decode_frames(
    stream: bytes,
) -> Tuple[
    npt.NDArray[np.uint8], Optional[npt.NDArray[np.uint8]], Optional[npt.NDArray[np.uint8]]
]: ...
def block_op(
    op: str,
    x: npt.NDArray[np.int32],
    qp: Optional[npt.NDArray[np.int32]] = None,
    dz: Optional[npt.NDArray[np.int32]] = None,
) -> npt.NDArray[np.int32]: ...
def align_bits(
    name: str,
    bits: _Bits,
    dtype: str,
    rows: int,
    cols: int,
    mode: str,
    group: Optional[int] = None,
) -> Tuple[
    npt.NDArray[np.uint8],
    bytes,
    Optional[npt.NDArray[np.uint8]],
    Optional[npt.NDArray[np.uint16]],
    Optional[npt.NDArray[np.uint8]],
]: ...
def dealign_bits(
    samples: npt.NDArray[np.uint8], rows: int, cols: int, side: bytes, dtype: str
) -> _Bits: ...
def chroma_qp(qp_y: int, offset: int) -> int: ...
