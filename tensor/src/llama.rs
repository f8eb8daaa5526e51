//! A LLaMA-architecture forward pass (llama2.c's model: RMSNorm, rotary
//! position embedding on interleaved pairs, grouped-query attention, SwiGLU
//! feed-forward, output projection tied to the token embedding unless the
//! file has `lm_head.weight`), and the model-level quality measure of
//! `tricodec eval --kld`: KL divergence, top-1 agreement and perplexity of a
//! compressed model against the original on token sequences the original
//! samples from fixed seeds. Not part of the codec (decisions.md D26).
//!
//! Weights are read from safetensors with Hugging Face names
//! (`model.embed_tokens.weight`, `model.layers.N.self_attn.q_proj.weight`,
//! ...). Activations are computed in f64; weights are kept as f32.

use std::fmt;

use rayon::prelude::*;

use crate::SafeTensors;

/// Why a file cannot be run as a LLaMA model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

fn err<T>(msg: impl Into<String>) -> Result<T> {
    Err(Error(msg.into()))
}

/// Shapes and constants of a model.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub dim: usize,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub kv_heads: usize,
    pub vocab: usize,
    pub rope_theta: f64,
    pub eps: f64,
}

impl Config {
    pub fn head_dim(&self) -> usize {
        self.dim / self.heads
    }
}

/// Metadata keys read for the head counts and constants (first found wins).
const HEADS_KEYS: [&str; 2] = ["num_attention_heads", "n_heads"];
const KV_HEADS_KEYS: [&str; 2] = ["num_key_value_heads", "n_kv_heads"];
const THETA_KEYS: [&str; 1] = ["rope_theta"];
const EPS_KEYS: [&str; 2] = ["rms_norm_eps", "norm_eps"];
/// llama2.c's constants, used when the metadata does not give them.
pub const DEFAULT_ROPE_THETA: f64 = 10000.0;
pub const DEFAULT_EPS: f64 = 1e-5;

fn meta<T: std::str::FromStr>(st: &SafeTensors, keys: &[&str]) -> Result<Option<T>> {
    for k in keys {
        if let Some(v) = st.metadata().get(*k) {
            return v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Error(format!("metadata {k} = {v:?} is not a valid number")));
        }
    }
    Ok(None)
}

fn shape<'a>(st: &'a SafeTensors, name: &str) -> Result<&'a [usize]> {
    match st.get(name) {
        Some(v) => Ok(&v.shape),
        None => err(format!("not a LLaMA model: no tensor {name}")),
    }
}

fn expect_shape(st: &SafeTensors, name: &str, want: &[usize]) -> Result<()> {
    let got = shape(st, name)?;
    if got != want {
        return err(format!(
            "not a LLaMA model: {name} has shape {got:?}, expected {want:?}"
        ));
    }
    Ok(())
}

fn layer(l: usize, what: &str) -> String {
    format!("model.layers.{l}.{what}.weight")
}

impl Config {
    /// The configuration of `st` from its shapes and metadata; `heads` and
    /// `kv_heads` override the metadata, and are needed where it does not
    /// give them (the shapes give only heads * head_dim).
    pub fn from_safetensors(
        st: &SafeTensors,
        heads: Option<usize>,
        kv_heads: Option<usize>,
    ) -> Result<Config> {
        let emb = shape(st, "model.embed_tokens.weight")?;
        let [vocab, dim] = *emb else {
            return err(format!(
                "not a LLaMA model: model.embed_tokens.weight has shape {emb:?}, expected 2-D"
            ));
        };
        let mut layers = 0;
        while st.get(&layer(layers, "input_layernorm")).is_some() {
            layers += 1;
        }
        if layers == 0 {
            return err("not a LLaMA model: no tensor model.layers.0.input_layernorm.weight");
        }
        let gate = shape(st, &layer(0, "mlp.gate_proj"))?;
        let hidden = gate.first().copied().unwrap_or(0);
        let kv_dim = shape(st, &layer(0, "self_attn.k_proj"))?
            .first()
            .copied()
            .unwrap_or(0);
        let heads = match heads {
            Some(h) => h,
            None => meta(st, &HEADS_KEYS)?.ok_or_else(|| {
                Error(
                    "the file does not say its number of attention heads: \
                     give --heads N --kv-heads M"
                        .into(),
                )
            })?,
        };
        if heads == 0 || !dim.is_multiple_of(heads) {
            return err(format!("{heads} heads do not divide the model width {dim}"));
        }
        let head_dim = dim / heads;
        let kv_heads = match kv_heads {
            Some(h) => h,
            None => match meta(st, &KV_HEADS_KEYS)? {
                Some(h) => h,
                // The shapes give it once the head size is known.
                None => kv_dim / head_dim,
            },
        };
        if !head_dim.is_multiple_of(2) {
            return err(format!(
                "head size {head_dim} is odd: rotary embedding needs pairs"
            ));
        }
        if kv_heads == 0 || !heads.is_multiple_of(kv_heads) || kv_heads * head_dim != kv_dim {
            return err(format!(
                "{kv_heads} KV heads of size {head_dim} do not match k_proj's {kv_dim} rows \
                 with {heads} query heads"
            ));
        }
        let cfg = Config {
            dim,
            hidden,
            layers,
            heads,
            kv_heads,
            vocab,
            rope_theta: meta(st, &THETA_KEYS)?.unwrap_or(DEFAULT_ROPE_THETA),
            eps: meta(st, &EPS_KEYS)?.unwrap_or(DEFAULT_EPS),
        };
        cfg.check_shapes(st)?;
        Ok(cfg)
    }

    fn check_shapes(&self, st: &SafeTensors) -> Result<()> {
        let (d, h, kv) = (self.dim, self.hidden, self.kv_heads * self.head_dim());
        for l in 0..self.layers {
            for (what, want) in [
                ("input_layernorm", vec![d]),
                ("self_attn.q_proj", vec![d, d]),
                ("self_attn.k_proj", vec![kv, d]),
                ("self_attn.v_proj", vec![kv, d]),
                ("self_attn.o_proj", vec![d, d]),
                ("post_attention_layernorm", vec![d]),
                ("mlp.gate_proj", vec![h, d]),
                ("mlp.up_proj", vec![h, d]),
                ("mlp.down_proj", vec![d, h]),
            ] {
                expect_shape(st, &layer(l, what), &want)?;
            }
        }
        expect_shape(st, "model.norm.weight", &[d])?;
        if st.get("lm_head.weight").is_some() {
            expect_shape(st, "lm_head.weight", &[self.vocab, d])?;
        }
        Ok(())
    }
}

struct Layer {
    attn_norm: Vec<f32>,
    wq: Vec<f32>,
    wk: Vec<f32>,
    wv: Vec<f32>,
    wo: Vec<f32>,
    ffn_norm: Vec<f32>,
    gate: Vec<f32>,
    up: Vec<f32>,
    down: Vec<f32>,
}

/// A model's weights.
pub struct Model {
    pub cfg: Config,
    embed: Vec<f32>,
    layers: Vec<Layer>,
    norm: Vec<f32>,
    /// None: tied to the embedding.
    lm_head: Option<Vec<f32>>,
}

fn load(st: &SafeTensors, name: &str) -> Result<Vec<f32>> {
    st.to_f32(name)
        .map_err(|e| Error(format!("{name}: {}", e.detail())))
}

impl Model {
    /// The weights of `st`, whose shapes `cfg` was read from (or matches).
    pub fn load(st: &SafeTensors, cfg: &Config) -> Result<Model> {
        cfg.check_shapes(st)?;
        let mut layers = Vec::with_capacity(cfg.layers);
        for l in 0..cfg.layers {
            let w = |what: &str| load(st, &layer(l, what));
            layers.push(Layer {
                attn_norm: w("input_layernorm")?,
                wq: w("self_attn.q_proj")?,
                wk: w("self_attn.k_proj")?,
                wv: w("self_attn.v_proj")?,
                wo: w("self_attn.o_proj")?,
                ffn_norm: w("post_attention_layernorm")?,
                gate: w("mlp.gate_proj")?,
                up: w("mlp.up_proj")?,
                down: w("mlp.down_proj")?,
            });
        }
        let lm_head = match st.get("lm_head.weight") {
            Some(_) => Some(load(st, "lm_head.weight")?),
            None => None,
        };
        Ok(Model {
            cfg: cfg.clone(),
            embed: load(st, "model.embed_tokens.weight")?,
            layers,
            norm: load(st, "model.norm.weight")?,
            lm_head,
        })
    }

    /// Logits after each token of `tokens` (one forward pass with a KV cache):
    /// `tokens.len()` rows of `vocab` values.
    pub fn logits(&self, tokens: &[u32]) -> Result<Vec<Vec<f64>>> {
        let mut s = State::new(&self.cfg);
        tokens.iter().map(|&t| s.step(self, t)).collect()
    }
}

/// `out = w x` for the row-major `rows x x.len()` matrix `w`. Each dot
/// product is summed in a fixed order that vectorizes: 8 partial sums over
/// the elements `i mod 8`, then added pairwise (0+4, 1+5, 2+6, 3+7, then
/// the same halving), then the tail. Rows run in parallel (rayon) for large
/// matrices; each row's sum is the same on any number of threads.
fn matvec(w: &[f32], x: &[f64], out: &mut [f64]) {
    let n = x.len();
    let dot = |row: &[f32]| -> f64 {
        let mut acc = [0.0f64; 8];
        let (rc, rt) = (row.chunks_exact(8), row.len() / 8 * 8);
        for (r, xc) in rc.zip(x.chunks_exact(8)) {
            for k in 0..8 {
                acc[k] += f64::from(r[k]) * xc[k];
            }
        }
        for k in 0..4 {
            acc[k] += acc[k + 4];
        }
        acc[0] += acc[2];
        acc[1] += acc[3];
        let mut sum = acc[0] + acc[1];
        for (&a, &b) in row[rt..].iter().zip(&x[rt..]) {
            sum += f64::from(a) * b;
        }
        sum
    };
    if w.len() >= 1 << 16 {
        out.par_iter_mut()
            .zip(w.par_chunks_exact(n))
            .for_each(|(o, row)| *o = dot(row));
    } else {
        for (o, row) in out.iter_mut().zip(w.chunks_exact(n)) {
            *o = dot(row);
        }
    }
}

fn rms_norm(x: &[f64], w: &[f32], eps: f64, out: &mut [f64]) {
    let ms = x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64;
    let k = 1.0 / (ms + eps).sqrt();
    for ((o, &v), &g) in out.iter_mut().zip(x).zip(w) {
        *o = v * k * f64::from(g);
    }
}

/// Rotates the pairs (2i, 2i+1) of each head of `x` by `pos * theta^(-2i/hd)`.
fn rope(x: &mut [f64], head_dim: usize, pos: usize, theta: f64) {
    for head in x.chunks_exact_mut(head_dim) {
        for (i, pair) in head.chunks_exact_mut(2).enumerate() {
            let ang = pos as f64 * theta.powf(-2.0 * i as f64 / head_dim as f64);
            let (s, c) = ang.sin_cos();
            let (a, b) = (pair[0], pair[1]);
            pair[0] = a * c - b * s;
            pair[1] = a * s + b * c;
        }
    }
}

/// `p` softmax of `x` in place.
fn softmax(x: &mut [f64]) {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in x.iter_mut() {
        *v = (*v - m).exp();
        sum += *v;
    }
    for v in x.iter_mut() {
        *v /= sum;
    }
}

/// The KV cache of one sequence.
pub struct State {
    pos: usize,
    /// Per layer: keys and values of every position so far.
    k: Vec<Vec<f64>>,
    v: Vec<Vec<f64>>,
}

impl State {
    pub fn new(cfg: &Config) -> State {
        State {
            pos: 0,
            k: vec![Vec::new(); cfg.layers],
            v: vec![Vec::new(); cfg.layers],
        }
    }

    /// Feeds `token` at the next position; returns the logits of the next token.
    pub fn step(&mut self, m: &Model, token: u32) -> Result<Vec<f64>> {
        let c = &m.cfg;
        let (d, hd, kvd) = (c.dim, c.head_dim(), c.kv_heads * c.head_dim());
        let t = token as usize;
        if t >= c.vocab {
            return err(format!(
                "token {token} is outside the vocabulary of {}",
                c.vocab
            ));
        }
        let mut x: Vec<f64> = m.embed[t * d..(t + 1) * d]
            .iter()
            .map(|&v| f64::from(v))
            .collect();
        let mut h = vec![0.0; d];
        let (mut q, mut k, mut v) = (vec![0.0; d], vec![0.0; kvd], vec![0.0; kvd]);
        let mut att_out = vec![0.0; d];
        let mut proj = vec![0.0; d];
        let (mut g, mut u) = (vec![0.0; c.hidden], vec![0.0; c.hidden]);
        let group = c.heads / c.kv_heads;
        let scale = 1.0 / (hd as f64).sqrt();
        let n = self.pos + 1;
        let mut scores = vec![0.0; n];
        for (l, w) in m.layers.iter().enumerate() {
            rms_norm(&x, &w.attn_norm, c.eps, &mut h);
            matvec(&w.wq, &h, &mut q);
            matvec(&w.wk, &h, &mut k);
            matvec(&w.wv, &h, &mut v);
            rope(&mut q, hd, self.pos, c.rope_theta);
            rope(&mut k, hd, self.pos, c.rope_theta);
            self.k[l].extend_from_slice(&k);
            self.v[l].extend_from_slice(&v);
            for head in 0..c.heads {
                let kvh = head / group;
                let qh = &q[head * hd..(head + 1) * hd];
                for (p, s) in scores.iter_mut().enumerate() {
                    let kp = &self.k[l][p * kvd + kvh * hd..p * kvd + (kvh + 1) * hd];
                    *s = qh.iter().zip(kp).map(|(a, b)| a * b).sum::<f64>() * scale;
                }
                softmax(&mut scores);
                let o = &mut att_out[head * hd..(head + 1) * hd];
                o.fill(0.0);
                for (p, &a) in scores.iter().enumerate() {
                    let vp = &self.v[l][p * kvd + kvh * hd..p * kvd + (kvh + 1) * hd];
                    for (oi, &vi) in o.iter_mut().zip(vp) {
                        *oi += a * vi;
                    }
                }
            }
            matvec(&w.wo, &att_out, &mut proj);
            x.iter_mut().zip(&proj).for_each(|(a, b)| *a += b);
            rms_norm(&x, &w.ffn_norm, c.eps, &mut h);
            matvec(&w.gate, &h, &mut g);
            matvec(&w.up, &h, &mut u);
            for (gi, &ui) in g.iter_mut().zip(&u) {
                *gi = *gi / (1.0 + (-*gi).exp()) * ui;
            }
            matvec(&w.down, &g, &mut proj);
            x.iter_mut().zip(&proj).for_each(|(a, b)| *a += b);
        }
        rms_norm(&x, &m.norm, c.eps, &mut h);
        let mut logits = vec![0.0; c.vocab];
        matvec(m.lm_head.as_ref().unwrap_or(&m.embed), &h, &mut logits);
        self.pos += 1;
        Ok(logits)
    }
}

/// llama2.c's beginning-of-sequence token.
pub const BOS: u32 = 1;

/// Greedy decoding from BOS: the `n` tokens after it.
pub fn greedy(m: &Model, n: usize) -> Result<Vec<u32>> {
    let mut s = State::new(&m.cfg);
    let mut t = BOS;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let l = s.step(m, t)?;
        t = argmax(&l) as u32;
        out.push(t);
    }
    Ok(out)
}

fn argmax(x: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in x.iter().enumerate() {
        if v > x[best] {
            best = i;
        }
    }
    best
}

/// SplitMix64: the sampler's random numbers (uniform in [0, 1)).
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How the evaluation sequences are made.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampling {
    /// Sequences, one per seed `seed0 + i`.
    pub sequences: usize,
    /// Tokens sampled after BOS in each.
    pub tokens: usize,
    pub temperature: f64,
    pub seed0: u64,
}

impl Default for Sampling {
    /// 32 sequences of 96 tokens at temperature 1, seeds 1 to 32. With 8
    /// sequences the mean KL of one compressed stories260K moved by up to 0.8
    /// nats between seed sets (ECSQ+H at 2.5 bits/value: 4.65 to 5.50); with
    /// 32, by about 0.2.
    fn default() -> Self {
        Sampling {
            sequences: 32,
            tokens: 96,
            temperature: 1.0,
            seed0: 1,
        }
    }
}

/// The sequences the original model samples (each BOS + `tokens` tokens),
/// with the original's logits after each token but the last.
pub struct Reference {
    pub sampling: Sampling,
    pub sequences: Vec<Vec<u32>>,
    /// Per sequence, per position: log-probabilities of the next token.
    logp: Vec<Vec<Vec<f64>>>,
}

fn log_softmax(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lse = m + x.iter().map(|v| (v - m).exp()).sum::<f64>().ln();
    x.iter().map(|v| v - lse).collect()
}

impl Reference {
    /// Samples the sequences from `m` (inverse-CDF sampling of the softmax at
    /// the temperature, one SplitMix64 stream per sequence), the sequences
    /// in parallel (rayon; each is computed as one thread would).
    pub fn sample(m: &Model, sampling: Sampling) -> Result<Reference> {
        let one = |i: usize| -> Result<(Vec<u32>, Vec<Vec<f64>>)> {
            let mut rng = Rng(sampling.seed0 + i as u64);
            let mut s = State::new(&m.cfg);
            let mut seq = vec![BOS];
            let mut lp = Vec::new();
            for _ in 0..sampling.tokens {
                let logits = s.step(m, *seq.last().expect("BOS"))?;
                let mut p: Vec<f64> = logits.iter().map(|v| v / sampling.temperature).collect();
                softmax(&mut p);
                let r = rng.next_f64();
                let (mut acc, mut next) = (0.0, p.len() - 1);
                for (j, &pj) in p.iter().enumerate() {
                    acc += pj;
                    if r < acc {
                        next = j;
                        break;
                    }
                }
                seq.push(next as u32);
                lp.push(log_softmax(&logits));
            }
            Ok((seq, lp))
        };
        let (sequences, logp) = (0..sampling.sequences)
            .into_par_iter()
            .map(one)
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<(Vec<_>, Vec<_>)>>()?;
        Ok(Reference {
            sampling,
            sequences,
            logp,
        })
    }

    /// The original model's perplexity on its own sequences.
    pub fn perplexity(&self) -> f64 {
        let (mut nll, mut n) = (0.0, 0usize);
        for (seq, lp) in self.sequences.iter().zip(&self.logp) {
            for (pos, l) in lp.iter().enumerate() {
                nll -= l[seq[pos + 1] as usize];
                n += 1;
            }
        }
        (nll / n as f64).exp()
    }

    /// `other` (same configuration) against the original on the sequences,
    /// the sequences in parallel (rayon) and their sums added in order.
    pub fn compare(&self, other: &Model) -> Result<Quality> {
        let one = |(seq, lp): (&Vec<u32>, &Vec<Vec<f64>>)| -> Result<(f64, f64, usize, usize)> {
            let (mut kld, mut nll, mut agree, mut n) = (0.0, 0.0, 0usize, 0usize);
            let logits = other.logits(&seq[..seq.len() - 1])?;
            for (pos, (l, p)) in logits.iter().zip(lp).enumerate() {
                let lq = log_softmax(l);
                // KL(P || Q) = sum p (log p - log q).
                kld += p
                    .iter()
                    .zip(&lq)
                    .map(|(&a, &b)| a.exp() * (a - b))
                    .sum::<f64>();
                nll -= lq[seq[pos + 1] as usize];
                agree += usize::from(argmax(p) == argmax(&lq));
                n += 1;
            }
            Ok((kld, nll, agree, n))
        };
        let parts = self
            .sequences
            .par_iter()
            .zip(&self.logp)
            .map(one)
            .collect::<Vec<_>>();
        let (mut kld, mut nll, mut agree, mut n) = (0.0, 0.0, 0usize, 0usize);
        for part in parts {
            let (k, l, a, c) = part?;
            kld += k;
            nll += l;
            agree += a;
            n += c;
        }
        Ok(Quality {
            kld: kld / n as f64,
            top1: agree as f64 / n as f64,
            perplexity: (nll / n as f64).exp(),
            perplexity_original: self.perplexity(),
            positions: n,
        })
    }
}

/// Model-level quality of a compressed model against the original.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quality {
    /// Mean KL divergence (nats) of the compressed model's next-token
    /// distribution from the original's.
    pub kld: f64,
    /// Fraction of positions where both models' most likely token agree.
    pub top1: f64,
    pub perplexity: f64,
    pub perplexity_original: f64,
    /// Positions measured.
    pub positions: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_rotates_pairs() {
        let mut x = vec![1.0, 0.0, 1.0, 0.0];
        rope(&mut x, 4, 1, 10000.0);
        // Pair 0 turns by 1 rad, pair 1 by 10000^(-1/2) = 0.01 rad.
        assert!((x[0] - 1f64.cos()).abs() < 1e-12 && (x[1] - 1f64.sin()).abs() < 1e-12);
        assert!((x[2] - 0.01f64.cos()).abs() < 1e-12 && (x[3] - 0.01f64.sin()).abs() < 1e-12);
    }

    #[test]
    fn softmax_and_log_softmax_agree() {
        let x = [1.0, 2.0, 3.0];
        let mut p = x.to_vec();
        softmax(&mut p);
        let l = log_softmax(&x);
        for (a, b) in p.iter().zip(&l) {
            assert!((a.ln() - b).abs() < 1e-12);
        }
    }
}
