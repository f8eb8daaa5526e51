//! Arbitrary bytes as a safetensors file: parse, then read every tensor.
#![no_main]

use tensor::SafeTensors;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(st) = SafeTensors::from_bytes(data.to_vec()) {
        for t in st.tensors() {
            let _ = st.data(t);
            let _ = st.to_f32(&t.name);
        }
        let _ = st.to_bytes();
    }
});
