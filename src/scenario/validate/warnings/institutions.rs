//! Warnings about the institutions: limits, margins, fees and times far
//! from the domain brief's corridor, and settings that change nothing
//! with the scheme or faults chosen.

use std::ops::Range;

use rust_decimal::Decimal;

use super::super::super::model::*;
use super::super::super::raw::*;
use super::super::Checker;
use super::super::span::RunSpan;
use super::{MINIMUM_MAX_EUR, first_span, pct, span};
use crate::domain::zone::Zone;

/// A consumer FX markup above 10% is suspicious (the default is 0%).
const MARKUP_MAX: Decimal = Decimal::from_parts(10, 0, 0, false, 2);
/// A bank conversion spread above 5% is suspicious (the default is 0.1%).
const SPREAD_MAX: Decimal = Decimal::from_parts(5, 0, 0, false, 2);
/// Risk declines above 5% of payments are suspicious (the default is 0.2%).
const RISK_MAX: Decimal = Decimal::from_parts(5, 0, 0, false, 2);
/// A regulator refusing more than 10% of remittances is suspicious (the
/// default is 0%).
const APPROVAL_REJECT_MAX: Decimal = Decimal::from_parts(10, 0, 0, false, 2);
/// SAFE (2015) caps a cross-border wallet payment at USD 50,000 equivalent:
/// CNY 313,730 to 348,714 at the ECB's EUR/CNY and EUR/USD rates of
/// December 2017 to December 2018 (scenarios/data/ecb-eur-cny-2018.csv).
const SAFE_CAP_CNY: i64 = 350_000;
/// The domain brief's transit is 1 to 3 TARGET2 working days.
const TRANSIT_MAX: u32 = 5;
/// SCT Inst credits the payee within 10 seconds (the scheme's rule).
const INST_LATENCY_MAX_MS: i64 = 10_000;

/// The wallet's limits and risk declines; the scheme's markup and timeout.
pub(super) fn issuer_and_switch(c: &mut Checker, raw: &RawFile, sc: &Scenario) {
    let issuer = raw.issuer.as_ref();
    let (per_payment, per_day) = (sc.issuer.limit_per_payment, sc.issuer.limit_per_day);
    if per_payment.amount() > Decimal::from(SAFE_CAP_CNY) {
        c.warn(
            first_span(&[issuer.and_then(|i| span(&i.limit_per_payment))]),
            "issuer.limit_per_payment",
            format!(
                "{per_payment} is above SAFE's cap of USD 50,000 on a cross-border wallet payment \
                 (CNY 313,730 to 348,714 at the ECB's 2018 rates)"
            ),
        );
    }
    if per_day < per_payment {
        c.warn(
            first_span(&[
                issuer.and_then(|i| span(&i.limit_per_day)),
                issuer.and_then(|i| span(&i.limit_per_payment)),
            ]),
            "issuer.limit_per_day",
            format!(
                "the daily limit ({per_day}) is below the per-payment limit ({per_payment}): payments between the \
                 two are declined over the daily limit"
            ),
        );
    }
    share_above(
        c,
        issuer.and_then(|i| span(&i.risk_decline)),
        "issuer.risk_decline",
        sc.issuer.risk_decline,
        RISK_MAX,
        "of authorisations declined for risk (the default is 0.2%)",
    );
    let switch = raw.switch.as_ref();
    share_above(
        c,
        switch.and_then(|s| span(&s.fx_markup)),
        "switch.fx_markup",
        sc.switch.fx_markup,
        MARKUP_MAX,
        "over the market rate for consumers (the default markup is 0%)",
    );
    let hops = sc.switch.latency.1 + sc.switch.latency.1;
    if sc.switch.timeout <= hops {
        c.warn(
            first_span(&[
                switch.and_then(|s| span(&s.timeout)),
                switch.and_then(|s| span(&s.latency)),
            ]),
            "switch.timeout",
            format!(
                "the switch gives up after {}, but an authorisation takes two hops of up to {} each: answers \
                 later than that are declined issuer_unavailable",
                sc.switch.timeout, sc.switch.latency.1
            ),
        );
    }
}

/// The bank's spread, the regulator's refusals, the remittance minimum and
/// the transit time.
pub(super) fn settlement_bank(c: &mut Checker, raw: &RawFile, sc: &Scenario) {
    let bank = raw.settlement_bank.as_ref();
    let b = &sc.settlement_bank;
    share_above(
        c,
        bank.and_then(|b| span(&b.fx_spread)),
        "settlement_bank.fx_spread",
        b.fx_spread,
        SPREAD_MAX,
        "over the market rate on every conversion (the default spread is 0.1%)",
    );
    share_above(
        c,
        bank.and_then(|b| span(&b.approval_reject)),
        "settlement_bank.approval_reject",
        b.approval_reject,
        APPROVAL_REJECT_MAX,
        "of remittances refused by the regulator (the default is 0%)",
    );
    if b.minimum.amount() >= Decimal::from(MINIMUM_MAX_EUR) {
        c.warn(
            first_span(&[bank.and_then(|b| span(&b.minimum))]),
            "settlement_bank.minimum",
            format!(
                "the pool is remitted only once it holds {}: the domain brief's minimum is USD 800 (about 650 EUR)",
                b.minimum
            ),
        );
    }
    if b.transit_days.1 > TRANSIT_MAX {
        c.warn(
            first_span(&[bank.and_then(|b| span(&b.transit))]),
            "settlement_bank.transit",
            format!(
                "up to {} business days in transit: the domain brief's remittances arrive after 1 to 3",
                b.transit_days.1
            ),
        );
    }
}

/// Warns when a share the model accepts is above what is plausible.
fn share_above(c: &mut Checker, at: Option<Range<usize>>, key: &str, share: Decimal, max: Decimal, what: &str) {
    if let Some(at) = at.filter(|_| share > max) {
        c.warn(
            at,
            key,
            format!("{} {what}: above {} is suspicious", pct(share), pct(max)),
        );
    }
}

/// Settings of the acquirer that do nothing, or break the SCT Inst rule.
pub(super) fn acquirer(c: &mut Checker, raw: &RawFile, sc: &Scenario) {
    let Some(r) = raw.acquirer.as_ref() else { return };
    let a = &sc.acquirer;
    let applies = sc.merchants.iter().any(|g| g.joins.is_some() || g.kyc == Kyc::Fail)
        || sc
            .faults
            .all
            .iter()
            .any(|f| matches!(f.kind, crate::scenario::faults::FaultKind::KycFail));
    if let (Some(at), false) = (span(&r.kyc_days), applies) {
        c.warn(
            at,
            "acquirer.kyc_days",
            "no merchant applies during the run (no group has `joins` or `kyc = \"fail\"`, no kyc_fail fault): \
             kyc_days changes nothing",
        );
    }
    if a.scheme == Scheme::Sct {
        for (key, at) in [
            ("acquirer.inst_cap", span(&r.inst_cap)),
            ("acquirer.inst_latency", span(&r.inst_latency)),
        ] {
            if let Some(at) = at {
                c.warn(
                    at,
                    key,
                    "applies to SCT Inst payouts, but acquirer.scheme is SCT: it changes nothing",
                );
            }
        }
        return;
    }
    if let (Some(at), Some(cap)) = (span(&r.inst_cap), a.inst_cap.filter(|m| m.is_zero())) {
        c.warn(
            at,
            "acquirer.inst_cap",
            format!("every instant payout is above a cap of {cap}: all of them go by SCT"),
        );
    }
    if let Some(at) = span(&r.inst_latency).filter(|_| a.inst_latency.1.as_ms() > INST_LATENCY_MAX_MS) {
        c.warn(
            at,
            "acquirer.inst_latency",
            format!(
                "up to {}: SCT Inst credits the payee within 10 s (the scheme's rule)",
                a.inst_latency.1
            ),
        );
    }
}

/// Refunds that all fall after the run; faults that change nothing.
pub(super) fn refunds_and_faults(c: &mut Checker, raw: &RawFile, sc: &Scenario, run: &RunSpan) {
    if let (Some(refunds), Some(r)) = (&sc.refunds, raw.refunds.as_ref()) {
        // The earliest refund of the first purchase day, against the end.
        let earliest = Zone::beijing().midnight(run.start) + refunds.after.0;
        if earliest >= run.closes() {
            c.warn(
                first_span(&[span(&r.get_ref().after), Some(r.span())]),
                "refunds.after",
                format!(
                    "every refund falls due after the run ends ({}) and is not simulated: shorten `after` or \
                     lengthen drain_days",
                    Zone::beijing().local(run.closes())
                ),
            );
        }
    }
    for (f, raw_f) in sc.faults.all.iter().zip(&raw.faults) {
        use crate::scenario::faults::FaultKind::*;
        let r = raw_f.get_ref();
        let (key, at, nothing) = match f.kind {
            IssuerTimeout(rate) => ("faults.rate", &r.rate, rate.is_zero()),
            ApprovalDelay(d) => ("faults.delay", &r.delay, d.as_ms() == 0),
            _ => continue,
        };
        if let Some(v) = at.as_ref().filter(|_| nothing) {
            c.warn(
                v.span(),
                key,
                format!(
                    "{} with {} = \"{}\" changes nothing",
                    f.kind.name(),
                    &key["faults.".len()..],
                    v.get_ref().0
                ),
            );
        }
    }
}
