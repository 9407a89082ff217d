//! `corridor diff`: two runs side by side. `corridor diff A B` compares two
//! scenarios; `corridor diff SCENARIO --set KEY=VALUE ...` compares a
//! scenario with itself changed (the changes apply to B). The comparison
//! is a report, so a difference still exits 0; bad input exits 2.

use std::io::Write;

use crate::report::Report;
use crate::report::compare::{self, Side};
use crate::scenario::Scenario;
use crate::scenario::edit::Change;
use crate::world as sim;

use super::CliError;
use super::args::{DiffArgs, Format};
use super::source;

/// Runs `corridor diff`.
pub fn diff(args: &DiffArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (a_arg, b_arg) = match args.scenarios.as_slice() {
        [a] if !args.set.is_empty() => (a.as_str(), a.as_str()),
        [_] => {
            return Err(CliError::BadInput(
                "corridor diff needs two scenarios, or one and --set KEY=VALUE to compare it with itself changed"
                    .into(),
            ));
        }
        [a, b] => (a.as_str(), b.as_str()),
        _ => {
            return Err(CliError::BadInput(
                "corridor diff compares two runs: give one or two scenarios".into(),
            ));
        }
    };
    let (a_file, a) = load(a_arg, args.seed, &[])?;
    let (b_file, b) = load(b_arg, args.seed, &args.set)?;
    let sets: Vec<String> = args.set.iter().map(ToString::to_string).collect();
    let b_label = match sets.is_empty() {
        true => b_file,
        false => format!("{b_file} with {}", sets.join(" ")),
    };
    // The two runs are independent: one thread each.
    let (ra, rb) = std::thread::scope(|s| {
        let ta = s.spawn(|| sim::run(&a, None));
        let ob = sim::run(&b, None);
        (ta.join().expect("a run does not panic"), ob)
    });
    for (label, o) in [("A", &ra), ("B", &rb)] {
        if let Some(v) = &o.violation {
            return Err(CliError::Invariant(format!(
                "{label}: invariant broken at event {} ({}, {}): {}",
                v.seq, v.kind, v.at, v.message
            )));
        }
    }
    let (report_a, report_b) = (Report::new(&a, &ra), Report::new(&b, &rb));
    let comparison = compare::compare(
        &Side {
            label: a_file,
            outcome: &ra,
            report: &report_a,
        },
        &Side {
            label: b_label,
            outcome: &rb,
            report: &report_b,
        },
    );
    let text = match args.format {
        Format::Text => compare::text(&comparison),
        Format::Json => compare::json(&comparison),
    };
    out.write_all(text.as_bytes())
        .map_err(|e| CliError::io("cannot write the output", e))
}

fn load(arg: &str, seed: Option<u64>, changes: &[Change]) -> Result<(String, Scenario), CliError> {
    let (file, _) = source::load_named(arg, &[])?;
    let sc = source::load_changed(Some(arg), seed, changes)?;
    // Both runs keep every payment record, to compare them one by one.
    source::recordable(Some(arg), &sc, "diff")?;
    Ok((file, sc))
}
