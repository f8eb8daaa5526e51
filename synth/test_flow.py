#!/usr/bin/env python3
"""Unit tests of the synthesis flow's own parsing and arithmetic (stdlib unittest).

Run by `make synth` before the flow: python3 -m unittest discover -s synth -p 'test_*.py'
"""

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import flow  # noqa: E402


def write(tmp: str, name: str, text: str) -> Path:
    path = Path(tmp) / name
    path.write_text(text)
    return path


LIB_HEADER = """/* licence */
library (lib_{n}) {{
  time_unit : "1ps";
  nom_voltage : 0.7;
  nom_temperature : 25;
"""

INV = """  cell (INV_{n}) {
    area : 0.5;
    pin (A) {
      direction : input;
    }
    pin (Y) {
      direction : output;
      function : "!A";
    }
  }
"""

DFF = """  cell (DFF_Q) {
    area : 1.25;
    pin (CLK) {
      direction : input;
      clock : true;
    }
    pin (D) {
      direction : input;
    }
    pin (QN) {
      direction : output;
      function : "IQN";
    }
    ff (IQN,IQNN) {
      clocked_on : "CLK";
      next_state : "!D";
    }
  }
"""


class LibertyTest(unittest.TestCase):
    def test_merge_keeps_first_header_and_all_cells(self):
        with tempfile.TemporaryDirectory() as tmp:
            a = write(tmp, "a.lib", LIB_HEADER.format(n="a") + INV.replace("{n}", "a") + "}\n")
            b = write(tmp, "b.lib", LIB_HEADER.format(n="b") + INV.replace("{n}", "b") + "}\n")
            merged = Path(tmp) / "m.lib"
            flow.merge_liberty([a, b], merged, "merged")
            text = merged.read_text()
            self.assertIn("library (merged) {", text)
            self.assertNotIn("library (lib_b)", text)
            self.assertEqual(text.count("  cell ("), 2)
            self.assertEqual(text.count("{"), text.count("}"))
            cells = flow.read_cells([merged])
            self.assertEqual(set(cells), {"INV_a", "INV_b"})
            self.assertEqual(cells["INV_a"], flow.CellInfo(0.5, ["Y"], False))

    def test_flop_is_sequential_with_its_output(self):
        with tempfile.TemporaryDirectory() as tmp:
            lib = write(tmp, "s.lib", LIB_HEADER.format(n="s") + DFF + "}\n")
            self.assertEqual(flow.read_cells([lib])["DFF_Q"], flow.CellInfo(1.25, ["QN"], True))
            self.assertEqual(flow.lib_attr(lib.read_text(), "nom_voltage"), 0.7)


VCD = """$timescale 1ps $end
$scope module dut $end
$var wire 1 ! clk $end
$var wire 3 " bus [2:0] $end
$var wire 1 # \\esc[4] $end
$var wire 1 $ n1 $end
$upscope $end
$enddefinitions $end
#0
$dumpvars
0!
b0 "
x#
0$
$end
#5
1!
b101 "
0#
1$
0$
#10
0!
b1 "
1#
#15
1!
b11 "
#20
0!
"""


class ToggleTest(unittest.TestCase):
    def test_counts_settled_transitions_per_cycle(self):
        with tempfile.TemporaryDirectory() as tmp:
            rates, cycles = flow.toggle_rates(write(tmp, "t.vcd", VCD), "clk")
        self.assertEqual(cycles, 2)  # rising edges at 5 and 15
        self.assertEqual(rates["clk"], 4 / 2)
        # bus: 000 -> 101 -> 001 (short vector, zero-extended) -> 011
        self.assertEqual(rates["bus[2]"], 2 / 2)
        self.assertEqual(rates["bus[1]"], 1 / 2)
        self.assertEqual(rates["bus[0]"], 1 / 2)
        # x -> 0 is not a transition; 0 -> 1 is.
        self.assertEqual(rates["esc[4]"], 1 / 2)
        # 0 -> 1 -> 0 within one time step: a zero-delay glitch, not counted.
        self.assertEqual(rates["n1"], 0.0)


NETLIST = """module top(clk, a, y);
  wire _1_;
  input clk;
  input [1:0] a;
  output y;
  INV_a _5_ (
    .A(a[1]),
    .Y(_1_)
  );
  DFF_Q \\q[0]_reg  (
    .CLK(clk),
    .D(_1_),
    .QN(y)
  );
endmodule
"""


class NetlistTest(unittest.TestCase):
    def test_instances_and_output_nets(self):
        cells = {
            "INV_a": flow.CellInfo(0.5, ["Y"], False),
            "DFF_Q": flow.CellInfo(1.25, ["QN"], True),
        }
        self.assertEqual(
            flow.parse_netlist(NETLIST, cells),
            {"_5_": ("INV_a", "_1_"), "q[0]_reg": ("DFF_Q", "y")},
        )


PATH = """Startpoint: q[0]_reg (rising edge-triggered flip-flop clocked by clk)
Endpoint: r_reg (rising edge-triggered flip-flop clocked by clk)
Path Group: clk
Path Type: max

Fanout  Delay   Time   Description
------------------------------------------------------------
         0.0    0.0   clock clk (rise edge)
         0.0    0.0   clock network delay (ideal)
         0.0    0.0 ^ q[0]_reg/CLK (DFF_Q)
        50.0   50.0 v q[0]_reg/QN (DFF_Q)
    1                 y (net)
        20.0   70.0 ^ _5_/Y (INV_a)
    1                 _1_ (net)
        21.0   91.0 v _6_/Y (INV_a)
    1                 _2_ (net)
         0.0   91.0 v r_reg/D (DFF_Q)
                91.0   data arrival time
"""


class TimingTest(unittest.TestCase):
    def test_fmax_from_slack(self):
        self.assertEqual(flow.fmax_mhz(1000, 0), 1000.0)
        self.assertEqual(flow.fmax_mhz(1000, 200), 1250.0)
        self.assertEqual(flow.fmax_mhz(1000, -250), 800.0)

    def test_critical_path_levels_and_ends(self):
        cells = {
            "INV_a": flow.CellInfo(0.5, ["Y"], False),
            "DFF_Q": flow.CellInfo(1.25, ["QN"], True),
        }
        net = flow.Netlist(Path("x"), {}, 0.0, 0, {"q[0]_reg": ("DFF_Q", "y")}, {})
        cp = flow.critical_path(PATH, net, cells)
        self.assertEqual((cp.startpoint, cp.endpoint), ("q[0]_reg", "r_reg"))
        self.assertEqual(cp.arrival_ps, 91.0)
        self.assertEqual(cp.levels, 2)  # two inverters; the flop is not a level
        self.assertEqual(cp.common_cells, "2 INV_a")


ENDS = """max_delay/setup group clk

                                     Required  Actual
Endpoint                               Delay   Delay   Slack
------------------------------------------------------------
u_quant.level_q[121]_reg/D (DFFHQNx1_ASAP7_75t_R)  979.81 1597.43 -617.62 (VIOLATED)
u_inv.res_q[3]_reg/D (DFFHQNx1_ASAP7_75t_R)  979.81 990.00 -10.19 (VIOLATED)
u_quant.level_q[27]_reg/D (DFFHQNx1_ASAP7_75t_R)  979.81 1594.16 -614.35 (VIOLATED)
valid_q_reg/D (DFFHQNx1_ASAP7_75t_R)  980.00 100.00 880.00 (MET)
recon_o[97] (output)                 1000.00   64.78  935.22 (MET)
"""


class EndpointTest(unittest.TestCase):
    def test_worst_slack_per_group(self):
        self.assertEqual(
            flow.group_slacks(ENDS),
            {"u_quant": -617.62, "u_inv": -10.19, "(top)": 880.0, "(outputs)": 935.22},
        )


if __name__ == "__main__":
    unittest.main()
