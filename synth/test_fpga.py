#!/usr/bin/env python3
"""Unit tests of the FPGA flow's tables and report parsing (synth/flow/fpga.py; stdlib unittest).

Run by `make fpga` before the flow, and with the ASAP7 flow's tests by `make synth`:
python3 -m unittest discover -s synth -p 'test_*.py'
"""

import sys
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flow import fpga  # noqa: E402
from flow.common import FlowError  # noqa: E402

# nextpnr-ecp5 0.11's --report, trimmed.
REPORT = {
    "utilization": {
        "DP16KD": {"available": 208, "used": 6},
        "MULT18X18D": {"available": 156, "used": 0},
        "TRELLIS_COMB": {"available": 83640, "used": 2899},
        "TRELLIS_FF": {"available": 83640, "used": 2561},
        "TRELLIS_IO": {"available": 365, "used": 0},
    },
    "fmax": {"clk_i": {"achieved": 97.16284942626953, "constraint": 100}},
}


class ReportTest(unittest.TestCase):
    def test_report(self):
        got = fpga.parse_report(REPORT)
        self.assertTrue(got["fits"])
        self.assertEqual(got["fmax_mhz"], 97.16)
        self.assertEqual(got["freq_target_mhz"], 100)
        self.assertEqual((got["lut"], got["lut_available"]), (2899, 83640))
        self.assertEqual((got["ff"], got["bram"], got["dsp"]), (2561, 6, 0))
        self.assertEqual(got["lutram"], 0)  # not in the report: none used

    def test_slowest_clock(self):
        two = {**REPORT, "fmax": {"a": {"achieved": 50.0, "constraint": 25},
                                  "b": {"achieved": 40.0, "constraint": 25}}}
        self.assertEqual(fpga.parse_report(two)["clock"], "b")

    def test_no_clock(self):
        with self.assertRaises(FlowError):
            fpga.parse_report({"utilization": {}, "fmax": {}})

    def test_stat(self):
        stat = {"design": {"num_cells_by_type": {"LUT4": 3, "TRELLIS_FF": 2}}}
        self.assertEqual(fpga.parse_stat(stat), {"LUT4": 3, "TRELLIS_FF": 2})


# The end of nextpnr's log for a design larger than the device (the encoder lane), trimmed.
NO_FIT_LOG = """Info: Device utilisation:
Info: 	          TRELLIS_IO:       0/    365     0%
Info: 	              DP16KD:       4/    208     1%
Info: 	          MULT18X18D:     239/    156   153%
Info: 	          TRELLIS_FF:   45356/  83640    54%
Info: 	        TRELLIS_COMB:  121200/  83640   144%
Info: 	        TRELLIS_RAMW:     143/  10455     1%

Info: Placed 0 cells based on constraints.
ERROR: Unable to place cell 'u_x_MULT18X18D_P7', no BELs remaining to implement cell type 'MULT18X18D'
0 warnings, 1 error
"""


class NoFitTest(unittest.TestCase):
    def test_no_fit(self):
        got = fpga.parse_no_fit(NO_FIT_LOG)
        self.assertFalse(got["fits"])
        self.assertIsNone(got["fmax_mhz"])
        self.assertEqual((got["lut"], got["lut_available"]), (121200, 83640))
        self.assertEqual((got["dsp"], got["dsp_available"]), (239, 156))
        self.assertEqual((got["ff"], got["bram"], got["lutram"]), (45356, 4, 143))
        self.assertIn("MULT18X18D", got["error"])

    def test_packed_within_the_device(self):
        got = fpga.packed(NO_FIT_LOG, "not placed and routed in 600 s", fits=True)
        self.assertTrue(got["fits"])
        self.assertIsNone(got["fmax_mhz"])
        self.assertEqual(got["lut"], 121200)

    def test_other_errors_are_not_a_size(self):
        self.assertIsNone(fpga.parse_no_fit("ERROR: Failed to route net x\n"))

    def test_yosys_seconds(self):
        log = "...\nEnd of script. Logfile hash: 0f44504d6a, time: 23.20s, user: 23.20s\n"
        self.assertEqual(fpga.yosys_seconds(log), 23.2)


class TableTest(unittest.TestCase):
    def test_blocks_from_the_asap7_tables(self):
        device, blocks, bit = fpga.load()
        names = [b.block.name for b in blocks]
        self.assertIn("encoder_lane", names)
        lane = blocks[names.index("encoder_lane")]
        self.assertEqual(lane.block.top, "enc_lane_stream")  # blocks.toml's wrapper
        script = fpga.yosys_script(lane)
        self.assertIn("chparam -set MaxWidthMbs 16 enc_lane_stream", script)
        self.assertIn("synth_ecp5 -top enc_lane_stream -json build/fpga/encoder_lane/", script)
        self.assertIsNotNone(bit)
        self.assertTrue((fpga.ROOT / bit.lpf).exists())
        self.assertEqual(bit.freq_mhz, 25)
        self.assertEqual(blocks[names.index("dec_lane_i16")].router, "router2")
        self.assertIsNotNone(blocks[names.index("dec_lane_i16")].timeout_s)
        self.assertEqual(lane.router, device["router"])

    def test_paths_relative(self):
        # The YoWASP tools see only the repository root: no absolute path but the tool's own.
        device, blocks, bit = fpga.load()
        for fb in blocks + [bit]:
            with mock.patch.object(fpga, "tool", lambda name: name):  # no venv needed here
                cmd = fpga.nextpnr_command(fb, device)
            self.assertFalse([a for a in cmd if a.startswith("/")], cmd)
            self.assertEqual("--out-of-context" in cmd, not fb.lpf)
            self.assertFalse([w for w in fpga.yosys_script(fb).split() if w.startswith("/")])


if __name__ == "__main__":
    unittest.main()
