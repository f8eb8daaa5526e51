//! Typed access to the encoder lane's neighbour store `intra_edges` (rtl/encoder/): driven with
//! golden's macroblocks in coding order, it must give each one the neighbours golden predicted
//! from.

use crate::bits::{pack_bytes, unpack_bytes};
use crate::{Port, Sim};
use vectors::intra::{DecideIn, MbCase};

/// `intra_edges` (MaxWidthMbs = 480).
pub struct IntraEdges {
    sim: Sim,
    p: [Port; 13],
}

const NAMES: [&str; 13] = [
    "rd_i",
    "rd_x_i",
    "rd_y_i",
    "rd_addr_i",
    "slice_first_i",
    "width_i",
    "top_o",
    "left_o",
    "corner_o",
    "avail_o",
    "wr_i",
    "wr_x_i",
    "recon_i",
];

impl Default for IntraEdges {
    fn default() -> Self {
        Self::new()
    }
}

impl IntraEdges {
    /// The RTL as Verilator reads it.
    pub fn new() -> IntraEdges {
        let sim = Sim::new("intra_edges");
        IntraEdges {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }

    /// For each macroblock in order: reads its neighbours (compared with the case's decision
    /// input), then writes golden's reconstruction of it. Returns the neighbours read, in
    /// `DecideIn` form (source samples zero).
    pub fn run(&mut self, cases: &[MbCase]) -> Vec<DecideIn> {
        let [rd_i, rd_x_i, rd_y_i, rd_addr_i, slice_first_i, width_i, top_o, left_o, corner_o, avail_o, wr_i, wr_x_i, recon_i] =
            self.p;
        let mut out = Vec::with_capacity(cases.len());
        for c in cases {
            let s = &mut self.sim;
            let (x, y) = (c.addr % c.width, c.addr / c.width);
            s.set_u64(rd_i, 1);
            s.set_u64(wr_i, 0);
            s.set_u64(rd_x_i, x as u64);
            s.set_u64(rd_y_i, y as u64);
            s.set_u64(rd_addr_i, c.addr as u64);
            s.set_u64(slice_first_i, c.slice_first as u64);
            s.set_u64(width_i, c.width as u64);
            s.eval();
            s.tick();
            s.set_u64(rd_i, 0);
            s.eval();
            let mut got = DecideIn {
                src: [0; 384],
                top: [0; 32],
                left: [0; 32],
                corner: [0; 3],
                avail: s.get_u64(avail_o) as u8,
                chroma: c.input.chroma,
            };
            got.top.copy_from_slice(&unpack_bytes(&s.get(top_o), 32));
            got.left.copy_from_slice(&unpack_bytes(&s.get(left_o), 32));
            got.corner
                .copy_from_slice(&unpack_bytes(&s.get(corner_o), 3));
            out.push(got);
            s.set_u64(wr_i, 1);
            s.set_u64(wr_x_i, x as u64);
            s.set(recon_i, &pack_bytes(&c.recon));
            s.eval();
            s.tick();
            s.set_u64(wr_i, 0);
        }
        out
    }
}
