//! Raw TOML to the model, in one pass that collects every problem with its
//! span. Past this step nothing sees a string where a `Money`, a `Date` or a
//! `Calendar` belongs. Defaults are the corridor of shared/domain.md.

use std::ops::Range;

use toml::Spanned;

mod calendars;
mod faults;
mod fx;
mod institutions;
mod population;
mod rate_table;
mod rules;

pub use rate_table::{RateTable, parse_rate_table};

use super::model::*;
use super::raw::*;
use super::values::{self, Parsed};
use crate::domain::Date;
use crate::domain::calendar::Calendar;
use calendars::{bank_raw_span, calendars, covered};
use fx::{RunDays, fx};
use institutions::{acquirer, issuer, settlement_bank, switch};
use population::{cardholders, merchants, notes, tiers};

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
/// Expected purchases a run may plan: each keeps a record of about 130
/// bytes, so ten million stay near 1.3 GB.
pub const MAX_PURCHASES: i64 = 10_000_000;

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn fail(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        self.problems.push(Problem {
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

/// Builds the model, or returns every problem found.
pub fn validate(raw: &RawFile, read: ReadRelative<'_>) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker { problems: Vec::new() };
    let Some(sc) = &raw.scenario else {
        c.fail(
            0..0,
            "scenario",
            "missing [scenario] table: a scenario needs at least name, seed, start and days",
        );
        return Err(c.problems);
    };
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
    let start = s.start.as_ref().and_then(|d| c.date(d, "scenario.start"));
    let days = c.int(&s.days, "scenario.days", 1, 1, MAX_DAYS);
    let drain_days = c.int(&s.drain_days, "scenario.drain_days", 21, 0, MAX_DAYS);

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
    let merchants = merchants(&mut c, &raw.merchants, &tiers);
    let notes = notes(&mut c, &raw.notes);

    let (Some(start), Some(name), Some(seed)) = (start, s.name.as_ref(), s.seed.as_ref()) else {
        return Err(c.problems);
    };
    let seed = *seed.get_ref();
    let end = add_days(add_days(start, i64::from(days) + i64::from(drain_days)), 1);
    if let (Some(ch), Some(raw_ch)) = (&cardholders, raw.cardholders.as_ref()) {
        let expected =
            rust_decimal::Decimal::from(ch.count) * ch.purchases_per_day.mean * rust_decimal::Decimal::from(days);
        if expected > rust_decimal::Decimal::from(MAX_PURCHASES) {
            let span = raw_ch.count.as_ref().map_or(sc.span(), |s| s.span());
            c.fail(
                span,
                "cardholders.count",
                format!(
                    "count x purchases_per_day x days is {} purchases; corridor plans at most {MAX_PURCHASES}",
                    expected.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                ),
            );
        }
    }
    let first = merchants.iter().filter_map(|g| g.joins).fold(start, Date::min);
    let horizon = add_days(start, i64::from(days) - 1 + i64::from(drain_days));
    let fx = fx(&mut c, raw.fx.as_ref(), seed, RunDays { first, horizon }, read);
    let paying = faults::Paying {
        scheme: acquirer.as_ref().map_or(Scheme::Sct, |a| a.scheme),
        own_cap: acquirer.as_ref().is_some_and(|a| a.inst_cap.is_some()),
    };
    let faults = faults::faults(&mut c, &raw.faults, &merchants, paying, start, horizon);
    let refunds = faults::refunds(&mut c, raw.refunds.as_ref());
    // Approval faults need the approval step they act on.
    if settlement_bank.as_ref().is_some_and(|b| b.approval.is_none()) && faults.all.len() == raw.faults.len() {
        for (f, raw_f) in faults.all.iter().zip(&raw.faults) {
            if matches!(
                f.kind,
                crate::scenario::faults::FaultKind::ApprovalDelay(_)
                    | crate::scenario::faults::FaultKind::ApprovalReject
            ) {
                c.fail(
                    raw_f.span(),
                    "faults.kind",
                    format!(
                        "{} acts on the regulator's approval, but settlement_bank.approval is \"none\"",
                        f.kind.name()
                    ),
                );
            }
        }
    }
    // Value dates and business-day searches can reach past the horizon: a
    // month of margin keeps every calendar question answerable in the run.
    // The bank is asked about the run's days and the first days after it
    // (a held remittance looks ahead); the acquirer about value dates up to
    // 30 business days after a send (T2's closing days are computed for any
    // year from 2002, when the ECB's long-term calendar took effect).
    let through = add_days(end, 14);
    if let Some(bank) = &settlement_bank {
        let span = bank_raw_span(raw.settlement_bank.as_ref(), sc.span());
        covered(&mut c, &bank.calendar, first, through, span, "settlement_bank.calendar");
    }
    if let Some(acq) = &acquirer {
        let span = raw
            .acquirer
            .as_ref()
            .and_then(|a| a.calendar.as_ref())
            .map_or(sc.span(), |s| s.span());
        covered(
            &mut c,
            &acq.calendar,
            add_days(first, -1),
            add_days(end, 62),
            span,
            "acquirer.calendar",
        );
    }

    rules::dated(
        &mut c,
        raw,
        rules::Run {
            first,
            end,
            bank_through: through,
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
        ) if c.problems.is_empty() => Ok(Scenario {
            name: name.get_ref().clone(),
            summary: Checker::string(&s.summary, ""),
            seed,
            start,
            days,
            drain_days,
            fx,
            cardholders,
            merchants,
            tiers,
            issuer,
            switch,
            settlement_bank,
            acquirer,
            notes,
            faults,
            refunds,
        }),
        _ => Err(c.problems),
    }
}
