//! `corridor learn`: finds a lesson (a bundled id or a file), loads the
//! scenario it names (a bundled name, or a path relative to the lesson
//! file), records the run, places the stops and evaluates the answers; then
//! lists, prints a handout or opens the course in the terminal.

use std::io::Write;
use std::path::Path;

use crate::learn::{self, Prepared, bundled};
use crate::replay::Recording;

use super::CliError;
use super::args::LearnArgs;
use super::source;

/// Runs `corridor learn`.
pub fn learn(args: &LearnArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let io = |e| CliError::io("cannot write the output", e);
    if args.list {
        for l in bundled::LESSONS {
            let lesson = learn::parse(&format!("{}.toml (bundled)", l.id), l.text)
                .map_err(|e| CliError::BadInput(e.to_string()))?;
            writeln!(out, "{:<20} {}", l.id, lesson.title).map_err(io)?;
        }
        return Ok(());
    }
    let Some(arg) = args.lesson.as_deref() else {
        return course();
    };
    let (lesson, rec) = open(arg)?;
    if args.markdown {
        return out
            .write_all(learn::markdown::render(&lesson, &rec).as_bytes())
            .map_err(io);
    }
    terminal()?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    super::signals::terminal(true);
    let result = crate::tui::learn::lesson(lesson, rec, color);
    super::signals::terminal(false);
    super::error::ended(result)
}

fn terminal() -> Result<(), CliError> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(CliError::BadInput(
        "learn draws in a terminal: run it from one (for a handout, use corridor learn LESSON --markdown)".into(),
    ))
}

/// The course: the bundled lessons to pick from, each loaded when picked.
fn course() -> Result<(), CliError> {
    terminal()?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut titles = Vec::new();
    for l in bundled::LESSONS {
        let lesson =
            learn::parse(&format!("{}.toml (bundled)", l.id), l.text).map_err(|e| CliError::BadInput(e.to_string()))?;
        titles.push((l.id.to_string(), lesson.title, lesson.summary));
    }
    let load: crate::tui::learn::Load = Box::new(|id: &str| open(id).map_err(|e| e.to_string()));
    super::signals::terminal(true);
    let result = crate::tui::learn::course(titles, load, color);
    super::signals::terminal(false);
    super::error::ended(result)
}

/// Loads lesson `arg` (a bundled id, or a path to a .toml file) and its
/// run: the lesson checked, its scenario recorded, its stops placed.
pub fn open(arg: &str) -> Result<(Prepared, Recording), CliError> {
    let path = Path::new(arg);
    let (file, text, dir) = if path.is_file() || arg.ends_with(".toml") {
        let text = source::read_input(arg, "lesson file")?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (arg.to_string(), text, Some(dir))
    } else {
        let Some(b) = bundled::find(arg) else {
            let ids: Vec<&str> = bundled::LESSONS.iter().map(|l| l.id).collect();
            return Err(CliError::BadInput(format!(
                "{arg}: no such lesson file, and no bundled lesson of that id (bundled: {})",
                ids.join(", ")
            )));
        };
        (format!("{}.toml (bundled)", b.id), b.text.to_string(), None)
    };
    let lesson = learn::parse(&file, &text).map_err(|e| CliError::BadInput(e.to_string()))?;
    // A path relative to the lesson file, else a bundled scenario's name.
    let relative = dir.as_ref().map(|d| d.join(&lesson.scenario));
    let scenario_arg = match &relative {
        Some(p) if p.is_file() || lesson.scenario.ends_with(".toml") => p.to_string_lossy().into_owned(),
        _ => lesson.scenario.clone(),
    };
    let known = crate::scenario::bundled::find(&scenario_arg).is_some() || Path::new(&scenario_arg).is_file();
    if !known {
        let names: Vec<&str> = crate::scenario::bundled::SCENARIOS.iter().map(|s| s.name).collect();
        return Err(CliError::BadInput(
            lesson
                .scenario_problem(&format!(
                    "`{}` is neither a scenario file beside the lesson nor a bundled scenario ({})",
                    lesson.scenario,
                    names.join(", ")
                ))
                .to_string(),
        ));
    }
    let (sc, _) = source::load_with_inputs(Some(&scenario_arg), lesson.seed, &[])?;
    source::recordable(Some(&scenario_arg), &sc, "learn")?;
    let rec = Recording::record(&sc);
    let prepared = learn::prepare(lesson, &rec).map_err(|e| CliError::BadInput(e.to_string()))?;
    Ok((prepared, rec))
}
