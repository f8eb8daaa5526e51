#!/usr/bin/env python3
"""Unit tests of the synthesis flow's own parsing and arithmetic (stdlib unittest).

Run by `make synth` before the flow: python3 -m unittest discover -s synth -p 'test_*.py'
"""

import gzip
import hashlib
import json
import lzma
import os
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
import flow  # noqa: E402  (the package synth/flow/)


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


# The block's nets are those of scope stream_tb.dut.u, as iverilog dumps it (nested scopes,
# no indentation) and Verilator (indented, other scopes too: a cell's inside, the testbench).
VCD = """$timescale 1ps $end
$scope module stream_tb $end
$var wire 1 % n1 $end
$scope module dut $end
$scope module u $end
$var wire 1 ! clk $end
$var wire 3 " bus [2:0] $end
$var wire 1 # \\esc[4] $end
   $var wire 1 $ n1 $end
   $scope module q_reg $end
    $var wire 1 % QN $end
    $var wire 1 ! clk $end
   $upscope $end
$upscope $end
$upscope $end
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
1%
#10
0!
b1 "
1#
0%
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
        # Only the block's scope: not the testbench's n1 (id %), not a cell's pins.
        self.assertNotIn("QN", rates)
        self.assertEqual(sorted(rates), ["bus[0]", "bus[1]", "bus[2]", "clk", "esc[4]", "n1"])


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


class ReuseNetlistTest(unittest.TestCase):
    """--reuse-netlist: the last Yosys run's netlist when that run had the same script and no
    source is newer; Yosys does not run."""

    def test_reuses_only_the_same_script(self):
        cells = {"INV_a": flow.CellInfo(0.5, ["Y"], False),
                 "DFF_Q": flow.CellInfo(1.25, ["QN"], True)}
        tt = flow.Corner("TT", Path("c.lib"), Path("s.lib"), 0.7, 25.0)
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.object(flow.config, "BUILD", Path(tmp)), \
                mock.patch.object(flow.yosys, "run") as run:
            block = fake_block("x")
            block.dir.mkdir()
            # A first run writes the script (Yosys itself mocked: its outputs written here).
            run.side_effect = lambda *a: [
                (block.dir / n).write_text(t) for n, t in
                (("netlist.v", NETLIST), ("netlist_attr.v", NETLIST), ("yosys.log", ""),
                 ("stat.txt", "Chip area for module x: 1.75\n"))]
            first = flow.synthesize(block, tt, cells)
            self.assertEqual(run.call_count, 1)
            again = flow.synthesize(block, tt, cells, reuse=True)
            self.assertEqual(run.call_count, 1)  # Yosys not run again
            self.assertEqual((again.area_um2, again.flops), (first.area_um2, first.flops))
            block.abc_margin_ps = 20  # another script: refused
            with self.assertRaisesRegex(flow.FlowError, "another script"):
                flow.synthesize(block, tt, cells, reuse=True)
            (block.dir / "netlist.v").unlink()
            with self.assertRaisesRegex(flow.FlowError, "no netlist.v"):
                flow.synthesize(block, tt, cells, reuse=True)


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


class LibraryDirTest(unittest.TestCase):
    """Which liberty folder the flow takes, and how it unpacks .xz/.gz/.lib."""

    def test_default_is_shared_when_present_else_vendored(self):
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.dict(os.environ, {"TRICODEC_SHARED": ""}):
            repo = Path(tmp) / "repo"
            (repo / "asap7" / "lib").mkdir(parents=True)
            # No shared folder (and no git checkout around tmp): the vendored copy.
            self.assertEqual(flow.default_lib_dir(repo), repo / "asap7" / "lib")
            shared = Path(tmp) / "shared" / "asap7" / "lib"
            shared.mkdir(parents=True)
            self.assertEqual(flow.default_lib_dir(repo), shared.resolve())
            # $TRICODEC_SHARED comes first.
            other = Path(tmp) / "elsewhere"
            (other / "asap7" / "lib").mkdir(parents=True)
            with mock.patch.dict(os.environ, {"TRICODEC_SHARED": str(other)}):
                self.assertEqual(flow.default_lib_dir(repo), (other / "asap7" / "lib").resolve())

    def test_unpacks_xz_gz_and_plain_to_the_same_bytes(self):
        text = LIB_HEADER.format(n="x") + INV.replace("{n}", "x") + "}\n"
        with tempfile.TemporaryDirectory() as tmp:
            name = "asap7sc7p5t_SIMPLE_RVT_TT_nldm_211120.lib"
            for sub, suffix, pack in (("xz", ".xz", lzma.compress), ("gz", ".gz", gzip.compress),
                                      ("plain", "", lambda b: b)):
                src_dir, out = Path(tmp) / sub, Path(tmp) / f"out_{sub}"
                src_dir.mkdir()
                out.mkdir()
                (src_dir / (name + suffix)).write_bytes(pack(text.encode()))
                src = flow.find_lib(src_dir, "SIMPLE", "TT")
                self.assertEqual(src.name, name + suffix)
                dest = flow.unpacked(src, out)
                self.assertEqual(dest, out / name)
                self.assertEqual(dest.read_text(), text)
            with self.assertRaises(flow.FlowError):
                flow.find_lib(Path(tmp) / "xz", "SEQ", "TT")

    def test_unpacks_again_when_the_source_changes(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "a_TT.lib.xz"
            src.write_bytes(lzma.compress(b"one\n"))
            dest = flow.unpacked(src, Path(tmp))
            self.assertEqual(dest.read_bytes(), b"one\n")
            dest.write_bytes(b"kept\n")  # same source: not unpacked again
            self.assertEqual(flow.unpacked(src, Path(tmp)).read_bytes(), b"kept\n")
            other = Path(tmp) / "gz"
            other.mkdir()
            (other / "a_TT.lib.gz").write_bytes(gzip.compress(b"two, longer\n"))
            self.assertEqual(flow.unpacked(other / "a_TT.lib.gz", Path(tmp)).read_bytes(),
                             b"two, longer\n")

    def test_vendored_files_are_complete_and_match_their_sums(self):
        asap7 = flow.ROOT / "asap7"
        sums = {}
        for line in (asap7 / "SHA256SUMS").read_text().splitlines():
            digest, name = line.split()
            sums[name] = digest
        for corner in flow.CORNERS:
            for kind in (*flow.COMB_KINDS, flow.SEQ_KIND):
                src = flow.find_lib(asap7 / "lib", kind, corner)
                self.assertEqual(src.suffix, ".xz")
                rel = f"lib/{src.name.removesuffix('.xz')}"
                with lzma.open(src) as f:
                    self.assertEqual(hashlib.file_digest(f, "sha256").hexdigest(), sums.pop(rel),
                                     rel)
        self.assertEqual(sums, {})  # every listed file is one the flow uses


def fake_block(name: str) -> flow.Block:
    return flow.Block(name=name, top=name, sources=[], samples_per_cycle=1, bits_per_sample=1,
                      vectors=[], inputs={}, outputs={}, clock_port="clk_i", reset_port="rst_ni",
                      handshake={}, user_ports=[], clock_ps=1000, abc_margin_ps=0,
                      rtl_sim=False, selftest=False, activity_source="")


class RunBlocksTest(unittest.TestCase):
    def test_parallel_runs_every_block_and_reports_failures_in_order(self):
        blocks = [fake_block(n) for n in ("a", "b", "c", "d")]
        running, peak, lock = set(), [0], threading.Lock()

        def work(block):
            with lock:
                running.add(block.name)
                peak[0] = max(peak[0], len(running))
            time.sleep(0.05)
            with lock:
                running.discard(block.name)
            if block.name in ("b", "d"):
                raise flow.FlowError("gate-level mismatch")
            return [{"block": block.name}]

        with mock.patch.object(flow.cli, "previous_runtimes", return_value={"c": 9.0, "a": 1.0}), \
                mock.patch.object(flow.cli, "say"):
            rows, failures = flow.run_blocks(blocks, 2, work)
        self.assertEqual(peak[0], 2)
        self.assertEqual(rows, [{"block": "a"}, {"block": "c"}])
        self.assertEqual(failures, ["b: gate-level mismatch", "d: gate-level mismatch"])

    def test_longest_last_time_starts_first(self):
        blocks = [fake_block(n) for n in ("a", "b", "c")]
        started = []
        with mock.patch.object(flow.cli, "previous_runtimes", return_value={"a": 5.0, "c": 50.0}):
            flow.run_blocks(blocks, 1, lambda b: started.append(b.name) or [])
        # b has no history (it may be new and long): first; then c, a.
        self.assertEqual(started, ["b", "c", "a"])


class ReportTest(unittest.TestCase):
    def test_reports_name_the_library_folder_and_files(self):
        corners = {c: flow.Corner(c, Path("c.lib"), Path("s.lib"), 0.7, 25.0, [f"{c}.lib.xz"])
                   for c in flow.CORNERS}
        library = ("asap7/lib", {c: k.sources for c, k in corners.items()})
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.object(flow.common, "REPORTS", Path(tmp)), \
                mock.patch.object(flow.common, "RESULTS_MD", Path(tmp) / "synth.md"), \
                mock.patch.object(flow.reports, "tool_versions", return_value={}):
            flow.write_reports([], corners, library, wall_s=90.0, jobs=2)
            summary = json.loads((Path(tmp) / "summary.json").read_text())
            md = (Path(tmp) / "synth.md").read_text()
        self.assertEqual(summary["library_dir"], "asap7/lib")
        self.assertEqual(summary["library_files"], {"TT": ["TT.lib.xz"], "SS": ["SS.lib.xz"]})
        self.assertEqual((summary["wall_s"], summary["jobs"]), (90.0, 2))
        self.assertIn("Liberty files (`ASAP7_LIB_DIR`): `asap7/lib`", md)
        self.assertIn("- SS: `SS.lib.xz`", md)
        self.assertIn("1.5 min of wall time with 2 blocks at a time", md)


class NoGateSimTest(unittest.TestCase):
    """--no-gate-sim: Yosys and OpenSTA only (no vectors, no simulation), power at the flat
    default activity, and main() writes no reports."""

    def test_block_skips_vectors_and_simulation(self):
        with tempfile.TemporaryDirectory() as tmp:
            block = fake_block("x")
            cells = {"DFF_Q": flow.CellInfo(1.25, ["QN"], True)}
            net = flow.Netlist(Path(tmp) / "n.v", {"DFF_Q": 1}, 1.25, 1,
                               {"q[0]_reg": ("DFF_Q", "y")}, {})
            timing = flow.Timing("TT", -250.0, -250.0, PATH, {"q[0]_reg": 1e-6},
                                 {"q[0]_reg": 3e-6}, 2e-6, {})
            corners = {c: flow.Corner(c, Path("c.lib"), Path("s.lib"), 0.7, 25.0)
                       for c in flow.CORNERS}
            fail = mock.Mock(side_effect=AssertionError("must not run"))
            with mock.patch.object(flow.config, "BUILD", Path(tmp)), \
                    mock.patch.object(flow.block, "make_vectors", fail), \
                    mock.patch.object(flow.block, "simulate", fail), \
                    mock.patch.object(flow.block, "synthesize", return_value=net), \
                    mock.patch.object(flow.block, "sta", return_value=timing), \
                    mock.patch.object(flow.block, "say"):
                rows = flow.synth_block(block, corners, cells, Path("m.v"), gate_sim=False)
        self.assertEqual([r["corner"] for r in rows],
                         [f"RVT {c} (0.7 V, 25 C)" for c in flow.CORNERS])
        self.assertEqual({r["fmax_mhz"] for r in rows}, {800.0})
        self.assertEqual({r["gate_level_check"] for r in rows}, {None})
        self.assertEqual({r["mean_activity"] for r in rows}, {None})
        # Power at DEFAULT_ACTIVITY: P(0) + 0.1 * (P(1) - P(0)).
        self.assertAlmostEqual(rows[0]["power_mw"], 1.2e-3)
        self.assertIn("--no-gate-sim", rows[0]["activity_source"])

    def test_main_writes_no_reports(self):
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.object(sys, "argv", ["flow.py", "--blocks", "x", "--no-gate-sim",
                                                "--report-dir", tmp]), \
                mock.patch.object(flow.common, "REPORTS", Path(tmp)), \
                mock.patch.object(flow.cli, "default_lib_dir", return_value=Path(tmp)), \
                mock.patch.object(flow.cli.shutil, "which", return_value="/bin/true"), \
                mock.patch.object(flow.cli, "load_config", return_value=[fake_block("x")]), \
                mock.patch.object(flow.cli, "prepare_corner"), \
                mock.patch.object(flow.cli, "read_cells", return_value={}), \
                mock.patch.object(flow.cli, "cell_models"), \
                mock.patch.object(flow.cli, "say"), \
                mock.patch.object(flow.cli, "synth_block", return_value=[{"block": "x"}]) as sb, \
                mock.patch.object(flow.cli, "write_reports") as wr:
            self.assertEqual(flow.cli.main(), 0)
            self.assertEqual(list(Path(tmp).iterdir()), [])
        self.assertFalse(sb.call_args.kwargs["gate_sim"])
        wr.assert_not_called()



class StorageTest(unittest.TestCase):
    """blocks.toml `storage`: the flops of each memory counted apart from logic, with the
    SRAM-macro area of their bits, in the rows and in synth.md."""

    CELLS = {"DFF_Q": flow.CellInfo(0.25, ["QN"], True), "INV_X": flow.CellInfo(0.5, ["Y"], False)}

    def netlist(self) -> flow.Netlist:
        inst = {"u.line_q[0][0]_reg": ("DFF_Q", "a"), "u.line_q[1][7]_reg": ("DFF_Q", "b"),
                "u.line_q_inv": ("INV_X", "c"),  # not a flop: logic
                "u.ctx.mem_q[3][1]_reg": ("DFF_Q", "d"), "u.state_q_reg": ("DFF_Q", "e")}
        return flow.Netlist(Path("n.v"), {"DFF_Q": 4, "INV_X": 1}, 1.5, 4, inst, {})

    def test_counts_flops_by_prefix(self):
        block = fake_block("x")
        block.storage = {"line buffer": "u.line_q", "contexts": "u.ctx.mem_q"}
        rows = flow.storage_rows(block, self.netlist(), self.CELLS)
        self.assertEqual([(r["name"], r["bits"], r["flop_area_um2"]) for r in rows],
                         [("line buffer", 2, 0.5), ("contexts", 1, 0.25)])
        self.assertAlmostEqual(rows[0]["sram_macro_um2"], round(2 * flow.SRAM_UM2_PER_BIT, 1))
        # hammer's SRAM1RW512x128: 3,307.6 um^2 for 65,536 bits.
        self.assertAlmostEqual(flow.SRAM_UM2_PER_BIT * 65536, 3307.6, places=1)

    def test_a_prefix_without_flops_is_an_error(self):
        block = fake_block("x")
        block.storage = {"gone": "u.renamed_q"}
        with self.assertRaisesRegex(flow.FlowError, "no flop named u.renamed_q"):
            flow.storage_rows(block, self.netlist(), self.CELLS)

    def rows(self, block: flow.Block, corners: dict) -> list[dict]:
        """synth_block's --no-gate-sim rows of `block` on self.netlist()."""
        timing = flow.Timing("TT", 5.0, 0.0, PATH, {}, {}, 0.0, {})
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.object(flow.config, "BUILD", Path(tmp)), \
                mock.patch.object(flow.block, "synthesize", return_value=self.netlist()), \
                mock.patch.object(flow.block, "sta", return_value=timing), \
                mock.patch.object(flow.block, "say"):
            return flow.synth_block(block, corners, self.CELLS, Path("m.v"), gate_sim=False)

    def test_rows_and_markdown_carry_the_storage(self):
        block = fake_block("x")
        block.storage = {"line buffer": "u.line_q"}
        corners = {c: flow.Corner(c, Path("c.lib"), Path("s.lib"), 0.7, 25.0)
                   for c in flow.CORNERS}
        rows = self.rows(block, corners)
        row = rows[0]
        self.assertEqual((row["storage_bits"], row["storage_flop_area_um2"],
                          row["logic_area_um2"]), (2, 0.5, 1.0))
        self.assertEqual(row["sram_source"], flow.SRAM_SOURCE)
        for r in rows:  # markdown() expects a simulated activity
            r["mean_activity"] = 0.0
        md = flow.markdown(rows, corners, 0.0)
        self.assertIn("## Storage apart from logic", md)
        self.assertIn("| x | line buffer | `u.line_q` | 2 | 0.5 |", md)
        self.assertIn("- x: 2 storage bits in 0.5 um^2 of flops", md)
        # A block without `storage` has none of the fields.
        block.storage = {}
        self.assertNotIn("storage", self.rows(block, corners)[0])


class RandomStartTest(unittest.TestCase):
    """x_initial = "random" (iverilog): the cell models' state starts at $random, not X."""

    def test_every_reg_of_the_cell_models_gets_a_random_start(self):
        cells_v = ("module DFF_Q(CLK, D, QN);\n  reg IQN;\n  always @(posedge CLK)\n"
                   "    IQN <= ~D;\n  assign QN = IQN;\nendmodule\n"
                   "module LAT(CLK, D, Q);\n  reg IQ;\nendmodule\n")
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.object(flow.testbench, "BUILD", Path(tmp)):
            (Path(tmp) / "lib").mkdir()
            cells = write(tmp, "cells_sim.v", cells_v)
            out = flow.random_start(cells, fake_block("x"))
            text = out.read_text()
        self.assertIn("  reg IQN;\n  initial IQN = $random;\n", text)
        self.assertIn("  reg IQ;\n  initial IQ = $random;\n", text)
        self.assertEqual(text.count("initial"), 2)

    def test_iverilog_reads_the_random_start_copy_only_when_asked(self):
        for x_initial, expect in (("x", "cells_sim.v"), ("random", "cells_sim_xrandom.v")):
            with tempfile.TemporaryDirectory() as tmp, \
                    mock.patch.object(flow.config, "BUILD", Path(tmp)), \
                    mock.patch.object(flow.testbench, "BUILD", Path(tmp)), \
                    mock.patch.object(flow.testbench, "stall_file", return_value=Path("s.hex")), \
                    mock.patch.object(flow.testbench, "run", return_value="PASS 1 vectors\n") as run:
                (Path(tmp) / "lib").mkdir()
                cells = write(tmp, "cells_sim.v", "module C;\n  reg IQ;\nendmodule\n")
                block = fake_block("x")
                block.x_initial = x_initial
                block.dir.mkdir()
                tb = flow.Bench("module synth_dut; endmodule\n", Path("i.hex"), Path("o.hex"),
                                {"N": 1})
                flow.simulate(block, ["net.v", str(cells)], tb, "gate")
                compile_cmd = run.call_args_list[0].args[0]
            self.assertEqual(Path(compile_cmd[-1]).name, expect, x_initial)
        block.x_initial = "zero"
        with self.assertRaisesRegex(flow.FlowError, "unknown x_initial"):
            flow.simulate(block, [], tb, "gate")


class UnpairedBenchTest(unittest.TestCase):
    """An unpaired block (the CABAC decoder: bytes in, elements out) gets its own output
    count (stream_tb's NO); a paired block's files must agree on the count."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        root = Path(self.tmp.name)
        self.vdir = root / "vectors"
        self.vdir.mkdir()
        (self.vdir / "x.in_i.hex").write_text("// header\n1\n2\n3\n")
        (self.vdir / "x.out_o.hex").write_text("a\nb\n")
        patch = mock.patch.object(flow.config, "BUILD", root)
        patch.start()
        self.addCleanup(patch.stop)
        self.ports = {p: ("input", 1) for p in ("clk_i", "rst_ni", "valid_i", "ready_i")}
        self.ports.update({"ready_o": ("output", 1), "valid_o": ("output", 1),
                           "in_i": ("input", 4), "out_o": ("output", 4)})

    def block(self, unpaired: bool) -> flow.Block:
        b = fake_block("x")
        b.inputs, b.outputs, b.unpaired = {"in_i": "x.in_i"}, {"out_o": "x.out_o"}, unpaired
        b.handshake = {"valid_in": "valid_i", "ready_in": "ready_o",
                       "valid_out": "valid_o", "ready_out": "ready_i"}
        b.dir.mkdir(parents=True, exist_ok=True)
        return b

    def test_unpaired_counts_reach_the_testbench(self):
        tb = flow.bench(self.block(True), self.ports, self.vdir)
        self.assertEqual((tb.params["N"], tb.params["NO"]), (3, 2))
        self.assertEqual(tb.in_file.read_text().split(), ["1", "2", "3"])
        self.assertEqual(tb.out_file.read_text().split(), ["a", "b"])

    def test_paired_counts_must_agree(self):
        with self.assertRaisesRegex(flow.FlowError, "disagree on the count"):
            flow.bench(self.block(False), self.ports, self.vdir)


class CabacFiguresTest(unittest.TestCase):
    """The CABAC blocks' bins_per_cycle and samples_per_cycle are copied by hand from
    docs/results/cabac.json (make cabac-report, 2.5 bits/value row): they must still match
    it, so a regenerated report cannot leave stale throughput figures in the synth reports."""

    def test_blocks_match_the_cabac_report(self):
        import json
        import tomllib
        rate = next(r for r in json.loads((flow.ROOT / "docs/results/cabac.json").read_text())
                    ["rates"] if r["target_bits_per_value"] == 2.5)
        bits_per_bin = rate["bits_per_value"] / rate["bins_per_value"]
        blocks = {b["name"]: b for b in tomllib.loads(flow.CONFIG.read_text())["block"]}
        for name, side in (("cabac_enc", "enc"), ("cabac_dec", "dec")):
            bins = rate[f"{side}_bins_per_cycle"]
            self.assertAlmostEqual(blocks[name]["bins_per_cycle"], bins, delta=0.0005, msg=name)
            self.assertAlmostEqual(blocks[name]["samples_per_cycle"], bins * bits_per_bin,
                                   delta=0.005, msg=name)


class EncoderLaneFiguresTest(unittest.TestCase):
    """encoder_lane's samples_per_cycle is copied by hand from docs/results/encoder-lane.json
    (make lane-report, mean_values_per_cycle_at_target): it must still match it."""

    def test_block_matches_the_lane_report(self):
        import json
        import tomllib
        report = json.loads((flow.ROOT / "docs/results/encoder-lane.json").read_text())
        blocks = {b["name"]: b for b in tomllib.loads(flow.CONFIG.read_text())["block"]}
        self.assertAlmostEqual(blocks["encoder_lane"]["samples_per_cycle"],
                               report["mean_values_per_cycle_at_target"], delta=0.005)


class TopsTest(unittest.TestCase):
    """synth/flow/tops.py: a tensor top composed from a lane's rows and its parts'."""

    @staticmethod
    def row(block, corner, area, power, fmax, **extra):
        return {"block": block, "corner": corner, "area_um2": area, "power_mw": power,
                "fmax_mhz": fmax, "clock_ps": 1000, "samples_per_cycle": 4,
                "activity_source": f"sim of {block}", **extra}

    def compose(self, rows, runs, parts):
        top = flow.tops.Top(name="t", lane="lane", measured="m.json", input_bits=16,
                            parts=[flow.tops.Part(*p) for p in parts],
                            reference={}, target={"die_area_mm2": 0.001})
        return flow.tops.compose(top, rows, 0.5, 16,
                                 {"lanes": 2, "max_width_mbs": 64, "runs": runs})

    def test_arithmetic(self):
        storage = [{"name": "line buffer: x", "bits": 1000},
                   {"name": "contexts", "bits": 100}]
        rows = [self.row("lane", "TT", 1000.0, 10.0, 1200.0, logic_area_um2=800.0,
                         storage=storage),
                self.row("al", "TT", 50.0, 1.0, 900.0)]
        runs = [{"set": "s", "slices": 2, "bits_per_value": 2.5, "values_per_cycle": 5.0},
                {"set": "s", "slices": 2, "bits_per_value": 2.0, "values_per_cycle": 9.0},
                {"set": "s", "slices": 1, "bits_per_value": 2.0, "values_per_cycle": 20.0}]
        (t,) = self.compose(rows, runs, [("al", "throughput", "aligner")])
        # 9 values a cycle (the 1-slice run is not one slice a lane) at 4 a copy: 3 copies.
        self.assertEqual(t["parts"][0]["count"], 3)
        self.assertEqual(t["cell_area_um2"], 2 * 1000.0 + 3 * 50.0)
        # Line buffers scale 16 -> 64 macroblocks, other memories do not.
        self.assertEqual([s["bits_per_lane"] for s in t["storage_per_lane"]], [4000, 100])
        self.assertEqual(t["storage_bits"], 2 * 4100)
        macro = 4100 * flow.SRAM_UM2_PER_BIT
        self.assertAlmostEqual(t["die_area_mm2"], (2 * (800 + macro) + 150) / 0.5 / 1e6,
                               places=4)
        self.assertEqual((t["fmax_mhz"], t["meets_timing"]), (900.0, False))
        self.assertEqual(t["power_mw"], 2 * 10.0 + 3 * 1.0)
        by_rate = {r["bits_per_value"]: r for r in t["rates"]}
        # Gb/s at fmax (900 MHz); pJ per bit at the target clock: 23 mW / (5 x 16 Gb/s).
        self.assertAlmostEqual(by_rate[2.5]["gbps"], 5 * 16 * 0.9, places=1)
        self.assertFalse(by_rate[2.5]["meets_100gbps"])
        self.assertTrue(by_rate[2.0]["meets_100gbps"])
        self.assertAlmostEqual(by_rate[2.5]["pj_per_input_bit"], 23.0 / 80.0, delta=0.001)
        md = flow.tops.markdown([t, {"top": "u", "missing": "block x has no row"}], "TT")
        self.assertIn("- **u**: not composed: block x has no row.", md)
        self.assertIn("| t | TT | 2 | 2,150 | 8.2 |", md)
        self.assertIn("(utilization 0.5; target <= 0.001: not met), 0.023 W, at most 0.29 pJ "
                      "per input bit, timing at the target clock not met.\n", md)

    def test_missing_part_or_run(self):
        rows = [self.row("lane", "TT", 1000.0, 10.0, 1200.0)]
        runs = [{"set": "s", "slices": 2, "bits_per_value": 2.5, "values_per_cycle": 5.0}]
        self.assertEqual(self.compose(rows, runs, [("al", 1, "x")]), "block al has no row at TT")
        self.assertIn("no run with one slice a lane", self.compose(rows, runs[:0], []))

    def test_the_tracked_tops_compose(self):
        """tops.toml against blocks.toml and the measured JSONs: every top names a lane
        block with a MaxWidthMbs and a measurement file that exists."""
        _, tops = flow.tops.load_tops()
        self.assertTrue(tops)
        for top in tops:
            self.assertTrue((flow.ROOT / top.measured).exists(), top.measured)
            if top.lane == "encoder_lane":
                self.assertEqual(flow.tops.lane_width(top.lane, flow.CONFIG), 16)


if __name__ == "__main__":
    unittest.main()
