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

from ._native import ConfigError, InvalidDataError, TricodecError, UnsupportedError
from .frames import Frames, decode_frames, encode_frames
from .stages import (
    DEADZONE_INTRA,
    DEADZONE_MAX,
    DEADZONE_TENSOR,
    FORWARD_MAX,
    LEVEL_MAX,
    ZIGZAG4X4,
    ZIGZAG8X8,
    Aligned,
    align,
    chroma_qp,
    dealign,
    dequant4x4,
    dequant8x8,
    dequant_chroma_dc,
    dequant_luma_dc,
    forward4x4,
    forward8x8,
    forward_chroma_dc,
    forward_luma_dc,
    inverse4x4,
    inverse8x8,
    inverse_chroma_dc,
    inverse_luma_dc,
    quant4x4,
    quant8x8,
    quant_chroma_dc,
    quant_luma_dc,
    recon_residual4x4,
    recon_residual8x8,
    scan4x4,
    scan8x8,
    unscan4x4,
    unscan8x8,
)
from .tensors import (
    TensorReport,
    compress,
    compress_file,
    contents,
    decompress,
    decompress_file,
    load_file,
)

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
