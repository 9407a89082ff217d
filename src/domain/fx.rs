//! The EUR/CNY market: the price of 1 EUR in CNY as a step function of
//! simulated time. A daily rate dated D is in force from 00:00 Beijing on
//! D+1, the first clearing day to start after its publication (the ECB
//! publishes at about 16:00 CET, 23:00 in Beijing), until the next change;
//! intraday shocks move it from their instant on. Rates carry four decimals,
//! as the ECB's reference rates do.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use rust_decimal::{Decimal, MathematicalOps, RoundingStrategy};

use super::money::{Currency, Money};
use super::sampling::standard_normal;
use super::zone::Zone;
use crate::engine::{Instant, Stream};

/// Decimal places of a quoted rate (CNY per EUR): four, as the ECB's euro
/// reference rates have.
pub const RATE_DP: u32 = 4;

/// Rounds a rate to four decimals, half away from zero.
pub fn round_rate(r: Decimal) -> Decimal {
    r.round_dp_with_strategy(RATE_DP, RoundingStrategy::MidpointAwayFromZero)
}

/// A shock: from `at`, the rate is multiplied by `1 + move_share`.
#[derive(Clone, Copy, Debug)]
pub struct Shock {
    /// The instant it takes effect (the moved rate applies at `at` itself).
    pub at: Instant,
    /// The move as a share of the rate: `-0.015` takes 1.5 % off.
    pub move_share: Decimal,
}

/// The market rate over the run: CNY per 1 EUR, four decimals, as a step
/// function of simulated time. Never empty once built from a non-empty
/// table.
#[derive(Clone, Debug)]
pub struct FxPath {
    points: Vec<(Instant, Decimal)>,
}

impl FxPath {
    /// From daily rates (dated as clearing days) and shocks. A rate dated D is
    /// in force from 00:00 in `beijing` on D+1. Shocks apply in time order,
    /// each to the rate in force at its instant and to every later daily
    /// rate, rounded to four decimals half away from zero at each step.
    /// Panics if `daily` is empty and there is a shock (there is no rate to
    /// move).
    pub fn from_daily(daily: &BTreeMap<Date, Decimal>, beijing: &Zone, shocks: &[Shock]) -> FxPath {
        let mut points: Vec<(Instant, Decimal)> = daily
            .iter()
            .map(|(d, r)| (beijing.midnight(d.tomorrow().expect("in range")), *r))
            .collect();
        let mut shocks = shocks.to_vec();
        shocks.sort_by_key(|s| s.at);
        for shock in shocks {
            let before = rate_in(&points, shock.at);
            let factor = Decimal::ONE + shock.move_share;
            for p in points.iter_mut().filter(|p| p.0 > shock.at) {
                p.1 = round_rate(p.1 * factor);
            }
            let pos = points.partition_point(|p| p.0 <= shock.at);
            points.insert(pos, (shock.at, round_rate(before * factor)));
        }
        FxPath { points }
    }

    /// A seeded random walk from `open`: one step each weekday (FX trades
    /// Monday to Friday; weekends carry Friday's rate), with the daily
    /// volatility `annual / sqrt(252)`, which gives the brief's 0.41 % a day
    /// for 6.5 % a year. `annual_vol` is a share (`0.065`). Returns one rate
    /// per day from `from` to `to` inclusive (only `from` if `to` is
    /// earlier), `open` on `from`; each step is rounded to four decimals half
    /// away from zero and floored at 0.0001, and draws twelve `u64`s from
    /// `s` (see [`standard_normal`]).
    pub fn seeded_daily(
        open: Decimal,
        annual_vol: Decimal,
        from: Date,
        to: Date,
        s: &mut Stream,
    ) -> BTreeMap<Date, Decimal> {
        let daily_vol = annual_vol / Decimal::from(252).sqrt().expect("sqrt of 252");
        let mut out = BTreeMap::new();
        let mut rate = open;
        let mut d = from;
        out.insert(d, rate);
        while d < to {
            d = d.checked_add(1.day()).expect("in range");
            if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
                let z = standard_normal(s);
                rate = round_rate(rate * (Decimal::ONE + daily_vol * z)).max(Decimal::new(1, RATE_DP));
            }
            out.insert(d, rate);
        }
        out
    }

    /// The mid rate at `t`: the last change at or before `t`, or the first
    /// rate before any change. Panics on an empty path.
    pub fn rate_at(&self, t: Instant) -> Decimal {
        rate_in(&self.points, t)
    }

    /// Every change of the rate as (instant, CNY per EUR), in time order, for
    /// charts and reports.
    pub fn points(&self) -> &[(Instant, Decimal)] {
        &self.points
    }

    /// The mid rate at `t`, as [`FxPath::rate_at`], with the instants it
    /// holds between: from the change that set it (inclusive; `None` before
    /// the first change) to the next change (exclusive; `None` after the
    /// last).
    pub fn rate_span(&self, t: Instant) -> (Decimal, Option<Instant>, Option<Instant>) {
        let i = self.points.partition_point(|p| p.0 <= t);
        let from = i.checked_sub(1).map(|j| self.points[j].0);
        let until = self.points.get(i).map(|p| p.0);
        (self.points[i.saturating_sub(1)].1, from, until)
    }
}

fn rate_in(points: &[(Instant, Decimal)], t: Instant) -> Decimal {
    let i = points.partition_point(|p| p.0 <= t);
    points[i.saturating_sub(1)].1
}

/// The CNY for `eur` at `rate` CNY per EUR, to the fen, half away from zero.
/// `eur` must be in EUR: only a debug assertion checks it.
pub fn eur_to_cny(eur: Money, rate: Decimal) -> Money {
    debug_assert_eq!(eur.currency(), Currency::EUR);
    Money::cny(eur.amount() * rate)
}

/// The most days in a row a rate table may have no rate, so that a date
/// without one takes the last rate before it: the longest TARGET2 closure
/// (Good Friday to Easter Monday, 4 days), because the ECB publishes no
/// reference rate on TARGET2 closing days; see
/// [`longest_closure_days`](super::calendar::longest_closure_days).
pub fn max_rate_gap_days() -> u32 {
    super::calendar::longest_closure_days()
}

/// A stretch of dates a rate table has no rate for, longer than
/// [`max_rate_gap_days`], within the dates a run reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateGap {
    /// The first date without a rate (at the earliest, `max_days` before the
    /// first date the run needs a rate for).
    pub first: Date,
    /// The last date without a rate (at the latest, the last date the run
    /// needs a rate for).
    pub last: Date,
    /// The table's last date with a rate before the gap; None when the table
    /// starts after it.
    pub before: Option<Date>,
    /// The table's first date with a rate after the gap; None when the table
    /// ends before it.
    pub after: Option<Date>,
}

impl RateGap {
    /// How many dates the gap has (both ends included).
    pub fn days(&self) -> i64 {
        i64::from(self.first.until(self.last).expect("in range").get_days()) + 1
    }
}

/// The gaps longer than `max_days` in the rates a run reads: every date from
/// `from` to `to` takes the table's last rate dated on or before it, and that
/// rate may be at most `max_days` older. Both ends of the table are treated
/// as its inside is: a table that starts after `from` or ends more than
/// `max_days` before `to` has a gap there. Empty when the table will do.
pub fn rate_gaps(table: &BTreeMap<Date, Decimal>, from: Date, to: Date, max_days: u32) -> Vec<RateGap> {
    let window = from.checked_sub(i64::from(max_days).days()).expect("in range");
    let mut gaps = Vec::new();
    let mut before = table.range(..window).next_back().map(|(d, _)| *d);
    let mut missing_from = window;
    let mut gap = |first: Date, last: Date, before: Option<Date>, after: Option<Date>| {
        let g = RateGap {
            first,
            last,
            before,
            after,
        };
        if g.days() > i64::from(max_days) {
            gaps.push(g);
        }
    };
    for &d in table.range(window..=to).map(|(d, _)| d) {
        if d > missing_from {
            gap(missing_from, d.yesterday().expect("in range"), before, Some(d));
        }
        before = Some(d);
        missing_from = d.tomorrow().expect("in range");
    }
    if missing_from <= to {
        let after = table.range(missing_from..).next().map(|(d, _)| *d);
        gap(missing_from, to, before, after);
    }
    gaps
}

/// Carries a table's last rate forward over the days it has none (the ECB
/// publishes only on T2 business days) from `from` to `to`: one rate per day,
/// both ends included. Errors with `from` when the table has no rate on or
/// before it. Does not judge how old a carried rate is: see [`rate_gaps`].
pub fn carry_forward(table: &BTreeMap<Date, Decimal>, from: Date, to: Date) -> Result<BTreeMap<Date, Decimal>, Date> {
    let mut rate = table.range(..=from).next_back().map(|(_, r)| *r).ok_or(from)?;
    let mut out = BTreeMap::new();
    let mut d = from;
    loop {
        if let Some(r) = table.get(&d) {
            rate = *r;
        }
        out.insert(d, rate);
        if d >= to {
            return Ok(out);
        }
        d = d.checked_add(1.day()).expect("in range");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn a_daily_rate_is_in_force_from_the_next_beijing_midnight_and_shocks_move_it() {
        let bj = Zone::beijing();
        let mut daily = BTreeMap::new();
        daily.insert(date(2018, 2, 19), dec("7.8734"));
        daily.insert(date(2018, 2, 20), dec("7.8290"));
        let shock_at = bj.at(date(2018, 2, 20), super::super::zone::LocalTime::hm(9, 0));
        let path = FxPath::from_daily(
            &daily,
            &bj,
            &[Shock {
                at: shock_at,
                move_share: dec("-0.015"),
            }],
        );
        // The 19 February rate is in force from 00:00 Beijing on the 20th
        // (2018-02-19T16:00Z), the 20 February rate from the 21st.
        let (bj_20th, bj_21st) = (Instant(1_519_056_000_000), Instant(1_519_142_400_000));
        assert_eq!(path.rate_at(Instant(bj_20th.0 - 1)), dec("7.8734"));
        assert_eq!(path.rate_at(bj_20th), dec("7.8734"));
        // The shock takes 1.5% off from 09:00 on the 20th, and off every
        // later daily rate: 7.8734 x 0.985 = 7.7553; 7.8290 x 0.985 = 7.7116.
        assert_eq!(path.rate_at(shock_at), dec("7.7553"));
        assert_eq!(path.rate_at(bj_21st), dec("7.7116"));
        // Each rate's span runs from its change to the next.
        assert_eq!(path.rate_span(shock_at), (dec("7.7553"), Some(shock_at), Some(bj_21st)));
        assert_eq!(
            path.rate_span(Instant(shock_at.0 - 1)),
            (dec("7.8734"), Some(bj_20th), Some(shock_at))
        );
        assert_eq!(
            path.rate_span(Instant(i64::MAX / 2)),
            (dec("7.7116"), Some(bj_21st), None)
        );
        let first = path.points()[0].0;
        assert_eq!(path.rate_span(Instant(first.0 - 1)).1, None);
    }

    #[test]
    fn tables_carry_the_last_rate_over_weekends() {
        let mut t = BTreeMap::new();
        t.insert(date(2018, 2, 9), dec("7.7362"));
        t.insert(date(2018, 2, 12), dec("7.7604"));
        let out = carry_forward(&t, date(2018, 2, 10), date(2018, 2, 12)).unwrap();
        assert_eq!(out[&date(2018, 2, 11)], dec("7.7362"));
        assert_eq!(out[&date(2018, 2, 12)], dec("7.7604"));
        assert_eq!(
            carry_forward(&t, date(2018, 2, 1), date(2018, 2, 2)),
            Err(date(2018, 2, 1))
        );
    }

    #[test]
    fn gaps_up_to_the_longest_target2_closure_are_carried_at_both_ends_and_inside() {
        assert_eq!(max_rate_gap_days(), 4);
        let mut t = BTreeMap::new();
        // ECB 2018: Thursday before Easter, then the Tuesday after.
        t.insert(date(2018, 3, 29), dec("7.7468"));
        t.insert(date(2018, 4, 3), dec("7.7351"));
        // Good Friday to Easter Monday: 4 days, carried.
        assert_eq!(rate_gaps(&t, date(2018, 3, 29), date(2018, 4, 3), 4), vec![]);
        // The table's end: 4 days after its last rate are carried, a fifth is not.
        assert_eq!(rate_gaps(&t, date(2018, 4, 1), date(2018, 4, 7), 4), vec![]);
        let gap = RateGap {
            first: date(2018, 4, 4),
            last: date(2018, 4, 8),
            before: Some(date(2018, 4, 3)),
            after: None,
        };
        assert_eq!(rate_gaps(&t, date(2018, 4, 1), date(2018, 4, 8), 4), vec![gap]);
        assert_eq!(gap.days(), 5);
        // The table's start: a rate at most 4 days before the first date read.
        assert_eq!(rate_gaps(&t, date(2018, 4, 2), date(2018, 4, 3), 4), vec![]);
        assert_eq!(
            rate_gaps(&t, date(2018, 3, 28), date(2018, 3, 29), 4),
            vec![RateGap {
                first: date(2018, 3, 24),
                last: date(2018, 3, 28),
                before: None,
                after: Some(date(2018, 3, 29)),
            }]
        );
        // Inside: one more missing day than Easter is a gap.
        t.remove(&date(2018, 4, 3));
        t.insert(date(2018, 4, 4), dec("7.7409"));
        assert_eq!(
            rate_gaps(&t, date(2018, 3, 29), date(2018, 4, 4), 4),
            vec![RateGap {
                first: date(2018, 3, 30),
                last: date(2018, 4, 3),
                before: Some(date(2018, 3, 29)),
                after: Some(date(2018, 4, 4)),
            }]
        );
    }
}
