//! Custom calendars (`[calendars.NAME]`) on top of the builtins, and the
//! check that every calendar a run uses can answer for every day it reaches.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::super::raw::*;
use super::Checker;
use super::names::{Line, MAX_NAME, check_line};
use crate::domain::Date;
use crate::domain::calendar::{BUILTINS, Calendar, CalendarError, MAX_CLOSED_DAYS};
use crate::scenario::model::{Acquirer, SettlementBank, add_days};

pub(super) fn bank_raw_span(bank: Option<&RawSettlementBank>, fallback: Range<usize>) -> Range<usize> {
    bank.and_then(|b| b.calendar.as_ref()).map_or(fallback, |s| s.span())
}

/// Fails once if the calendar cannot answer for a day from `from` to `to`,
/// or closes for longer than a calendar may.
pub(super) fn covered(c: &mut Checker, cal: &Calendar, from: Date, to: Date, span: Range<usize>, key: &str) {
    let (mut d, mut closed) = (from, 0u32);
    while d <= to {
        match cal.day_kind(d) {
            // Say why a date past the run's last day is asked: a run ending in
            // late December reaches January through this margin.
            Err(e) => {
                let asked = format!(
                    ". The run asks {key} about every day from {from} to {to}: its days, drain days included, and a \
                     margin past them for finding the next business day"
                );
                return c.fail(span, key, format!("{e}{asked}"));
            }
            Ok(kind) if kind.is_open() => closed = 0,
            Ok(_) => closed += 1,
        }
        if closed >= MAX_CLOSED_DAYS {
            let from = add_days(d, -i64::from(closed));
            let e = CalendarError::NoBusinessDay {
                calendar: cal.name.clone(),
                from,
                days: MAX_CLOSED_DAYS,
            };
            return c.fail(span, key, e.to_string());
        }
        d = add_days(d, 1);
    }
}

pub(super) fn calendars(c: &mut Checker, raw: &RawFile) -> BTreeMap<String, Calendar> {
    let mut out: BTreeMap<String, Calendar> = BUILTINS
        .iter()
        .map(|n| (n.to_string(), Calendar::builtin(n).expect("builtin")))
        .collect();
    for (name, cal) in &raw.calendars {
        let rule = Line::name("a calendar's name", MAX_NAME);
        check_line(c, name, cal.span(), &format!("calendars.{name}"), rule);
    }
    // Custom calendars may extend each other in any order: resolve in rounds.
    let mut pending: Vec<(&String, &Spanned<RawCalendar>)> = raw.calendars.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|(name, cal)| {
            let parent = Checker::string(&cal.get_ref().extends, "WEEKENDS");
            let Some(base) = out.get(&parent).cloned() else {
                return true;
            };
            let key = format!("calendars.{name}");
            let holidays: Vec<Date> = cal
                .get_ref()
                .holidays
                .iter()
                .filter_map(|d| c.date(d, &format!("{key}.holidays")))
                .collect();
            let workdays: Vec<Date> = cal
                .get_ref()
                .workdays
                .iter()
                .filter_map(|d| c.date(d, &format!("{key}.workdays")))
                .collect();
            out.insert(name.to_string(), Calendar::extend(&base, name, holidays, workdays));
            false
        });
        if pending.len() == before {
            for (name, cal) in pending {
                let parent = Checker::string(&cal.get_ref().extends, "WEEKENDS");
                c.fail(
                    cal.span(),
                    &format!("calendars.{name}.extends"),
                    format!(
                        "`{parent}` is not a calendar (or the calendars extend each other in a loop): extend one of {}",
                        BUILTINS.join(", ")
                    ),
                );
            }
            break;
        }
    }
    out
}

/// Value dates and business-day searches can reach past the horizon: a
/// month of margin keeps every calendar question answerable in the run.
/// The bank is asked about the run's days and the first days after it (a
/// held remittance looks ahead); the acquirer about value dates up to 30
/// business days after a send, and T2 is computed for any year.
pub(super) fn calendars_cover(
    c: &mut Checker,
    raw: &RawFile,
    bank: Option<&SettlementBank>,
    acquirer: Option<&Acquirer>,
    first: Date,
    end: Date,
    fallback: Range<usize>,
) {
    if let Some(bank) = bank {
        let span = bank_raw_span(raw.settlement_bank.as_ref(), fallback.clone());
        covered(
            c,
            &bank.calendar,
            first,
            add_days(end, 14),
            span,
            "settlement_bank.calendar",
        );
    }
    if let Some(acq) = acquirer {
        let span = raw
            .acquirer
            .as_ref()
            .and_then(|a| a.calendar.as_ref())
            .map_or(fallback, |s| s.span());
        covered(
            c,
            &acq.calendar,
            add_days(first, -1),
            add_days(end, 62),
            span,
            "acquirer.calendar",
        );
    }
}
