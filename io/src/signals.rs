//! Temporary files removed on SIGINT/SIGTERM/SIGHUP, and quiet broken pipes.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Temporary files of unfinished outputs.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temps() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves a usable list.
    TEMPS.lock().unwrap_or_else(|p| p.into_inner())
}

pub(crate) fn remember_temp(p: &Path) {
    temps().push(p.to_path_buf());
}

/// Forgets `p`, removing the file first when `remove`.
pub(crate) fn forget_temp(p: &Path, remove: bool) {
    let mut t = temps();
    if remove {
        let _ = fs::remove_file(p);
    }
    t.retain(|q| q != p);
}

pub(crate) fn with_temps_locked<T>(f: impl FnOnce() -> T) -> T {
    let _guard = temps();
    f()
}

/// From now on SIGINT, SIGTERM and SIGHUP remove the temporary files of
/// unfinished [`crate::Output`]s and then end the process as the signal's
/// default action does (so the parent sees "killed by SIGINT"). Without the
/// `signals` feature this does nothing (a library leaves signals to its host).
pub fn cleanup_on_signals() -> std::io::Result<()> {
    #[cfg(feature = "signals")]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::Builder::new()
            .name("tricodec-signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    // Held to the end: no output is renamed into place after this.
                    let t = temps();
                    for p in t.iter() {
                        let _ = fs::remove_file(p);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(sig);
                    std::process::exit(128 + sig);
                }
            })?;
    }
    Ok(())
}

/// Whether a broken pipe (the reader went away) caused `e`, anywhere in its
/// chain of sources.
pub fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(c) = cur {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
            if let Some(inner) = io.get_ref() {
                if is_broken_pipe(inner) {
                    return true;
                }
            }
        }
        cur = c.source();
    }
    false
}

/// Ends the process as coreutils do when their reader goes away: killed by
/// SIGPIPE (status 141 in a shell), with no message. Temporary files are
/// removed first.
pub fn exit_broken_pipe() -> ! {
    for p in temps().iter() {
        let _ = fs::remove_file(p);
    }
    #[cfg(feature = "signals")]
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
    std::process::exit(128 + 13)
}
