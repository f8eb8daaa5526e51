"""The gate-level check: the block's vectors, the wrapper that puts its ports on the buses of
synth/tb/stream_tb.sv, and the simulator runs (iverilog or Verilator, the block's `gate_sim`)
with and without stalls."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .common import BUILD, FlowError, IVERILOG, SYNTH, VERILATOR, VVP, both, run
from .config import Block


def make_vectors(block: Block) -> Path:
    vdir = block.dir / "vectors"
    vdir.mkdir(parents=True, exist_ok=True)
    cmd = [arg.replace("{dir}", str(vdir)) for arg in block.vectors]
    run(cmd, block.dir / "vectors.log")
    return vdir


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
    # An unpaired block's inputs and outputs agree on a count among themselves only.
    groups = [block.inputs, block.outputs] if block.unpaired else [data]
    for g in groups:
        sel = [counts[p] for p in g]
        if min(sel) == 0 or any(c != sel[0] for c in sel):
            raise FlowError(f"{block.name}: vector files disagree on the count: {counts}")
    n = counts[next(iter(block.inputs))]
    n_out = counts[next(iter(block.outputs))]
    if block.unpaired and block.stall_vectors:
        raise FlowError(f"{block.name}: stall_vectors needs paired inputs and outputs")

    def concat(names: list[str], dest: Path) -> int:
        bits = sum(ports[p][1] for p in names)
        lines = []
        for k in range(counts[names[0]]):
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
                 {"IW": iw, "OW": ow, "UW": uw, "USER": int(bool(block.user_ports)), "N": n,
                  "NO": n_out})


def simulate(block: Block, design: list[str], tb: Bench, tag: str,
             vcd: Path | None = None, parallel: bool = False, simulator: str = "iverilog") -> str:
    """Runs the testbench with and without stalls (at once when `parallel`) on `simulator`
    ("iverilog": 4-state, an X is a mismatch, the flops starting at X or, with the block's
    x_initial "random", at $random values; "verilator": 2-state, every flop and memory
    starting at random values, a different seed in each run, so a state that reset does
    not set shows up as a mismatch instead of an X); raises unless both PASS."""
    if block.x_initial not in ("x", "random"):
        raise FlowError(f"{block.name}: unknown x_initial {block.x_initial!r} (x, random)")
    wrapper = block.dir / f"{tag}_dut.v"
    wrapper.write_text(tb.wrapper)
    if simulator == "iverilog":
        if block.x_initial == "random":
            design = [str(random_start(Path(f), block)) if Path(f).name == "cells_sim.v" else f
                      for f in design]
        exe = block.dir / f"{tag}.vvp"
        params = [f"-Pstream_tb.{k}={v}" for k, v in tb.params.items()]
        run([IVERILOG, "-g2012", "-o", str(exe), "-s", "stream_tb", *params, str(STREAM_TB),
             str(wrapper), *design], block.dir / f"{tag}_compile.log")
        command = [VVP, "-n", str(exe)]
    elif simulator == "verilator":
        command = [str(verilate(block, [str(STREAM_TB), str(wrapper), *design], tb, tag))]
    else:
        raise FlowError(f"{block.name}: unknown gate_sim {simulator!r} (iverilog, verilator)")
    stalls = stall_file(block)

    def one(stall: int) -> str:
        args = [*command, f"+in={tb.in_file}", f"+out={tb.out_file}"]
        if simulator == "verilator":
            args += ["+verilator+rand+reset+2", f"+verilator+seed+{stall + 1}"]
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

    return f"{simulator}: " + "; ".join(both(one, (0, 1), parallel))


def random_start(cells: Path, block: Block) -> Path:
    """A copy of the cell models whose state (each `reg`: the flops' and latches' IQ / IQN)
    starts at a $random value instead of X (blocks.toml `x_initial = "random"`, iverilog).
    The sequence of $random is iverilog's own, the same in every run."""
    out = BUILD / "lib" / "cells_sim_xrandom.v"
    if not out.exists() or out.stat().st_mtime < cells.stat().st_mtime:
        text = re.sub(r"^(\s*)reg (\w+);$", r"\1reg \2;\n\1initial \2 = $random;",
                      cells.read_text(), flags=re.M)
        # Written aside and renamed: two blocks (--jobs 2) may get here at once.
        tmp = out.with_name(f"{out.name}.{block.name}")
        tmp.write_text(text)
        tmp.replace(out)
    return out


def verilate(block: Block, files: list[str], tb: Bench, tag: str) -> Path:
    """Builds stream_tb with Verilator (--binary --timing: the testbench's delays and
    events as written) and returns the executable. Tracing covers the block's nets, not
    the cells' insides (the cell models are read through a copy marked `tracing_off`);
    `--trace-underscore` keeps Yosys's `_0123_` nets. Warnings are not errors: the
    netlist and the cell models are generated, and the RTL was linted before synthesis."""
    cells = [f for f in files if Path(f).name == "cells_sim.v"]
    files = [f for f in files if f not in cells]
    for c in cells:
        quiet = BUILD / "lib" / "cells_sim_notrace.v"
        if not quiet.exists() or quiet.stat().st_mtime < Path(c).stat().st_mtime:
            # Written aside and renamed: two blocks (--jobs 2) may get here at once.
            tmp = quiet.with_name(f"{quiet.name}.{block.name}")
            tmp.write_text("// verilator tracing_off\n" + Path(c).read_text())
            tmp.replace(quiet)
        files.append(str(quiet))
    mdir = block.dir / f"{tag}_verilator"
    params = [f"-G{k}={v}" for k, v in tb.params.items()]
    run([VERILATOR, "--binary", "--timing", "--top-module", "stream_tb", *params,
         "--Mdir", str(mdir), "-o", "sim", "--trace", "--trace-underscore",
         # g++ without optimization: a large netlist's model is hundreds of MB of C++
         # (cabac_enc: 241 MB), and its runs (thousands of cycles) still take seconds.
         "--build-jobs", "2", "-MAKEFLAGS", "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0",
         "--x-assign", "unique", "--x-initial", "unique",
         "-Wno-fatal", "-Wno-lint", "-Wno-style", *files], block.dir / f"{tag}_compile.log")
    return mdir / "sim"
