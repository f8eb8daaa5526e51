//! TEMPORARY: stand-in for the golden encoder/decoder API (being written in
//! parallel), with the same signatures, so that the CLI compiles and its
//! plumbing can be tested. Removed before the branch is merged; the CLI then
//! uses `golden::encoder`, `golden::decoder` and `golden::bitstream::nal`.
//!
//! The "stream" is fake: one NAL unit per picture, header byte 0x65, then the
//! format, width, height and samples as hex digits (no zero bytes, so no
//! start-code emulation).

pub mod encoder {
    use golden::{ChromaFormat, Error, Picture, Result};

    #[derive(Clone, Debug)]
    pub struct EncoderConfig {
        pub qp: i32,
        pub slices: usize,
        pub transform_8x8: bool,
        pub deblock: bool,
    }

    impl Default for EncoderConfig {
        fn default() -> Self {
            EncoderConfig {
                qp: 26,
                slices: 1,
                transform_8x8: true,
                deblock: true,
            }
        }
    }

    pub struct EncodedPicture {
        pub bytes: Vec<u8>,
        pub recon: Picture,
    }

    pub struct Encoder {
        format: ChromaFormat,
        width: usize,
        height: usize,
    }

    impl Encoder {
        pub fn new(
            format: ChromaFormat,
            width: usize,
            height: usize,
            cfg: EncoderConfig,
        ) -> Result<Encoder> {
            if !(0..=51).contains(&cfg.qp) || cfg.slices == 0 {
                return Err(Error::Config("bad qp or slices".into()));
            }
            Picture::new(format, width, height)?;
            Ok(Encoder {
                format,
                width,
                height,
            })
        }

        pub fn encode(&mut self, pic: &Picture) -> Result<EncodedPicture> {
            let raw = pic.to_raw();
            let mut bytes = vec![0, 0, 0, 1, 0x65];
            let head = format!("{}:{}:{}:", self.format.idc(), self.width, self.height);
            bytes.extend_from_slice(head.as_bytes());
            for b in raw {
                bytes.extend_from_slice(format!("{b:02x}").as_bytes());
            }
            Ok(EncodedPicture {
                bytes,
                recon: pic.clone(),
            })
        }
    }
}

pub mod decoder {
    use golden::{invalid, ChromaFormat, Error, Picture, Result};

    pub struct Decoder {
        pending: Option<Picture>,
    }

    impl Decoder {
        pub fn new() -> Decoder {
            Decoder { pending: None }
        }

        pub fn decode_nal(&mut self, nal: &[u8]) -> Result<Option<Picture>> {
            let Some((&0x65, rest)) = nal.split_first() else {
                return Err(invalid!("not a stub picture"));
            };
            let text = std::str::from_utf8(rest).map_err(|_| invalid!("not text"))?;
            let f: Vec<&str> = text.split(':').collect();
            if f.len() != 4 {
                return Err(Error::Truncated("stub header"));
            }
            let num = |s: &str| s.parse::<usize>().map_err(|_| invalid!("bad number"));
            let format = ChromaFormat::from_idc(num(f[0])? as u32)?;
            let (w, h) = (num(f[1])?, num(f[2])?);
            let hex = f[3].as_bytes();
            if hex.len() != 2 * format.frame_bytes(w, h) {
                return Err(Error::Truncated("stub samples"));
            }
            let raw: Result<Vec<u8>> = hex
                .chunks(2)
                .map(|c| {
                    let s = std::str::from_utf8(c).map_err(|_| invalid!("hex"))?;
                    u8::from_str_radix(s, 16).map_err(|_| invalid!("hex"))
                })
                .collect();
            let pic = Picture::from_raw(format, w, h, &raw?)?;
            Ok(self.pending.replace(pic))
        }

        pub fn flush(&mut self) -> Result<Option<Picture>> {
            Ok(self.pending.take())
        }
    }
}

pub mod bitstream {
    pub mod nal {
        /// NAL units of an Annex B byte stream, start codes removed.
        pub fn split_annexb(data: &[u8]) -> Vec<&[u8]> {
            let mut starts = Vec::new();
            let mut i = 0;
            while i + 3 <= data.len() {
                if data[i..i + 3] == [0, 0, 1] {
                    starts.push(i + 3);
                    i += 3;
                } else {
                    i += 1;
                }
            }
            let mut out = Vec::new();
            for (k, &s) in starts.iter().enumerate() {
                let mut e = starts.get(k + 1).map_or(data.len(), |&n| n - 3);
                while e > s && data[e - 1] == 0 {
                    e -= 1;
                }
                if e > s {
                    out.push(&data[s..e]);
                }
            }
            out
        }
    }
}
