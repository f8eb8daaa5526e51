//! encoder (being written).
