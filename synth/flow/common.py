"""Paths, tool commands, constants and helpers shared by the flow's steps."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
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
VERILATOR = os.environ.get("VERILATOR", "verilator")

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

# SRAM-macro area per bit for the storage a block builds as flops (blocks.toml `storage`):
# there is no SRAM compiler here; the figure is ucb-bar/hammer's ASAP7 SRAM1RW512x128
# (hammer/technology/asap7/sram_compiler/memories/lef/SRAM1RW512x128_x4.lef: SIZE 117.408 BY
# 450.752 in the 4x-scaled units of ASAP7's _x4 files, 29.352 x 112.688 um = 3,307.6 um^2 for
# 65,536 bits). A smaller macro has more periphery per bit, so for kilobit memories this is
# a lower bound.
SRAM_UM2_PER_BIT = 29.352 * 112.688 / 65536
SRAM_SOURCE = ("ucb-bar/hammer ASAP7 SRAM1RW512x128 (LEF SIZE 117.408 x 450.752 in _x4 units: "
               "3,307.6 um^2 for 65,536 bits, single port); a lower bound for smaller macros")


class FlowError(Exception):
    """A step of the flow failed; the message says which and why."""


def say(msg: str) -> None:
    print(f"synth: {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], log: Path, cwd: Path = ROOT, timeout: float | None = None) -> str:
    """Runs a tool, keeps its output in `log`, raises FlowError on failure (and
    subprocess.TimeoutExpired after `timeout` seconds, the tool killed)."""
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    log.write_text(f"$ {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
        raise FlowError(f"{cmd[0]} failed (exit {proc.returncode}), see {log}:\n{tail}")
    return proc.stdout


def both(fn, args, parallel: bool) -> list:
    """[fn(a) for a in args], run at once in threads when `parallel` (the
    work is in subprocesses); the first FlowError is raised after all end."""
    if not parallel:
        return [fn(a) for a in args]
    with ThreadPoolExecutor(max_workers=len(args)) as pool:
        futures = [pool.submit(fn, a) for a in args]
    return [f.result() for f in futures]
