//! decoder (being written).
