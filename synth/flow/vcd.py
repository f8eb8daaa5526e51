"""Switching activity from a VCD dump (transitions per clock cycle of each net)."""

from __future__ import annotations

from pathlib import Path

from .common import FlowError
from .yosys import norm


def toggle_rates(vcd: Path, clock: str, scope: tuple[str, ...] = ("dut", "u")
                 ) -> tuple[dict[str, float], int]:
    """Transitions per clock cycle of each net declared in the dumped scope whose path
    ends with `scope` (the block's instance in synth/tb/stream_tb.sv; iverilog dumps that
    scope alone, Verilator every scope it traces, indented).

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

    path: list[str] = []
    with open(vcd) as f:
        in_header = True
        for line in f:
            if in_header:
                line = line.strip()
                if line.startswith("$scope"):
                    path.append(line.split()[2])
                elif line.startswith("$upscope"):
                    path.pop()
                elif line.startswith("$var") and tuple(path[-len(scope):]) == scope:
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
