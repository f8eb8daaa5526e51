"""Synthesis with Yosys and the parsing of its netlist (instances, ports, source attributes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .common import (
    BUF_CELL, FlowError, OUTPUT_LOAD_FF, ROOT, TIEHI_CELL, TIELO_CELL, YOSYS, run,
)
from .config import Block
from .liberty import CellInfo, Corner


@dataclass
class Netlist:
    path: Path  # for OpenSTA and the gate-level simulation
    cells: dict[str, int]  # cell type -> count
    area_um2: float
    flops: int
    instances: dict[str, tuple[str, str | None]]  # name -> (type, output net)
    src: dict[str, str]  # instance -> RTL source location (Yosys src attribute)


def synthesize(block: Block, tt: Corner, lib_cells: dict[str, CellInfo],
               reuse: bool = False) -> Netlist:
    """Yosys on the block, or with `reuse` (--reuse-netlist) the netlist, its attributes and
    stat.txt that the last Yosys run left in the block's folder (for a block whose Yosys run
    takes long: the lane's); the netlist is parsed and checked either way."""
    d = block.dir
    constr = d / "abc.constr"
    constr.write_text(f"set_driving_cell {BUF_CELL}\nset_load {OUTPUT_LOAD_FF}\n")
    net = d / "netlist.v"
    net_attr = d / "netlist_attr.v"
    script = d / "synth.ys"
    text = (
        read_top(block)
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
    if reuse:
        # The last run's netlist, if that run had this very script and no source is newer.
        missing = [p.name for p in (script, net, net_attr, d / "stat.txt", d / "yosys.log")
                   if not p.exists()]
        if missing:
            raise FlowError(f"{block.name}: --reuse-netlist: no {', '.join(missing)} in {d}")
        if script.read_text() != text:
            raise FlowError(f"{block.name}: --reuse-netlist: {script} is another script "
                            "(blocks.toml or the liberty changed): run Yosys again")
        newer = [f for f in block.sources
                 if (ROOT / f).stat().st_mtime > net.stat().st_mtime]
        if newer:
            raise FlowError(f"{block.name}: --reuse-netlist: {newer[0]} is newer than {net}")
    else:
        script.write_text(text)
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


def read_top(block: Block) -> str:
    """The Yosys commands that read the block's sources and elaborate its top with its
    parameters (the start of the ASAP7 script, and of the FPGA flow's, synth/flow/fpga.py)."""
    reads = " ".join(block.sources)
    incs = " ".join(f"-I{i}" for i in block.include_dirs)
    defs = " ".join(f"-D{x}" for x in block.defines)
    return (
        f"read_verilog -sv {incs} {defs} {reads}\n"
        + "".join(f"chparam -set {k} {v} {block.top}\n" for k, v in block.parameters.items())
        + f"hierarchy -check -top {block.top}\n"
        # Yosys 0.23 may re-derive a parameterized top under a $paramod name when its
        # submodules appear (enc_lane_i16 with chparam): give it its own name back.
        + f"rename -top {block.top}\n"
    )


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


PORT_RE = re.compile(r"^\s*(input|output)\s+(?:\[(\d+):(\d+)\]\s*)?(\w+)\s*;", re.M)


def netlist_ports(path: Path) -> dict[str, tuple[str, int]]:
    """Port -> (direction, width) from a Yosys netlist's declarations."""
    return {
        name: (d, abs(int(msb) - int(lsb)) + 1 if msb else 1)
        for d, msb, lsb, name in PORT_RE.findall(path.read_text())
    }
