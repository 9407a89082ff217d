//! Warnings about the people and shops: cardholders who buy nothing,
//! groups that take no purchase or all fail KYC, tickets above the
//! issuer's limit, and tiers that are unused or pay the acquirer less than
//! the scheme takes.

use rust_decimal::Decimal;
use toml::Spanned;

use super::super::super::model::*;
use super::super::super::raw::*;
use super::super::Checker;
use super::super::span::RunSpan;
use super::{MINIMUM_MAX_EUR, first_span, pct, span};

/// The domain brief quotes an MDR of 1.0 to 1.5%; above 5% is suspicious.
const MDR_MAX: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// Cardholders who buy nothing, groups that sell nothing, tickets no
/// wallet may pay.
pub(super) fn population(c: &mut Checker, raw: &RawFile, sc: &Scenario) {
    if let Some(r) = raw.cardholders.as_ref() {
        if sc.cardholders.count == 0 {
            c.warn(
                first_span(&[span(&r.count)]),
                "cardholders.count",
                "no cardholders: nothing is bought",
            );
        } else if sc.cardholders.purchases_per_day.mean.is_zero() {
            c.warn(
                first_span(&[span(&r.purchases_per_day)]),
                "cardholders.purchases_per_day",
                "0 purchases a day: nothing is bought",
            );
        }
    }
    for (g, m) in sc.merchants.iter().zip(&raw.merchants) {
        if g.weight == 0 {
            c.warn(
                first_span(&[span(&m.get_ref().weight)]),
                "merchants.weight",
                format!("`{}` has weight 0: its merchants take no purchases", g.name),
            );
        }
    }
    let selling: Vec<_> = sc
        .merchants
        .iter()
        .zip(&raw.merchants)
        .filter(|(g, _)| g.weight > 0)
        .collect();
    if !selling.is_empty() && selling.iter().all(|(g, _)| g.kyc == Kyc::Fail) {
        c.warn(
            first_span(&[span(&selling[0].1.get_ref().kyc)]),
            "merchants.kyc",
            "every merchant group that takes purchases fails KYC: no payment can complete",
        );
    }
    // The cheapest ticket at the lowest consumer rate of the run, against the
    // issuer's limit: above it, every purchase is declined.
    let lowest_rate = sc
        .fx
        .path
        .points()
        .iter()
        .map(|(_, r)| *r)
        .min()
        .unwrap_or(Decimal::ONE);
    let cheapest = sc.cardholders.ticket.lo.amount() * lowest_rate * (Decimal::ONE + sc.switch.fx_markup);
    if cheapest > sc.issuer.limit_per_payment.amount() {
        let ticket = raw.cardholders.as_ref().and_then(|r| span(&r.ticket));
        let limit = raw.issuer.as_ref().and_then(|r| span(&r.limit_per_payment));
        c.warn(
            first_span(&[ticket, limit]),
            "cardholders.ticket",
            format!(
                "the cheapest ticket, {}, costs more than the issuer's limit_per_payment ({}) at every rate of \
                 the run: every purchase is declined",
                sc.cardholders.ticket.lo, sc.issuer.limit_per_payment
            ),
        );
    }
}

/// Tiers no group uses or whose payout dates miss the run, and MDRs far
/// from the brief's or below the fee.
pub(super) fn tiers(c: &mut Checker, raw: &RawFile, sc: &Scenario, run: &RunSpan) {
    let fee_span = raw.switch.as_ref().and_then(|s| span(&s.scheme_fee));
    for (name, tier) in &sc.tiers {
        let key = format!("tiers.{name}");
        let r = raw.tiers.get(name);
        let at = |v: fn(&RawTier) -> &Option<Spanned<Text>>| r.and_then(|t| span(v(t.get_ref())).or(Some(t.span())));
        if !sc.merchants.iter().any(|g| &g.tier == name) {
            if let Some(t) = r {
                c.warn(
                    t.span(),
                    &key,
                    format!("no merchant group uses tier `{name}`: set `tier = \"{name}\"` in a [[merchants]] group"),
                );
            }
            continue;
        }
        if let (Some(t), false) = (r, pays_within(tier.payout, run)) {
            c.warn(
                span(&t.get_ref().payout).unwrap_or(t.span()),
                &format!("{key}.payout"),
                format!(
                    "no {} payout date falls in the run ({} to {}): merchants of tier `{name}` are never paid",
                    tier.payout, run.start, run.horizon
                ),
            );
        }
        if tier.mdr > MDR_MAX {
            c.warn(
                first_span(&[at(|t| &t.mdr)]),
                &format!("{key}.mdr"),
                format!(
                    "{} is far above the 1.0 to 1.5% the domain brief quotes for an MDR",
                    pct(tier.mdr)
                ),
            );
        }
        if tier.mdr < sc.switch.scheme_fee {
            // The tier's MDR when the file sets it, else the fee that does.
            let (at, which) = match at(|t| &t.mdr) {
                Some(at) => (at, format!("{key}.mdr")),
                None => (fee_span.clone().unwrap_or(0..0), "switch.scheme_fee".to_string()),
            };
            c.warn(
                at,
                &which,
                format!(
                    "tier `{name}`'s MDR ({}) is below the scheme fee ({}) the acquirer pays the switch: the \
                     acquirer loses money on every payment of that tier",
                    pct(tier.mdr),
                    pct(sc.switch.scheme_fee)
                ),
            );
        }
        if tier.minimum.amount() >= Decimal::from(MINIMUM_MAX_EUR) {
            c.warn(
                first_span(&[at(|t| &t.minimum)]),
                &format!("{key}.minimum"),
                format!(
                    "merchants of this tier are paid only once they hold {}: they may never be paid in the run",
                    tier.minimum
                ),
            );
        }
    }
}

/// Whether a payout date of `schedule` falls between the first purchase day
/// and the run's last day (a date on a closed day rolls forward, so the
/// date itself is what counts).
fn pays_within(schedule: PayoutSchedule, run: &RunSpan) -> bool {
    let mut d = run.start;
    while d <= run.horizon {
        let due = match schedule {
            PayoutSchedule::Daily => true,
            PayoutSchedule::Weekly(w) => d.weekday() == w,
            PayoutSchedule::Monthly(n) => d.day() == n,
        };
        if due {
            return true;
        }
        d = add_days(d, 1);
    }
    false
}
