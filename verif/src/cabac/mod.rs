//! The CABAC blocks' vectors: one shared source of slices ([`traces`]: tensor pictures,
//! golden's slice traces, synthetic I_PCM and random-syntax slices), the per-block beat
//! formats and expected results made from them ([`bin`]: binarizer, [`engine`]: encoding
//! engine, [`dec`]: decoder), and the ROM modules generated from golden's tables ([`roms`]).

pub mod bin;
pub mod dec;
pub mod engine;
pub mod roms;
pub mod traces;
