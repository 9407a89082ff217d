//! `[fx] table`: a file of daily rates, read and judged at its edges. Every
//! date a run reads a rate for takes the table's last rate dated on or
//! before it, if that is at most the longest TARGET2 closure older; a longer
//! gap, at the table's start, inside it or at its end, is refused with the
//! file, the line and the missing dates.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::super::model::add_days;
use super::super::values;
use crate::domain::Date;
use crate::domain::fx::{RateGap, max_rate_gap_days, rate_gaps};

/// The Beijing days a run spans: from its first day (the earliest of `start`
/// and the groups' `joins`) to its horizon (the last purchase day plus
/// `drain_days`), both included.
#[derive(Clone, Copy)]
pub(super) struct RunDays {
    pub first: Date,
    pub horizon: Date,
}

impl RunDays {
    /// The dates whose daily rate the run reads: a rate dated D is in force
    /// from 00:00 Beijing on D+1, so from the day before the first day to
    /// the day before the horizon.
    pub(super) fn rate_dates(self) -> (Date, Date) {
        (add_days(self.first, -1), add_days(self.horizon, -1))
    }
}

/// A rate table as read: CNY per 1 EUR by date, and the line each date is on
/// (1-based, for messages).
#[derive(Clone, Debug, Default)]
pub struct RateTable {
    /// The rates by date.
    pub rates: BTreeMap<Date, Decimal>,
    /// The line of the file each date's rate is on.
    pub lines: BTreeMap<Date, usize>,
}

/// `date,rate` lines (a header line and further columns are allowed, as in
/// the ECB's files), in any order. Errors name the line: a value that is not
/// a date or a rate, a date given twice, or a table with no rates.
pub fn parse_rate_table(text: &str) -> Result<RateTable, String> {
    let mut out = RateTable::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split(',');
        let (d, r) = (cols.next().unwrap_or("").trim(), cols.next().unwrap_or("").trim());
        let Ok(date) = d.parse::<Date>() else {
            if i == 0 {
                continue; // a header
            }
            return Err(format!("line {}: `{d}` is not a date like 2018-02-12", i + 1));
        };
        let rate = values::rate(r).map_err(|e| format!("line {}: {e}", i + 1))?;
        if let Some(first) = out.lines.insert(date, i + 1) {
            return Err(format!(
                "line {}: {date} is already on line {first}: give one rate a date",
                i + 1
            ));
        }
        out.rates.insert(date, rate);
    }
    if out.rates.is_empty() {
        return Err("no rates: write lines of date,rate like 2018-02-12,7.7604".into());
    }
    Ok(out)
}

/// How many further gaps a refusal lists after the first.
const FURTHER_GAPS_LISTED: usize = 3;

/// The refusal of a table with a gap the run cannot carry a rate over, naming
/// `file`, the line next to the first gap, the missing dates and what would
/// be valid; None when the table will do.
pub(super) fn refusal(file: &str, table: &RateTable, run: RunDays) -> Option<String> {
    let max = max_rate_gap_days();
    let (from, to) = run.rate_dates();
    let gaps = rate_gaps(&table.rates, from, to, max);
    let first = gaps.first()?;
    let mut message = format!("{file}: {}.", describe(first, table, run));
    if gaps.len() > 1 {
        let listed: Vec<String> = gaps[1..]
            .iter()
            .take(FURTHER_GAPS_LISTED)
            .map(|g| format!("{} ({} days)", dates(g), g.days()))
            .collect();
        let more = gaps.len() - 1 - listed.len();
        message += &format!(" Also missing: {}", listed.join(", "));
        if more > 0 {
            message += &format!(" and {more} more gaps");
        }
        message.push('.');
    }
    message += &format!(
        " The run needs a rate for every date from {from} to {to} (a rate dated D is in force from 00:00 \
         Beijing on D+1; its Beijing days, drain days included, are {} to {}). A date without one takes \
         the last rate before it if that is at most {max} days older: the longest TARGET2 closure (Good \
         Friday to Easter Monday), when the ECB publishes no reference rate. {}",
        run.first,
        run.horizon,
        remedy(first, run, max)
    );
    Some(message)
}

fn dates(g: &RateGap) -> String {
    if g.first == g.last {
        g.first.to_string()
    } else {
        format!("{} to {}", g.first, g.last)
    }
}

/// `line N: ...`: the gap, placed next to the rate before it (or after it,
/// when the table starts late).
fn describe(g: &RateGap, table: &RateTable, run: RunDays) -> String {
    let line = |d: Date| table.lines[&d];
    let missing = format!("no rate dated {} ({} days)", dates(g), g.days());
    let (_, to) = run.rate_dates();
    match (g.before, g.after) {
        (Some(b), Some(a)) if a <= to => {
            format!("line {}: {missing} between {b} and {a} (line {})", line(b), line(a))
        }
        (Some(b), Some(a)) => format!(
            "line {}: {missing} after {b} (the next rate, {a}, is on line {})",
            line(b),
            line(a)
        ),
        (Some(b), None) => format!("line {}: {missing} after {b}, the table's last rate", line(b)),
        (None, Some(a)) => format!("line {}: {missing} before {a}, the table's first rate", line(a)),
        (None, None) => missing, // not reached: a table has at least one rate
    }
}

/// What would be valid: the rates to add, or a run the table covers.
fn remedy(g: &RateGap, run: RunDays, max: u32) -> String {
    let (_, to) = run.rate_dates();
    let add = format!(
        "Add rates for {} (at most {max} days in a row may be missing)",
        dates(g)
    );
    match (g.before, g.after) {
        (Some(b), after) if after.is_none_or(|a| a > to) => {
            let end_by = add_days(b, i64::from(max) + 1);
            if end_by >= run.first {
                format!(
                    "{add}, or end the run by {end_by} (start + days - 1 + drain_days is now {}).",
                    run.horizon
                )
            } else {
                format!("{add}.")
            }
        }
        (None, Some(a)) => format!(
            "{add}, or start the run (and every merchant group's joins) on or after {}.",
            add_days(a, 1)
        ),
        _ => format!("{add}."),
    }
}
