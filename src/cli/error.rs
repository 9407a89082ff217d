//! The command line's one error type, and the one place where an error
//! becomes a message on standard error and an exit status: [`exit_code`],
//! called from `main`. Commands only say what went wrong; the numbers of the
//! product contract (0 done, 1 an invariant broke, 2 bad input, 3 an I/O
//! failure) are written here and nowhere else.

use std::error::Error;
use std::fmt;
use std::io;
use std::process::ExitCode;

/// Why a command failed. Each variant has one exit status, given by
/// [`exit_code`].
#[derive(Debug)]
pub enum CliError {
    /// clap's verdict on the flags: a usage error (status 2), or the text
    /// of `--help` or `--version` (status 0). clap prints it itself.
    Usage(clap::Error),
    /// Bad input: a scenario that does not load, an unknown name, a flag's
    /// value out of range (status 2). The text may span several lines.
    BadInput(String),
    /// The run finished but an invariant broke: a bug, reported with the
    /// first offending event (status 1).
    Invariant(String),
    /// Reading or writing failed (status 3). Printed as `context: source`;
    /// nothing is printed when `source` is a broken pipe (`corridor run |
    /// head`: the reader left, which is not worth a message).
    Io {
        /// What was being done, with the path when there is one.
        context: String,
        /// The failure as the operating system reported it.
        source: io::Error,
    },
    /// `corridor test` ran everything and some scenarios failed (status 1);
    /// the failures were printed already, this is the count.
    TestsFailed {
        /// Scenarios that failed.
        failed: usize,
        /// Scenarios run.
        total: usize,
    },
    /// Several problems found at once (`corridor check`), printed in order;
    /// the status is the highest of theirs.
    Several(Vec<CliError>),
    /// The user pressed Ctrl-C in the explorer or a lesson, where raw mode
    /// makes it a key rather than SIGINT: status 130, as SIGINT gives,
    /// nothing printed (the terminal was restored first).
    Interrupted,
}

impl CliError {
    /// An I/O failure while doing `context` (`"cannot write the output"`).
    pub fn io(context: impl Into<String>, source: io::Error) -> CliError {
        CliError::Io {
            context: context.into(),
            source,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(e) => write!(f, "{e}"),
            CliError::BadInput(message) | CliError::Invariant(message) => f.write_str(message),
            CliError::Io { context, source } => write!(f, "{context}: {source}"),
            CliError::TestsFailed { failed, total } => write!(f, "{failed} of {total} scenarios failed"),
            CliError::Interrupted => f.write_str("interrupted"),
            CliError::Several(errors) => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

impl Error for CliError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            CliError::Usage(e) => Some(e),
            CliError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Turns a command's result into the process's exit status, printing the
/// error on standard error first, each line prefixed with `error: `: 0 done
/// (also `--help` and `--version`); 1 the run finished but an invariant
/// broke; 2 bad input (flags or scenario); 3 an I/O failure, silent when it
/// is a broken pipe. This is the only place that decides an exit status.
pub fn exit_code(result: Result<(), CliError>) -> ExitCode {
    let mut pending = match result {
        Ok(()) => return ExitCode::SUCCESS,
        Err(e) => vec![e],
    };
    let mut status = 0;
    // A stack, so that `Several` (even nested) prints in its own order.
    while let Some(error) = pending.pop() {
        let (code, message) = match error {
            CliError::Several(errors) => {
                pending.extend(errors.into_iter().rev());
                continue;
            }
            CliError::Usage(e) => {
                // As clap's own `exit` does: help on stdout, errors on stderr.
                let _ = e.print();
                (if e.use_stderr() { 2 } else { 0 }, None)
            }
            CliError::Invariant(message) => (1, Some(message)),
            e @ CliError::TestsFailed { .. } => (1, Some(e.to_string())),
            CliError::BadInput(message) => (2, Some(message)),
            CliError::Interrupted => (130, None),
            CliError::Io { source, .. } if is_broken_pipe(&source) => (3, None),
            e @ CliError::Io { .. } => (3, Some(e.to_string())),
        };
        for line in message.iter().flat_map(|m| m.lines()) {
            eprintln!("error: {line}");
        }
        status = status.max(code);
    }
    ExitCode::from(status)
}

/// Whether the reader at the other end went away: the error, or any error
/// it wraps, is of kind `BrokenPipe` (decided by kind, never by its text).
fn is_broken_pipe(error: &io::Error) -> bool {
    let mut next: Option<&(dyn Error + 'static)> = Some(error);
    while let Some(e) = next {
        next = match e.downcast_ref::<io::Error>() {
            Some(io) if io.kind() == io::ErrorKind::BrokenPipe => return true,
            // `io::Error::source` skips the error it wraps; `get_ref` is it.
            Some(io) => match io.get_ref() {
                Some(inner) => Some(inner as &(dyn Error + 'static)),
                None => e.source(),
            },
            None => e.source(),
        };
    }
    false
}

/// A terminal screen's result once the user left it (the explorer, a
/// lesson): Ctrl-C exits 130, as SIGINT does; a terminal failure is I/O.
pub(super) fn ended(result: io::Result<crate::tui::Ended>) -> Result<(), CliError> {
    match result.map_err(|e| CliError::io("the terminal failed", e))? {
        crate::tui::Ended::Quit => Ok(()),
        crate::tui::Ended::Interrupted => Err(CliError::Interrupted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_is_known_by_its_kind() {
        assert!(is_broken_pipe(&io::Error::from(io::ErrorKind::BrokenPipe)));
        assert!(is_broken_pipe(&io::Error::from_raw_os_error(32)) == cfg!(unix));
    }

    #[test]
    fn a_broken_pipe_is_found_inside_the_errors_that_wrap_it() {
        let inner = io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(is_broken_pipe(&io::Error::other(inner)));
        let deeper = CliError::io("cannot write the output", io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&io::Error::other(deeper)));
    }

    #[test]
    fn the_words_broken_pipe_in_a_message_are_not_a_broken_pipe() {
        let e = io::Error::new(io::ErrorKind::PermissionDenied, "Broken pipe.toml: Permission denied");
        assert!(!is_broken_pipe(&e));
        assert!(!is_broken_pipe(&io::Error::other("Broken pipe (os error 32)")));
    }

    #[test]
    fn each_kind_of_error_has_its_status() {
        assert_eq!(exit_code(Ok(())), ExitCode::SUCCESS);
        assert_eq!(exit_code(Err(CliError::Invariant("x".into()))), ExitCode::from(1));
        assert_eq!(exit_code(Err(CliError::BadInput("x".into()))), ExitCode::from(2));
        let failed = CliError::TestsFailed { failed: 1, total: 2 };
        assert_eq!(failed.to_string(), "1 of 2 scenarios failed");
        assert_eq!(exit_code(Err(failed)), ExitCode::from(1));
        let io = || CliError::io("x", io::Error::from(io::ErrorKind::NotFound));
        assert_eq!(exit_code(Err(io())), ExitCode::from(3));
        let pipe = CliError::io("x", io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(exit_code(Err(pipe)), ExitCode::from(3));
        let several = CliError::Several(vec![
            CliError::BadInput("a".into()),
            io(),
            CliError::BadInput("b".into()),
        ]);
        assert_eq!(exit_code(Err(several)), ExitCode::from(3));
    }

    #[test]
    fn an_error_reads_as_context_then_cause() {
        let e = CliError::io("cannot write the output", io::Error::other("disk full"));
        assert_eq!(e.to_string(), "cannot write the output: disk full");
        let several = CliError::Several(vec![CliError::BadInput("a\nb".into()), e]);
        assert_eq!(several.to_string(), "a\nb\ncannot write the output: disk full");
    }
}
