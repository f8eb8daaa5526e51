#!/usr/bin/env python3
"""`make synth`: ASAP7 synthesis, gate-level check, timing and power per block.

For each block of synth/blocks.toml:
  1. its `vectors` command writes golden-model test vectors (hex files);
  2. Yosys maps the RTL onto the ASAP7 RVT cells (TT liberty), ABC buffering
     and sizing for the target clock;
  3. iverilog streams every vector through the netlist (cell models written
     by Yosys from the liberty `function` and `ff` groups) with a testbench
     generated from the netlist's ports; every output must equal the golden
     one, or the flow fails. The streaming run's VCD gives each net's activity;
  4. OpenSTA times the netlist at each corner (TT headline, SS) and gives each
     cell's power, taken at its simulated output activity;
  5. synth/reports/summary.json and docs/results/synth.md collect the numbers.

Python 3.11 standard library only. Environment: ASAP7_LIB_DIR (default:
asap7/lib in the shared folder when there is one, found as
scripts/bootstrap.sh finds it: $TRICODEC_SHARED, else ../shared next to the
repository or next to the main checkout of a worktree; else the copy vendored
in the repository, asap7/lib), YOSYS, STA, IVERILOG, VVP. `--jobs N` runs N
blocks at a time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import math
import os
import re
import shutil
import subprocess
import sys
import time
import threading
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import filelist  # noqa: E402  (synth/filelist.py: the one rtl/files.f parser)

ROOT = Path(__file__).resolve().parent.parent
SYNTH = ROOT / "synth"
BUILD = SYNTH / "build"
REPORTS = SYNTH / "reports"
RESULTS_MD = ROOT / "docs" / "results" / "synth.md"
TRACKED_SUMMARY = REPORTS / "summary.json"  # also the block order of --jobs runs
CONFIG = SYNTH / "blocks.toml"

YOSYS = os.environ.get("YOSYS", "yosys")
STA = os.environ.get("STA", "sta")
IVERILOG = os.environ.get("IVERILOG", "iverilog")
VVP = os.environ.get("VVP", "vvp")

# Liberty files per corner: the combinational kinds are merged into one file
# for ABC (it takes a single liberty and needs the inverters and buffers of
# INVBUF next to the SIMPLE gates); flops come from SEQ.
COMB_KINDS = ("SIMPLE", "INVBUF", "AO", "OA")
SEQ_KIND = "SEQ"
CORNERS = ("TT", "SS")
HEADLINE_CORNER = "TT"

BUF_CELL = "BUFx2_ASAP7_75t_R"
TIEHI_CELL = "TIEHIx1_ASAP7_75t_R"
TIELO_CELL = "TIELOx1_ASAP7_75t_R"
# Input ports are driven by this cell, outputs see this load (fF): the block
# is assumed to sit between ordinary cells of the same library.
OUTPUT_LOAD_FF = 1.0
# Stated default when no simulated activity is available: transitions per
# clock period on every non-clock net.
DEFAULT_ACTIVITY = 0.1
LINK_GBPS = 100.0


class FlowError(Exception):
    """A step of the flow failed; the message says which and why."""


def say(msg: str) -> None:
    print(f"synth: {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], log: Path, cwd: Path = ROOT) -> str:
    """Runs a tool, keeps its output in `log`, raises FlowError on failure."""
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    log.write_text(f"$ {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
        raise FlowError(f"{cmd[0]} failed (exit {proc.returncode}), see {log}:\n{tail}")
    return proc.stdout


# --------------------------------------------------------------------------
# Configuration


@dataclass
class Block:
    """One entry of blocks.toml, defaults applied."""

    name: str
    top: str
    sources: list[str]
    samples_per_cycle: float
    bits_per_sample: int
    vectors: list[str]
    inputs: dict[str, str]  # data input port -> vector file stem
    outputs: dict[str, str]  # data output port -> vector file stem
    clock_port: str
    reset_port: str  # active low, synchronous
    handshake: dict[str, str]  # valid_in, ready_in, valid_out, ready_out -> port
    user_ports: list[str]  # [in, out]: a sideband the testbench numbers and checks
    clock_ps: float
    abc_margin_ps: float
    rtl_sim: bool
    selftest: bool
    activity_source: str
    parameters: dict[str, int] = field(default_factory=dict)
    filelist: str = ""  # a file of RTL paths (relative to it), read before `sources`
    unchecked_outputs: list[str] = field(default_factory=list)  # outputs without vectors
    stall_vectors: int = 0  # vectors of the run with stalls (0: all)
    include_dirs: list[str] = field(default_factory=list)
    defines: list[str] = field(default_factory=list)

    @property
    def dir(self) -> Path:
        return BUILD / self.name


def load_config(path: Path) -> list[Block]:
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise FlowError(f"{path}: {err}") from None
    defaults = data.get("defaults", {})
    blocks = []
    names = set()
    for raw in data.get("block", []):
        entry = {**defaults, **raw}
        entry.setdefault("activity_source", "the block's vectors")
        entry.setdefault("sources", [])
        try:
            block = Block(**entry)
        except TypeError as err:
            raise FlowError(f"{path}: block {raw.get('name', '?')}: {err}") from None
        if block.filelist:
            flist = ROOT / block.filelist
            if not flist.exists():
                raise FlowError(f"{path}: block {block.name}: no file list {flist}")
            try:
                listed = filelist.read(flist)
            except filelist.FileListError as err:
                raise FlowError(f"{path}: block {block.name}: {err}") from None
            block.sources = [str(f.relative_to(ROOT.resolve())) for f in listed] + block.sources
        if block.name in names:
            raise FlowError(f"{path}: block {block.name} listed twice")
        names.add(block.name)
        blocks.append(block)
    return blocks


# --------------------------------------------------------------------------
# Liberty files


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


# --------------------------------------------------------------------------
# Synthesis


@dataclass
class Netlist:
    path: Path  # for OpenSTA and the gate-level simulation
    cells: dict[str, int]  # cell type -> count
    area_um2: float
    flops: int
    instances: dict[str, tuple[str, str | None]]  # name -> (type, output net)
    src: dict[str, str]  # instance -> RTL source location (Yosys src attribute)


def synthesize(block: Block, tt: Corner, lib_cells: dict[str, CellInfo]) -> Netlist:
    d = block.dir
    constr = d / "abc.constr"
    constr.write_text(f"set_driving_cell {BUF_CELL}\nset_load {OUTPUT_LOAD_FF}\n")
    net = d / "netlist.v"
    net_attr = d / "netlist_attr.v"
    reads = " ".join(block.sources)
    incs = " ".join(f"-I{i}" for i in block.include_dirs)
    defs = " ".join(f"-D{x}" for x in block.defines)
    script = d / "synth.ys"
    script.write_text(
        f"read_verilog -sv {incs} {defs} {reads}\n"
        + "".join(f"chparam -set {k} {v} {block.top}\n" for k, v in block.parameters.items())
        + f"hierarchy -check -top {block.top}\n"
        + f"synth -top {block.top} -flatten\n"
        # Flops named after the register they hold, for readable timing paths.
        "rename -wire -suffix _reg t:$_*DFF*\n"
        f"dfflibmap -liberty {tt.seq}\n"
        f"abc -D {block.clock_ps - block.abc_margin_ps:g} -constr {constr} -liberty {tt.comb}\n"
        + "opt_clean -purge\n"
        # OpenSTA's 2019 Verilog reader wants no assigns to concatenations:
        # split internal buses, buffer feed-throughs, tie constants to cells.
        "splitnets\n"
        "opt_clean -purge\n"
        f"insbuf -buf {BUF_CELL} A Y\n"
        f"hilomap -hicell {TIEHI_CELL} H -locell {TIELO_CELL} L\n"
        "setundef -zero\n"
        "opt_clean -purge\n"
        f"tee -o {d / 'stat.txt'} stat -liberty {tt.comb} -liberty {tt.seq}\n"
        f"write_verilog -noexpr -nohex -nodec {net_attr}\n"
        f"write_verilog -noattr -noexpr -nohex -nodec {net}\n"
    )
    run([YOSYS, "-q", "-l", str(d / "yosys.log"), "-s", str(script)], d / "yosys.out")
    log = (d / "yosys.log").read_text()
    if re.search(r"^ERROR", log, re.M):
        raise FlowError(f"yosys reported an error, see {d / 'yosys.log'}")
    instances = parse_netlist(net.read_text(), lib_cells)
    counts: dict[str, int] = {}
    for ctype, _ in instances.values():
        counts[ctype] = counts.get(ctype, 0) + 1
    unknown = sorted(set(counts) - set(lib_cells))
    if unknown:
        raise FlowError(f"{block.name}: unmapped cells in the netlist: {', '.join(unknown)}")
    multi = sorted(c for c in counts if len(lib_cells[c].outputs) != 1)
    if multi:  # the power step assumes one output per cell (ABC maps no others)
        raise FlowError(f"{block.name}: cells without exactly one output: {', '.join(multi)}")
    area = sum(lib_cells[c].area * n for c, n in counts.items())
    stat = (d / "stat.txt").read_text()
    yosys_area = re.search(r"Chip area for module .*?: ([0-9.]+)", stat)
    if yosys_area and abs(float(yosys_area.group(1)) - area) > 1e-3 * max(area, 1.0):
        raise FlowError(f"{block.name}: area {area} differs from yosys stat {yosys_area.group(1)}")
    flops = sum(n for c, n in counts.items() if lib_cells[c].sequential)
    return Netlist(net, counts, area, flops, instances, parse_src(net_attr.read_text()))


INSTANCE_RE = re.compile(r"^\s+([A-Za-z0-9_]+)\s+(\\\S+|[A-Za-z0-9_$]+)\s*\((.*?)\);", re.M | re.S)
PIN_RE = re.compile(r"\.(\w+)\(\s*([^()]*?)\s*\)")


def norm(name: str) -> str:
    """A net or instance name without Verilog escaping."""
    return name.strip().removeprefix("\\").strip()


def parse_netlist(text: str, lib_cells: dict[str, CellInfo]) -> dict[str, tuple[str, str | None]]:
    """Instance name -> (cell type, net on its (single) output pin)."""
    body = text[text.index(");") + 2 :]
    out: dict[str, tuple[str, str | None]] = {}
    for ctype, inst, conns in INSTANCE_RE.findall(body):
        if ctype in ("module", "input", "output", "wire", "assign", "reg"):
            continue
        pins = dict(PIN_RE.findall(conns))
        info = lib_cells.get(ctype)
        net = None
        if info and info.outputs:
            net = pins.get(info.outputs[0])
            net = norm(net) if net else None
        out[norm(inst)] = (ctype, net)
    return out


def parse_src(text: str) -> dict[str, str]:
    """Instance -> RTL location from the `src` attributes Yosys keeps."""
    src = {}
    for attrs, inst in re.findall(
        r"\(\*([^*]*)\*\)\s*\n\s*[A-Za-z0-9_]+\s+(\\\S+|[A-Za-z0-9_$]+)\s*\(", text
    ):
        match = re.search(r'src = "([^"]+)"', attrs)
        if match:
            src[norm(inst)] = match.group(1)
    return src


# --------------------------------------------------------------------------
# Simulation and switching activity


def make_vectors(block: Block) -> Path:
    vdir = block.dir / "vectors"
    vdir.mkdir(parents=True, exist_ok=True)
    cmd = [arg.replace("{dir}", str(vdir)) for arg in block.vectors]
    run(cmd, block.dir / "vectors.log")
    return vdir


PORT_RE = re.compile(r"^\s*(input|output)\s+(?:\[(\d+):(\d+)\]\s*)?(\w+)\s*;", re.M)


def netlist_ports(path: Path) -> dict[str, tuple[str, int]]:
    """Port -> (direction, width) from a Yosys netlist's declarations."""
    return {
        name: (d, abs(int(msb) - int(lsb)) + 1 if msb else 1)
        for d, msb, lsb, name in PORT_RE.findall(path.read_text())
    }


#: The gate-level testbench (a real SystemVerilog file; the flow writes only the wrapper
#: `synth_dut` that maps its buses to a block's ports).
STREAM_TB = SYNTH / "tb" / "stream_tb.sv"
#: The backpressure pattern of the runs with stalls (valid 75 %, ready 50 %), written by
#: tricodec-vectors (vectors::Stalls, as the Verilator and cocotb drivers use).
STALLS = ("75", "50")
STALLS_CMD = ["cargo", "run", "-q", "-p", "tricodec-vectors", "--", "stalls",
              "--valid", STALLS[0], "--ready", STALLS[1], "--cycles", "4096", "--seed", "1"]


def stall_file(block: Block) -> Path:
    """Writes the stall pattern for the block's run with stalls."""
    out = block.dir / "stalls"
    run([*STALLS_CMD, "--out", str(out)], block.dir / "stalls.log")
    return out / f"stalls.v{STALLS[0]}r{STALLS[1]}.hex"


def read_vectors(path: Path) -> list[int]:
    """The packed bus of each vector of a vector file (`//` comments skipped)."""
    if not path.exists():
        raise FlowError(f"vector file {path} missing (the vectors command did not write it)")
    lines = [ln.split("//")[0].strip() for ln in path.read_text().splitlines()]
    return [int(ln, 16) for ln in lines if ln]


@dataclass
class Bench:
    """What the testbench needs for a block: the wrapper, the concatenated vector files and
    the bus widths (parameters of stream_tb)."""
    wrapper: str
    in_file: Path
    out_file: Path
    params: dict[str, int]

    @property
    def vectors(self) -> int:
        return self.params["N"]


def bench(block: Block, ports: dict[str, tuple[str, int]], vdir: Path,
          parameters: dict | None = None) -> Bench:
    """The wrapper `synth_dut` of the block (its ports on stream_tb's buses, `parameters`
    set on the instance for the RTL simulation) and the vectors of its `inputs` and
    `outputs` concatenated into one file each, first port in the most significant bits."""
    hs = block.handshake
    control = {block.clock_port, block.reset_port, *hs.values(), *block.user_ports}
    for port in [*control, *block.inputs, *block.outputs]:
        if port not in ports:
            raise FlowError(f"{block.name}: port {port} not in the netlist of {block.top}")
    undriven = sorted(p for p, (d, _) in ports.items()
                      if d == "input" and p not in control and p not in block.inputs)
    unchecked = sorted(p for p, (d, _) in ports.items()
                       if d == "output" and p not in control and p not in block.outputs
                       and p not in block.unchecked_outputs)
    if undriven or unchecked:
        raise FlowError(f"{block.name}: ports without vectors: {', '.join(undriven + unchecked)}")
    data = {p: read_vectors(vdir / f"{stem}.hex")
            for p, stem in {**block.inputs, **block.outputs}.items()}
    counts = {p: len(v) for p, v in data.items()}
    n = min(counts.values())
    if n == 0 or any(c != n for c in counts.values()):
        raise FlowError(f"{block.name}: vector files disagree on the count: {counts}")

    def concat(names: list[str], dest: Path) -> int:
        bits = sum(ports[p][1] for p in names)
        lines = []
        for k in range(n):
            acc = 0
            for p in names:
                acc = (acc << ports[p][1]) | (data[p][k] & ((1 << ports[p][1]) - 1))
            lines.append(f"{acc:0{(bits + 3) // 4}x}")
        dest.write_text("\n".join(lines) + "\n")
        return bits

    ins, outs = list(block.inputs), list(block.outputs)
    in_file, out_file = block.dir / "tb_in.hex", block.dir / "tb_out.hex"
    iw, ow = concat(ins, in_file), concat(outs, out_file)
    uw = ports[block.user_ports[0]][1] if block.user_ports else 1

    def width(bits: int) -> str:
        return f"[{bits - 1}:0] " if bits > 1 else ""

    conns = [f".{block.clock_port}(clk)", f".{block.reset_port}(rst_n)",
             f".{hs['valid_in']}(valid_in)", f".{hs['ready_in']}(ready_in)",
             f".{hs['valid_out']}(valid_out)", f".{hs['ready_out']}(ready_out)"]
    conns += [f".{p}({p}_w)" for p in [*ins, *outs, *block.unchecked_outputs]]
    w = [f"// Generated by synth/flow.py for block {block.name}: its ports on the buses of",
         "// synth/tb/stream_tb.sv.",
         "module synth_dut (",
         "  input clk, input rst_n, input valid_in, output ready_in,",
         f"  input {width(iw)}data_in, input {width(uw)}user_in,",
         "  output valid_out, input ready_out,",
         f"  output {width(ow)}data_out, output {width(uw)}user_out",
         ");"]
    w += [f"  wire {width(ports[p][1])}{p}_w;" for p in [*ins, *outs, *block.unchecked_outputs]]
    w.append(f"  assign {{{', '.join(f'{p}_w' for p in ins)}}} = data_in;")
    w.append(f"  assign data_out = {{{', '.join(f'{p}_w' for p in outs)}}};")
    if block.user_ports:
        uin, uout = block.user_ports
        conns += [f".{uin}(user_in)", f".{uout}(user_out)"]
    else:
        w.append("  assign user_out = user_in;  // no sideband: not checked")
    params = ""
    if parameters:
        params = "#(" + ", ".join(f".{k}({v})" for k, v in parameters.items()) + ") "
    w += [f"  {block.top} {params}u ({', '.join(conns)});", "endmodule", ""]
    return Bench("\n".join(w), in_file, out_file,
                 {"IW": iw, "OW": ow, "UW": uw, "USER": int(bool(block.user_ports)), "N": n})


def simulate(block: Block, design: list[str], tb: Bench, tag: str,
             vcd: Path | None = None, parallel: bool = False) -> str:
    """Runs the testbench with and without stalls (at once when `parallel`);
    raises unless both PASS."""
    exe = block.dir / f"{tag}.vvp"
    wrapper = block.dir / f"{tag}_dut.v"
    wrapper.write_text(tb.wrapper)
    params = [f"-Pstream_tb.{k}={v}" for k, v in tb.params.items()]
    run([IVERILOG, "-g2012", "-o", str(exe), "-s", "stream_tb", *params, str(STREAM_TB),
         str(wrapper), *design], block.dir / f"{tag}_compile.log")
    stalls = stall_file(block)

    def one(stall: int) -> str:
        args = [VVP, "-n", str(exe), f"+in={tb.in_file}", f"+out={tb.out_file}"]
        if stall:
            args.append(f"+stalls={stalls}")
            if block.stall_vectors:
                args.append(f"+limit={block.stall_vectors}")
        if vcd is not None and stall == 0:
            args.append(f"+vcd={vcd}")
        out = run(args, block.dir / f"{tag}_stall{stall}.log")
        result = [ln for ln in out.splitlines() if ln.startswith(("PASS", "FAIL"))]
        if not result or any(ln.startswith("FAIL") for ln in result):
            shown = "\n".join(result[-10:]) or "(no PASS line)"
            raise FlowError(f"{block.name}: {tag} simulation (stall={stall}) failed:\n{shown}")
        return f"stall={stall}: {result[-1]}"

    return "; ".join(both(one, (0, 1), parallel))


def both(fn, args, parallel: bool) -> list:
    """[fn(a) for a in args], run at once in threads when `parallel` (the
    work is in subprocesses); the first FlowError is raised after all end."""
    if not parallel:
        return [fn(a) for a in args]
    with ThreadPoolExecutor(max_workers=len(args)) as pool:
        futures = [pool.submit(fn, a) for a in args]
    return [f.result() for f in futures]


def toggle_rates(vcd: Path, clock: str) -> tuple[dict[str, float], int]:
    """Transitions per clock cycle of each net of the dumped scope.

    Zero-delay simulation: a net counts one transition when its value at the
    end of a time step differs (0 <-> 1) from the end of the previous step, so
    glitches are not counted.
    """
    ids: dict[str, list[str]] = {}  # VCD id -> bit names, MSB first
    values: dict[str, str] = {}  # bit name -> committed value
    pending: dict[str, str] = {}
    toggles: dict[str, int] = {}
    cycles = 0

    def commit() -> None:
        nonlocal cycles
        for bit, val in pending.items():
            old = values.get(bit)
            if old is not None and old != val and old in "01" and val in "01":
                toggles[bit] = toggles.get(bit, 0) + 1
                if bit == clock and val == "1":
                    cycles += 1
            values[bit] = val
        pending.clear()

    with open(vcd) as f:
        in_header = True
        for line in f:
            if in_header:
                if line.startswith("$var"):
                    parts = line.split()
                    width, code, name = int(parts[2]), parts[3], norm(parts[4])
                    rng = parts[5] if len(parts) > 6 and parts[5].startswith("[") else None
                    if width == 1:
                        bit_name = name if rng is None else f"{name}{rng}"
                        ids.setdefault(code, []).append(bit_name)
                    else:
                        msb, lsb = (int(x) for x in rng.strip("[]").split(":"))
                        step = -1 if msb >= lsb else 1
                        bits = [f"{name}[{i}]" for i in range(msb, lsb + step, step)]
                        ids[code] = bits
                elif line.startswith("$enddefinitions"):
                    in_header = False
                continue
            c = line[:1]
            if c == "#":
                commit()
            elif c in "01xzXZ":
                for bit in ids.get(line[1:].strip(), ()):
                    pending[bit] = c.lower()
            elif c in "bB":
                val, code = line[1:].split()
                bits = ids.get(code)
                if bits is None:
                    continue
                if len(val) < len(bits):
                    pad = "0" if val[0] == "1" else val[0]
                    val = pad * (len(bits) - len(val)) + val
                for bit, v in zip(bits, val.lower()):
                    pending[bit] = v
        commit()
    if cycles == 0:
        raise FlowError(f"{vcd}: no rising edge of {clock}")
    rates = {bit: toggles.get(bit, 0) / cycles for bit in values}
    return rates, cycles


# --------------------------------------------------------------------------
# Static timing and power


@dataclass
class Timing:
    corner: str
    worst_slack_ps: float
    tns_ps: float
    path_report: str
    power0: dict[str, float]  # instance -> dynamic+leakage power (W), activity 0
    power1: dict[str, float]  # the same with activity 1 on every non-clock net
    power_default_w: float  # whole design, DEFAULT_ACTIVITY everywhere
    group_slack_ps: dict[str, float]  # endpoint group (submodule) -> worst slack


def sta(block: Block, corner: Corner, netlist: Netlist) -> Timing:
    d = block.dir
    tag = corner.name
    script = d / f"sta_{tag}.tcl"
    p0, p1 = d / f"power0_{tag}.txt", d / f"power1_{tag}.txt"
    paths = d / f"paths_{tag}.txt"
    ends = d / f"endpoints_{tag}.txt"
    clk = block.clock_port
    script.write_text(
        f"read_liberty {corner.comb}\n"
        f"read_liberty {corner.seq}\n"
        f"read_verilog {netlist.path}\n"
        f"link_design {block.top}\n"
        f"create_clock -name clk -period {block.clock_ps:g} [get_ports {clk}]\n"
        f"set data_inputs [delete_from_list [all_inputs] [get_ports {clk}]]\n"
        # Inputs arrive at the clock edge, outputs are due at the next one:
        # a combinational in->out path gets the whole period.
        "set_input_delay 0 -clock clk $data_inputs\n"
        "set_output_delay 0 -clock clk [all_outputs]\n"
        f"set_driving_cell -lib_cell {BUF_CELL} -pin Y $data_inputs\n"
        f"set_load {OUTPUT_LOAD_FF} [all_outputs]\n"
        "report_worst_slack -digits 2\n"
        "report_tns -digits 2\n"
        f"report_checks -path_delay max -group_count 3 -fields {{net}} -digits 1 > {paths}\n"
        f"report_checks -path_delay max -group_count 10000000 -endpoint_count 1 -format end "
        f"> {ends}\n"
        f"set_power_activity -global -activity {DEFAULT_ACTIVITY}\n"
        "report_power -digits 6\n"
        "set_power_activity -global -activity 0.0\n"
        f"report_power -instances [get_cells *] -digits 9 > {p0}\n"
        "set_power_activity -global -activity 1.0\n"
        f"report_power -instances [get_cells *] -digits 9 > {p1}\n"
    )
    out = run([STA, "-no_splash", "-exit", str(script)], d / f"sta_{tag}.log")
    if re.search(r"^(Error|Warning: .*(not found|unknown))", out, re.M):
        raise FlowError(f"{block.name}: OpenSTA complained, see {d / f'sta_{tag}.log'}")
    slack = re.search(r"^worst slack (\S+)", out, re.M)
    tns = re.search(r"^tns (\S+)", out, re.M)
    total = re.search(r"^Total\s+\S+\s+\S+\s+\S+\s+(\S+)", out, re.M)
    if not (slack and tns and total):
        raise FlowError(f"{block.name}: cannot read OpenSTA's report, see {d / f'sta_{tag}.log'}")
    return Timing(tag, float(slack.group(1)), float(tns.group(1)), paths.read_text(),
                  read_instance_power(p0), read_instance_power(p1), float(total.group(1)),
                  group_slacks(ends.read_text()))


ENDPOINT_RE = re.compile(r"^(\S+) \((\S+)\)\s+-?[0-9.]+\s+-?[0-9.]+\s+(-?[0-9.]+) \(", re.M)


def group_slacks(report: str) -> dict[str, float]:
    """Worst slack per endpoint group of a `report_checks -format end` report.

    Flattened flops keep their instance path (`u_quant.level_q[3]_reg`), so the
    first path component names the submodule whose inputs the path ends at;
    flops of the top module are `(top)`, output ports `(outputs)`.
    """
    worst: dict[str, float] = {}
    for endpoint, kind, slack in ENDPOINT_RE.findall(report):
        if kind == "output":
            group = "(outputs)"
        else:
            inst = norm(endpoint.rsplit("/", 1)[0])
            group = inst.split(".", 1)[0] if "." in inst else "(top)"
        worst[group] = min(worst.get(group, float("inf")), float(slack))
    return dict(sorted(worst.items(), key=lambda kv: kv[1]))


def read_instance_power(path: Path) -> dict[str, float]:
    power = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 5:
            try:
                power[norm(parts[4])] = float(parts[3])
            except ValueError:
                continue
    return power


def activity_power(timing: Timing, netlist: Netlist, rates: dict[str, float] | None) -> float:
    """Design power (W) with each cell's own simulated output activity.

    OpenSTA's power of a cell is linear in its pins' activity (internal
    energy x transitions, plus C V^2 / 2 x transitions), with the clock pins
    fixed at 2 transitions per period. So P = P(0) + a * (P(1) - P(0)) per
    cell, a being its output net's transitions per cycle in the gate-level
    simulation. (OpenSTA 2019 has no VCD/SAIF reader, and its per-pin
    activities are overwritten by its own propagation from the inputs.)
    """
    total = 0.0
    for inst, p0 in timing.power0.items():
        p1 = timing.power1.get(inst, p0)
        if rates is None:
            act = DEFAULT_ACTIVITY
        else:
            _, net = netlist.instances.get(inst, ("", None))
            act = rates.get(net, 0.0) if net else 0.0
        total += p0 + act * (p1 - p0)
    return total


@dataclass
class CriticalPath:
    startpoint: str
    endpoint: str
    arrival_ps: float
    levels: int  # combinational cells on the path
    start_src: str
    end_src: str
    common_cells: str  # the most frequent cell types on the path


PATH_PIN_RE = re.compile(r"^\s+[-0-9.]+\s+[-0-9.]+ [\^v] (\S+)/(\S+) \((\S+)\)", re.M)


def critical_path(report: str, netlist: Netlist, lib_cells: dict[str, CellInfo]) -> CriticalPath:
    """The worst path of a `report_checks` report, located in the RTL."""
    first = report.split("Startpoint:")[1] if "Startpoint:" in report else ""
    start = re.search(r"^\s*(\S+)", first)
    end = re.search(r"^Endpoint: (\S+)", first, re.M)
    arrival = re.search(r"^\s+(-?[0-9.]+)\s+data arrival time", first, re.M)
    kinds: dict[str, int] = {}
    for _, pin, ctype in PATH_PIN_RE.findall(first):
        info = lib_cells.get(ctype)
        if info and not info.sequential and pin in info.outputs:
            kind = ctype.removesuffix("_ASAP7_75t_R")
            kinds[kind] = kinds.get(kind, 0) + 1
    levels = sum(kinds.values())
    common = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
    s = norm(start.group(1)) if start else "?"
    e = norm(end.group(1)) if end else "?"
    return CriticalPath(s, e, float(arrival.group(1)) if arrival else 0.0, levels,
                        netlist.src.get(s, "input port" if s not in netlist.instances else ""),
                        netlist.src.get(e, "output port" if e not in netlist.instances else ""),
                        ", ".join(f"{n} {k}" for k, n in common))


# --------------------------------------------------------------------------
# Per block


def fmax_mhz(clock_ps: float, worst_slack_ps: float) -> float:
    """fmax = 1e6 / (clock_ps - worst_slack_ps) MHz: the period the worst
    path needs (slack < 0: more than the clock; slack > 0: less)."""
    return 1e6 / (clock_ps - worst_slack_ps)


class Steps:
    """Wall-clock seconds of each step of a block, logged as they start."""

    def __init__(self, block: str):
        self.block = block
        self.seconds: dict[str, float] = {}
        self.current: tuple[str, float] | None = None

    def start(self, name: str, detail: str = "") -> None:
        self.stop()
        say(f"{self.block}: {name}{' ' + detail if detail else ''}")
        self.current = (name, time.monotonic())

    def stop(self) -> None:
        if self.current:
            name, t = self.current
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.monotonic() - t, 1)
            self.current = None


def synth_block(block: Block, corners: dict[str, Corner], lib_cells: dict[str, CellInfo],
                models: Path, parallel: bool = False) -> list[dict]:
    """One block through every step. `parallel`: the two simulations (stall 0
    and 1) and the two STA corners run at once (for --jobs > 1, so that the
    last, longest block uses the cores the others leave)."""
    t0 = time.monotonic()
    block.dir.mkdir(parents=True, exist_ok=True)
    steps = Steps(block.name)
    steps.start("vectors")
    vdir = make_vectors(block)
    steps.start("yosys")
    netlist = synthesize(block, corners[HEADLINE_CORNER], lib_cells)
    ports = netlist_ports(netlist.path)
    tb = bench(block, ports, vdir)
    n_vectors = tb.vectors
    rtl_result = None
    if block.rtl_sim:
        steps.start("rtl_sim", f"({n_vectors} vectors)")
        # The netlist has its parameters baked in; the RTL gets them here.
        rtl_tb = bench(block, ports, vdir, block.parameters)
        rtl_result = simulate(block, block.sources, rtl_tb, "rtl", parallel=parallel)
    steps.start("gate_sim", f"({n_vectors} vectors, {sum(netlist.cells.values())} cells)")
    vcd = block.dir / "gate.vcd"
    gate_result = simulate(block, [str(netlist.path), str(models)], tb, "gate", vcd, parallel)
    steps.start("activity")
    rates, cycles = toggle_rates(vcd, block.clock_port)
    vcd.unlink()
    out_nets = [net for _, net in netlist.instances.values() if net]
    unseen = [net for net in out_nets if net not in rates]
    if unseen:
        raise FlowError(f"{block.name}: {len(unseen)} cell output nets not in the VCD "
                        f"(e.g. {unseen[0]}): the testbench must dump `dut` one level deep")
    mean_activity = sum(rates.get(n, 0.0) for n in out_nets) / max(len(out_nets), 1)
    timings = {}
    if parallel:
        steps.start("sta", f"({' and '.join(CORNERS)} at once)")
        timings = dict(zip(CORNERS, both(lambda c: sta(block, corners[c], netlist), CORNERS,
                                         True)))
    for name in CORNERS:
        if name not in timings:
            steps.start(f"sta_{name}")
            timings[name] = sta(block, corners[name], netlist)
    steps.stop()
    rows = []
    for name in CORNERS:
        corner = corners[name]
        timing = timings[name]
        path = critical_path(timing.path_report, netlist, lib_cells)
        fmax = fmax_mhz(block.clock_ps, timing.worst_slack_ps)
        f_op_mhz = min(1e6 / block.clock_ps, fmax)
        gbps = block.samples_per_cycle * block.bits_per_sample * f_op_mhz * 1e6 / 1e9
        power_w = activity_power(timing, netlist, rates)
        samples_per_s = block.samples_per_cycle * 1e12 / block.clock_ps
        rows.append({
            "block": block.name,
            "top": block.top,
            "selftest": block.selftest,
            "corner": corner.label,
            "area_um2": round(netlist.area_um2, 3),
            "cells": sum(netlist.cells.values()),
            "flops": netlist.flops,
            "clock_ps": block.clock_ps,
            "wns_ps": round(min(timing.worst_slack_ps, 0.0), 2),
            "worst_slack_ps": timing.worst_slack_ps,
            "tns_ps": timing.tns_ps,
            "meets_timing": timing.worst_slack_ps >= 0.0,
            "fmax_mhz": round(fmax, 1),
            "power_mw": round(power_w * 1e3, 4),
            "power_default_activity_mw": round(timing.power_default_w * 1e3, 4),
            "energy_pj_per_sample": round(power_w / samples_per_s * 1e12, 4),
            "activity_source": f"gate-level simulation: {block.activity_source}",
            "mean_activity": round(mean_activity, 4),
            "activity_cycles": cycles,
            "samples_per_cycle": block.samples_per_cycle,
            "bits_per_sample": block.bits_per_sample,
            "operating_mhz": round(f_op_mhz, 1),
            "throughput_gbps": round(gbps, 3),
            "lanes_for_100gbps": math.ceil(LINK_GBPS / gbps - 1e-9),
            "critical_path": {
                "startpoint": path.startpoint,
                "startpoint_src": path.start_src,
                "endpoint": path.endpoint,
                "endpoint_src": path.end_src,
                "arrival_ps": path.arrival_ps,
                "levels": path.levels,
                "common_cells": path.common_cells,
            },
            "worst_slack_by_endpoint_group_ps": timing.group_slack_ps,
            "gate_level_check": gate_result,
            "rtl_check": rtl_result,
            "step_seconds": steps.seconds,
            "runtime_s": round(time.monotonic() - t0, 1),
        })
        (block.dir / f"critical_path_{name}.txt").write_text(timing.path_report)
    say(f"{block.name}: done in {time.monotonic() - t0:.1f} s")
    return rows


# --------------------------------------------------------------------------
# Reports


def merged_rows(new: list[dict], order: list[str]) -> list[dict]:
    """The new rows plus the last report's rows of blocks not run this time,
    in blocks.toml order (blocks no longer listed are dropped)."""
    old: list[dict] = []
    path = REPORTS / "summary.json"
    if path.exists():
        try:
            old = json.loads(path.read_text()).get("blocks", [])
        except json.JSONDecodeError:
            old = []
    fresh = {r["block"] for r in new}
    rows = [r for r in old if r.get("block") not in fresh and r.get("block") in order] + new
    return sorted(rows, key=lambda r: order.index(r["block"]))


def shown_path(path: Path) -> str:
    """`path` relative to the repository when inside it, else absolute."""
    path = path.resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def write_reports(rows: list[dict], corners: dict[str, Corner], library: tuple[str, dict],
                  wall_s: float | None = None, jobs: int = 1) -> float:
    """Writes summary.json and synth.md; returns the blocks' total run time.
    `library`: the liberty folder as shown and the file names per corner."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    runtime_s = sum({r["block"]: r.get("runtime_s", 0.0) for r in rows}.values())
    summary = {
        "generated_by": "make synth (synth/flow.py)",
        "library": "ASAP7 asap7sc7p5t_28, RVT, NLDM",
        "library_dir": library[0],
        "library_files": library[1],
        "headline_corner": corners[HEADLINE_CORNER].label,
        "fmax_formula": "fmax_mhz = 1e6 / (clock_ps - worst_slack_ps)",
        "throughput_formula": "samples_per_cycle * bits_per_sample * min(target clock, fmax)",
        "lanes_formula": "ceil(100 Gb/s / throughput_gbps)",
        "power": ("OpenSTA report_power per cell, each cell at its output net's transitions "
                  "per cycle from the zero-delay gate-level simulation; clock pins 2 per "
                  "cycle; ideal clock (no clock tree)"),
        "default_activity": DEFAULT_ACTIVITY,
        "output_load_ff": OUTPUT_LOAD_FF,
        "input_driver": BUF_CELL,
        "wire_load": "none (the ASAP7 libraries have no wire-load model): pin capacitance only",
        "tools": tool_versions(),
        "runtime_s": round(runtime_s, 1),
        "wall_s": None if wall_s is None else round(wall_s, 1),
        "jobs": jobs,
        "blocks": rows,
    }
    (REPORTS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    RESULTS_MD.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_MD.write_text(markdown(rows, corners, runtime_s, summary))
    return runtime_s


def tool_versions() -> dict[str, str]:
    def first_line(cmd: list[str]) -> str:
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, input="exit\n")
            return (proc.stdout + proc.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    return {
        "yosys": first_line([YOSYS, "-V"]),
        "opensta": first_line([STA, "-version"]),
        "iverilog": first_line([IVERILOG, "-V"]),
    }


def markdown(rows: list[dict], corners: dict[str, Corner], runtime_s: float,
             summary: dict | None = None) -> str:
    head = (
        "| block | corner | clock (ps) | WNS (ps) | fmax (MHz) | area (um^2) | cells | flops "
        "| power (mW) | throughput (Gb/s) | lanes for 100 Gb/s |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )

    def table(sel: list[dict]) -> str:
        lines = [head]
        for r in sel:
            lines.append(
                f"| {r['block']} | {r['corner']} | {r['clock_ps']:g} | {r['wns_ps']:g} "
                f"| {r['fmax_mhz']:.0f} | {r['area_um2']:.1f} | {r['cells']} | {r['flops']} "
                f"| {r['power_mw']:.3f} | {r['throughput_gbps']:.1f} "
                f"| {r['lanes_for_100gbps']} |\n"
            )
        return "".join(lines)

    codec = [r for r in rows if not r["selftest"]]
    selftest = [r for r in rows if r["selftest"]]
    heads = [r for r in rows if r["corner"] == corners[HEADLINE_CORNER].label]
    tt = corners[HEADLINE_CORNER].label
    out = [
        "# Synthesis results (ASAP7)\n\n",
        "Generated by `make synth` (synth/flow.py, synth/blocks.toml); do not edit by hand.\n",
        "The same numbers, and more, are in `synth/reports/summary.json`.\n\n",
        f"Headline corner: {tt}. The netlist (mapped with the TT library) is also timed at\n",
        f"{corners['SS'].label}. Power is at the target clock (1 GHz for a 1000 ps clock) even\n",
        "where the block does not meet it; throughput is at min(target clock, fmax).\n\n",
    ]
    if summary and summary.get("library_dir"):
        out.append(f"Liberty files (`ASAP7_LIB_DIR`): `{summary['library_dir']}`, "
                   "per corner:\n\n")
        out += [f"- {name}: " + ", ".join(f"`{f}`" for f in files) + "\n"
                for name, files in summary["library_files"].items()]
        out.append("\n")
    if codec:
        out += ["## Codec blocks\n\n", table(codec), "\n"]
    else:
        out += ["## Codec blocks\n\nNone synthesized yet.\n\n"]
    if selftest:
        out += ["## Flow self-test (a stand-in block, not part of the codec)\n\n",
                table(selftest), "\n"]
    out += [
        "## What limits fmax\n\n",
        "The worst path at each corner (OpenSTA `report_checks`; full paths in\n",
        "`synth/build/<block>/critical_path_<corner>.txt`), and the worst slack of the paths\n",
        "ending in each submodule (flattened flops keep their instance path):\n\n",
    ]
    for r in rows:
        cp = r["critical_path"]
        out.append(
            f"- **{r['block']}**, {r['corner']}: `{cp['startpoint']}` "
            f"({cp['startpoint_src'] or 'no source location'}) -> `{cp['endpoint']}` "
            f"({cp['endpoint_src'] or 'no source location'}): {cp['levels']} cells "
            f"({cp['common_cells']}, ...), data arrival {cp['arrival_ps']:g} ps.\n"
        )
        groups = r["worst_slack_by_endpoint_group_ps"]
        if len(groups) > 1:
            out.append("  By submodule: " + "; ".join(
                f"{g} {v:g} ps ({fmax_mhz(r['clock_ps'], v):.0f} MHz)" for g, v in groups.items()
            ) + ".\n")
    out += [
        "\n## Activity, power and the gate-level check\n\n",
        "| block | corner | power (mW) | pJ per sample | power at flat 0.1 activity (mW) "
        "| mean activity | vectors |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n",
    ]
    for r in rows:
        out.append(
            f"| {r['block']} | {r['corner']} | {r['power_mw']:.3f} "
            f"| {r['energy_pj_per_sample']:.3f} | {r['power_default_activity_mw']:.3f} "
            f"| {r['mean_activity']:.3f} "
            f"| {r['activity_source'].removeprefix('gate-level simulation: ')} |\n"
        )
    out.append("\nGate-level check (synthesized netlist against the golden vectors):\n\n")
    for r in heads:
        rtl = f"; RTL: {r['rtl_check']}" if r["rtl_check"] else ""
        out.append(f"- {r['block']}: {r['gate_level_check']}{rtl}.\n")
    out += [
        "\n## How the numbers are made\n\n",
        "- Synthesis: Yosys `synth -flatten`, flops by `dfflibmap` (SEQ library), logic by\n",
        "  `abc -D <clock - margin>` onto one merged SIMPLE+INVBUF+AO+OA library with\n",
        f"  `set_driving_cell {BUF_CELL}` / `set_load {OUTPUT_LOAD_FF}` (ABC buffers and sizes).\n",
        "- Area: synthesis cell area only (sum of the liberty `area` of every cell), no\n",
        "  place-and-route (no OpenROAD here), no clock tree, no utilization factor.\n",
        "- Timing: OpenSTA, ideal clock, no clock uncertainty, no wire-load model (the ASAP7\n",
        "  libraries have none), so net delay is pin capacitance only. Inputs are driven by a\n",
        f"  {BUF_CELL} and arrive at the clock edge; outputs drive {OUTPUT_LOAD_FF} fF and are\n",
        "  due at the next edge.\n",
        "- fmax = 1e6 / (clock_ps - worst_slack_ps) MHz; WNS is min(worst slack, 0).\n",
        "- Throughput = samples/cycle x input bits/sample x min(target clock, fmax);\n",
        "  lanes for 100 Gb/s = ceil(100 / throughput in Gb/s).\n",
        "- Power: OpenSTA `report_power` for each cell, with that cell's output activity\n",
        "  (transitions per cycle) counted in the zero-delay gate-level simulation of the\n",
        "  block's vectors (streaming, no stalls); clock pins toggle twice per cycle; glitches\n",
        "  and the clock tree are not counted. OpenSTA 2019 has no `read_vcd`/`read_saif`, and\n",
        "  its per-pin activities are overwritten by its own propagation from the inputs, so\n",
        "  the flow takes each cell's power at activity 0 and 1 and interpolates (OpenSTA's\n",
        "  power is linear in activity). pJ per sample = power / (samples per cycle x target\n",
        f"  clock). The flat-activity column is the same netlist at {DEFAULT_ACTIVITY} "
        "transitions per cycle.\n",
        "- Gate-level check: a testbench generated from the netlist's ports streams every\n",
        "  vector through the netlist, with cell models that Yosys writes from the liberty\n",
        "  cell functions, once without and once with random stalls; every output must equal\n",
        "  the golden model's, or `make synth` fails.\n",
        "\n## Commands and run time\n\n",
        "`make synth` (bootstrap, the flow's unit tests, then `python3 synth/flow.py`) makes\n",
        "everything here; `python3 synth/flow.py --blocks NAME[,NAME]` reruns some blocks and\n",
        "keeps the others' last results; `make synth-check` runs only the self-test block\n",
        "(about 15 s) and writes no reports. `ASAP7_LIB_DIR` names the liberty folder\n",
        "(asap7/README.md); build outputs go to `synth/build/`.\n\n",
        f"The blocks took {runtime_s / 60:.1f} min in all on this machine (2 cores shared with\n",
        "other jobs)",
        (f", {summary['wall_s'] / 60:.1f} min of wall time with {summary['jobs']} blocks at "
         "a time" if summary and summary.get("wall_s") else ""),
        ".\nPer block (seconds per step; `vectors` includes any build of the vector\n",
        "generator; with more than one block at a time, a block's two simulations run at\n",
        "once, and so do its two STA corners, step `sta`):\n\n",
    ]
    for r in heads:
        steps = ", ".join(f"{k} {v:g}" for k, v in r.get("step_seconds", {}).items())
        out.append(f"- {r['block']}: {r.get('runtime_s', 0):.0f} s ({steps}).\n")
    return "".join(out)


# --------------------------------------------------------------------------


def previous_runtimes() -> dict[str, float]:
    """Each block's run time in the last summary.json (to start the longest first)."""
    try:
        rows = json.loads(TRACKED_SUMMARY.read_text()).get("blocks", [])
    except (OSError, json.JSONDecodeError):
        return {}
    return {r["block"]: float(r.get("runtime_s", 0.0)) for r in rows if "block" in r}


def run_blocks(blocks: list[Block], jobs: int, work) -> tuple[list[dict], list[str]]:
    """Runs `work(block)` for every block, `jobs` at a time, longest (by the last
    report) first; every block runs even when another fails. Returns the rows
    in `blocks` order and the failures (one message per failed block)."""
    last = previous_runtimes()
    order = sorted(blocks, key=lambda b: -last.get(b.name, float("inf")))
    results: dict[str, list[dict]] = {}
    errors: dict[str, str] = {}
    lock = threading.Lock()

    def one(block: Block) -> None:
        try:
            rows = work(block)
        except FlowError as err:
            say(f"{block.name}: FAILED: {err}")
            with lock:
                errors[block.name] = str(err)
            return
        with lock:
            results[block.name] = rows

    if jobs <= 1:
        for block in order:
            one(block)
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, order))
    rows = [r for b in blocks for r in results.get(b.name, [])]
    failures = [errors[b.name] if errors[b.name].startswith(f"{b.name}: ")
                else f"{b.name}: {errors[b.name]}" for b in blocks if b.name in errors]
    return rows, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", help="comma-separated block names (default: all); the "
                        "reports keep the last results of the others")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--jobs", "-j", type=int, default=1,
                        help="blocks run at a time (default 1); each block's steps stay "
                        "sequential, so a block's step times are comparable only at the same "
                        "--jobs on the same machine")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite synth.md (and summary.json) from summary.json")
    parser.add_argument("--no-reports", action="store_true",
                        help="run the checks only; leave summary.json and synth.md alone")
    parser.add_argument("--report-dir", type=Path,
                        help="write summary.json and synth.md into this folder instead of "
                        "synth/reports/ and docs/results/ (CI: keeps the tracked reports "
                        "as they are)")
    args = parser.parse_args()
    if args.report_dir:
        global REPORTS, RESULTS_MD
        REPORTS = args.report_dir.resolve()
        RESULTS_MD = REPORTS / "synth.md"
    t0 = time.monotonic()
    try:
        lib_dir = Path(os.environ.get("ASAP7_LIB_DIR") or default_lib_dir())
        if not lib_dir.is_dir():
            raise FlowError(
                f"ASAP7 library directory {lib_dir} not found: set ASAP7_LIB_DIR to the folder "
                "holding asap7sc7p5t_*_RVT_*_nldm_*.lib.{xz,gz} (see asap7/README.md)")
        for tool in (YOSYS, STA, IVERILOG, VVP):
            if shutil.which(tool) is None:
                raise FlowError(f"{tool} not found (scripts/bootstrap.sh installs it)")
        if args.jobs < 1:
            raise FlowError("--jobs must be at least 1")
        blocks = load_config(args.config)
        order = [b.name for b in blocks]
        if args.blocks:
            wanted = args.blocks.split(",")
            missing = set(wanted) - {b.name for b in blocks}
            if missing:
                raise FlowError(f"unknown block(s): {', '.join(sorted(missing))}")
            blocks = [b for b in blocks if b.name in wanted]
        say(f"liberty files from {lib_dir}")
        corners = {c: prepare_corner(lib_dir, c) for c in CORNERS}
        tt = corners[HEADLINE_CORNER]
        lib_cells = read_cells([tt.comb, tt.seq])
        models = cell_models(tt)
        current = (shown_path(lib_dir), {name: c.sources for name, c in corners.items()})
        if args.render:
            try:
                old = json.loads((REPORTS / "summary.json").read_text())
            except (OSError, json.JSONDecodeError):
                old = {}
            library = (old.get("library_dir"), old.get("library_files")) \
                if old.get("library_dir") else current
            total = write_reports(merged_rows([], order), corners, library,
                                  old.get("wall_s"), old.get("jobs", 1))
            say(f"rewrote the reports from {REPORTS / 'summary.json'}")
            return 0
        rows, failures = run_blocks(
            blocks, args.jobs,
            lambda b: synth_block(b, corners, lib_cells, models, parallel=args.jobs > 1))
        if failures:
            raise FlowError(f"{len(failures)} of {len(blocks)} blocks failed (no reports "
                            "written):\n" + "\n".join(failures))
        if args.no_reports:
            say(f"all checks passed in {time.monotonic() - t0:.0f} s (reports not written)")
            return 0
        wall = time.monotonic() - t0 if not args.blocks else None
        total = write_reports(merged_rows(rows, order), corners, current, wall, args.jobs)
    except FlowError as err:
        print(f"synth: error: {err}", file=sys.stderr)
        return 1
    say(f"wrote {REPORTS / 'summary.json'} and {RESULTS_MD} in {time.monotonic() - t0:.0f} s "
        f"(all blocks: {total:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
