//! Arbitrary bytes as a GGUF file: parse, read every tensor, convert to
//! safetensors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tensor::gguf::Gguf;

fuzz_target!(|data: &[u8]| {
    if let Ok(g) = Gguf::from_bytes(data.to_vec()) {
        for t in &g.tensors {
            let _ = g.to_f32(&t.name);
        }
        let _ = g.write_safetensors(std::io::sink());
    }
});
