//! The tricodec command line as a library: the commands (`cli`) and what a program does around
//! them (`app`). The `tricodec` binary is src/main.rs; `tricodec-rtl` (sim/) runs the same
//! `encode` command on the RTL encoder lane.

#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
