//! Inputs: a file, or standard input for `-`.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::error::Error;

/// An open input: a file or standard input.
pub struct Input {
    reader: Box<dyn Read + Send>,
    /// Size of a regular file; `None` for a stream.
    pub len: Option<u64>,
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

/// Opens `path` for reading (`-`: standard input).
pub fn open_input(path: &Path) -> Result<Input, Error> {
    if crate::is_std(path) {
        return Ok(Input {
            reader: Box::new(io::stdin()),
            len: None,
        });
    }
    let err = |e| Error::io(path, "read", e);
    let f = File::open(path).map_err(err)?;
    let meta = f.metadata().map_err(err)?;
    if meta.is_dir() {
        return Err(err(io::Error::from_raw_os_error(21))); // EISDIR
    }
    Ok(Input {
        len: meta.is_file().then_some(meta.len()),
        reader: Box::new(f),
    })
}

/// Reads all of `path` (`-`: standard input).
pub fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    let mut input = open_input(path)?;
    let mut bytes = Vec::new();
    if let Some(n) = input.len {
        bytes.reserve_exact(n as usize);
    }
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "read", e))?;
    Ok(bytes)
}

/// Whether `a` and `b` name the same existing file (same device and inode,
/// symlinks followed).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_input_says_so_once() {
        let e = read_input(Path::new("no-such-file.safetensors"))
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "cannot read no-such-file.safetensors: No such file or directory"
        );
        assert_eq!(e.io_error().unwrap().kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn reads_a_file_and_refuses_a_folder() {
        let p = std::env::temp_dir().join(format!("tricodec-io-in-{}", std::process::id()));
        fs::write(&p, b"abc").unwrap();
        assert_eq!(read_input(&p).unwrap(), b"abc");
        assert_eq!(open_input(&p).unwrap().len, Some(3));
        fs::remove_file(&p).unwrap();
        let e = read_input(&std::env::temp_dir()).err().unwrap();
        assert!(e.to_string().ends_with(": Is a directory"), "{e}");
    }
}
