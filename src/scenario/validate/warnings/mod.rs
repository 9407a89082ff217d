//! Legal but suspicious settings: values the model accepts and runs, but
//! that a payments person would not believe (a markup of 50%, a rate
//! written the wrong way round) or that do nothing in this scenario (a tier
//! no group uses). Computed once here, on the validated scenario, and
//! listed by the reports and `corridor check`; never refused.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::super::model::*;
use super::super::raw::*;
use super::Checker;
use super::span::RunSpan;

mod institutions;
mod people;

/// 2018's ECB EUR/CNY reference rates run from 7.4174 to 8.0958
/// (scenarios/data/ecb-eur-cny-2018.csv); an opening rate outside 5 to 12
/// is far from any EUR/CNY, most likely EUR per CNY written by mistake.
const RATE_PLAUSIBLE: (Decimal, Decimal) = (
    Decimal::from_parts(5, 0, 0, false, 0),
    Decimal::from_parts(12, 0, 0, false, 0),
);
/// EUR/CNY volatility was about 6.5% a year in 2018 and 7.8% in February
/// 2018 (domain brief); above 20% a year is far beyond it.
const VOLATILITY_MAX: Decimal = Decimal::from_parts(20, 0, 0, false, 2);
/// Daily EUR/CNY moves above 1% happen a few times a year (domain brief);
/// a jump of more than 10% is far beyond them.
const SHOCK_MAX: Decimal = Decimal::from_parts(10, 0, 0, false, 2);
/// A remittance or payout minimum from EUR 100,000 may hold money for the
/// whole run (the brief's remittance minimum is USD 800, about EUR 650).
const MINIMUM_MAX_EUR: i64 = 100_000;

/// Adds a warning for every legal but suspicious setting of `sc`.
pub(super) fn check(c: &mut Checker, raw: &RawFile, sc: &Scenario, run: &RunSpan) {
    if let Some(d) = raw.scenario.as_ref().and_then(|s| s.get_ref().drain_days.as_ref()) {
        if sc.drain_days == 0 {
            c.warn(
                d.span(),
                "scenario.drain_days",
                "0 ends the run with the last purchase day: no money of that day can reach a merchant, \
                 and the report shows it still on its way",
            );
        }
    }
    calendars(c, raw, sc, run);
    fx(c, raw);
    people::population(c, raw, sc);
    people::tiers(c, raw, sc, run);
    institutions::issuer_and_switch(c, raw, sc);
    institutions::settlement_bank(c, raw, sc);
    institutions::acquirer(c, raw, sc);
    institutions::refunds_and_faults(c, raw, sc, run);
}

fn span<T>(v: &Option<Spanned<T>>) -> Option<Range<usize>> {
    v.as_ref().map(Spanned::span)
}

/// The first of `spans` that is in the file (the keys a warning is about),
/// or the file's start when every one is a default.
fn first_span(spans: &[Option<Range<usize>>]) -> Range<usize> {
    spans.iter().flatten().next().cloned().unwrap_or(0..0)
}

/// `0.015` as `1.5%`.
fn pct(share: Decimal) -> String {
    format!("{}%", (share * Decimal::ONE_HUNDRED).normalize())
}

fn calendars(c: &mut Checker, raw: &RawFile, sc: &Scenario, run: &RunSpan) {
    // Calendars in use: the two institutions' and every one they extend.
    let mut used = vec![
        sc.settlement_bank.calendar.name.clone(),
        sc.acquirer.calendar.name.clone(),
    ];
    let mut i = 0;
    while i < used.len() {
        if let Some(cal) = raw.calendars.get(&used[i]) {
            let parent = Checker::string(&cal.get_ref().extends, "WEEKENDS");
            if !used.contains(&parent) {
                used.push(parent);
            }
        }
        i += 1;
    }
    let near = (add_days(run.first, -7), add_days(run.horizon, 31));
    for (name, cal) in &raw.calendars {
        let key = format!("calendars.{name}");
        if crate::domain::calendar::BUILTINS.contains(&name.as_str()) {
            c.warn(
                cal.span(),
                &key,
                format!(
                    "`{name}` replaces the builtin calendar of that name wherever `{name}` is used: \
                     give yours another name (it may extend {name})"
                ),
            );
        }
        if !used.contains(name) {
            c.warn(
                cal.span(),
                &key,
                format!("calendar `{name}` is not used: name it in settlement_bank.calendar or acquirer.calendar"),
            );
            continue;
        }
        let r = cal.get_ref();
        let dates: Vec<_> = r.holidays.iter().chain(&r.workdays).collect();
        let in_run = |d: &&Spanned<DateText>| {
            super::super::values::date(&d.get_ref().0).is_ok_and(|d| near.0 <= d && d <= near.1)
        };
        if !dates.is_empty() && !dates.iter().any(in_run) {
            c.warn(
                cal.span(),
                &key,
                format!(
                    "none of its holidays and workdays is near the run ({} to {}): they change nothing; \
                     are they for another year?",
                    run.first, run.horizon
                ),
            );
        }
        for w in &r.workdays {
            if r.holidays.iter().any(|h| h.get_ref().0.trim() == w.get_ref().0.trim()) {
                c.warn(
                    w.span(),
                    &format!("{key}.workdays"),
                    format!(
                        "{} is both a holiday and a workday: it is open (workdays win)",
                        w.get_ref().0.trim()
                    ),
                );
            }
        }
    }
}

fn fx(c: &mut Checker, raw: &RawFile) {
    let Some(r) = raw.fx.as_ref() else { return };
    if let Some(open) = &r.open {
        if let Ok(rate) = super::super::values::rate(&open.get_ref().0) {
            if rate < RATE_PLAUSIBLE.0 || rate > RATE_PLAUSIBLE.1 {
                let hint = if rate < Decimal::ONE {
                    format!(": the rate is CNY per 1 EUR, and {rate} looks like EUR per CNY")
                } else {
                    String::new()
                };
                c.warn(
                    open.span(),
                    "fx.open",
                    format!("{rate} is far from EUR/CNY (the ECB's 2018 rates run from 7.4174 to 8.0958){hint}"),
                );
            }
        }
    }
    if let Some(v) = &r.volatility {
        if let Ok(vol) = super::super::values::probability(&v.get_ref().0) {
            if vol > VOLATILITY_MAX {
                c.warn(
                    v.span(),
                    "fx.volatility",
                    format!(
                        "{} a year is far above EUR/CNY's realised volatility (about 6.5% in 2018, 7.8% in \
                         February 2018): the seeded path will swing far more than the real rate",
                        pct(vol)
                    ),
                );
            }
        }
    }
    for s in &r.shocks {
        let Some(mv) = &s.get_ref().move_ else { continue };
        let Ok(m) = super::super::values::share(&mv.get_ref().0) else {
            continue;
        };
        if m.abs() > SHOCK_MAX {
            c.warn(
                mv.span(),
                "fx.shocks.move",
                format!(
                    "a jump of {} is far beyond EUR/CNY's daily moves (above 1% only a few times a year)",
                    pct(m)
                ),
            );
        }
    }
}
