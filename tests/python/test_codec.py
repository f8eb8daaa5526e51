"""Tensor codec bindings: round trips, dtype and shape restoration, rate, files,
error paths."""

import json
import struct
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest
import tricodec

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "tests" / "data" / "stories260K.safetensors"
BF16 = np.dtype(ml_dtypes.bfloat16)


def weights(shape, seed=1, scale=0.02):
    rng = np.random.default_rng(seed)
    rows = np.prod(shape[:-1], dtype=int) if len(shape) > 1 else 1
    # Rows of different scales, as in real weight matrices.
    row_scale = np.exp(rng.normal(0, 0.5, rows)).reshape(
        shape[:-1] + (1,) if len(shape) > 1 else ()
    )
    return (rng.standard_normal(shape) * scale * row_scale).astype(np.float32)


def sqnr_db(x, y):
    x = x.astype(np.float64)
    return 10 * np.log10((x**2).sum() / ((x - y.astype(np.float64)) ** 2).sum())


@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16])
@pytest.mark.parametrize(
    "shape, bits", [((64, 96), 4), ((3, 40, 48), 4), ((257,), 16), ((5, 1, 7), 200)]
)
def test_round_trip_restores_dtype_and_shape(dtype, shape, bits):
    # Small tensors need more bits: the container and side information are counted.
    x = weights(shape).astype(dtype)
    data = tricodec.compress(x, bits=bits)
    y = tricodec.decompress(data)
    assert y.dtype == x.dtype and y.shape == x.shape
    assert sqnr_db(x, y) > 12


def test_scalar_array_round_trips():
    x = np.array(0.75, dtype=np.float32)
    # One value cannot pay for the container at 64 bits: refused, with the least rate.
    with pytest.raises(tricodec.ConfigError, match=r"64.000 bits/value cannot be met.*least it reaches is (\d+)"):
        tricodec.compress(x, bits=64)
    y = tricodec.decompress(tricodec.compress(x, bits=1560))
    assert y.shape == () and y.dtype == np.float32
    # One 8-bit sample (step 2^-7 here), H.264 at QP 0: within a few steps.
    assert abs(float(y) - 0.75) <= 4 / 128


def test_rate_is_met_and_quality_grows_with_bits():
    x = weights((128, 256))
    errors = []
    for bits in [1.5, 3, 6]:
        data = tricodec.compress(x, bits=bits)
        # Every byte of the container counts toward the target.
        assert len(data) <= int(np.ceil(bits * x.size / 8)), (bits, len(data))
        assert len(data) >= 0.7 * bits * x.size / 8, "budget far from used"
        errors.append(sqnr_db(x, tricodec.decompress(data)))
    assert errors[0] < errors[1] < errors[2]
    assert errors[2] > 30


@pytest.mark.parametrize("align, bits", [("bfp", 5), ("bfp32", 5), ("bfp1", 14), ("affine", 5)])
def test_alignment_modes_round_trip(align, bits):
    # bfp1 stores one exponent byte per value: 8 bits of side information.
    x = weights((48, 80))
    y = tricodec.decompress(tricodec.compress(x, bits, align))
    assert sqnr_db(x, y) > 20


def test_bits_as_decimal_text_is_exact():
    x = weights((32, 64))
    a = tricodec.compress(x, 2.5)
    assert tricodec.compress(x, "2.5") == a
    assert tricodec.compress(x, 2.500) == a
    # A fourth decimal is refused, not rounded; 2.501 has its own budget, kept.
    with pytest.raises(ValueError, match="more than 3 decimals"):
        tricodec.compress(x, "2.5001")
    assert len(tricodec.compress(x, 2.501)) <= -(-2501 * x.size // 8000)


def test_deterministic():
    x = weights((40, 72))
    assert tricodec.compress(x, 3) == tricodec.compress(x.copy(), 3)


def test_non_contiguous_and_big_endian_inputs():
    x = weights((64, 48))
    ref = tricodec.compress(np.ascontiguousarray(x.T), 4)
    assert tricodec.compress(x.T, 4) == ref
    assert tricodec.compress(x.T.astype(">f4"), 4) == ref
    assert tricodec.decompress(ref).shape == (48, 64)


def test_contents_and_names():
    x = weights((16, 32)).astype(np.float16)
    data = tricodec.compress(x, 4, name="layer.7.w")
    assert tricodec.contents(data) == [("layer.7.w", "F16", (16, 32))]
    assert tricodec.decompress(data, name="layer.7.w").dtype == np.float16
    with pytest.raises(KeyError, match="no tensor named"):
        tricodec.decompress(data, name="other")
    assert tricodec.decompress(bytearray(data)).shape == (16, 32)
    assert tricodec.decompress(memoryview(data)).shape == (16, 32)


@pytest.mark.parametrize(
    "array, exc, match",
    [
        (np.zeros((4, 4), dtype=np.int32), TypeError, "float32, float16 or bfloat16"),
        (np.zeros((4, 4), dtype=np.float64), TypeError, "astype"),
        (np.zeros((0, 4), dtype=np.float32), tricodec.ConfigError, "no elements"),
        ("text", TypeError, "not <U4"),
    ],
)
def test_compress_rejects_bad_arrays(array, exc, match):
    with pytest.raises(exc, match=match):
        tricodec.compress(array, 4)


def test_compress_names_the_first_non_finite_value():
    x = weights((8, 16))
    x[2, 5] = np.nan
    x[3, 1] = np.inf
    with pytest.raises(tricodec.InvalidDataError, match=r"element 37 \(row 2, col 5\) is NaN"):
        tricodec.compress(x, 4, name="w")


@pytest.mark.parametrize(
    "bits, exc",
    [
        (0, ValueError),
        (-1, ValueError),
        (2.0001, ValueError),
        ("x", ValueError),
        (float("nan"), ValueError),
        (True, TypeError),
        (None, TypeError),
        (5e6, ValueError),
    ],
)
def test_compress_rejects_bad_bits(bits, exc):
    with pytest.raises(exc):
        tricodec.compress(weights((8, 8)), bits)


@pytest.mark.parametrize("align", ["bfp0", "mx", "affine7", 3])
def test_compress_rejects_bad_alignment(align):
    with pytest.raises((tricodec.ConfigError, TypeError)):
        tricodec.compress(weights((8, 8)), 4, align)


def test_scale_per_picks_the_alignment_scale():
    # Rows of very different scales plus one outlier row: the three settings
    # give three different files, "auto" one of the other two (the better).
    rng = np.random.default_rng(3)
    a = (rng.standard_normal((64, 64)) * np.linspace(0.1, 2.0, 64)[:, None]).astype(np.float32)
    out = {s: tricodec.compress(a, 2.5, scale_per=s) for s in ["row", "tensor", "auto"]}
    assert out["row"] != out["tensor"]
    assert out["auto"] in (out["row"], out["tensor"])

    def err(data):
        return float(np.sum((tricodec.decompress(data).astype(np.float64) - a) ** 2))

    assert err(out["auto"]) == min(err(out["row"]), err(out["tensor"]))
    with pytest.raises(tricodec.ConfigError, match="scale_per"):
        tricodec.compress(a, 2.5, scale_per="column")
    with pytest.raises(tricodec.ConfigError, match="group size applies"):
        tricodec.compress(a, 2.5, "bfp32", scale_per="tensor")


def test_compress_rejects_bad_slices():
    with pytest.raises(tricodec.ConfigError, match="slices"):
        tricodec.compress(weights((8, 8)), 4, slices=0)


def test_corrupt_data_is_an_exception_never_a_crash():
    data = tricodec.compress(weights((32, 64)), 4)
    for cut in [0, 1, 8, len(data) // 2, len(data) - 1]:
        with pytest.raises(tricodec.InvalidDataError):
            tricodec.decompress(data[:cut])
    rng = np.random.default_rng(7)
    for _ in range(200):
        b = bytearray(data)
        for i in rng.integers(0, len(b), 3):
            b[i] ^= 1 << int(rng.integers(0, 8))
        if bytes(b) == data:
            continue
        with pytest.raises(tricodec.TricodecError):
            tricodec.decompress(bytes(b))
    with pytest.raises(tricodec.InvalidDataError):
        tricodec.decompress(bytes(rng.integers(0, 256, 500, dtype=np.uint8)))


def read_safetensors(path):
    """{name: (dtype, shape, raw bytes)} and metadata of a safetensors file."""
    b = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", b[:8])
    header = json.loads(b[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, t in header.items():
        s, e = t["data_offsets"]
        out[name] = (t["dtype"], t["shape"], b[8 + n + s : 8 + n + e])
    return out, meta


def test_model_files_round_trip(tmp_path):
    tcz, st = tmp_path / "m.tcz", tmp_path / "m.safetensors"
    reports = tricodec.compress_file(STORIES, tcz, bits=4)
    orig, meta = read_safetensors(STORIES)
    assert [r.name for r in reports] == list(orig)
    assert sum(r.values for r in reports) == sum(int(np.prod(s)) for _, s, _ in orig.values())
    # --bits counts the coded tensors: the file less the raw records (the norms).
    raw = [r for r in reports if r.raw_reason is not None]
    assert [r.name for r in raw] == [n for n, (_, s, _) in orig.items() if len(s) < 2]
    assert all(r.raw_reason.startswith("rank < 2") for r in raw)
    coded_values = sum(r.values for r in reports if r.raw_reason is None)
    assert (tcz.stat().st_size - sum(r.bytes for r in raw)) * 8 <= 4 * coded_values
    tricodec.decompress_file(tcz, st)
    back, back_meta = read_safetensors(st)
    assert back_meta == meta and list(back) == list(orig)
    loaded = tricodec.load_file(tcz)
    assert loaded.metadata == meta
    for name, (dtype, shape, raw) in orig.items():
        bdtype, bshape, braw = back[name]
        assert (bdtype, bshape) == (dtype, shape)
        arr = loaded[name]
        assert arr.shape == tuple(shape) and arr.tobytes() == braw
        report = next(r for r in reports if r.name == name)
        if len(shape) < 2:
            assert report.base_qp8 is None and braw == raw  # stored raw, lossless
        else:
            x = np.frombuffer(raw, "<f4")
            assert report.base_qp8 is not None and sqnr_db(x, arr.reshape(-1)) > 8


@pytest.mark.parametrize("alloc", ["linear", "rd"])
def test_model_allocations(tmp_path, alloc):
    tcz = tmp_path / "m.tcz"
    k = {"linear": 0.1}.get(alloc, 0)
    reports = tricodec.compress_file(STORIES, tcz, bits=3, alloc=alloc, linear_k=k)
    raw_bytes = sum(r.bytes for r in reports if r.raw_reason is not None)
    coded_values = sum(r.values for r in reports if r.raw_reason is None)
    assert (tcz.stat().st_size - raw_bytes) * 8 <= 3 * coded_values
    assert len(tricodec.load_file(tcz)) == 47


def test_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        tricodec.compress_file(tmp_path / "missing.safetensors", tmp_path / "o.tcz", 4)
    with pytest.raises(FileNotFoundError):
        tricodec.decompress_file(tmp_path / "missing.tcz", tmp_path / "o.safetensors")
    with pytest.raises(FileNotFoundError):
        tricodec.load_file(tmp_path / "missing.tcz")
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json}      ")
    with pytest.raises(tricodec.InvalidDataError):
        tricodec.compress_file(bad, tmp_path / "o.tcz", 4)
    with pytest.raises(tricodec.ConfigError, match="alloc"):
        tricodec.compress_file(STORIES, tmp_path / "o.tcz", 4, alloc="greedy")
    with pytest.raises(tricodec.ConfigError, match='linear_k applies to alloc="linear" only'):
        tricodec.compress_file(STORIES, tmp_path / "o.tcz", 4, alloc="rd", linear_k=0.1)
    tcz = tmp_path / "m.tcz"
    tcz.write_bytes(tricodec.compress(weights((8, 8)), 40)[:-3])
    with pytest.raises(tricodec.InvalidDataError):
        tricodec.load_file(tcz)
    with pytest.raises(tricodec.InvalidDataError):
        tricodec.decompress_file(tcz, tmp_path / "o.safetensors")


def test_errors_are_value_errors():
    for e in [tricodec.ConfigError, tricodec.InvalidDataError, tricodec.UnsupportedError]:
        assert issubclass(e, tricodec.TricodecError) and issubclass(e, ValueError)
