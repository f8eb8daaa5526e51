//! Typed access to the slice header writer `slice_header_write` (rtl/bitstream/): one header's
//! fields in, its bytes out.

use crate::{Port, Rng, Sim, Stalls};
use vectors::nal::HeaderIn;

/// `slice_header_write` (AW = 19).
pub struct SliceHeaderWrite {
    sim: Sim,
    p: [Port; 10],
}

const NAMES: [&str; 10] = [
    "valid_i",
    "ready_o",
    "first_mb_i",
    "idr_pic_id_i",
    "qp_delta_i",
    "idc_i",
    "valid_o",
    "ready_i",
    "byte_o",
    "last_o",
];

impl Default for SliceHeaderWrite {
    fn default() -> Self {
        Self::new()
    }
}

impl SliceHeaderWrite {
    /// The RTL as Verilator reads it.
    pub fn new() -> SliceHeaderWrite {
        let sim = Sim::new("slice_header_write");
        SliceHeaderWrite {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }

    /// Writes each header in turn (with the stall pattern on the output) and returns each one's
    /// bytes, split at `last_o`; checks that a stalled byte holds still.
    pub fn run(&mut self, headers: &[HeaderIn], stalls: Stalls, rng: &mut Rng) -> Vec<Vec<u8>> {
        let [valid_i, ready_o, first_mb_i, idr_pic_id_i, qp_delta_i, idc_i, valid_o, ready_i, byte_o, last_o] =
            self.p;
        self.sim.reset_with(&[valid_i, ready_i]);
        let (mut next, mut out, mut cur) = (0, Vec::new(), Vec::new());
        let mut held: Option<(u64, u64)> = None;
        let mut cycles = 0;
        while out.len() < headers.len() {
            cycles += 1;
            assert!(cycles < 100 + 40 * headers.len(), "no progress");
            let (v, r) = stalls.draw(rng);
            let offer = v && next < headers.len();
            let s = &mut self.sim;
            if offer {
                let h = &headers[next];
                s.set_u64(first_mb_i, u64::from(h.first_mb));
                s.set_u64(idr_pic_id_i, u64::from(h.idr_pic_id));
                s.set_u64(qp_delta_i, (h.qp_delta as u64) & 0x3f);
                s.set_u64(idc_i, u64::from(h.idc));
            }
            s.set_u64(valid_i, u64::from(offer));
            s.set_u64(ready_i, u64::from(r));
            s.eval();
            if offer && s.get_u64(ready_o) == 1 {
                next += 1;
            }
            let shown = (s.get_u64(valid_o) == 1).then(|| (s.get_u64(byte_o), s.get_u64(last_o)));
            if let Some(h) = held.take() {
                assert_eq!(shown, Some(h), "a stalled byte changed or vanished");
            }
            if let Some((b, last)) = shown {
                if r {
                    cur.push(b as u8);
                    if last == 1 {
                        out.push(std::mem::take(&mut cur));
                    }
                } else {
                    held = Some((b, last));
                }
            }
            s.tick();
        }
        out
    }
}
