"""One block through every step: vectors, Yosys, gate-level check, activity, STA."""

from __future__ import annotations

import math
import time
from pathlib import Path

from .common import (
    CORNERS, DEFAULT_ACTIVITY, FlowError, HEADLINE_CORNER, LINK_GBPS, SRAM_SOURCE,
    SRAM_UM2_PER_BIT, both, say,
)
from .config import Block
from .liberty import CellInfo, Corner
from .sta import activity_power, critical_path, fmax_mhz, sta
from .testbench import bench, make_vectors, simulate
from .vcd import toggle_rates
from .yosys import netlist_ports, synthesize


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


def storage_rows(block: Block, netlist, lib_cells: dict[str, CellInfo]) -> list[dict]:
    """The block's `storage` (label -> flop name prefix) counted in the netlist: bits (its
    flops), their cell area, and the SRAM-macro area those bits would take
    (SRAM_UM2_PER_BIT). A prefix that matches no flop is an error (a renamed register)."""
    rows = []
    for label, prefix in block.storage.items():
        flops = [ctype for name, (ctype, _) in netlist.instances.items()
                 if lib_cells[ctype].sequential and name.startswith(prefix)]
        if not flops:
            raise FlowError(f"{block.name}: storage {label!r}: no flop named {prefix}*")
        rows.append({
            "name": label,
            "prefix": prefix,
            "bits": len(flops),
            "flop_area_um2": round(sum(lib_cells[c].area for c in flops), 3),
            "sram_macro_um2": round(len(flops) * SRAM_UM2_PER_BIT, 1),
        })
    return rows


def synth_block(block: Block, corners: dict[str, Corner], lib_cells: dict[str, CellInfo],
                models: Path, parallel: bool = False, gate_sim: bool = True,
                reuse_netlist: bool = False) -> list[dict]:
    """One block through every step. `parallel`: the two simulations (stall 0
    and 1) and the two STA corners run at once (for --jobs > 1, so that the
    last, longest block uses the cores the others leave). `gate_sim` False
    (--no-gate-sim): Yosys and OpenSTA only, no vectors, no simulation, power
    at the flat DEFAULT_ACTIVITY (timing and area iterations; the rows are not
    checked, so the caller writes no reports from them). `reuse_netlist`
    (--reuse-netlist): the netlist of the block's last Yosys run, when made by the
    same script from sources no newer (step `yosys` is then the parse only)."""
    t0 = time.monotonic()
    block.dir.mkdir(parents=True, exist_ok=True)
    steps = Steps(block.name)
    vdir = None
    if gate_sim:
        steps.start("vectors")
        vdir = make_vectors(block)
    steps.start("yosys", "(the last run's netlist)" if reuse_netlist else "")
    netlist = synthesize(block, corners[HEADLINE_CORNER], lib_cells, reuse_netlist)
    storage = storage_rows(block, netlist, lib_cells)
    flop_area = sum(s["flop_area_um2"] for s in storage)
    rates: dict[str, float] | None = None
    cycles = 0
    mean_activity = None
    gate_result = rtl_result = None
    if vdir is not None:
        ports = netlist_ports(netlist.path)
        tb = bench(block, ports, vdir)
        n_vectors = tb.vectors
        if block.rtl_sim:
            steps.start("rtl_sim", f"({n_vectors} vectors)")
            # The netlist has its parameters baked in; the RTL gets them here.
            rtl_tb = bench(block, ports, vdir, block.parameters)
            rtl_result = simulate(block, block.sources, rtl_tb, "rtl", parallel=parallel)
        steps.start("gate_sim", f"({n_vectors} vectors, {sum(netlist.cells.values())} cells, "
                                f"{block.gate_sim})")
        vcd = block.dir / "gate.vcd"
        gate_result = simulate(block, [str(netlist.path), str(models)], tb, "gate", vcd,
                               parallel, block.gate_sim)
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
            "activity_source": (f"gate-level simulation: {block.activity_source}"
                                if rates is not None else
                                f"none (--no-gate-sim): flat {DEFAULT_ACTIVITY}"),
            "mean_activity": round(mean_activity, 4) if mean_activity is not None else None,
            "activity_cycles": cycles,
            "samples_per_cycle": block.samples_per_cycle,
            "bits_per_sample": block.bits_per_sample,
            "operating_mhz": round(f_op_mhz, 1),
            "throughput_gbps": round(gbps, 3),
            "lanes_for_100gbps": math.ceil(LINK_GBPS / gbps - 1e-9),
            **({"bins_per_cycle": block.bins_per_cycle,
                "gbins_per_s": round(block.bins_per_cycle * f_op_mhz / 1e3, 3),
                "gbins_per_s_at_fmax": round(block.bins_per_cycle * fmax / 1e3, 3)}
               if block.bins_per_cycle else {}),
            # Storage apart from logic: its flops' area; logic_area_um2 is the rest (the
            # storage's read and write multiplexers included).
            **({"storage": storage,
                "storage_bits": sum(s["bits"] for s in storage),
                "storage_flop_area_um2": round(flop_area, 3),
                "logic_area_um2": round(netlist.area_um2 - flop_area, 3),
                "storage_sram_macro_um2": round(sum(s["sram_macro_um2"] for s in storage), 1),
                "sram_um2_per_bit": round(SRAM_UM2_PER_BIT, 5),
                "sram_source": SRAM_SOURCE}
               if storage else {}),
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
        say(f"{block.name}: {name}: {netlist.area_um2:.1f} um2, {netlist.flops} flops, "
            f"worst slack {timing.worst_slack_ps:.1f} ps at {block.clock_ps:g} ps, "
            f"fmax {fmax:.1f} MHz; critical path {path.startpoint} -> {path.endpoint} "
            f"({path.levels} levels)")
    say(f"{block.name}: done in {time.monotonic() - t0:.1f} s")
    return rows
