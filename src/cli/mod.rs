//! The command line: flags in, one command run, errors mapped to exit codes
//! in exactly one place (`main`). This is the only layer that touches files.

mod args;
mod commands;
mod pipe;
mod source;

pub use args::Cli;
pub use commands::run;

use std::fmt;

/// A failure with its exit status: 1 an invariant broke, 2 bad input,
/// 3 an I/O failure.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn input(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
    pub fn io(message: impl Into<String>) -> Failure {
        Failure {
            code: 3,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
