//! Typed access to the deblocking filter's core `deblock_edge` (rtl/deblock/) as a
//! [`Stream`]: one 4-line segment of one edge and its parameters in, the filtered lines out.

use crate::bits::{pack_bytes, unpack_bytes};
use crate::{Port, Sim, Stream};

/// One beat of `deblock_edge`: four lines p3 p2 p1 p0 q0 q1 q2 q3 across one edge (q0 at
/// index 4) and the edge's parameters (golden: `deblock::filter_line`'s arguments).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeblockSeg {
    /// chromaEdgeFlag (4:2:0 chroma-style filtering).
    pub chroma: bool,
    /// bS, 0..=4.
    pub bs: u8,
    /// qPav, 0..=63.
    pub qp_av: u8,
    /// FilterOffsetA, -16..=15.
    pub offset_a: i8,
    /// FilterOffsetB, -16..=15.
    pub offset_b: i8,
    /// The four lines.
    pub lines: [[u8; 8]; 4],
}

/// `deblock_edge`, or its Yosys netlist.
pub struct DeblockEdge {
    sim: Sim,
    p: [Port; 11],
}

const NAMES: [&str; 11] = [
    "valid_i",
    "ready_o",
    "chroma_i",
    "bs_i",
    "qp_av_i",
    "offset_a_i",
    "offset_b_i",
    "lines_i",
    "valid_o",
    "ready_i",
    "lines_o",
];

impl DeblockEdge {
    /// The RTL as Verilator reads it (`yosys`: as Yosys reads it).
    pub fn new(yosys: bool) -> DeblockEdge {
        let sim = Sim::new(if yosys {
            "deblock_edge_yosys"
        } else {
            "deblock_edge"
        });
        DeblockEdge {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }
}

impl Stream for DeblockEdge {
    type In = DeblockSeg;
    type Out = [[u8; 8]; 4];

    fn reset(&mut self) {
        let (valid_i, ready_i) = (self.p[0], self.p[9]);
        self.sim.reset_with(&[valid_i, ready_i]);
    }

    fn cycle(&mut self, input: Option<&DeblockSeg>, ready: bool) -> (bool, Option<[[u8; 8]; 4]>) {
        let [valid_i, ready_o, chroma_i, bs_i, qp_av_i, offset_a_i, offset_b_i, lines_i, valid_o, ready_i, lines_o] =
            self.p;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        s.set_u64(ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set_u64(chroma_i, u64::from(b.chroma));
            s.set_u64(bs_i, u64::from(b.bs));
            s.set_u64(qp_av_i, u64::from(b.qp_av));
            s.set_u64(offset_a_i, u64::from(b.offset_a as u8 & 0x1f));
            s.set_u64(offset_b_i, u64::from(b.offset_b as u8 & 0x1f));
            s.set(lines_i, &pack_bytes(b.lines.as_flattened()));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(ready_o) == 1;
        let out = (s.get_u64(valid_o) == 1).then(|| {
            let v = unpack_bytes(&s.get(lines_o), 32);
            std::array::from_fn(|l| std::array::from_fn(|i| v[8 * l + i]))
        });
        s.tick();
        (accepted, out)
    }
}
