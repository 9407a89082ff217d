//! One function per command.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::calendar::{BUILTINS, Calendar};
use crate::messages::EventSink;
use crate::report::{self, Report};
use crate::scenario::bundled;
use crate::scenario::edit::Change;
use crate::world as sim;

use super::CliError;
use super::args::{Cli, Command, Format, RunArgs};
use super::source;

/// Runs the command; what it prints goes to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), CliError> {
    match cli.command.unwrap_or(Command::Run(RunArgs::default())) {
        Command::Run(args) => run_scenario(&args, out),
        Command::Check { scenarios } => check(&scenarios, out),
        Command::Explore { scenario, seed, set } => explore(scenario, seed, set),
        Command::Explain {
            scenario,
            payment,
            seed,
            mermaid,
            set,
        } => explain(&scenario, &payment, seed, &set, mermaid, out),
        Command::Test(args) => super::test::test(&args, out),
        Command::Sweep(args) => super::sweep::sweep(&args, out),
        Command::Diff(args) => super::diff::diff(&args, out),
        Command::Learn(args) => super::learn::learn(&args, out),
        Command::Scenarios => list(out),
        Command::Bench { scenario, runs } => super::bench::bench(&scenario, runs, out),
        Command::Schema { of } => schema(of, out),
        Command::Calendar { name, year, format } => calendar(&name, year, format, out),
    }
}

fn io(e: std::io::Error) -> CliError {
    CliError::io("cannot write the output", e)
}

fn run_scenario(args: &RunArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (sc, inputs) = source::load_with_inputs(args.scenario.as_deref(), args.seed, &args.set)?;
    if let Some(path) = args.events.as_deref().filter(|p| *p != "-") {
        refuse_to_replace_an_input(Path::new(path), &inputs)?;
    }
    let mut progress = super::progress::Bar::new(&sc.name);
    // The bank files read every payment; a report alone reads totals.
    let checks = if args.export.is_some() {
        sim::Checks::default()
    } else {
        sim::Checks::REPORT_ONLY
    };
    let mut outcome = match args.events.as_deref() {
        None => sim::run_observed(&sc, None, checks, &mut progress.observer()),
        Some("-") => {
            let mut sink = super::pipe::EventLog::new(std::io::stdout(), &sc);
            let mut o = sim::run_observed(
                &sc,
                Some(&mut sink as &mut dyn EventSink),
                checks,
                &mut progress.observer(),
            );
            // The writer's own error (a full disk, a closed pipe) says more
            // than the sink's "stopped".
            sink.finish().map_err(io)?;
            if let Some(e) = o.io_error.take() {
                return Err(CliError::io("cannot write the event log", e));
            }
            o
        }
        Some(path) => run_to_file(&sc, Path::new(path), checks, &mut progress)?,
    };
    progress.finish();
    if let Some(e) = outcome.io_error.take() {
        return Err(CliError::io("cannot write the event log", e));
    }
    let report = Report::new(&sc, &outcome);
    // With the log on standard output the report goes to standard error, so
    // the log stays valid JSON Lines.
    let text = match args.format {
        Format::Text => report::text::render(&report),
        Format::Json => report::json::render(&report),
    };
    if args.events.as_deref() == Some("-") {
        std::io::stderr().write_all(text.as_bytes()).map_err(io)?;
    } else {
        out.write_all(text.as_bytes()).map_err(io)?;
    }
    if let (Some(dir), None) = (&args.export, &outcome.violation) {
        let files = report::export::files(&sc, &outcome);
        report::export::write_dir(dir, &files)
            .map_err(|e| CliError::io(format!("{}: cannot write the bank files", dir.display()), e))?;
    }
    match &outcome.violation {
        Some(v) => Err(CliError::Invariant(format!(
            "invariant broken at event {} ({}, {}): {}",
            v.seq, v.kind, v.at, v.message
        ))),
        None => Ok(()),
    }
}

/// Writes the log beside its destination under a name of its own and
/// renames it into place, so a failed run never leaves half a log under the
/// name asked for. Anything that is not a regular file (`/dev/null`, a
/// pipe) is written to directly.
fn run_to_file(
    sc: &crate::scenario::Scenario,
    path: &Path,
    checks: sim::Checks,
    progress: &mut super::progress::Bar,
) -> Result<sim::Outcome, CliError> {
    let fail = |e: std::io::Error| CliError::io(format!("{}: cannot write the event log", path.display()), e);
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let file = std::fs::OpenOptions::new().write(true).open(path).map_err(fail)?;
        let mut sink = super::pipe::EventLog::new(file, sc);
        let mut outcome = sim::run_observed(
            sc,
            Some(&mut sink as &mut dyn EventSink),
            checks,
            &mut progress.observer(),
        );
        sink.finish().map_err(fail)?;
        if let Some(e) = outcome.io_error.take() {
            return Err(fail(e));
        }
        return Ok(outcome);
    }
    // A file the user made read-only stays as it is, even for a user the
    // system would let write it (root): its mode is the user's word.
    if existing.as_ref().is_some_and(|m| m.permissions().readonly()) {
        return Err(fail(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only (its permissions say so); nothing was written",
        )));
    }
    let name = path
        .file_name()
        .map_or_else(|| "events".into(), |n| n.to_string_lossy().into_owned());
    let tmp: PathBuf = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| CliError::io(format!("{}: cannot create the event log", path.display()), e))?;
    super::signals::partial_file(Some(tmp.clone()));
    let mut sink = super::pipe::EventLog::new(file, sc);
    let mut outcome = sim::run_observed(
        sc,
        Some(&mut sink as &mut dyn EventSink),
        checks,
        &mut progress.observer(),
    );
    // The writer's own error (a full disk) says more than the sink's
    // "stopped", so it comes first.
    let written = sink.finish();
    let result = written.and(outcome.io_error.take().map_or(Ok(()), Err));
    // The new log keeps the mode of the one it replaces.
    let result = result.and_then(|()| match &existing {
        Some(m) => std::fs::set_permissions(&tmp, m.permissions()),
        None => Ok(()),
    });
    let result = result.and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        super::signals::partial_file(None);
        return Err(fail(e));
    }
    super::signals::partial_file(None);
    Ok(outcome)
}

/// An output must never replace a file the run reads: `--events
/// scenario.toml` would destroy the scenario. Compared by identity (device
/// and inode on Unix), so another spelling of the same path is caught too.
fn refuse_to_replace_an_input(output: &Path, inputs: &[PathBuf]) -> Result<(), CliError> {
    let Ok(out) = std::fs::canonicalize(output) else {
        return Ok(()); // a new file replaces nothing
    };
    for input in inputs {
        if std::fs::canonicalize(input).is_ok_and(|i| i == out) {
            return Err(CliError::BadInput(format!(
                "--events {}: that file is an input of this run ({}); nothing was written. Write the event log to another path",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

fn explore(scenario: Option<String>, seed: Option<u64>, set: Vec<Change>) -> Result<(), CliError> {
    use std::io::IsTerminal;
    let sc = source::load_changed(scenario.as_deref(), seed, &set)?;
    source::recordable(scenario.as_deref(), &sc, "explore")?;
    if !std::io::stdout().is_terminal() {
        return Err(CliError::BadInput(
            "explore draws in a terminal: run it from one (for text, use corridor run or corridor explain)".into(),
        ));
    }
    // NO_COLOR (no-color.org): any non-empty value turns colours off.
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    eprintln!("simulating {}...", sc.name);
    let rec = crate::replay::Recording::record(&sc);
    // The what-if edits the scenario's text, after the `--set` changes.
    let source = source::whatif_source(scenario.as_deref(), set, Path::new("."))?;
    super::signals::terminal(true);
    let result = crate::tui::explore(rec, source, color);
    super::signals::terminal(false);
    super::error::ended(result)
}

fn explain(
    scenario: &str,
    payment: &str,
    seed: Option<u64>,
    set: &[Change],
    mermaid: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let sc = source::load_changed(Some(scenario), seed, set)?;
    source::recordable(Some(scenario), &sc, "explain")?;
    // Only what this payment's story reads is kept; a bad id still gets the
    // story's own message (it names the valid ids).
    let only = crate::domain::ids::PaymentId::parse(payment).unwrap_or(crate::domain::ids::PaymentId::from_index(0));
    let rec = crate::replay::Recording::record_for_payment(&sc, only);
    let story = crate::replay::story::story(&rec, payment).map_err(CliError::BadInput)?;
    let text = if mermaid {
        report::explain::mermaid(&story)
    } else {
        report::explain::text(&story)
    };
    out.write_all(text.as_bytes()).map_err(io)
}

/// Validates each scenario: `ok: FILE (NAME)` on standard output for each
/// valid one, after its warnings (legal but suspicious settings) on
/// standard error as `warning: FILE:LINE:COLUMN: KEY: MESSAGE`. Warnings
/// leave the exit status 0; any invalid file makes it 2.
fn check(scenarios: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    let mut problems = Vec::new();
    for s in scenarios {
        match source::load_named(s, &[]) {
            Ok((file, sc)) => {
                for w in &sc.warnings {
                    eprintln!("warning: {file}:{}:{}: {}: {}", w.line, w.column, w.key, w.message);
                }
                let n = sc.warnings.len();
                let warned = match n {
                    0 => String::new(),
                    1 => ", 1 warning".to_string(),
                    n => format!(", {n} warnings"),
                };
                writeln!(out, "ok: {s} ({}){warned}", sc.name).map_err(io)?
            }
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::Several(problems))
    }
}

/// A JSON Schema (draft 2020-12) generated from the types that read
/// scenario files or write the JSON report, with their docs as
/// descriptions: one source, so the schema cannot drift from the program.
fn schema(of: super::args::SchemaOf, out: &mut dyn Write) -> Result<(), CliError> {
    use super::args::SchemaOf;
    let (mut schema, title, description) = match of {
        SchemaOf::Scenario => (
            schemars::schema_for!(crate::scenario::raw::RawFile),
            "corridor scenario",
            "A corridor scenario file (TOML). Values are checked further when the file is loaded: \
             `corridor check FILE` reports each problem with its line, column and key.",
        ),
        SchemaOf::Report => (
            schemars::schema_for!(Report),
            "corridor report",
            "The report of `corridor run --format json`.",
        ),
    };
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    let text = serde_json::to_string_pretty(&schema).map_err(|e| CliError::io("cannot write the schema", e.into()))?;
    writeln!(out, "{text}").map_err(io)
}

fn list(out: &mut dyn Write) -> Result<(), CliError> {
    for b in bundled::SCENARIOS {
        let summary = source::load(Some(b.name)).map(|s| s.summary).unwrap_or_default();
        let default = if b.name == bundled::DEFAULT { " (default)" } else { "" };
        writeln!(out, "{:<22} {summary}{default}", b.name).map_err(io)?;
    }
    Ok(())
}

fn calendar(name: &str, year: i16, format: Format, out: &mut dyn Write) -> Result<(), CliError> {
    let cal = Calendar::builtin(name).ok_or_else(|| {
        CliError::BadInput(format!(
            "`{name}` is not a builtin calendar: use one of {}",
            BUILTINS.join(", ")
        ))
    })?;
    if !(1900..=2200).contains(&year) {
        return Err(CliError::BadInput(format!(
            "--year {year}: use a year from 1900 to 2200"
        )));
    }
    let days = report::calendar::days(&cal, year).map_err(|e| CliError::BadInput(e.to_string()))?;
    let text = match format {
        Format::Text => report::calendar::text(&cal, year, &days),
        Format::Json => report::calendar::json(&days),
    };
    out.write_all(text.as_bytes()).map_err(io)
}
