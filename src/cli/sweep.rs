//! `corridor sweep`: a scenario run once per seed, on `--jobs` threads,
//! and each metric's distribution written as text, JSON or CSV. The runs
//! are collected in seed order, so the output is the same for any number of
//! jobs; `--shard I/N` runs one contiguous slice of the seeds.

use std::io::Write;

use crate::report::sweep::{self, Run, Sweep, render};
use crate::report::{Report, metrics};
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
    // Loaded once up front, so a bad scenario is one message, not one a seed.
    let at_zero = source::load_with_seed(Some(scenario), 0)?;
    let fingerprint = sweep::fingerprint(&format!("{at_zero:?}"));
    let name = at_zero.name;
    let list: Vec<u64> = (mine.from..=mine.to).collect();
    let progress = super::progress::Counter::new(&name, mine.count());
    let runs = super::parallel::in_parallel(&list, super::parallel::jobs(args.jobs), |&seed| {
        let run = run_one(scenario, seed);
        progress.inc();
        run
    });
    progress.finish();
    let whole = Sweep {
        scenario: name,
        fingerprint,
        seeds,
        shard: args.shard,
        runs: runs?,
    };
    write(&whole, args.format, out)
}

/// One seed: the scenario loaded with it, run, and its swept metrics.
fn run_one(scenario: &str, seed: u64) -> Result<Run, CliError> {
    let sc = source::load_with_seed(Some(scenario), seed)?;
    let o = sim::run_with(&sc, None, sim::Checks::REPORT_ONLY);
    if let Some(v) = &o.violation {
        return Err(CliError::Invariant(format!(
            "seed {seed}: invariant broken at event {} ({}, {}): {}",
            v.seq, v.kind, v.at, v.message
        )));
    }
    let report = Report::new(&sc, &o);
    Ok(Run {
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
