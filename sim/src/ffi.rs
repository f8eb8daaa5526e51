//! The C ABI of `csrc/sim.cpp` and the safe [`Sim`] handle over it.
//!
//! This is the only module with `unsafe`: each call passes a handle that [`Sim`] owns (created
//! by `tc_sim_new`, freed once in `Drop`) and word buffers whose length is checked against the
//! port width first.

use std::ffi::{c_char, c_void, CString};
use std::ptr::NonNull;

extern "C" {
    fn tc_sim_new(model: *const c_char) -> *mut c_void;
    fn tc_sim_free(h: *mut c_void);
    fn tc_sim_port(h: *mut c_void, name: *const c_char) -> i32;
    fn tc_sim_port_width(h: *mut c_void, idx: i32) -> i32;
    fn tc_sim_set(h: *mut c_void, idx: i32, words: *const u32);
    fn tc_sim_get(h: *mut c_void, idx: i32, words: *mut u32);
    fn tc_sim_reset(h: *mut c_void, active: i32);
    fn tc_sim_eval(h: *mut c_void);
    fn tc_sim_tick(h: *mut c_void);
}

/// A port of a simulated top: index and width, resolved once by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Port {
    idx: i32,
    width: u32,
    input: bool,
}

impl Port {
    /// Width in bits.
    pub fn width(self) -> u32 {
        self.width
    }

    /// Number of 32-bit words that hold the port.
    pub fn words(self) -> usize {
        self.width.div_ceil(32) as usize
    }
}

/// One Verilated top with its own Verilator context (so simulations in different test threads
/// are independent).
pub struct Sim {
    h: NonNull<c_void>,
}

// The handle is exclusively owned and the C++ side keeps no thread-local state per model.
unsafe impl Send for Sim {}

impl Sim {
    /// A fresh simulation of `model` (a top listed in build.rs); panics on an unknown name.
    pub fn new(model: &str) -> Sim {
        let name = CString::new(model).expect("model name");
        // SAFETY: `name` is a valid C string for the duration of the call.
        let h = unsafe { tc_sim_new(name.as_ptr()) };
        Sim {
            h: NonNull::new(h).unwrap_or_else(|| panic!("no simulated top named {model} (not in build.rs, or left out by TRICODEC_SIM_TOPS)")),
        }
    }

    /// The port `name`; panics if the top has none.
    pub fn port(&self, name: &str) -> Port {
        let c = CString::new(name).expect("port name");
        // SAFETY: live handle, valid C string.
        let idx = unsafe { tc_sim_port(self.h.as_ptr(), c.as_ptr()) };
        assert!(idx >= 0, "no port {name}");
        // SAFETY: live handle, index returned by tc_sim_port.
        let w = unsafe { tc_sim_port_width(self.h.as_ptr(), idx) };
        Port {
            idx,
            width: w.unsigned_abs(),
            input: w > 0,
        }
    }

    /// Sets an input port from words (least significant first); bits above the width must be
    /// zero (checked).
    pub fn set(&mut self, p: Port, words: &[u32]) {
        assert!(p.input, "set on an output port");
        assert_eq!(
            words.len(),
            p.words(),
            "word count of a {}-bit port",
            p.width
        );
        let spare = p.words() as u32 * 32 - p.width;
        if spare > 0 {
            assert_eq!(
                words[words.len() - 1] >> (32 - spare),
                0,
                "bits above the port width"
            );
        }
        // SAFETY: live handle, index of this handle's port, `words` holds the port's words.
        unsafe { tc_sim_set(self.h.as_ptr(), p.idx, words.as_ptr()) }
    }

    /// Sets a port of at most 64 bits.
    pub fn set_u64(&mut self, p: Port, v: u64) {
        assert!(
            p.width <= 64 && (p.width == 64 || v >> p.width == 0),
            "value too wide"
        );
        let w = [v as u32, (v >> 32) as u32];
        self.set(p, &w[..p.words()]);
    }

    /// Reads a port into words (least significant first).
    pub fn get(&self, p: Port) -> Vec<u32> {
        let mut w = vec![0u32; p.words()];
        // SAFETY: live handle, index of this handle's port, `w` holds the port's words.
        unsafe { tc_sim_get(self.h.as_ptr(), p.idx, w.as_mut_ptr()) };
        w
    }

    /// Reads a port of at most 64 bits.
    pub fn get_u64(&self, p: Port) -> u64 {
        assert!(p.width <= 64);
        let w = self.get(p);
        w.iter()
            .rev()
            .fold(0u64, |acc, &x| (acc << 32) | u64::from(x))
    }

    /// Drives rst_ni low (`active`) or high.
    pub fn set_reset(&mut self, active: bool) {
        // SAFETY: live handle.
        unsafe { tc_sim_reset(self.h.as_ptr(), i32::from(active)) }
    }

    /// Drives the ports `low` to 0, holds reset for two cycles, releases it and settles.
    pub fn reset_with(&mut self, low: &[Port]) {
        for &p in low {
            self.set_u64(p, 0);
        }
        self.set_reset(true);
        for _ in 0..2 {
            self.eval();
            self.tick();
        }
        self.set_reset(false);
        self.eval();
    }

    /// Settles the combinational logic with the clock low.
    pub fn eval(&mut self) {
        // SAFETY: live handle.
        unsafe { tc_sim_eval(self.h.as_ptr()) }
    }

    /// One rising clock edge.
    pub fn tick(&mut self) {
        // SAFETY: live handle.
        unsafe { tc_sim_tick(self.h.as_ptr()) }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        // SAFETY: the handle came from tc_sim_new and is freed exactly once.
        unsafe { tc_sim_free(self.h.as_ptr()) }
    }
}
