//! deblock (being written).
