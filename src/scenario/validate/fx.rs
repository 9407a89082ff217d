//! `[fx]`: the EUR/CNY path, seeded from `open` and `volatility` or read
//! from a rate table, with `shocks` on top.

use rust_decimal::Decimal;

use super::super::model::*;
use super::super::raw::*;
use super::super::values;
use super::Checker;
use super::ReadRelative;
use super::rate_table::{self, RunDays, parse_rate_table};
use super::span::RunSpan;
use crate::domain::fx::{FxPath, Shock, carry_forward};
use crate::domain::zone::Zone;
use crate::engine::Stream;

pub(super) fn fx(
    c: &mut Checker,
    r: Option<&RawFx>,
    seed: u64,
    run: RunDays,
    span: &RunSpan,
    read: ReadRelative<'_>,
) -> Option<Fx> {
    // The path is built a little past the horizon (as it always was), so the
    // rate in force at the run's last instant is the one the table gives.
    let (from, to) = (add_days(run.first, -1), add_days(run.horizon, 2));
    let none = RawFx {
        pair: None,
        open: None,
        volatility: None,
        table: None,
        shocks: Vec::new(),
    };
    let r = r.unwrap_or(&none);
    let pair = Checker::string(&r.pair, "EUR/CNY");
    if pair != "EUR/CNY" {
        c.fail(
            r.pair.as_ref().map_or(0..0, |s| s.span()),
            "fx.pair",
            format!("`{pair}` is not a pair this corridor prices: use \"EUR/CNY\" (the price of 1 EUR in CNY)"),
        );
    }
    let mut shocks = Vec::new();
    for s in &r.shocks {
        let (Some(at), Some(mv)) = (&s.get_ref().at, &s.get_ref().move_) else {
            c.fail(
                s.span(),
                "fx.shocks",
                "a shock needs `at` (an instant) and `move` (a percentage)",
            );
            continue;
        };
        match (values::instant(&at.get_ref().0), values::share(&mv.get_ref().0)) {
            // After the run a shock moves no rate it uses.
            (Ok(t), _) if t >= span.closes() => c.fail(
                at.span(),
                "fx.shocks.at",
                format!(
                    "`{}` is after the run, which spans {}: the shock would move no rate the run uses",
                    at.get_ref().0,
                    span.describe()
                ),
            ),
            (Ok(t), Ok(move_share)) if move_share > -Decimal::ONE => {
                // Before the run it moves every rate: a new opening rate
                // rather than a jump, which is legal but likely a slip.
                if t < span.opens() {
                    c.warn(
                        at.span(),
                        "fx.shocks.at",
                        format!(
                            "`{}` is before the run, which spans {}: the shock moves every rate of the run \
                             rather than jumping during it",
                            at.get_ref().0,
                            span.describe()
                        ),
                    );
                }
                shocks.push(Shock { at: t, move_share })
            }
            (Err(e), _) => c.fail(at.span(), "fx.shocks.at", e),
            (_, Err(e)) => c.fail(mv.span(), "fx.shocks.move", e),
            _ => c.fail(
                mv.span(),
                "fx.shocks.move",
                "a move of -100% or less would make the euro worthless",
            ),
        }
    }
    let bj = Zone::beijing();
    if let Some(table) = &r.table {
        if r.open.is_some() || r.volatility.is_some() {
            c.fail(
                table.span(),
                "fx.table",
                "give either `table` (fixed rates) or `open` and `volatility` (a seeded path), not both",
            );
        }
        let text = match read(table.get_ref()) {
            Ok(t) => t,
            Err(e) => {
                c.fail(table.span(), "fx.table", e);
                return None;
            }
        };
        let file = table.get_ref();
        let rates = match parse_rate_table(&text) {
            Ok(r) => r,
            Err(e) => {
                c.fail(table.span(), "fx.table", format!("{file}: {e}"));
                return None;
            }
        };
        if let Some(message) = rate_table::refusal(file, &rates, run) {
            c.fail(table.span(), "fx.table", message);
            return None;
        }
        let Ok(daily) = carry_forward(&rates.rates, from, to) else {
            // Not reached: a table without gaps has a rate on or before `from`.
            c.fail(
                table.span(),
                "fx.table",
                format!("{file} has no rate on or before {from}"),
            );
            return None;
        };
        return Some(Fx {
            pair,
            source: format!("table {}", table.get_ref()),
            path: FxPath::from_daily(&daily, &bj, &shocks),
        });
    }
    // Default open: the ECB reference rate of 21 February 2018 (domain brief);
    // volatility: realised EUR/CNY volatility of 2018, 6.5% a year.
    let open = c.text(&r.open, "fx.open", "7.8112", values::rate)?;
    let vol = c.text(&r.volatility, "fx.volatility", "6.5%", values::probability)?;
    let mut stream = Stream::derive(seed, "market", "fx");
    let daily = FxPath::seeded_daily(open, vol, from, to, &mut stream);
    Some(Fx {
        pair,
        source: format!(
            "seeded path from {open}, volatility {}%",
            (vol * Decimal::ONE_HUNDRED).normalize()
        ),
        path: FxPath::from_daily(&daily, &bj, &shocks),
    })
}
