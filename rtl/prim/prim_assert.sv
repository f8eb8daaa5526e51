// Assertion macros of the RTL (no module: listed first in files.f, so that every later source
// sees them). Concurrent SVA, clocked by clk_i and disabled in reset (rst_ni low), in the scope
// of the module that uses them. Checked by Verilator with --assert (sim/build.rs: a failed
// assertion stops the simulation and fails the cargo test). Synthesis defines SYNTHESIS (Yosys
// does by default), which makes them empty: Yosys 0.23 does not parse concurrent assertions.
//
//   `ASSERT(Name_A, property)        property holds at every clock edge out of reset
//   `ASSERT_KNOWN(Name_A, signal)    signal carries no X or Z out of reset (checked by 4-state
//                                    simulators; in 2-state Verilator it cannot fail)
//   `ASSERT_STABLE_STALL(Name_A, valid, ready, data)
//                                    a stream output offered and not taken (valid high, ready
//                                    low) is offered again in the next cycle with the same data
`ifndef PRIM_ASSERT_SV
`define PRIM_ASSERT_SV

`ifndef SYNTHESIS
`define ASSERT(__name, __prop) \
  __name: assert property (@(posedge clk_i) disable iff (!rst_ni) (__prop)) \
    else $error("%m: assertion %s failed", `"__name`");
`define ASSERT_KNOWN(__name, __sig) \
  `ASSERT(__name, !$isunknown(__sig))
`define ASSERT_STABLE_STALL(__name, __valid, __ready, __data) \
  `ASSERT(__name, (__valid) && !(__ready) |=> (__valid) && $stable(__data))
`else
`define ASSERT(__name, __prop)
`define ASSERT_KNOWN(__name, __sig)
`define ASSERT_STABLE_STALL(__name, __valid, __ready, __data)
`endif

`endif
