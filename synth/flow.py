#!/usr/bin/env python3
"""`make synth`: ASAP7 synthesis, gate-level check, timing and power per block.

The flow is the package synth/flow/ (its __init__ describes the steps); this file keeps
`python3 synth/flow.py [--blocks ..] [--jobs N] ...` working.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flow.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
