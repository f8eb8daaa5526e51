//! Arbitrary bytes into the golden decoder: any result but a panic, a hang
//! (libFuzzer -timeout) or a huge allocation (-rss_limit_mb).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tricodec_fuzz::decode_both_ways(data);
});
