"""synth/blocks.toml: the blocks the flow synthesizes (synth/README.md describes every key)."""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .common import BUILD, SYNTH, FlowError, ROOT

sys.path.insert(0, str(SYNTH))
import filelist  # noqa: E402  (synth/filelist.py: the one rtl/files.f parser)


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
    bins_per_cycle: float = 0.0  # CABAC blocks: bins per cycle (reports bins and G bins/s)
    unpaired: bool = False  # outputs not one per input (counts differ; stream_tb's NO)
    gate_sim: str = "iverilog"  # the gate-level simulator: iverilog or verilator
    # iverilog only: "x" (flops start at X: a state that reset does not set is a mismatch) or
    # "random" (every flop of the cell models starts at a $random value, as Verilator's
    # --x-initial unique; for netlists whose gate-level X pessimism hides the outputs)
    x_initial: str = "x"
    ci: bool = True  # run by `make synth SYNTH_CI=1` (CI); false: only in a full make synth
    # Storage built as flops, reported apart from logic: label -> prefix of the flops' names
    # in the netlist (flattened instance path and register, e.g. "u_lane.u_edges.line_q").
    storage: dict[str, str] = field(default_factory=dict)

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
