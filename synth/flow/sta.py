"""Static timing and power with OpenSTA, and the critical path in cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .common import BUF_CELL, DEFAULT_ACTIVITY, FlowError, OUTPUT_LOAD_FF, STA, run
from .config import Block
from .liberty import CellInfo, Corner
from .yosys import Netlist, norm


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


def fmax_mhz(clock_ps: float, worst_slack_ps: float) -> float:
    """fmax = 1e6 / (clock_ps - worst_slack_ps) MHz: the period the worst
    path needs (slack < 0: more than the clock; slack > 0: less)."""
    return 1e6 / (clock_ps - worst_slack_ps)
