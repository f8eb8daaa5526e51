//! Shared pieces of the fuzz targets: the seed streams and the mutator.

pub mod mutate;

/// Valid streams the `decode_mutated` target starts from (fuzz/seeds/h264/,
/// written by `tests/robustness.rs`'s ignored `regenerate_fuzz_seeds`), in
/// file-name order, the order `tests/robustness.rs` reads them in.
pub const SEEDS: [&[u8]; 6] = [
    include_bytes!("../seeds/h264/ours_400_8x8_slices_deblock.264"),
    include_bytes!("../seeds/h264/ours_420_8x8_slices_deblock_aq.264"),
    include_bytes!("../seeds/h264/ours_420_cropped_i16.264"),
    include_bytes!("../seeds/h264/ours_pcm_420_2slices.264"),
    include_bytes!("../seeds/h264/x264_400_slices.264"),
    include_bytes!("../seeds/h264/x264_420.264"),
];

/// The stream a `decode_mutated` input stands for: byte 0 picks the seed,
/// the rest are mutations (see [`mutate::mutate`]).
pub fn mutated_stream(data: &[u8]) -> Vec<u8> {
    match data.split_first() {
        Some((&k, spec)) => mutate::mutate(SEEDS[usize::from(k) % SEEDS.len()], spec),
        None => SEEDS[0].to_vec(),
    }
}

/// Decodes `stream` twice: as a whole (stopping at the first error), and
/// unit by unit the way a player that skips rejected units would, so that
/// the state an error leaves behind is exercised too. Results are dropped:
/// only a panic, hang or runaway allocation is a finding.
pub fn decode_both_ways(stream: &[u8]) {
    use golden::bitstream::nal::split_annexb;
    use golden::decoder::Decoder;
    let _ = Decoder::decode_stream(stream);
    let mut d = Decoder::new();
    for unit in split_annexb(stream) {
        let _ = d.decode_nal(unit);
    }
    let _ = d.flush();
}
