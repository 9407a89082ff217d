//! The command line: flags in, one command run, and every failure returned
//! as a [`CliError`] that [`exit_code`], called once from `main`, prints and
//! turns into the exit status. This is the only layer that touches files.

mod args;
mod bench;
mod commands;
mod diff;
mod error;
mod junit;
mod learn;
mod merge;
mod parallel;
mod pipe;
mod progress;
mod signals;
mod source;
mod sweep;
mod test;
mod verdict;
mod wall;

pub use args::Cli;
pub use commands::run;
pub use error::{CliError, exit_code};
pub use signals::install as handle_signals;
pub use source::whatif_source;
