"""8-bit frames through encode_frames / decode_frames, checked against ffmpeg's
decoder where it is installed."""

import shutil
import subprocess

import numpy as np
import pytest
import tricodec

RNG = np.random.default_rng(99)


def smooth_frames(n, h, w):
    """Natural-ish content: gradients plus a little noise."""
    y, x = np.mgrid[0:h, 0:w]
    frames = [
        np.clip(
            128 + 60 * np.sin(x / 7 + k) + 40 * np.cos(y / 5) + RNG.normal(0, 4, (h, w)), 0, 255
        )
        for k in range(n)
    ]
    return np.array(frames).astype(np.uint8)


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 10 * np.log10(255**2 / mse) if mse else np.inf


def test_monochrome_round_trip():
    y = smooth_frames(3, 20, 33)
    stream = tricodec.encode_frames(y, qp=12)
    # Annex B start code, then the SPS (nal_ref_idc 3, type 7) of High profile (100).
    assert stream[:6] == b"\x00\x00\x00\x01\x67\x64"
    out = tricodec.decode_frames(stream)
    assert out.u is None and out.v is None
    assert out.y.shape == y.shape and out.y.dtype == np.uint8
    assert psnr(y, out.y) > 40
    assert tricodec.encode_frames(y, qp=12) == stream
    # A single (h, w) frame is one frame.
    assert tricodec.decode_frames(tricodec.encode_frames(y[0], qp=12)).y.shape == (1, 20, 33)


def test_420_round_trip_and_rate():
    y = smooth_frames(2, 32, 48)
    u = smooth_frames(2, 16, 24)
    v = 255 - smooth_frames(2, 16, 24)
    fine = tricodec.encode_frames(y, u, v, qp=10, slices=2, deblock=True)
    coarse = tricodec.encode_frames(y, u, v, qp=40, profile="i16x16", transform_8x8=False)
    assert len(coarse) < len(fine)
    out = tricodec.decode_frames(fine)
    assert out.y.shape == y.shape and out.u.shape == u.shape and out.v.shape == v.shape
    assert min(psnr(y, out.y), psnr(u, out.u), psnr(v, out.v)) > 40


def test_per_macroblock_qp():
    y = smooth_frames(1, 32, 32)
    flat = tricodec.encode_frames(y, qp=20)
    mixed = tricodec.encode_frames(y, qp=20, mb_qp=[20, 45, 45, 20])
    assert mixed != flat
    d = tricodec.decode_frames(mixed).y[0]
    assert psnr(y[0, :16, :16], d[:16, :16]) > psnr(y[0, :16, 16:], d[:16, 16:])


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
def test_ffmpeg_decodes_to_the_same_frames(tmp_path):
    """ffmpeg decodes natively to yuv420p (flat 128 chroma for a 4:0:0 stream; asking
    for -pix_fmt gray would convert the range): its planes equal decode_frames'."""
    n, h, w = 2, 24, 40
    y = smooth_frames(n, h, w)
    u, v = smooth_frames(n, h // 2, w // 2), smooth_frames(n, h // 2, w // 2)
    for planes in [(y,), (y, u, v)]:
        stream = tricodec.encode_frames(*planes, qp=26)
        path = tmp_path / f"{len(planes)}.h264"
        path.write_bytes(stream)
        raw = subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-i",
                str(path),
                "-f",
                "rawvideo",
                "-pix_fmt",
                "yuv420p",
                "-",
            ],
            check=True,
            capture_output=True,
        ).stdout
        frames = np.frombuffer(raw, np.uint8).reshape(n, -1)
        ours = tricodec.decode_frames(stream)
        assert np.array_equal(frames[:, : h * w].reshape(n, h, w), ours.y)
        chroma = frames[:, h * w :].reshape(n, 2, h // 2, w // 2)
        if ours.u is None:
            assert np.all(chroma == 128)
        else:
            assert np.array_equal(chroma[:, 0], ours.u) and np.array_equal(chroma[:, 1], ours.v)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(y=np.zeros((16, 16), np.float32)), TypeError, "uint8"),
        (dict(y=np.zeros((16, 16), np.uint8), qp=52), tricodec.ConfigError, "qp"),
        (
            dict(y=np.zeros((16, 16), np.uint8), u=np.zeros((8, 8), np.uint8)),
            tricodec.ConfigError,
            "both",
        ),
        (
            dict(
                y=np.zeros((16, 16), np.uint8),
                u=np.zeros((8, 9), np.uint8),
                v=np.zeros((8, 9), np.uint8),
            ),
            tricodec.ConfigError,
            "needs shape",
        ),
        (dict(y=np.zeros((0, 16), np.uint8)), tricodec.ConfigError, "size"),
        (dict(y=np.zeros((16, 16), np.uint8), profile="fast"), tricodec.ConfigError, "profile"),
        (dict(y=np.zeros((16, 16), np.uint8), deadzone=1024), tricodec.ConfigError, "deadzone"),
        (dict(y=np.zeros((16, 16), np.uint8), slices=2), tricodec.ConfigError, "slices"),
        (dict(y=np.zeros((16, 16), np.uint8), mb_qp=[1, 2]), tricodec.ConfigError, "mb_qp"),
        (dict(y=np.zeros((2, 2, 2, 2), np.uint8)), ValueError, "frames, height, width"),
    ],
)
def test_encode_errors(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        tricodec.encode_frames(**kwargs)


def test_decode_errors_never_crash():
    with pytest.raises(tricodec.InvalidDataError):
        tricodec.decode_frames(b"")
    stream = tricodec.encode_frames(smooth_frames(1, 32, 32), qp=20)
    with pytest.raises(tricodec.TricodecError):
        tricodec.decode_frames(stream[: len(stream) // 2])
    for _ in range(100):
        b = bytearray(stream)
        for i in RNG.integers(4, len(b), 4):
            b[i] = int(RNG.integers(0, 256))
        try:
            tricodec.decode_frames(bytes(b))
        except tricodec.TricodecError:
            pass
