"""The tensor tops' figures (issue 14), composed from the blocks' rows (synth/tops.toml).

A tensor top is N copies of one lane plus its aligner. The lane is synthesized once (its
block row) and counted N times; N and the values per cycle come from the whole-tensor
simulations of the top (`make lane-report`: docs/results/tensor-encoder.json /
tensor-decoder.json, the runs with one slice a lane). Nothing here is synthesized as one
netlist: the composition is arithmetic on the rows, every assumption a key of tops.toml.

Per top and corner:
  cell area      N x the lane's cell area + the parts' (count x their area);
  storage        the lane's memories, line buffers scaled from the lane block's width
                 (its MaxWidthMbs) to the top's (max_width_mbs of the measurement): bits, and
                 their area as SRAM macros (SRAM_UM2_PER_BIT);
  die area       (N x (the lane's logic + its storage as macros) + the parts) / utilization;
  fmax           the lowest of the lane's and the parts';
  Gb/s           values per cycle x input bits x min(target clock, fmax), per measured set
                 and rate;
  power          N x the lane's + the parts' (each at its own activity, at the target clock);
                 pJ per input bit = power / (values per cycle x input bits x target clock).
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .common import LINK_GBPS, SRAM_UM2_PER_BIT, SYNTH, ROOT, FlowError

TOPS = SYNTH / "tops.toml"
LINE_BUFFER = "line buffer"  # storage rows named so scale with the picture width


@dataclass
class Part:
    block: str
    # Copies of the block, or "throughput": as many as the highest measured values per cycle
    # needs at the block's samples_per_cycle.
    count: int | str
    why: str


@dataclass
class Top:
    name: str
    lane: str  # the lane's block
    measured: str  # the whole-tensor simulation's JSON (lanes, max_width_mbs, runs)
    input_bits: int  # bits per input value (BF16: 16)
    parts: list[Part] = field(default_factory=list)
    reference: dict = field(default_factory=dict)  # name, area_mm2, power_w, gbps
    target: dict = field(default_factory=dict)  # die_area_mm2, pj_per_bit


def load_tops(path: Path = TOPS) -> tuple[dict, list[Top]]:
    """tops.toml: its [defaults] (utilization) and its tops."""
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise FlowError(f"{path}: {err}") from None
    tops = []
    for raw in data.get("top", []):
        raw = dict(raw)
        parts = [Part(**p) for p in raw.pop("part", [])]
        try:
            tops.append(Top(parts=parts, **raw))
        except TypeError as err:
            raise FlowError(f"{path}: top {raw.get('name', '?')}: {err}") from None
    return data.get("defaults", {}), tops


def lane_width(lane_block: str, config: Path) -> int:
    """The MaxWidthMbs the lane block is synthesized with (blocks.toml parameters)."""
    blocks = tomllib.loads(config.read_text()).get("block", [])
    entry = next((b for b in blocks if b["name"] == lane_block), None)
    if entry is None or "MaxWidthMbs" not in entry.get("parameters", {}):
        raise FlowError(f"{config}: block {lane_block} has no MaxWidthMbs parameter")
    return int(entry["parameters"]["MaxWidthMbs"])


def compose(top: Top, rows: list[dict], utilization: float, lane_mbs: int,
            measured: dict) -> list[dict] | str:
    """The top's rows, one per corner of the lane's rows; or why it cannot be composed."""
    lanes = int(measured["lanes"])
    width = int(measured["max_width_mbs"])
    runs = [r for r in measured["runs"] if r["slices"] == lanes]
    if not runs:
        return f"{top.measured} has no run with one slice a lane ({lanes})"
    out = []
    lane_rows = [r for r in rows if r["block"] == top.lane]
    if not lane_rows:
        return f"block {top.lane} has no row in summary.json"
    for lane in lane_rows:
        corner = lane["corner"]
        parts = []
        for p in top.parts:
            row = next((r for r in rows if r["block"] == p.block and r["corner"] == corner), None)
            if row is None:
                return f"block {p.block} has no row at {corner}"
            count = p.count
            if count == "throughput":
                peak = max(r["values_per_cycle"] for r in runs)
                count = math.ceil(peak / row["samples_per_cycle"])
            elif not isinstance(count, int):
                raise FlowError(f"top {top.name}: part {p.block}: count {count!r}")
            parts.append((Part(p.block, count, p.why), row))
        storage = []
        for s in lane.get("storage", []):
            scale = width / lane_mbs if s["name"].startswith(LINE_BUFFER) else 1.0
            bits = round(s["bits"] * scale)
            storage.append({"name": s["name"], "bits_per_lane": bits,
                            "sram_macro_um2_per_lane": round(bits * SRAM_UM2_PER_BIT, 1)})
        macro = sum(s["sram_macro_um2_per_lane"] for s in storage)
        logic = lane.get("logic_area_um2", lane["area_um2"])
        parts_area = sum(p.count * r["area_um2"] for p, r in parts)
        cell_area = lanes * lane["area_um2"] + parts_area
        die_um2 = (lanes * (logic + macro) + parts_area) / utilization
        fmax = min([lane["fmax_mhz"]] + [r["fmax_mhz"] for _, r in parts])
        clock_mhz = 1e6 / lane["clock_ps"]
        f_op = min(clock_mhz, fmax)
        power_mw = lanes * lane["power_mw"] + sum(p.count * r["power_mw"] for p, r in parts)
        rates = []
        for r in sorted(runs, key=lambda r: (r["set"], r["bits_per_value"])):
            vpc = r["values_per_cycle"]
            gbps = vpc * top.input_bits * f_op / 1e3
            rates.append({
                "set": r["set"],
                "bits_per_value": round(r["bits_per_value"], 3),
                "values_per_cycle": round(vpc, 3),
                "gbps": round(gbps, 1),
                "meets_100gbps": gbps >= LINK_GBPS,
                # Power at the target clock over the bits that clock carries.
                "pj_per_input_bit": round(power_mw / (vpc * top.input_bits * clock_mhz / 1e3), 3),
            })
        out.append({
            "top": top.name,
            "corner": corner,
            "lanes": lanes,
            "lane_block": top.lane,
            "parts": [{"block": p.block, "count": p.count, "area_um2": r["area_um2"],
                       "power_mw": r["power_mw"], "why": p.why} for p, r in parts],
            "max_width_mbs": width,
            "lane_block_width_mbs": lane_mbs,
            "cell_area_um2": round(cell_area, 1),
            "storage_per_lane": storage,
            "storage_bits": lanes * sum(s["bits_per_lane"] for s in storage),
            "utilization": utilization,
            "die_area_mm2": round(die_um2 / 1e6, 4),
            "fmax_mhz": fmax,
            "meets_timing": fmax >= clock_mhz,
            "power_mw": round(power_mw, 2),
            "activity": ", ".join(sorted({lane["activity_source"]}
                                         | {r["activity_source"] for _, r in parts})),
            "rates": rates,
            "reference": top.reference,
            "target": top.target,
        })
    return out


def composed_tops(rows: list[dict], config: Path, path: Path = TOPS) -> list[dict]:
    """Every top of tops.toml: its rows, or {"top", "missing"} saying why it has none."""
    if not path.exists():
        return []
    defaults, tops = load_tops(path)
    utilization = float(defaults.get("utilization", 0.7))
    out: list[dict] = []
    for top in tops:
        measured_path = ROOT / top.measured
        if not measured_path.exists():
            out.append({"top": top.name, "missing": f"no {top.measured}"})
            continue
        if not any(r["block"] == top.lane for r in rows):
            out.append({"top": top.name, "missing": f"block {top.lane} has no row"})
            continue
        measured = json.loads(measured_path.read_text())
        got = compose(top, rows, utilization, lane_width(top.lane, config), measured)
        if isinstance(got, str):
            out.append({"top": top.name, "missing": got})
        else:
            out += got
    return out


def markdown(tops: list[dict], headline: str) -> str:
    """The tops' section of synth.md."""
    if not tops:
        return ""
    out = [
        "## Tensor tops, composed (issue 14)\n\n",
        "Each top is N copies of one lane plus its aligner, composed from the rows above\n",
        "(synth/tops.toml, synth/flow/tops.py): the lane is synthesized once and counted N\n",
        "times; N and the values per cycle are the whole-tensor simulations of the top\n",
        "(`make lane-report`, one slice a lane). Line buffers are scaled from the lane block's\n",
        "width to the top's, storage is counted as SRAM macros, and die area is cell area /\n",
        "utilization (no place-and-route tool here). Power is each block's at its own\n",
        "simulated activity, at the target clock.\n\n",
    ]
    for t in [t for t in tops if "missing" in t]:
        out.append(f"- **{t['top']}**: not composed: {t['missing']}.\n")
    rows = [t for t in tops if "missing" not in t]
    if rows:
        out += ["\n" if out[-1].startswith("- ") else "",
                "| top | corner | lanes | cell area (um^2) | storage (kbit) | die area (mm^2) "
                "| fmax (MHz) | power (mW) |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"]
        for t in rows:
            out.append(f"| {t['top']} | {t['corner']} | {t['lanes']} | {t['cell_area_um2']:,.0f} "
                       f"| {t['storage_bits'] / 1000:,.1f} | {t['die_area_mm2']:.3f} "
                       f"| {t['fmax_mhz']:.0f} | {t['power_mw']:.1f} |\n")
        out += ["\nThroughput and energy on whole tensors (BF16 in), at min(target clock, fmax):\n\n",
                "| top | corner | set | bits/value | values/cycle | Gb/s | 100 Gb/s | pJ per input bit |\n",
                "| --- | --- | --- | ---: | ---: | ---: | --- | ---: |\n"]
        for t in rows:
            for r in t["rates"]:
                out.append(f"| {t['top']} | {t['corner']} | {r['set']} | {r['bits_per_value']:.2f} "
                           f"| {r['values_per_cycle']:.2f} | {r['gbps']:.1f} "
                           f"| {'yes' if r['meets_100gbps'] else 'no'} "
                           f"| {r['pj_per_input_bit']:.2f} |\n")
        out.append("\nBeside the published figures and the issue's targets (headline corner):\n\n")
        for t in [t for t in rows if t["corner"] == headline]:
            ref, tgt = t["reference"], t["target"]
            worst = max(r["pj_per_input_bit"] for r in t["rates"])

            def against(key: str, value: float) -> str:
                if key not in tgt:
                    return ""
                return f"; target <= {tgt[key]:g}: {'met' if value <= tgt[key] else 'not met'}"

            line = (f"- **{t['top']}**: {t['die_area_mm2']:.3f} mm^2 estimated die area "
                    f"(utilization {t['utilization']:g}"
                    f"{against('die_area_mm2', t['die_area_mm2'])}), "
                    f"{t['power_mw'] / 1e3:.3f} W, at most {worst:.2f} pJ per input bit"
                    f"{' (' + against('pj_per_bit', worst)[2:] + ')' if 'pj_per_bit' in tgt else ''}"
                    f", timing at the target clock {'met' if t['meets_timing'] else 'not met'}.")
            if ref:
                line += (f" {ref['name']}: {ref['area_mm2']:g} mm^2, {ref['power_w']:g} W at "
                         f"{ref['gbps']:g} Gb/s ({ref['note']}).")
            out.append(line + "\n")
        out.append("\nParts besides the lanes: " + "; ".join(
            f"{t['top']}: " + ", ".join(f"{p['count']} x {p['block']} ({p['why']})"
                                        for p in t["parts"])
            for t in rows if t["corner"] == headline) + ".\n\n")
    return "".join(out)
