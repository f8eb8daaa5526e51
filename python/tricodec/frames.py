"""Frames: 8-bit planes (4:0:0 or 4:2:0) to an H.264 Annex B stream and back."""

from __future__ import annotations

from typing import NamedTuple, Optional

import numpy as np

from . import _native
from ._dtypes import ArrayLike
from .stages import DEADZONE_INTRA


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
            to 16384x16384 for 4:0:0 (padded to whole macroblocks inside); an even
            width and height for 4:2:0 (H.264 crops 4:2:0 in steps of 2 samples).
        u, v: uint8 chroma planes for 4:2:0, (frames, height/2, width/2); both None
            for 4:0:0 (monochrome).
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

    Raises:
        ConfigError: a bad setting, or an odd width or height with 4:2:0.
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
