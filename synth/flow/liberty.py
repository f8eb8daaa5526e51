"""The ASAP7 liberty files: finding, unpacking and merging them per corner, and their cells."""

from __future__ import annotations

import gzip
import lzma
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .common import BUILD, COMB_KINDS, FlowError, ROOT, SEQ_KIND, YOSYS, run


@dataclass
class Corner:
    """The prepared liberty files of one corner."""

    name: str
    comb: Path
    seq: Path
    voltage: float
    temperature: float
    sources: list[str] = field(default_factory=list)  # the library files it came from

    @property
    def label(self) -> str:
        return f"RVT {self.name} ({self.voltage:g} V, {self.temperature:g} C)"


@dataclass
class CellInfo:
    area: float
    outputs: list[str]
    sequential: bool


def shared_lib_dir(root: Path = ROOT) -> Path | None:
    """asap7/lib of the shared folder, looked for where scripts/bootstrap.sh
    looks: $TRICODEC_SHARED, ../shared next to the repository, and ../shared
    next to the main checkout when this is a git worktree; None if absent."""
    candidates = [os.environ.get("TRICODEC_SHARED", ""), str(root / ".." / "shared")]
    common = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--path-format=absolute", "--git-common-dir"],
        capture_output=True, text=True,
    )
    if common.returncode == 0 and common.stdout.strip():
        candidates.append(str(Path(common.stdout.strip()).parent / ".." / "shared"))
    for shared in candidates:
        if shared and (Path(shared) / "asap7" / "lib").is_dir():
            return (Path(shared) / "asap7" / "lib").resolve()
    return None


def default_lib_dir(root: Path = ROOT) -> Path:
    """The shared folder's asap7/lib when it exists, else the copy vendored in
    the repository (asap7/lib: what a fresh clone, e.g. CI, uses)."""
    return shared_lib_dir(root) or root / "asap7" / "lib"


# Compressions the flow unpacks (Python standard library); plain .lib is copied.
OPENERS = {".gz": gzip.open, ".xz": lzma.open}


def find_lib(lib_dir: Path, kind: str, corner: str) -> Path:
    pattern = f"asap7sc7p5t_{kind}_RVT_{corner}_nldm_*.lib*"
    found = sorted(p for p in lib_dir.glob(pattern) if p.suffix in (*OPENERS, ".lib"))
    if not found:
        raise FlowError(f"no {pattern} in ASAP7_LIB_DIR={lib_dir} (see asap7/README.md)")
    return found[-1]


def unpacked(src: Path, dest_dir: Path) -> Path:
    """Unpacks `src` (.lib.gz, .lib.xz or .lib) into dest_dir (neither Yosys
    nor OpenSTA reads compressed files); again only when the source changed
    (a stamp file records which file, size and mtime it came from)."""
    dest = dest_dir / src.name.removesuffix(src.suffix if src.suffix in OPENERS else "")
    stamp = dest.with_name(dest.name + ".src")
    st = src.stat()
    origin = f"{src.resolve()} {st.st_size} {st.st_mtime_ns}\n"
    if dest.exists() and stamp.exists() and stamp.read_text() == origin:
        return dest
    tmp = dest.with_name(dest.name + ".tmp")
    if src.suffix in OPENERS:
        with OPENERS[src.suffix](src, "rb") as fin, open(tmp, "wb") as fout:
            shutil.copyfileobj(fin, fout)
    else:
        shutil.copyfile(src, tmp)
    tmp.replace(dest)
    stamp.write_text(origin)
    return dest


def split_library(text: str) -> tuple[str, str]:
    """(header up to the first cell group, the cell groups) of a liberty file."""
    start = text.index("\n  cell (")
    end = text.rstrip().rindex("}")
    return text[: start + 1], text[start + 1 : end]


def merge_liberty(parts: list[Path], dest: Path, name: str) -> None:
    """One library of all cells; the header (units, templates) of the first.

    The ASAP7 files of one corner share units and table templates, so the
    cell groups can be concatenated under one header.
    """
    header, body = split_library(parts[0].read_text())
    header = re.sub(r"library \(\S+\)", f"library ({name})", header, count=1)
    bodies = [body] + [split_library(p.read_text())[1] for p in parts[1:]]
    dest.write_text(header + "".join(bodies) + "}\n")


def lib_attr(text: str, attr: str) -> float:
    match = re.search(rf"^\s*{attr}\s*:\s*([-0-9.eE]+)\s*;", text, re.M)
    if not match:
        raise FlowError(f"liberty attribute {attr} not found")
    return float(match.group(1))


def prepare_corner(lib_dir: Path, corner: str) -> Corner:
    out = BUILD / "lib" / corner
    out.mkdir(parents=True, exist_ok=True)
    comb_src = [find_lib(lib_dir, k, corner) for k in COMB_KINDS]
    seq_src = find_lib(lib_dir, SEQ_KIND, corner)
    comb_parts = [unpacked(p, out) for p in comb_src]
    seq = unpacked(seq_src, out)
    comb = out / f"asap7_comb_RVT_{corner}.lib"
    if not comb.exists() or any(p.stat().st_mtime > comb.stat().st_mtime for p in comb_parts):
        merge_liberty(comb_parts, comb, f"asap7_comb_RVT_{corner}")
    head = seq.read_text()[:20000]
    return Corner(corner, comb, seq, lib_attr(head, "nom_voltage"),
                  lib_attr(head, "nom_temperature"), [p.name for p in [*comb_src, seq_src]])


def read_cells(libs: list[Path]) -> dict[str, CellInfo]:
    """Area, output pins and flop-ness of each cell (ASAP7 layout assumed)."""
    cells: dict[str, CellInfo] = {}
    for lib in libs:
        _, body = split_library(lib.read_text())
        for chunk in body.split("\n  cell ("):
            match = re.match(r"\s*(?:cell \()?([A-Za-z0-9_]+)\)", chunk)
            if not match:
                continue
            area = re.search(r"^\s*area\s*:\s*([0-9.eE+-]+)", chunk, re.M)
            outputs = re.findall(
                r"\n    pin \((\w+)\) \{(?:(?!\n    \}).)*?direction : output;", chunk, re.S)
            cells[match.group(1)] = CellInfo(
                float(area.group(1)) if area else 0.0,
                outputs,
                re.search(r"\n    (ff|latch) \(", chunk) is not None,
            )
    return cells


def cell_models(tt: Corner) -> Path:
    """Verilog models of every cell, from the liberty functions, for iverilog."""
    dest = BUILD / "lib" / "cells_sim.v"
    if dest.exists() and dest.stat().st_mtime >= tt.comb.stat().st_mtime:
        return dest
    script = BUILD / "lib" / "cells_sim.ys"
    script.write_text(
        f"read_liberty -ignore_miss_func {tt.comb}\n"
        f"read_liberty -ignore_miss_func {tt.seq}\n"
        f"write_verilog -noattr {dest}\n"
    )
    run([YOSYS, "-q", "-s", str(script)], BUILD / "lib" / "cells_sim.log")
    return dest
