//! mb (being written).
