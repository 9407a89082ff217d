//! `corridor bench`: the speed of a scenario on this machine, release build
//! or not, as a product team would quote it: payments and events a second
//! without the event log, lines a second writing it (to a sink that drops
//! the bytes, so the disk is not measured), and the process's peak memory.
//! Wall time is read here, in the command line, never in the simulation.

use std::io::Write;

use crate::messages::EventSink;
use crate::report;
use crate::world as sim;

use super::{CliError, source};

/// Runs `scenario` `runs` times each way and prints the medians.
pub fn bench(scenario: &str, runs: u32, out: &mut dyn Write) -> Result<(), CliError> {
    let sc = source::load(Some(scenario))?;
    let io = |e: std::io::Error| CliError::io("cannot write the output", e);
    let mut plain = Vec::new();
    let mut logged = Vec::new();
    let (mut payments, mut events) = (0u64, 0u64);
    for _ in 0..runs {
        let (seconds, o) = timed(|| sim::run(&sc, None));
        payments = u64::from(o.cardholders().initiated());
        events = o.events;
        plain.push(seconds);
        // One run's records at a time, so the peak is one run's.
        drop(o);
        let (seconds, _) = timed(|| {
            let mut sink = report::events::JsonLines::new(std::io::sink(), &sc);
            sim::run(&sc, Some(&mut sink as &mut dyn EventSink))
        });
        logged.push(seconds);
    }
    let (plain, logged) = (median(&mut plain), median(&mut logged));
    let rate = |n: u64, s: f64| if s > 0.0 { (n as f64 / s).round() as u64 } else { 0 };
    writeln!(out, "corridor bench: {} ({} runs each, medians)", sc.name, runs).map_err(io)?;
    writeln!(
        out,
        "  run              {:>8.3} s  {:>12} payments/s  {:>12} events/s",
        plain,
        report::count(rate(payments, plain)),
        report::count(rate(events, plain))
    )
    .map_err(io)?;
    writeln!(
        out,
        "  run --events     {:>8.3} s  {:>12} lines/s",
        logged,
        report::count(rate(events, logged))
    )
    .map_err(io)?;
    writeln!(
        out,
        "  {} payments, {} events; peak memory {}",
        report::count(payments),
        report::count(events),
        peak_memory().map_or("unknown (no /proc/self/status)".into(), |kib| format!(
            "{} MiB",
            kib / 1024
        ))
    )
    .map_err(io)
}

/// Seconds `f` took on the wall clock, and its result. Timing numbers are
/// the one place corridor reads the wall clock; they never reach a run.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    #[allow(clippy::disallowed_methods)]
    let start = std::time::Instant::now();
    let value = f();
    (start.elapsed().as_secs_f64(), value)
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The process's peak resident memory in KiB (Linux `VmHWM`).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
