//! bitstream (being written).
