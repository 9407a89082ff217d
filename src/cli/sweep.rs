//! `corridor sweep`: a scenario run once per seed, on `--jobs` threads,
//! and each metric's distribution written as text, JSON or CSV. The runs
//! are collected in seed order, so the output is the same for any number of
//! jobs; `--shard I/N` runs one contiguous slice of the seeds.

use std::io::Write;

use crate::report::sweep::{self, Run, Sweep, render};
use crate::report::{Report, metrics};
use crate::scenario::edit::Change;
use crate::world as sim;

use super::CliError;
use super::args::{SweepArgs, SweepCommand, SweepFormat};
use super::source;

/// Runs `corridor sweep` (or `corridor sweep merge`).
pub fn sweep(args: &SweepArgs, out: &mut dyn Write) -> Result<(), CliError> {
    if let Some(SweepCommand::Merge { parts, format }) = &args.merge {
        let whole = super::merge::merge(parts)?;
        return write(&whole, *format, out);
    }
    let (Some(scenario), Some(seeds)) = (args.scenario.as_deref(), args.seeds) else {
        return Err(CliError::BadInput(
            "corridor sweep needs a scenario and --seeds A..B".into(),
        ));
    };
    if let Some(shard) = args.shard.filter(|s| u64::from(s.of) > seeds.count()) {
        return Err(CliError::BadInput(format!(
            "--shard {shard}: {} seeds cannot make {} shards; use at most {} shards",
            seeds.count(),
            shard.of,
            seeds.count()
        )));
    }
    let mine = args.shard.map_or(seeds, |s| seeds.slice(s));
    // Each cell of the grid is the `--set` changes, then the cell's values.
    let grid: Vec<Vec<Change>> = sweep::cells(&args.vary)
        .into_iter()
        .map(|cell| {
            let mut changes = args.set.clone();
            changes.extend(cell.into_iter().map(|(key, value)| Change::Set { key, value }));
            changes
        })
        .collect();
    // Loaded once up front, so a bad scenario or value is one message, not
    // one a seed; every cell, so a bad value in the grid stops it at once.
    let at_zero = source::load_changed(Some(scenario), Some(0), &args.set)?;
    check_each_value(scenario, args)?;
    for changes in &grid {
        source::load_changed(Some(scenario), Some(0), changes)?;
    }
    // The grid is part of the sweep's identity: shards of another grid do
    // not merge. A plain sweep keeps the fingerprint it always had.
    let identity = match args.vary.is_empty() {
        true => format!("{at_zero:?}"),
        false => format!("{at_zero:?}{:?}", args.vary),
    };
    let fingerprint = sweep::fingerprint(&identity);
    let name = at_zero.name;
    let list: Vec<(usize, u64)> = (0..grid.len())
        .flat_map(|c| (mine.from..=mine.to).map(move |s| (c, s)))
        .collect();
    let progress = super::progress::Counter::new(&name, list.len() as u64);
    let runs = super::parallel::in_parallel(&list, super::parallel::jobs(args.jobs), |&(cell, seed)| {
        let run = run_one(scenario, &grid[cell], cell, seed);
        progress.inc();
        run
    });
    progress.finish();
    let whole = Sweep {
        scenario: name,
        fingerprint,
        seeds,
        shard: args.shard,
        vary: args.vary.clone(),
        runs: runs?,
    };
    write(&whole, args.format, out)
}

/// Each `--vary` value on its own (with the `--set` changes), so that a
/// bad one is reported as the `--vary` it came from, not as the `--set` a
/// cell makes of it.
fn check_each_value(scenario: &str, args: &SweepArgs) -> Result<(), CliError> {
    for v in &args.vary {
        for value in &v.values {
            let change = Change::Set {
                key: v.key.clone(),
                value: value.clone(),
            };
            let mut changes = args.set.clone();
            changes.push(change.clone());
            match source::load_changed(Some(scenario), Some(0), &changes) {
                Err(CliError::BadInput(m)) => {
                    let from = format!("--vary {}={value}", v.key);
                    return Err(CliError::BadInput(m.replace(&change.to_string(), &from)));
                }
                other => other.map(|_| ())?,
            }
        }
    }
    Ok(())
}

/// One seed of one cell: the scenario loaded with the cell's changes and
/// the seed, run, and its swept metrics.
fn run_one(scenario: &str, changes: &[Change], cell: usize, seed: u64) -> Result<Run, CliError> {
    let sc = source::load_changed(Some(scenario), Some(seed), changes)?;
    let o = sim::run_with(&sc, None, sim::Checks::REPORT_ONLY);
    if let Some(v) = &o.violation {
        return Err(CliError::Invariant(format!(
            "seed {seed}: invariant broken at event {} ({}, {}): {}",
            v.seq, v.kind, v.at, v.message
        )));
    }
    let report = Report::new(&sc, &o);
    Ok(Run {
        cell,
        seed,
        metrics: sweep::swept(metrics::metrics(&o, &report)),
    })
}

fn write(sweep: &Sweep, format: SweepFormat, out: &mut dyn Write) -> Result<(), CliError> {
    let text = match format {
        SweepFormat::Text => render::text(sweep),
        SweepFormat::Json => render::json(sweep),
        SweepFormat::Csv => render::csv(sweep),
    };
    out.write_all(text.as_bytes())
        .map_err(|e| CliError::io("cannot write the output", e))
}
