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
        let (seconds, o) = timed(|| sim::run_with(&sc, None, sim::Checks::REPORT_ONLY));
        payments = u64::from(o.cardholders().initiated());
        events = o.events;
        plain.push(seconds);
        // One run's records at a time, so the peak is one run's.
        drop(o);
        let (seconds, o) = timed(|| {
            // The same writer as `run --events`: the lines are formatted
            // on its thread, overlapping the simulation.
            let mut sink = super::pipe::EventLog::new(std::io::sink(), &sc);
            let o = sim::run_with(&sc, Some(&mut sink as &mut dyn EventSink), sim::Checks::REPORT_ONLY);
            sink.finish().map(|()| o)
        });
        let o = o.map_err(io)?;
        if let Some(e) = o.io_error {
            return Err(io(e));
        }
        logged.push(seconds);
    }
    let (plain, logged) = (median(&mut plain), median(&mut logged));
    // Whole units a second, rounded half up, in integers.
    let rate = |n: u64, nanos: u128| (u128::from(n) * 2_000_000_000 + nanos) / (2 * nanos.max(1));
    writeln!(out, "corridor bench: {} ({} runs each, medians)", sc.name, runs).map_err(io)?;
    writeln!(
        out,
        "  run              {:>8} s  {:>12} payments/s  {:>12} events/s",
        seconds(plain),
        report::count(rate(payments, plain) as u64),
        report::count(rate(events, plain) as u64)
    )
    .map_err(io)?;
    writeln!(
        out,
        "  run --events     {:>8} s  {:>12} lines/s",
        seconds(logged),
        report::count(rate(events, logged) as u64)
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

/// Nanoseconds `f` took on the wall clock, and its result.
fn timed<T>(f: impl FnOnce() -> T) -> (u128, T) {
    let watch = super::wall::Stopwatch::start();
    let value = f();
    (watch.nanos(), value)
}

fn median(xs: &mut [u128]) -> u128 {
    xs.sort_unstable();
    xs[xs.len() / 2]
}

/// `1.765` for 1,765,432,100 ns: seconds with three decimals, rounded half
/// up.
fn seconds(nanos: u128) -> String {
    let ms = (nanos + 500_000) / 1_000_000;
    format!("{}.{:03}", ms / 1_000, ms % 1_000)
}

/// The process's peak resident memory in KiB (Linux `VmHWM`).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
