//! Several simulations in one thread (as `cabac-report` holds the CABAC encoder and decoder):
//! each Verilated model runs in its own context, and freeing the newer one first must leave
//! the older one working and freeable. Before sim.cpp made each simulation's context current
//! on every call, the older model's destructor reached the freed context and hung.

use sim::Sim;

#[test]
fn the_newer_simulation_freed_first() {
    let mut older = Sim::new("chroma_dc_lane");
    let mut newer = Sim::new("luma_dc_lane");
    for s in [&mut older, &mut newer] {
        s.set_reset(true);
        s.eval();
        s.tick();
        s.set_reset(false);
        s.eval();
    }
    drop(newer);
    // The older one still simulates after the newer one is gone, and frees cleanly.
    older.eval();
    older.tick();
    let ready = older.port("ready_o");
    let _ = older.get_u64(ready);
    drop(older);
}
