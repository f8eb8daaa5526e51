"""The Python package as a user meets it (issue 10): files never destroyed,
exceptions with the CLI's message, filename and errno, kept or refused budgets,
range-checked stages, corrupt .tcz files."""

import errno
import json
import os
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import tricodec

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "tests" / "data" / "stories260K.safetensors"

DTYPES = {np.dtype("<f4"): "F32", np.dtype("<i4"): "I32", np.dtype("<f8"): "F64"}


def write_safetensors(path, tensors):
    """A safetensors file of (name, array) pairs, in order."""
    header, blobs, off = {}, [], 0
    for name, a in tensors:
        b = np.ascontiguousarray(a).tobytes()
        header[name] = {
            "dtype": DTYPES[a.dtype],
            "shape": list(a.shape),
            "data_offsets": [off, off + len(b)],
        }
        blobs.append(b)
        off += len(b)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def weights(shape, seed=1):
    return (np.random.default_rng(seed).standard_normal(shape) * 0.02).astype(np.float32)


def sqnr_db(x, y):
    x, y = x.astype(np.float64), y.astype(np.float64)
    return 10 * np.log10((x**2).sum() / ((x - y) ** 2).sum())


def leftovers(folder, keep):
    return sorted(n for n in os.listdir(folder) if n not in keep)


def test_fifo_output_is_streamed_and_kept(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got = {}
    reader = threading.Thread(target=lambda: got.setdefault("b", fifo.read_bytes()))
    reader.start()
    tricodec.compress_file(STORIES, fifo, bits=3)
    reader.join()
    ref = tmp_path / "ref.tcz"
    tricodec.compress_file(STORIES, ref, bits=3)
    assert got["b"] == ref.read_bytes()
    assert fifo.is_fifo()


def test_failed_run_keeps_the_existing_file(tmp_path):
    x = weights((64, 64))
    x[1, 36] = np.nan
    nan = tmp_path / "nan.safetensors"
    write_safetensors(nan, [("w", x)])
    old = tmp_path / "old.tcz"
    old.write_bytes(b"precious\n")
    with pytest.raises(tricodec.InvalidDataError, match=r"nan.safetensors: tensor w: element 100 \(row 1, col 36\) is NaN") as e:
        tricodec.compress_file(nan, old, bits=2)
    assert e.value.filename == str(nan)
    assert old.read_bytes() == b"precious\n"
    assert leftovers(tmp_path, {"nan.safetensors", "old.tcz"}) == []


def test_input_never_becomes_its_own_output(tmp_path):
    m = tmp_path / "m.safetensors"
    m.write_bytes(STORIES.read_bytes())
    link = tmp_path / "link.safetensors"
    link.symlink_to(m)
    for dst in (m, link):
        with pytest.raises(tricodec.ConfigError, match="it is the input") as e:
            tricodec.compress_file(m, dst, bits=2)
        assert e.value.filename == str(dst)
    assert m.read_bytes() == STORIES.read_bytes()


def test_os_errors_carry_errno_and_filename(tmp_path):
    missing = tmp_path / "missing.safetensors"
    for call in (
        lambda: tricodec.compress_file(missing, tmp_path / "o.tcz", 2),
        lambda: tricodec.decompress_file(missing, tmp_path / "o.safetensors"),
        lambda: tricodec.load_file(missing),
    ):
        with pytest.raises(FileNotFoundError) as e:
            call()
        assert e.value.errno == errno.ENOENT and e.value.filename == str(missing)
        assert e.value.strerror == "No such file or directory"
    with pytest.raises(IsADirectoryError) as e:
        tricodec.compress_file(tmp_path, tmp_path / "o.tcz", 2)
    assert e.value.filename == str(tmp_path)
    with pytest.raises(FileNotFoundError) as e:
        tricodec.compress_file(STORIES, tmp_path / "no" / "such" / "o.tcz", 2)
    assert e.value.filename == str(tmp_path / "no" / "such" / "o.tcz")


def test_messages_say_what_was_expected(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Some notes, not a model at all.\n" * 10)
    with pytest.raises(tricodec.InvalidDataError) as e:
        tricodec.compress_file(text, tmp_path / "o.tcz", 2)
    assert str(e.value).startswith(f"{text} is not a safetensors file (")
    assert "bad argument" not in str(e.value) and e.value.filename == str(text)
    with pytest.raises(TypeError, match=r"not a path .*tricodec.load_file\(path\)"):
        tricodec.decompress(str(tmp_path / "x.tcz"))
    with pytest.raises(TypeError, match="not a path"):
        tricodec.decompress(tmp_path / "x.tcz")
    with pytest.raises(TypeError, match="not int"):
        tricodec.contents(5)


def test_stage_functions_refuse_values_outside_their_range():
    with pytest.raises(tricodec.ConfigError, match="dequant4x4: value 1073741824 at flat index 0"):
        tricodec.dequant4x4(np.full((1, 16), 1 << 30), 51)
    with pytest.raises(tricodec.ConfigError, match="inverse8x8"):
        tricodec.inverse8x8(np.full((1, 64), 1 << 15))
    with pytest.raises(tricodec.ConfigError, match="qp"):
        tricodec.dequant4x4(np.zeros((1, 16), int), 52)


def test_odd_420_sizes_are_refused_with_the_reason():
    y = np.zeros((47, 65), np.uint8)
    u = np.zeros((24, 33), np.uint8)
    with pytest.raises(tricodec.ConfigError, match="4:2:0 needs an even width and height, not 65x47"):
        tricodec.encode_frames(y, u, u.copy())
    # The same planes as 4:0:0 pictures code at any size.
    assert tricodec.decode_frames(tricodec.encode_frames(y)).y.shape == (1, 47, 65)


@pytest.mark.parametrize(
    "shape, min_db",
    [((64, 32, 3, 3), 9.0), ((5000, 1), 5.0), ((10_000,), 7.0), ((100, 100), 7.0)],
)
def test_awkward_shapes_meet_the_budget_with_real_quality(shape, min_db):
    # Measured at 2.5 bits/value: conv 11.5 dB, column 7.0, vector 8.8, square 9.0.
    x = weights(shape, seed=3)
    blob = tricodec.compress(x, 2.5)
    assert len(blob) * 8 <= 2.5 * x.size
    assert sqnr_db(x, tricodec.decompress(blob)) > min_db


def test_an_unreachable_budget_is_refused_with_the_least_rate():
    x = weights((8, 8))
    with pytest.raises(tricodec.ConfigError, match=r"2.500 bits/value cannot be met: .* least it reaches is (\d+\.\d+)") as e:
        tricodec.compress(x, 2.5)
    least = str(e.value).rsplit("least it reaches is ", 1)[1].split(" ")[0]
    blob = tricodec.compress(x, least)
    assert len(blob) * 8 <= float(least) * x.size


def test_raw_tensors_do_not_starve_the_coded_ones(tmp_path):
    ints = np.arange(64 * 64, dtype=np.int32).reshape(64, 64) * 7919 % 2001 - 1000
    for other in (ints, weights((64, 64), 9).astype(np.float64)):
        src, dst = tmp_path / "m.safetensors", tmp_path / "m.tcz"
        w = weights((64, 64), 4)
        write_safetensors(src, [("a", other), ("b.w", w)])
        reports = tricodec.compress_file(src, dst, bits=2.5)
        assert reports[0].raw_reason.startswith("not F32/F16/BF16")
        assert reports[1].raw_reason is None
        assert reports[1].bytes * 8 <= 2.5 * w.size
        back = tricodec.load_file(dst)
        assert np.array_equal(back["a"], other)
        assert sqnr_db(w, back["b.w"]) > 8


def test_empty_tensors_are_stored_as_they_are(tmp_path):
    src, dst = tmp_path / "m.safetensors", tmp_path / "m.tcz"
    write_safetensors(src, [("e", np.zeros((0, 64), np.float32)), ("w", weights((64, 64)))])
    reports = tricodec.compress_file(src, dst, bits=2.5)
    assert reports[0].raw_reason == "no values"
    assert tricodec.load_file(dst)["e"].shape == (0, 64)


def test_corrupt_tcz_files_raise_naming_the_file(tmp_path):
    tcz = tmp_path / "m.tcz"
    tricodec.compress_file(STORIES, tcz, bits=2)
    good = tcz.read_bytes()
    bad, out = tmp_path / "bad.tcz", tmp_path / "out.safetensors"
    out.write_bytes(b"precious\n")
    for at in (5, 40, len(good) // 2, len(good) - 3):
        flipped = bytearray(good)
        flipped[at] ^= 0x04
        bad.write_bytes(bytes(flipped))
        for call in (lambda: tricodec.load_file(bad), lambda: tricodec.decompress_file(bad, out)):
            # InvalidDataError, or UnsupportedError for a flipped version field.
            with pytest.raises(tricodec.TricodecError) as e:
                call()
            assert e.value.filename == str(bad) and str(bad) in str(e.value)
    for n in (0, 30, len(good) // 2, len(good) - 1):
        bad.write_bytes(good[:n])
        with pytest.raises(tricodec.InvalidDataError, match=str(bad)):
            tricodec.decompress_file(bad, out)
    assert out.read_bytes() == b"precious\n"


def test_ctrl_c_leaves_the_old_file_or_a_complete_new_one(tmp_path):
    dst = tmp_path / "old.tcz"
    dst.write_bytes(b"precious\n")
    code = f"import tricodec; tricodec.compress_file({str(STORIES)!r}, {str(dst)!r}, bits=2.5, alloc='rd')"
    child = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    start = time.monotonic()
    while not any(n.endswith(".tmp") for n in os.listdir(tmp_path)):
        assert child.poll() is None, "ended before its temporary output appeared"
        assert time.monotonic() - start < 60
        time.sleep(0.002)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    if child.returncode == 0:
        # The signal landed after the call returned, as the interpreter was finishing (the
        # temporary output exists only while the file is written, so the window is short):
        # the run completed, and said nothing.
        assert err == b""
    else:
        assert b"KeyboardInterrupt" in err
    assert leftovers(tmp_path, {"old.tcz"}) == []
    data = dst.read_bytes()
    # Python takes the signal when the call returns: the output is complete.
    assert data == b"precious\n" or len(tricodec.contents(data)) == 47
