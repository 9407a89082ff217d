//! `corridor`: parse the flags, run the command, map failures to exit codes.

use std::process::ExitCode;

use clap::Parser;
use corridor::cli::{self, Cli, CliError};

fn main() -> ExitCode {
    // Not locked for the whole run: the event log's writer thread also
    // writes to standard output.
    let mut out = std::io::stdout();
    if let Err(e) = cli::handle_signals() {
        return cli::exit_code(Err(CliError::io("cannot handle signals", e)));
    }
    let result = Cli::try_parse()
        .map_err(CliError::Usage)
        .and_then(|flags| cli::run(flags, &mut out));
    cli::exit_code(result)
}
