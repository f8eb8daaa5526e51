"""`make synth`: ASAP7 synthesis, gate-level check, timing and power per block.

The command line (`python3 synth/flow.py`); synth/flow/__init__.py describes the steps.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .block import synth_block
from . import common
from .common import (
    CONFIG, CORNERS, FlowError, HEADLINE_CORNER, IVERILOG, STA, TRACKED_SUMMARY, VVP, YOSYS,
    say,
)
from .config import Block, load_config
from .liberty import cell_models, default_lib_dir, prepare_corner, read_cells
from .reports import merged_rows, shown_path, write_reports


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
    parser.add_argument("--ci", action="store_true",
                        help="only the blocks with ci = true (the default; blocks.toml)")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--jobs", "-j", type=int, default=1,
                        help="blocks run at a time (default 1); each block's steps stay "
                        "sequential, so a block's step times are comparable only at the same "
                        "--jobs on the same machine")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite synth.md (and summary.json) from summary.json")
    parser.add_argument("--no-reports", action="store_true",
                        help="run the checks only; leave summary.json and synth.md alone")
    parser.add_argument("--no-gate-sim", action="store_true",
                        help="Yosys and OpenSTA only: no vectors, no RTL or gate-level "
                        "simulation, power at the flat default activity; for timing and area "
                        "iterations on a block whose gate-level run is slow. Implies "
                        "--no-reports (the numbers go to the log and synth/build/BLOCK/)")
    parser.add_argument("--reuse-netlist", action="store_true",
                        help="take each block's netlist from its last Yosys run "
                        "(synth/build/BLOCK/) when that run had the same script and no source "
                        "is newer; for the blocks whose Yosys run takes long")
    parser.add_argument("--report-dir", type=Path,
                        help="write summary.json and synth.md into this folder instead of "
                        "synth/reports/ and docs/results/ (CI: keeps the tracked reports "
                        "as they are)")
    args = parser.parse_args()
    if args.report_dir:
        common.REPORTS = args.report_dir.resolve()
        common.RESULTS_MD = common.REPORTS / "synth.md"
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
        if args.ci:
            blocks = [b for b in blocks if b.ci]
        say(f"liberty files from {lib_dir}")
        corners = {c: prepare_corner(lib_dir, c) for c in CORNERS}
        tt = corners[HEADLINE_CORNER]
        lib_cells = read_cells([tt.comb, tt.seq])
        models = cell_models(tt)
        current = (shown_path(lib_dir), {name: c.sources for name, c in corners.items()})
        if args.render:
            try:
                old = json.loads((common.REPORTS / "summary.json").read_text())
            except (OSError, json.JSONDecodeError):
                old = {}
            library = (old.get("library_dir"), old.get("library_files")) \
                if old.get("library_dir") else current
            total = write_reports(merged_rows([], order), corners, library,
                                  old.get("wall_s"), old.get("jobs", 1))
            say(f"rewrote the reports from {common.REPORTS / 'summary.json'}")
            return 0
        rows, failures = run_blocks(
            blocks, args.jobs,
            lambda b: synth_block(b, corners, lib_cells, models, parallel=args.jobs > 1,
                                  gate_sim=not args.no_gate_sim,
                                  reuse_netlist=args.reuse_netlist))
        if failures:
            raise FlowError(f"{len(failures)} of {len(blocks)} blocks failed (no reports "
                            "written):\n" + "\n".join(failures))
        if args.no_gate_sim:
            say(f"synthesis and timing done in {time.monotonic() - t0:.0f} s (no gate-level "
                "check: reports not written)")
            return 0
        if args.no_reports:
            say(f"all checks passed in {time.monotonic() - t0:.0f} s (reports not written)")
            return 0
        wall = time.monotonic() - t0 if not args.blocks else None
        total = write_reports(merged_rows(rows, order), corners, current, wall, args.jobs)
    except FlowError as err:
        print(f"synth: error: {err}", file=sys.stderr)
        return 1
    say(f"wrote {common.REPORTS / 'summary.json'} and {common.RESULTS_MD} in "
        f"{time.monotonic() - t0:.0f} s "
        f"(all blocks: {total:.0f} s)")
    return 0
