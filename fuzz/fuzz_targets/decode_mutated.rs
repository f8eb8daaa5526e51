//! A valid seed stream (ours or x264's) with fuzzer-chosen byte edits, into
//! the golden decoder: reaches the macroblock layer far more often than raw
//! bytes, since the parameter sets and headers mostly stay intact.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tricodec_fuzz::decode_both_ways(&tricodec_fuzz::mutated_stream(data));
});
