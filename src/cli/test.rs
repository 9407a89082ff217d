//! `corridor test`: scenario files as a team's regression tests. Each
//! scenario found is run; its `[[expect]]` tables are checked against the
//! run's metrics and its text report compared byte for byte with the golden
//! file beside it, `NAME.report.txt` for `NAME.toml` (`--update` writes
//! it). One line per scenario on standard output, in the order found, the
//! same for any `--jobs`; then the failures' details and a count.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::report::{self, Report, metrics};
use crate::scenario::Scenario;
use crate::scenario::expect::METRICS;
use crate::world as sim;

use crate::scenario::edit::Change;

use super::CliError;
use super::args::TestArgs;
use super::source;
use super::verdict::{Failure, Outcome};

/// Runs `corridor test`.
pub fn test(args: &TestArgs, out: &mut dyn Write) -> Result<(), CliError> {
    if args.metrics {
        return list_metrics(out);
    }
    if args.update && !args.set.is_empty() {
        return Err(CliError::BadInput(
            "--update with --set would write the changed scenarios' reports as the goldens of the files as they are: run --update without --set".into(),
        ));
    }
    let files = discover(&args.paths)?;
    let loaded = load_all(&files, &args.set)?;
    let jobs = super::parallel::jobs(args.jobs);
    let results = super::parallel::in_parallel(&loaded, jobs, |(file, sc)| run_one(file, sc, args.update))?;
    let mut text = String::new();
    for r in &results {
        text.push_str(&line(r, args.update));
    }
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    let plural = if results.len() == 1 { "" } else { "s" };
    text.push_str(&format!(
        "{} scenario{plural}: {} passed, {failed} failed\n",
        results.len(),
        results.len() - failed
    ));
    out.write_all(text.as_bytes())
        .map_err(|e| CliError::io("cannot write the output", e))?;
    if let Some(path) = &args.junit {
        let xml = super::junit::render(&results).map_err(|e| CliError::io("cannot write the JUnit report", e))?;
        write_aside(Path::new(path), &xml)?;
    }
    match failed {
        0 => Ok(()),
        n => Err(CliError::TestsFailed {
            failed: n,
            total: results.len(),
        }),
    }
}

/// `ok     FILE (N expectations)`, or `FAILED FILE` and each failure's
/// detail indented beneath it.
fn line(r: &Outcome, update: bool) -> String {
    let golden = if r.updated {
        ", golden written"
    } else if update {
        ", golden unchanged"
    } else {
        ""
    };
    let plural = if r.expectations == 1 { "" } else { "s" };
    if r.failures.is_empty() {
        return format!("ok     {} ({} expectation{plural}{golden})\n", r.file, r.expectations);
    }
    let mut s = format!("FAILED {} ({} expectation{plural}{golden})\n", r.file, r.expectations);
    for f in &r.failures {
        for l in f.detail.lines() {
            s.push_str(&format!("    {l}\n").replace("    \n", "\n"));
        }
    }
    s
}

fn list_metrics(out: &mut dyn Write) -> Result<(), CliError> {
    let mut s = String::from("Metrics of `corridor test` ([[expect]] metric) and `corridor sweep`:\n");
    for m in METRICS {
        s.push_str(&format!("{:<28} {:<9} {}\n", m.name, m.unit.name(), m.meaning));
    }
    s.push_str(
        "\nValues: counts 9000, durations \"12d\" or \"4h\", amounts \"1234.56 EUR\", dates 2018-02-26.\n\
         ID is a merchant GROUP/N or a remittance R0001; REASON a decline code.\n",
    );
    out.write_all(s.as_bytes())
        .map_err(|e| CliError::io("cannot write the output", e))
}

/// The scenario files under `paths` (the current directory when none): a
/// file as given, a directory searched recursively for `*.toml`, skipping
/// hidden entries; each directory's files in name order.
fn discover(paths: &[String]) -> Result<Vec<PathBuf>, CliError> {
    let paths = if paths.is_empty() {
        vec![".".to_string()]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for p in &paths {
        let path = Path::new(p);
        if path.is_dir() {
            walk(path, &mut files).map_err(|e| CliError::io(format!("{p}: cannot read the directory"), e))?;
        } else if path.is_file() {
            files.push(path.to_path_buf());
        } else {
            return Err(CliError::BadInput(format!("{p}: no such file or directory")));
        }
    }
    if files.is_empty() {
        return Err(CliError::BadInput(format!(
            "no scenario files (*.toml) in {}",
            paths.join(", ")
        )));
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for e in entries {
        let hidden = e.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if e.is_dir() {
            walk(&e, files)?;
        } else if e.extension().is_some_and(|x| x == "toml") {
            files.push(e);
        }
    }
    Ok(())
}

/// Every file loaded, or every load error at once (bad input, status 2).
fn load_all(files: &[PathBuf], changes: &[Change]) -> Result<Vec<(String, Scenario)>, CliError> {
    let (mut loaded, mut problems) = (Vec::new(), Vec::new());
    for f in files {
        let name = f.display().to_string();
        match source::load_named(&name, changes) {
            Ok((_, sc)) => loaded.push((name, sc)),
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(CliError::Several(problems))
    }
}

/// `scenarios/a.toml` → `scenarios/a.report.txt`.
pub fn golden_path(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    file.with_file_name(format!("{stem}.report.txt"))
}

fn run_one(file: &str, sc: &Scenario, update: bool) -> Result<Outcome, CliError> {
    let o = sim::run_with(sc, None, sim::Checks::REPORT_ONLY);
    let report = Report::new(sc, &o);
    let text = report::text::render(&report);
    let metrics = metrics::metrics(&o, &report);
    let mut failures: Vec<Failure> = metrics::check(sc, &metrics)
        .into_iter()
        .map(|b| {
            let title = format!("{file}:{}: {b}", b.expectation.line);
            Failure {
                kind: "expectation",
                detail: title.clone(),
                title,
            }
        })
        .collect();
    if let Some(v) = &o.violation {
        let title = format!(
            "invariant broken at event {} ({}, {}): {}",
            v.seq, v.kind, v.at, v.message
        );
        failures.push(Failure {
            kind: "invariant",
            detail: title.clone(),
            title,
        });
    }
    let golden = golden_path(Path::new(file));
    let mut updated = false;
    if update {
        updated = std::fs::read(&golden).ok().as_deref() != Some(text.as_bytes());
        if updated {
            write_aside(&golden, text.as_bytes())?;
        }
    } else {
        failures.extend(compare(&golden, &text)?);
    }
    Ok(Outcome {
        file: file.to_string(),
        name: sc.name.clone(),
        expectations: sc.expect.len(),
        failures,
        updated,
    })
}

/// The golden's verdict: nothing when it matches, else a missing golden or
/// the unified diff from it to this run's report.
fn compare(golden: &Path, text: &str) -> Result<Option<Failure>, CliError> {
    let shown = golden.display().to_string();
    let old = match std::fs::read_to_string(golden) {
        Ok(old) => old,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let title = format!("no golden report {shown}: write it with `corridor test --update`");
            return Ok(Some(Failure {
                kind: "golden",
                detail: title.clone(),
                title,
            }));
        }
        Err(e) => return Err(CliError::io(format!("{shown}: cannot read the golden report"), e)),
    };
    if old == text {
        return Ok(None);
    }
    let diff = similar::TextDiff::from_lines(old.as_str(), text)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{shown} (golden)"), "this run")
        .to_string();
    let title = format!("the report differs from {shown}");
    Ok(Some(Failure {
        kind: "golden",
        detail: format!("{title}:\n{diff}"),
        title,
    }))
}

/// Writes `bytes` beside `path` under a name of its own, then renames it
/// into place: a reader never sees half a file.
fn write_aside(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let fail = |e| CliError::io(format!("{}: cannot write", path.display()), e);
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}
