//! [`Output`]: replace a regular file only on success; stream to anything else.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, ErrorKind};
use crate::input::same_file;
use crate::signals;

/// An output file (see the crate documentation). Write to it with
/// [`Write`]; its errors name the file. [`Output::finish`] makes the result
/// visible; dropping it unfinished leaves the target as it was (a stream may
/// have received part of the data: it cannot be taken back).
pub struct Output {
    /// The path as the user named it, for messages.
    path: PathBuf,
    sink: Option<Sink>,
    /// The first write error (kind, OS error, text), kept for callers whose
    /// own error type cannot carry an `io::Error`.
    failed: Option<(io::ErrorKind, Option<i32>, String)>,
}

enum Sink {
    /// A regular file (or a new name): written to `temp`, renamed to `target`.
    Replace {
        target: PathBuf,
        temp: PathBuf,
        file: BufWriter<File>,
    },
    /// Standard output, a FIFO, a pipe or a device: written in place.
    Stream(BufWriter<Box<dyn Write + Send>>),
}

/// Distinguishes the temporary files of one process.
static SERIAL: AtomicU64 = AtomicU64::new(0);

impl Output {
    /// Opens `path` for writing (`-`: standard output), refusing it when it
    /// is the same file as one of `inputs` (`-` inputs are skipped).
    pub fn create(path: &Path, inputs: &[&Path]) -> Result<Output, Error> {
        if crate::is_std(path) {
            let out: Box<dyn Write + Send> = Box::new(io::stdout());
            return Ok(Output::new(path, Sink::Stream(BufWriter::new(out))));
        }
        check_not_input(path, inputs)?;
        let err = |e| Error::io(path, "create", e);
        match fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                if meta.is_dir() {
                    return Err(err(io::Error::from_raw_os_error(21))); // EISDIR
                }
                // FIFO, character device, socket: never truncated, renamed or removed.
                let f = OpenOptions::new().write(true).open(path).map_err(err)?;
                let out: Box<dyn Write + Send> = Box::new(f);
                Ok(Output::new(path, Sink::Stream(BufWriter::new(out))))
            }
            Ok(meta) => {
                // An existing regular file (through any symlinks): replace it
                // where it lives, keeping its permissions.
                let target = fs::canonicalize(path).map_err(err)?;
                let (temp, file) = create_temp(&target).map_err(err)?;
                let _ = file.set_permissions(meta.permissions());
                Ok(Output::replace(path, target, temp, file))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let target = path.to_path_buf();
                let (temp, file) = create_temp(&target).map_err(err)?;
                Ok(Output::replace(path, target, temp, file))
            }
            Err(e) => Err(err(e)),
        }
    }

    fn new(path: &Path, sink: Sink) -> Output {
        Output {
            path: path.to_path_buf(),
            sink: Some(sink),
            failed: None,
        }
    }

    fn replace(path: &Path, target: PathBuf, temp: PathBuf, file: File) -> Output {
        let file = BufWriter::new(file);
        Output::new(path, Sink::Replace { target, temp, file })
    }

    /// The first error a write or flush met, naming the file: what to report
    /// when a writer whose error type holds no `io::Error` (the `.tcz`
    /// writer) failed on this output.
    pub fn write_error(&self) -> Option<Error> {
        self.failed.as_ref().map(|(kind, os, text)| {
            let e = match os {
                Some(n) => io::Error::from_raw_os_error(*n),
                None => io::Error::new(*kind, text.clone()),
            };
            Error::io(&self.path, "write", e)
        })
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the output is a stream (standard output, a FIFO, a device)
    /// rather than a regular file replaced on success.
    pub fn is_stream(&self) -> bool {
        matches!(self.sink, Some(Sink::Stream(_)))
    }

    /// Flushes everything; a regular file is synced, renamed over the target
    /// and its folder synced.
    pub fn finish(mut self) -> Result<(), Error> {
        let werr = |p: &Path, e| Error::io(p, "write", e);
        match self.sink.take().expect("finish once") {
            Sink::Stream(mut w) => w.flush().map_err(|e| werr(&self.path, e)),
            Sink::Replace { target, temp, file } => {
                let synced = file.into_inner().map_err(|e| e.into_error()).and_then(|f| {
                    match f.sync_all() {
                        // A file system that cannot sync (EINVAL, ENOTSUP) still
                        // holds the bytes: the rename below is what matters.
                        Err(e) if matches!(e.raw_os_error(), Some(22 | 95)) => Ok(()),
                        r => r,
                    }
                });
                if let Err(e) = synced {
                    signals::forget_temp(&temp, true);
                    return Err(werr(&self.path, e));
                }
                // The rename happens under the signal handler's lock: an
                // interrupt sees either the temporary file or the result.
                let renamed = signals::with_temps_locked(|| {
                    let r = fs::rename(&temp, &target);
                    if r.is_err() {
                        let _ = fs::remove_file(&temp);
                    }
                    r
                });
                signals::forget_temp(&temp, false);
                renamed.map_err(|e| werr(&self.path, e))?;
                if let Some(dir) = parent(&target) {
                    // Makes the rename durable; not every file system allows it.
                    if let Ok(d) = File::open(dir) {
                        let _ = d.sync_all();
                    }
                }
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = match self.sink.as_mut().expect("written after finish") {
            Sink::Replace { file, .. } => file.write(buf),
            Sink::Stream(w) => w.write(buf),
        };
        r.map_err(|e| self.named(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = match self.sink.as_mut().expect("flushed after finish") {
            Sink::Replace { file, .. } => file.flush(),
            Sink::Stream(w) => w.flush(),
        };
        r.map_err(|e| self.named(e))
    }
}

impl Output {
    /// Records the first error and returns one of the same kind whose text
    /// names the file.
    fn named(&mut self, e: io::Error) -> io::Error {
        if self.failed.is_none() {
            self.failed = Some((e.kind(), e.raw_os_error(), crate::error::plain(&e)));
        }
        if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            return e;
        }
        Error::io(&self.path, "write", e).into()
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        match self.sink.take() {
            Some(Sink::Replace { temp, file, .. }) => {
                // Close before removing; unwritten buffered bytes are dropped.
                let (f, _) = file.into_parts();
                drop(f);
                signals::forget_temp(&temp, true);
            }
            Some(Sink::Stream(mut w)) => {
                // What the stream got so far is out already; do not hide
                // the cause of the failure behind a flush error.
                let _ = w.flush();
            }
            None => {}
        }
    }
}

/// Refuses outputs that are the same file as one another (`-` aside), e.g.
/// `encode -o x --recon x`.
pub fn check_distinct(outputs: &[&Path]) -> Result<(), Error> {
    for (i, a) in outputs.iter().enumerate() {
        for b in &outputs[..i] {
            if !crate::is_std(a) && (a == b || same_file(a, b)) {
                return Err(Error {
                    path: a.to_path_buf(),
                    action: "write",
                    kind: ErrorKind::Io(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("it is also the output {}", b.display()),
                    )),
                });
            }
        }
    }
    Ok(())
}

fn check_not_input(path: &Path, inputs: &[&Path]) -> Result<(), Error> {
    for input in inputs.iter().filter(|i| !crate::is_std(i)) {
        if same_file(path, input) {
            return Err(Error {
                path: path.to_path_buf(),
                action: "write",
                kind: ErrorKind::SameFile {
                    input: input.to_path_buf(),
                },
            });
        }
    }
    Ok(())
}

fn parent(p: &Path) -> Option<&Path> {
    match p.parent() {
        Some(d) if d.as_os_str().is_empty() => Some(Path::new(".")),
        d => d,
    }
}

/// Creates `.NAME.PID-N.tmp` beside `target` (never an existing file) and
/// registers it for removal on a signal.
fn create_temp(target: &Path) -> io::Result<(PathBuf, File)> {
    let dir = parent(target).unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy();
    loop {
        let n = SERIAL.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        // Registered before it exists, so that no interrupt can leave it.
        signals::remember_temp(&temp);
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(f) => return Ok((temp, f)),
            Err(e) => {
                signals::forget_temp(&temp, false);
                if e.kind() != io::ErrorKind::AlreadyExists {
                    return Err(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tricodec-io-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaced_only_on_finish() {
        let d = dir("replace");
        let t = d.join("out.bin");
        fs::write(&t, b"precious").unwrap();
        let mut o = Output::create(&t, &[]).unwrap();
        o.write_all(b"new").unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"precious");
        assert_eq!(names(&d).len(), 2, "a temporary file beside the target");
        drop(o);
        assert_eq!(fs::read(&t).unwrap(), b"precious");
        assert_eq!(names(&d), ["out.bin"]);
        let mut o = Output::create(&t, &[]).unwrap();
        o.write_all(b"new").unwrap();
        o.finish().unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"new");
        assert_eq!(names(&d), ["out.bin"]);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn new_file_appears_only_on_finish() {
        let d = dir("new");
        let t = d.join("x.tcz");
        let o = Output::create(&t, &[]).unwrap();
        drop(o);
        assert!(names(&d).is_empty());
        let mut o = Output::create(&t, &[]).unwrap();
        o.write_all(b"abc").unwrap();
        o.finish().unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"abc");
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn input_is_refused_even_through_a_link() {
        let d = dir("same");
        let (a, link) = (d.join("a"), d.join("link"));
        fs::write(&a, b"model").unwrap();
        std::os::unix::fs::symlink(&a, &link).unwrap();
        for out in [&a, &link] {
            let e = Output::create(out, &[Path::new("-"), &a]).err().unwrap();
            assert!(matches!(e.kind, ErrorKind::SameFile { .. }));
            assert!(e.to_string().contains("it is the input"), "{e}");
        }
        assert_eq!(fs::read(&a).unwrap(), b"model");
        assert!(check_distinct(&[&a, &link]).is_err());
        assert!(check_distinct(&[&a, &d.join("b")]).is_ok());
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn symlinked_target_is_replaced_where_it_lives() {
        let d = dir("link");
        let (a, link) = (d.join("a"), d.join("link"));
        fs::write(&a, b"old").unwrap();
        std::os::unix::fs::symlink(&a, &link).unwrap();
        let mut o = Output::create(&link, &[]).unwrap();
        o.write_all(b"new").unwrap();
        o.finish().unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"new");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn device_is_a_stream_and_never_removed() {
        let null = Path::new("/dev/null");
        let mut o = Output::create(null, &[]).unwrap();
        assert!(o.is_stream());
        o.write_all(b"x").unwrap();
        drop(o);
        assert!(null.exists());
        let mut o = Output::create(null, &[]).unwrap();
        o.write_all(b"x").unwrap();
        o.finish().unwrap();
        assert!(null.exists());
    }

    #[test]
    fn fifo_is_a_stream_and_stays_after_a_failed_run() {
        use std::os::unix::fs::FileTypeExt;
        let d = dir("fifo");
        let ff = d.join("ff");
        assert!(std::process::Command::new("mkfifo")
            .arg(&ff)
            .status()
            .unwrap()
            .success());
        let reader = {
            let ff = ff.clone();
            std::thread::spawn(move || fs::read(ff).unwrap())
        };
        let mut o = Output::create(&ff, &[]).unwrap();
        assert!(o.is_stream());
        o.write_all(b"part").unwrap();
        drop(o); // a failed run
        assert_eq!(reader.join().unwrap(), b"part");
        assert!(fs::metadata(&ff).unwrap().file_type().is_fifo());
        assert_eq!(names(&d), ["ff"]);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn errors_name_the_file_once() {
        let d = dir("err");
        let e = Output::create(&d.join("no/such/dir/x"), &[]).err().unwrap();
        let s = e.to_string();
        assert!(s.starts_with("cannot create "), "{s}");
        assert!(s.ends_with("x: No such file or directory"), "{s}");
        assert_eq!(e.io_error().unwrap().raw_os_error(), Some(2));
        let e = Output::create(&d, &[]).err().unwrap();
        assert!(e.to_string().ends_with("Is a directory"), "{e}");
        fs::remove_dir_all(&d).unwrap();
    }
}
