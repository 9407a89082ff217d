//! `corridor`: parse the flags, run the command, map failures to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = corridor::cli::Cli::parse();
    // Not locked for the whole run: the event log's writer thread also
    // writes to standard output.
    let mut out = std::io::stdout();
    match corridor::cli::run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // A closed pipe (`corridor run | head`) is not worth a message.
            if failure.code != 3 || !failure.message.contains("Broken pipe") {
                for line in failure.message.lines() {
                    eprintln!("error: {line}");
                }
            }
            ExitCode::from(failure.code)
        }
    }
}
