//! cabac (being written).
