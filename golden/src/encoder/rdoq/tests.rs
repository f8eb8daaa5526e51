use super::*;
use crate::cabac::rate::ContextRates;
use crate::cabac::{BinSink, Context};
use crate::quant::{self, Deadzone};
use crate::transform;
use proptest::prelude::*;

/// Rates from random context states (any pStateIdx 0..=62, any MPS), so the
/// trellis is checked against contexts far from the initial ones.
fn random_rates(seed: u64) -> ContextRates {
    let mut s = seed | 1;
    let mut states = [Context::default(); crate::cabac::NUM_CTX];
    for c in states.iter_mut() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        *c = Context {
            state: (s % 63) as u8,
            mps: ((s >> 8) & 1) as u8,
        };
    }
    ContextRates::new(&states)
}

/// Every combination of the candidates of a short block, by brute force:
/// the least J (the trellis must find it).
fn brute_force_best<R: BinRates>(b: &Block, rates: &R, rdoq: Rdoq) -> u64 {
    let n = b.coefs.len();
    let cands: Vec<Vec<i32>> = (0..n)
        .map(|k| {
            let a = b.a(k);
            let r = ((a + (1 << (b.shift - 1))) >> b.shift) as i32;
            // Written out here (not `candidates`): rounded, one less down
            // to 1, and 0 for rounded 1 and 2.
            let mut v = vec![r];
            if r >= 2 {
                v.push(r - 1);
            }
            if r == 1 || r == 2 {
                v.push(0);
            }
            let s = if b.coefs[k] < 0 { -1 } else { 1 };
            v.into_iter().map(|m| s * m).collect()
        })
        .collect();
    let mut best = u64::MAX;
    let mut idx = vec![0usize; n];
    loop {
        let lv: Vec<i32> = (0..n).map(|k| cands[k][idx[k]]).collect();
        best = best.min(b.cost(&lv, rates, rdoq));
        let mut k = 0;
        loop {
            if k == n {
                return best;
            }
            idx[k] += 1;
            if idx[k] < cands[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The trellis against the cost of the block's syntax walked bin by bin
    /// (`Block::cost`): its levels cost no more than the plain quantizer's
    /// at any dead zone, their reported J is that walk's, and they stay
    /// among the candidates (same sign, rounded or one less, or 0).
    #[test]
    fn rdoq_never_costs_more_than_plain_rounding(
        res in prop::array::uniform16(-255i32..=255),
        qp in 0i32..=51,
        dz in 0u32..=512,
        seed: u64,
        inc in 0usize..4,
        lambda in 0u32..40_000,
        chroma: bool,
    ) {
        let coef = transform::forward4x4(&res);
        let (rem, per) = split_qp(qp);
        let scanned = quant::scan4x4(&coef);
        let mf = ZIGZAG4X4.map(|p| MF4_POS[rem][usize::from(p)]);
        let cat = if chroma { BlockCat::ChromaAc } else { BlockCat::LumaAc };
        let b = Block { coefs: &scanned[1..], mf: &mf[1..], shift: 15 + per, cat, cbf_inc: inc };
        let rates = random_rates(seed);
        let rdoq = Rdoq { lambda_q16: lambda };
        let lv = b.quantize(&rates, rdoq);
        let plain = b.plain(Deadzone(dz));
        // The plain quantizer is quant4x4.
        let q = quant::scan4x4(&quant::quant4x4(&coef, qp, Deadzone(dz)));
        prop_assert_eq!(&plain[..15], &q[1..]);
        prop_assert!(b.cost(&lv[..15], &rates, rdoq) <= b.cost(&plain[..15], &rates, rdoq));
        for k in 0..15 {
            let r = (b.a(k) + (1 << (b.shift - 1))) >> b.shift;
            let m = i64::from(lv[k].abs());
            prop_assert!((m == 0 && r <= 2) || m == r || m + 1 == r, "level {} for rounded {}", m, r);
            prop_assert!(lv[k] == 0 || (lv[k] < 0) == (scanned[k + 1] < 0));
        }
    }

    /// On blocks short enough to enumerate, the trellis finds the least J
    /// of all candidate combinations (the chroma DC: 4 coefficients, 3^4
    /// combinations at most).
    #[test]
    fn rdoq_finds_the_optimum_of_short_blocks(
        dc in prop::array::uniform4(-4080i32..=4080),
        qp in 0i32..=39,
        seed: u64,
        inc in 0usize..4,
        lambda in 0u32..40_000,
    ) {
        let c = transform::forward_chroma_dc(&dc);
        let (rem, per) = split_qp(qp);
        let mf = [MF4[rem][0]; 4];
        let b = Block { coefs: &c, mf: &mf, shift: 16 + per, cat: BlockCat::ChromaDc, cbf_inc: inc };
        let rates = random_rates(seed);
        let rdoq = Rdoq { lambda_q16: lambda };
        let lv = quant_dc(&dc, qp, CHROMA_DC, inc, &rates, rdoq);
        prop_assert_eq!(b.cost(&lv, &rates, rdoq), brute_force_best(&b, &rates, rdoq));
    }

    /// The luma DC path: raster in, raster out, the plain quantizer's
    /// layout (`quant_luma_dc`), and never costlier than it.
    #[test]
    fn luma_dc_rdoq_is_raster_and_no_costlier(
        dc in prop::array::uniform16(-4080i32..=4080),
        qp in 0i32..=51,
        seed: u64,
    ) {
        let c = transform::forward_luma_dc(&dc);
        let rates = random_rates(seed);
        let rdoq = Rdoq::H264;
        let lv = quant_dc(&dc, qp, LUMA_DC, 0, &rates, rdoq);
        let (rem, per) = split_qp(qp);
        let scanned = quant::scan4x4(&c);
        let b = Block { coefs: &scanned, mf: &[MF4[rem][0]; 16], shift: 16 + per, cat: BlockCat::LumaDc, cbf_inc: 0 };
        let plain = quant::quant_luma_dc(&c, qp, Deadzone(450));
        prop_assert_eq!(b.plain(Deadzone(450)), quant::scan4x4(&plain));
        prop_assert!(b.cost(&quant::scan4x4(&lv), &rates, rdoq) <= b.cost(&quant::scan4x4(&plain), &rates, rdoq));
    }
}

/// The closed-form level costs against the binarization walked bin by bin,
/// for every node, magnitudes 1..=5000, random context states.
#[test]
fn level_costs_match_the_binarization() {
    use crate::cabac::rate::RateCounter;
    use crate::cabac::residual::encode_abs_level_minus1;
    for seed in 1..20u64 {
        let rates = random_rates(seed);
        for cat in [
            BlockCat::LumaDc,
            BlockCat::LumaAc,
            BlockCat::ChromaDc,
            BlockCat::ChromaAc,
        ] {
            // Times the H.264 lambda: the costs are kept scaled.
            let lambda = u64::from(Rdoq::H264.lambda_q16);
            let costs = LevelCosts::new(&rates, cat, lambda);
            for mag in 1..=5000u32 {
                let level = costs.level(mag);
                for (node, &cost) in level.iter().enumerate() {
                    let (gt1, eq1) = node_counts(node);
                    let (ctx0, ctx_rest) = cat.abs_ctx(gt1, eq1);
                    let mut counter = RateCounter::new(&rates);
                    encode_abs_level_minus1(&mut counter, mag - 1, ctx0, ctx_rest);
                    counter.bypass(0);
                    assert_eq!(cost, lambda * counter.cost, "{cat:?} node {node} mag {mag}");
                }
            }
        }
    }
}

/// With lambda 0 the rate does not count: every level is the one nearest
/// its coefficient (the plain quantizer at dead zone 512), ties apart.
#[test]
fn zero_lambda_rounds_to_nearest() {
    let rates = ContextRates::initial(26);
    let res: [i32; 16] = core::array::from_fn(|i| (i as i32 * 37 % 91) - 45);
    for qp in [0, 12, 26, 40, 51] {
        let coef = transform::forward4x4(&res);
        let lv = quant4x4_ac(
            &coef,
            qp,
            BlockCat::LumaAc,
            0,
            &rates,
            Rdoq { lambda_q16: 0 },
        );
        let mut plain = quant::quant4x4(&coef, qp, Deadzone(512));
        plain[0] = 0;
        assert_eq!(lv, plain, "qp {qp}");
    }
}

/// A huge lambda makes any coded bit dearer than any distortion: a block
/// whose levels all round to 1 or 2 goes to zero (0 is a candidate there),
/// where the plain quantizer codes something.
#[test]
fn huge_lambda_zeroes_small_blocks() {
    let rates = ContextRates::initial(26);
    let mut res = [2i32; 16];
    res[5] = 9;
    let coef = transform::forward4x4(&res);
    let qp = (0..=51)
        .find(|&qp| {
            let m = quant::quant4x4(&coef, qp, Deadzone(512))[1..]
                .iter()
                .map(|l| l.abs())
                .max()
                .unwrap();
            m == 2
        })
        .expect("a QP where the largest AC level rounds to 2");
    let lv = quant4x4_ac(
        &coef,
        qp,
        BlockCat::LumaAc,
        0,
        &rates,
        Rdoq {
            lambda_q16: u32::MAX >> 4,
        },
    );
    assert_eq!(lv, [0; 16], "qp {qp}");
    assert!(quant::quant4x4(&coef, qp, Deadzone(450))[1..]
        .iter()
        .any(|&l| l != 0));
}

/// A picture of smooth ramps plus noise of amplitude `noise` (xorshift).
fn test_picture(
    format: crate::picture::ChromaFormat,
    w: usize,
    h: usize,
    noise: u32,
    seed: u64,
) -> crate::picture::Picture {
    let mut s = seed | 1;
    let size = format.frame_bytes(w, h);
    let raw: Vec<u8> = (0..size)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let ramp = (i % w + 2 * (i / w)) as u32;
            let n = if noise == 0 {
                0
            } else {
                (s % u64::from(noise)) as u32
            };
            ((ramp + n) % 256) as u8
        })
        .collect();
    crate::picture::Picture::from_raw(format, w, h, &raw).expect("picture")
}

fn encode(
    pic: &crate::picture::Picture,
    cfg: crate::encoder::EncoderConfig,
    rdoq: Option<Rdoq>,
) -> crate::encoder::EncodedPicture {
    let cfg = crate::encoder::EncoderConfig { rdoq, ..cfg };
    let mut enc =
        crate::encoder::Encoder::new(pic.format, pic.width, pic.height, cfg).expect("encoder");
    enc.encode(pic).expect("encode")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// With RDOQ on, golden's decoder reconstructs exactly what the encoder
    /// reports, for 4:2:0 and 4:0:0, every profile, slices and per-macroblock
    /// QPs.
    #[test]
    fn rdoq_streams_decode_to_the_encoders_reconstruction(
        seed: u64,
        mono: bool,
        noise in 0u32..200,
        qp in 0i32..=51,
        slices in 1usize..=3,
        lambda in 0u32..30_000,
        i16_only: bool,
        per_mb in prop::collection::vec(0i32..=51, 6),
    ) {
        use crate::picture::ChromaFormat;
        let format = if mono { ChromaFormat::Monochrome } else { ChromaFormat::Yuv420 };
        let pic = test_picture(format, 48, 32, noise, seed);
        let cfg = crate::encoder::EncoderConfig {
            qp,
            slices,
            profile: if i16_only { crate::encoder::Profile::I16X16_ONLY } else { crate::encoder::Profile::FULL },
            mb_qp: if seed % 2 == 0 { Some(per_mb) } else { None },
            ..Default::default()
        };
        let out = encode(&pic, cfg, Some(Rdoq { lambda_q16: lambda }));
        let decoded = crate::decoder::Decoder::decode_stream(&out.bytes).expect("decodes");
        prop_assert_eq!(decoded.len(), 1);
        prop_assert_eq!(decoded[0].to_raw(), out.recon.to_raw());
    }
}

/// At the same QP, RDOQ codes a noisy picture in fewer bytes than the plain
/// quantizer rounding to nearest (dead zone 512: the candidates' first
/// choice), and the RDOQ-off stream is the encoder's default byte for byte.
#[test]
fn rdoq_saves_rate_at_equal_qp() {
    use crate::picture::ChromaFormat;
    let pic = test_picture(ChromaFormat::Yuv420, 64, 64, 64, 7);
    for qp in [18, 26, 34] {
        let cfg = crate::encoder::EncoderConfig {
            qp,
            profile: crate::encoder::Profile::I16X16_ONLY,
            ..Default::default()
        };
        let default = {
            let mut enc = crate::encoder::Encoder::new(pic.format, 64, 64, cfg.clone()).unwrap();
            enc.encode(&pic).unwrap()
        };
        let off = encode(&pic, cfg.clone(), None);
        assert_eq!(off, default);
        let nearest = encode(
            &pic,
            crate::encoder::EncoderConfig {
                deadzone: Deadzone(512),
                ..cfg.clone()
            },
            None,
        );
        let on = encode(&pic, cfg, Some(Rdoq::H264));
        assert!(
            on.bytes.len() < nearest.bytes.len(),
            "qp {qp}: {} bytes with RDOQ, {} rounding to nearest",
            on.bytes.len(),
            nearest.bytes.len()
        );
    }
}
