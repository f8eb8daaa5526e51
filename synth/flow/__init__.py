"""`make synth`: ASAP7 synthesis, gate-level check, timing and power per block.

For each block of synth/blocks.toml:
  1. its `vectors` command writes golden-model test vectors (hex files);
  2. Yosys maps the RTL onto the ASAP7 RVT cells (TT liberty), ABC buffering
     and sizing for the target clock;
  3. iverilog or Verilator (the block's `gate_sim`) streams every vector
     through the netlist (cell models written
     by Yosys from the liberty `function` and `ff` groups) with the testbench
     synth/tb/stream_tb.sv and a wrapper generated from the netlist's ports;
     every output must equal the golden one, or the flow fails. The
     streaming run's VCD gives each net's activity;
  4. OpenSTA times the netlist at each corner (TT headline, SS) and gives each
     cell's power, taken at its simulated output activity;
  5. synth/reports/summary.json and docs/results/synth.md collect the numbers.

Python 3.11 standard library only. Environment: ASAP7_LIB_DIR (default:
asap7/lib in the shared folder when there is one, found as
scripts/bootstrap.sh finds it: $TRICODEC_SHARED, else ../shared next to the
repository or next to the main checkout of a worktree; else the copy vendored
in the repository, asap7/lib), YOSYS, STA, IVERILOG, VVP, VERILATOR. `--jobs N` runs N
blocks at a time.

Modules, one per step: common (paths, tools, helpers), config (blocks.toml),
liberty (ASAP7 files, cells), yosys (synthesis, netlist parsing), testbench
(vectors, the gate-level check), vcd (activity), sta (timing, power, critical
path), block (one block through every step), reports (summary.json, synth.md),
tops (the tensor tops composed from the rows, synth/tops.toml), cli (the command line: `python3 synth/flow.py`). The report paths, which
--report-dir changes, are read as `common.REPORTS` / `common.RESULTS_MD`.
"""

from .common import (  # noqa: F401
    ROOT, SYNTH, BUILD, TRACKED_SUMMARY, CONFIG, YOSYS, STA, IVERILOG,
    VVP, VERILATOR, COMB_KINDS, SEQ_KIND, CORNERS, HEADLINE_CORNER, BUF_CELL, TIEHI_CELL, TIELO_CELL,
    OUTPUT_LOAD_FF, DEFAULT_ACTIVITY, LINK_GBPS, SRAM_UM2_PER_BIT, SRAM_SOURCE, FlowError, say, run, both,
)
from .config import Block, load_config  # noqa: F401
from .liberty import (  # noqa: F401
    Corner, CellInfo, shared_lib_dir, default_lib_dir, OPENERS, find_lib, unpacked,
    split_library, merge_liberty, lib_attr, prepare_corner, read_cells, cell_models,
)
from .yosys import (  # noqa: F401
    Netlist, synthesize, INSTANCE_RE, PIN_RE, norm, parse_netlist, parse_src, PORT_RE,
    netlist_ports,
)
from .testbench import (  # noqa: F401
    make_vectors, STREAM_TB, STALLS, STALLS_CMD, stall_file, read_vectors, Bench, bench,
    simulate, random_start, verilate,
)
from .vcd import toggle_rates  # noqa: F401
from .sta import (  # noqa: F401
    Timing, sta, ENDPOINT_RE, group_slacks, read_instance_power, activity_power, CriticalPath,
    PATH_PIN_RE, critical_path, fmax_mhz,
)
from .block import Steps, storage_rows, synth_block  # noqa: F401
from .reports import merged_rows, shown_path, write_reports, tool_versions, markdown  # noqa: F401
from . import tops  # noqa: F401,E402
from .cli import previous_runtimes, run_blocks, main  # noqa: F401
