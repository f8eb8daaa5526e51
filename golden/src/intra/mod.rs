//! intra (being written).
