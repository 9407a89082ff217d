//! Raw TOML to the model, in one pass that collects every problem with its
//! span. Past this step nothing sees a string where a `Money`, a `Date` or a
//! `Calendar` belongs. Defaults are the corridor of shared/domain.md.

use std::ops::Range;

use toml::Spanned;

mod accounts;
mod calendars;
mod expect;
mod faults;
mod fx;
mod institutions;
mod names;
mod population;
mod rate_table;
mod rules;
mod span;
mod warnings;

pub use names::{MAX_NAME, MAX_NOTE, MAX_SCENARIO_NAME, MAX_SUMMARY};
pub use rate_table::{RateTable, parse_rate_table};

use super::model::*;
use super::raw::*;
use super::values::{self, Parsed};
use crate::domain::Date;
use crate::domain::calendar::Calendar;
use calendars::calendars;
use fx::fx;
use institutions::{acquirer, issuer, settlement_bank, switch};
use names::{Line, check_line};
use population::{cardholders, merchants, notes, tiers};
use rate_table::RunDays;
use span::RunSpan;

/// One thing wrong in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the file's text (`0..0` when the key is absent).
    pub span: Range<usize>,
    /// The dotted key, `settlement_bank.minimum`.
    pub key: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

/// Reads a file named in the scenario (an FX table), relative to it.
pub type ReadRelative<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Limits that keep a run bounded; a scenario asking for more is refused.
/// Most `[cardholders] count`.
pub const MAX_CARDHOLDERS: i64 = 5_000_000;
/// Most `[[merchants]] count`, per group.
pub const MAX_MERCHANTS: i64 = 1_000_000;
/// Most `[scenario] days`, and most `[scenario] drain_days`.
pub const MAX_DAYS: i64 = 366;
/// Expected purchases a run may plan. A run that only reports keeps the
/// payments in flight and 8 bytes per payment credited (for exact
/// percentiles of the time to credit): a year of 100,000 cardholders
/// (26 million payments, 111 million events) peaks near 280 MiB.
pub const MAX_PURCHASES: i64 = 30_000_000;
/// Expected purchases for the commands that keep every record of a run
/// (explore, explain, learn, diff): about 1 KB per payment in memory, so
/// ten million stay within about 10 GB.
pub const MAX_RECORDED_PURCHASES: i64 = 10_000_000;

struct Checker {
    problems: Vec<Problem>,
    /// Legal but suspicious settings: the scenario runs, and the report and
    /// `corridor check` list them.
    warnings: Vec<Problem>,
}

impl Checker {
    fn fail(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            span,
            key: key.to_string(),
            message: message.into(),
        });
    }

    fn warn(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        self.warnings.push(Problem {
            span,
            key: key.to_string(),
            message: message.into(),
        });
    }

    /// Parses an optional text value, or takes the default (which is itself
    /// written in the file syntax, so defaults and files read the same way).
    fn text<T>(
        &mut self,
        v: &Option<Spanned<Text>>,
        key: &str,
        default: &str,
        parse: fn(&str) -> Parsed<T>,
    ) -> Option<T> {
        match v {
            Some(s) => match parse(&s.get_ref().0) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.fail(s.span(), key, e);
                    None
                }
            },
            None => Some(parse(default).expect("default values parse")),
        }
    }

    /// Refuses a range whose top exceeds `max` (a limit on the run's work).
    fn at_most<T: PartialOrd + Copy>(
        &mut self,
        v: Option<(T, T)>,
        max: T,
        raw: &Option<Spanned<Text>>,
        key: &str,
        limit: &str,
    ) -> Option<(T, T)> {
        let (lo, hi) = v?;
        if hi > max {
            self.fail(raw.as_ref().map_or(0..0, |s| s.span()), key, format!("at most {limit}"));
            return None;
        }
        Some((lo, hi))
    }

    fn int(&mut self, v: &Option<Spanned<i64>>, key: &str, default: i64, min: i64, max: i64) -> u32 {
        match v {
            Some(s) => {
                let n = *s.get_ref();
                if n < min || n > max {
                    self.fail(s.span(), key, format!("{n} is out of range: use {min} to {max}"));
                    min as u32
                } else {
                    n as u32
                }
            }
            None => default as u32,
        }
    }

    fn string(v: &Option<Spanned<String>>, default: &str) -> String {
        v.as_ref().map_or_else(|| default.to_string(), |s| s.get_ref().clone())
    }

    fn date(&mut self, v: &Spanned<DateText>, key: &str) -> Option<Date> {
        match values::date(&v.get_ref().0) {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(v.span(), key, e);
                None
            }
        }
    }
}

/// A valid scenario, and the legal but suspicious settings found in it.
pub type Validated = (Scenario, Vec<Problem>);

/// Builds the model with its warnings, or returns every problem found.
pub fn validate(raw: &RawFile, read: ReadRelative<'_>) -> Result<Validated, Vec<Problem>> {
    let mut c = Checker {
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let Some(sc) = &raw.scenario else {
        c.fail(
            0..0,
            "scenario",
            "missing [scenario] table: a scenario needs at least name, seed, start and days",
        );
        return Err(c.problems);
    };
    let s = sc.get_ref();
    let head = scenario_table(&mut c, sc);

    let calendars = calendars(&mut c, raw);
    let find_calendar = |c: &mut Checker, v: &Option<Spanned<String>>, key: &str, default: &str| -> Option<Calendar> {
        let name = Checker::string(v, default);
        match calendars.get(&name) {
            Some(cal) => Some(cal.clone()),
            None => {
                let known: Vec<&str> = calendars.keys().map(String::as_str).collect();
                c.fail(
                    v.as_ref().map_or(0..0, |s| s.span()),
                    key,
                    format!("no calendar named `{name}`: use one of {}", known.join(", ")),
                );
                None
            }
        }
    };

    let issuer = issuer(&mut c, raw.issuer.as_ref());
    let switch = switch(&mut c, raw.switch.as_ref());
    let bank = raw.settlement_bank.as_ref();
    let bank_calendar = find_calendar(
        &mut c,
        &bank.and_then(|b| b.calendar.clone()),
        "settlement_bank.calendar",
        "CN",
    );
    let acq = raw.acquirer.as_ref();
    let acq_calendar = find_calendar(
        &mut c,
        &acq.and_then(|a| a.calendar.clone()),
        "acquirer.calendar",
        "TARGET2",
    );
    let settlement_bank = settlement_bank(&mut c, bank, bank_calendar);
    let acquirer = acquirer(&mut c, acq, acq_calendar);
    let cardholders = cardholders(&mut c, raw.cardholders.as_ref());
    let tiers = tiers(&mut c, &raw.tiers);
    let days = head.start.map(|s| {
        let last = add_days(s, i64::from(head.days) - 1);
        (s, last, add_days(last, i64::from(head.drain_days)))
    });
    let declared: Vec<&str> = raw.tiers.keys().map(String::as_str).collect();
    let merchants = merchants(&mut c, &raw.merchants, &tiers, &declared, days);
    let run = head.start.map(|start| {
        let first = merchants.iter().filter_map(|g| g.joins).fold(start, Date::min);
        RunSpan::new(first, start, head.days, head.drain_days)
    });
    let notes = notes(&mut c, &raw.notes, run.as_ref());
    let expect = expect::expectations(&mut c, &raw.expect, &merchants);

    let (Some(run), Some(name), Some(seed)) = (run, s.name.as_ref(), s.seed.as_ref()) else {
        return Err(c.problems);
    };
    let (start, first, seed) = (run.start, run.first, *seed.get_ref());
    population::planned_purchases(&mut c, raw, cardholders.as_ref(), head.days, sc.span());
    // The last day any rate or calendar day is read for: the day after the
    // horizon (the run ends at 00:00 Beijing on it) and one more.
    let end = add_days(run.horizon, 2);
    let days_run = RunDays {
        first,
        horizon: run.horizon,
    };
    let fx = fx(&mut c, raw.fx.as_ref(), seed, days_run, &run, read);
    let paying = faults::Paying {
        scheme: acquirer.as_ref().map_or(Scheme::Sct, |a| a.scheme),
        own_cap: acquirer.as_ref().is_some_and(|a| a.inst_cap.is_some()),
    };
    let faults = faults::faults(&mut c, &raw.faults, &merchants, paying, &run);
    let refunds = faults::refunds(&mut c, raw.refunds.as_ref());
    if let Some(bank) = &settlement_bank {
        faults::approval_off(&mut c, raw, bank, &faults);
    }
    calendars::calendars_cover(
        &mut c,
        raw,
        settlement_bank.as_ref(),
        acquirer.as_ref(),
        first,
        end,
        sc.span(),
    );
    rules::dated(
        &mut c,
        raw,
        rules::Run {
            first,
            end,
            // The bank is asked about the run's days and the first days
            // after it (a held remittance looks ahead).
            bank_through: add_days(end, 14),
            acquirer: acquirer.as_ref(),
            refunds: refunds.as_ref().is_some_and(Option::is_some),
        },
    );

    match (fx, cardholders, issuer, switch, settlement_bank, acquirer, refunds) {
        (
            Some(fx),
            Some(cardholders),
            Some(issuer),
            Some(switch),
            Some(settlement_bank),
            Some(acquirer),
            Some(refunds),
        ) if c.problems.is_empty() => {
            let scenario = Scenario {
                name: name.get_ref().clone(),
                summary: Checker::string(&s.summary, ""),
                seed,
                start,
                days: head.days,
                drain_days: head.drain_days,
                fx,
                cardholders,
                merchants,
                tiers,
                issuer,
                switch,
                settlement_bank,
                acquirer,
                notes,
                expect,
                faults,
                refunds,
                warnings: Vec::new(),
            };
            warnings::check(&mut c, raw, &scenario, &run);
            Ok((scenario, c.warnings))
        }
        _ => Err(c.problems),
    }
}

/// `[scenario]`'s own keys, checked.
struct Head {
    start: Option<Date>,
    days: u32,
    drain_days: u32,
}

fn scenario_table(c: &mut Checker, sc: &Spanned<RawScenario>) -> Head {
    let s = sc.get_ref();
    for (field, present) in [
        ("name", s.name.is_some()),
        ("seed", s.seed.is_some()),
        ("start", s.start.is_some()),
        ("days", s.days.is_some()),
    ] {
        if !present {
            c.fail(
                sc.span(),
                &format!("scenario.{field}"),
                format!("missing key `{field}` in [scenario]"),
            );
        }
    }
    if let Some(name) = &s.name {
        let rule = Line::name("the scenario's name", MAX_SCENARIO_NAME);
        check_line(c, name.get_ref(), name.span(), "scenario.name", rule);
    }
    if let Some(summary) = &s.summary {
        let rule = Line {
            what: "the summary",
            max: MAX_SUMMARY,
            may_be_empty: true,
        };
        check_line(c, summary.get_ref(), summary.span(), "scenario.summary", rule);
    }
    Head {
        start: s.start.as_ref().and_then(|d| c.date(d, "scenario.start")),
        days: c.int(&s.days, "scenario.days", 1, 1, MAX_DAYS),
        drain_days: c.int(&s.drain_days, "scenario.drain_days", 21, 0, MAX_DAYS),
    }
}
