//! Finding a scenario: a path to a `.toml` file, or a bundled name.

use std::path::{Path, PathBuf};

use crate::scenario::edit::Change;
use crate::scenario::{self, Scenario, bundled};

use super::CliError;

/// A scenario as the command line found it.
struct Loaded {
    /// The name its messages give the file (`s.toml`, or `baseline.toml
    /// (bundled)`).
    file: String,
    scenario: Scenario,
    /// Every file it was read from: the scenario file and the files it
    /// names (rate tables); none for a bundled scenario.
    inputs: Vec<PathBuf>,
}

/// Loads the scenario named on the command line (the default when none).
pub fn load(arg: Option<&str>) -> Result<Scenario, CliError> {
    load_text(arg, None, &[]).map(|l| l.scenario)
}

/// Loads it with `--seed` (when given) replacing the file's seed before
/// validation, so everything seeded (the FX path too) follows the new
/// seed, and the `--set` changes applied to its text first (see
/// `scenario::edit`): a problem on a changed key names the `--set`.
pub fn load_changed(arg: Option<&str>, seed: Option<u64>, changes: &[Change]) -> Result<Scenario, CliError> {
    load_text(arg, seed, changes).map(|l| l.scenario)
}

/// As [`load_changed`], with every file the scenario was read from: the
/// scenario file and the files it names (rate tables). Bundled scenarios
/// read no file.
pub fn load_with_inputs(
    arg: Option<&str>,
    seed: Option<u64>,
    changes: &[Change],
) -> Result<(Scenario, Vec<PathBuf>), CliError> {
    load_text(arg, seed, changes).map(|l| (l.scenario, l.inputs))
}

/// Loads it with the name its messages give the file (`s.toml`, or
/// `baseline.toml (bundled)`), for placing its warnings.
pub fn load_named(arg: &str, changes: &[Change]) -> Result<(String, Scenario), CliError> {
    load_text(Some(arg), None, changes).map(|l| (l.file, l.scenario))
}

/// The scenario named on the command line as the explorer's what-if
/// edits it: its text, the `--set` changes the run opened was made with,
/// how to read the files it names, and where a kept variant goes: beside
/// the scenario file, or in `here` (the current directory) for a bundled
/// scenario, as `NAME.variant.toml`, or `NAME.variant-2.toml` (3, ...) when
/// that exists: no file is ever replaced.
pub fn whatif_source(arg: Option<&str>, changes: Vec<Change>, here: &Path) -> Result<crate::tui::Source, CliError> {
    let arg = arg.unwrap_or(bundled::DEFAULT);
    let path = Path::new(arg);
    if path.is_file() || arg.ends_with(".toml") {
        let text = read_input(arg, "scenario file")?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let stem = path
            .file_name()
            .and_then(|n| n.to_str())
            .map_or("scenario", |n| n.strip_suffix(".toml").unwrap_or(n))
            .to_string();
        let read_dir = dir.clone();
        return Ok(crate::tui::Source {
            file: arg.to_string(),
            text,
            base: changes,
            read: Box::new(move |rel: &str| {
                let p = read_dir.join(rel);
                std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
            }),
            keep: Box::new(move |text: &str| keep_variant(&dir, &stem, text)),
        });
    }
    match bundled::find(arg) {
        Some(b) => {
            let here = here.to_path_buf();
            Ok(crate::tui::Source {
                file: format!("{}.toml (bundled)", b.name),
                text: b.text.to_string(),
                base: changes,
                read: Box::new(bundled::data),
                keep: Box::new(move |text: &str| {
                    copy_bundled_data(&here, text)?;
                    keep_variant(&here, b.name, text)
                }),
            })
        }
        // The loader's own message, naming the bundled scenarios.
        None => Err(load_text(Some(arg), None, &[])
            .err()
            .unwrap_or_else(|| CliError::BadInput(format!("{arg}: no such scenario file or bundled scenario")))),
    }
}

/// Writes into `dir` the bundled data files `text` names (the ECB rate
/// table), so a variant of a bundled scenario runs where it was kept. A
/// file already there with the same contents is left alone; one with other
/// contents is never replaced, and the variant is not kept.
fn copy_bundled_data(dir: &Path, text: &str) -> Result<(), String> {
    for (relative, contents) in bundled::data_files().iter().filter(|(r, _)| text.contains(r)) {
        let path = dir.join(relative);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == *contents => continue,
            Ok(_) => {
                return Err(format!(
                    "not kept: {} exists and is not corridor's bundled copy, which the variant reads",
                    path.display()
                ));
            }
            Err(_) => {}
        }
        let partial = path.with_file_name(format!(
            ".{}.partial",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("data")
        ));
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&partial, contents))
            .and_then(|()| std::fs::rename(&partial, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(format!("not kept: cannot write {}: {e}", path.display()));
        }
    }
    Ok(())
}

/// Writes `text` as `dir/STEM.variant.toml`, or the first of
/// `STEM.variant-N.toml` (N from 2) that does not exist; beside it first,
/// then renamed, so no half-written variant is ever left.
fn keep_variant(dir: &Path, stem: &str, text: &str) -> Result<(PathBuf, Vec<String>), String> {
    let mut passed = Vec::new();
    for n in 1.. {
        let name = match n {
            1 => format!("{stem}.variant.toml"),
            n => format!("{stem}.variant-{n}.toml"),
        };
        let path = dir.join(&name);
        if path.exists() {
            passed.push(name);
            continue;
        }
        let partial = dir.join(format!(".{name}.partial"));
        let written = std::fs::write(&partial, text).and_then(|()| std::fs::rename(&partial, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(format!("not kept: cannot write {}: {e}", path.display()));
        }
        return Ok((path, passed));
    }
    unreachable!("some variant name is free")
}

/// The text of the file `arg` names, `what` it is saying what could not be
/// read (`cannot read the scenario file`): a missing or non-text file is
/// bad input (status 2); anything else is I/O (status 3).
pub(super) fn read_input(arg: &str, what: &str) -> Result<String, CliError> {
    std::fs::read_to_string(arg).map_err(|e| {
        let context = format!("{arg}: cannot read the {what}");
        match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidData => {
                CliError::BadInput(format!("{context}: {e}"))
            }
            _ => CliError::io(context, e),
        }
    })
}

fn load_text(arg: Option<&str>, seed: Option<u64>, changes: &[Change]) -> Result<Loaded, CliError> {
    let arg = arg.unwrap_or(bundled::DEFAULT);
    let path = Path::new(arg);
    if path.is_file() || arg.ends_with(".toml") {
        let text = read_input(arg, "scenario file")?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let inputs = std::cell::RefCell::new(vec![path.to_path_buf()]);
        let read = |rel: &str| {
            let p = dir.join(rel);
            inputs.borrow_mut().push(p.clone());
            std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
        };
        let scenario =
            scenario::edit::load(arg, &text, changes, &read, seed).map_err(|e| CliError::BadInput(e.to_string()))?;
        return Ok(Loaded {
            file: arg.to_string(),
            scenario,
            inputs: inputs.into_inner(),
        });
    }
    match bundled::find(arg) {
        Some(b) => {
            let file = format!("{}.toml (bundled)", b.name);
            let scenario = scenario::edit::load(&file, b.text, changes, &bundled::data, seed)
                .map_err(|e| CliError::BadInput(e.to_string()))?;
            Ok(Loaded {
                file,
                scenario,
                inputs: Vec::new(),
            })
        }
        None => {
            let names: Vec<&str> = bundled::SCENARIOS.iter().map(|s| s.name).collect();
            Err(CliError::BadInput(format!(
                "{arg}: no such scenario file, and no bundled scenario of that name (bundled: {})",
                names.join(", ")
            )))
        }
    }
}

/// Refuses, for `command` (one that keeps every record of a run: explore,
/// explain, learn, diff), a scenario above
/// [`MAX_RECORDED_PURCHASES`](crate::scenario::validate::MAX_RECORDED_PURCHASES)
/// expected purchases, which `run`, `test`, `sweep` and `bench` take.
pub fn recordable(arg: Option<&str>, sc: &Scenario, command: &str) -> Result<(), CliError> {
    use crate::scenario::validate::{MAX_PURCHASES, MAX_RECORDED_PURCHASES};
    let expected = sc
        .expected_purchases()
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if expected <= rust_decimal::Decimal::from(MAX_RECORDED_PURCHASES) {
        return Ok(());
    }
    let count = |n: rust_decimal::Decimal| crate::domain::money::group_digits(&n.to_string());
    Err(CliError::BadInput(format!(
        "{}: cardholders.count: count x purchases_per_day x days is {} purchases; {command} keeps every \
         record of the run in memory and takes at most {} (run, test, sweep and bench take up to {})",
        arg.unwrap_or(bundled::DEFAULT),
        count(expected),
        count(MAX_RECORDED_PURCHASES.into()),
        count(MAX_PURCHASES.into()),
    )))
}
