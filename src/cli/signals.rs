//! The signals a user sends to stop corridor (SIGINT from Ctrl-C or `kill
//! -INT`, SIGTERM from `kill`, SIGHUP when the terminal closes). A thread of
//! its own waits for them; on one it undoes what the command had under way,
//! so nothing is left broken: the explorer's terminal goes back to how `q`
//! leaves it (cooked mode, main screen, cursor shown), and a half-written
//! event log (`.NAME.PID.partial`) is removed. Then the process exits with
//! 128 + the signal's number, as a shell reports a process killed by it.
//!
//! Commands register what to undo with [`partial_file`] and [`terminal`];
//! the thread reads it under a lock, so a command clears its entry before it
//! renames a finished file into place.

use std::path::PathBuf;
use std::sync::Mutex;

/// What a signal must undo.
struct Undo {
    partial: Option<PathBuf>,
    terminal: bool,
}

static UNDO: Mutex<Undo> = Mutex::new(Undo {
    partial: None,
    terminal: false,
});

/// Starts the thread that handles SIGINT, SIGTERM and SIGHUP. Errors only if
/// the operating system refuses the handlers.
#[cfg(unix)]
pub fn install() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            undo();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Elsewhere the platform's default applies.
#[cfg(not(unix))]
pub fn install() -> std::io::Result<()> {
    Ok(())
}

/// Puts back what a command had under way. A lock poisoned by a panic still
/// holds the entries.
fn undo() {
    let undo = UNDO.lock().unwrap_or_else(|p| p.into_inner());
    if undo.terminal {
        // As `q` leaves it: cooked mode, the main screen, and the cursor
        // (which the explorer's terminal shows again only when dropped).
        ratatui::restore();
        let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
    }
    if let Some(p) = &undo.partial {
        let _ = std::fs::remove_file(p);
    }
}

/// The partial file being written (None once it is renamed or removed).
pub fn partial_file(path: Option<PathBuf>) {
    UNDO.lock().unwrap_or_else(|p| p.into_inner()).partial = path;
}

/// Whether the explorer holds the terminal (raw mode, alternate screen).
pub fn terminal(held: bool) {
    UNDO.lock().unwrap_or_else(|p| p.into_inner()).terminal = held;
}
