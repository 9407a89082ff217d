//! The four institutions' sections: `[issuer]`, `[switch]`,
//! `[settlement_bank]` and `[acquirer]`, with the domain brief's defaults.

use super::super::model::*;
use super::super::raw::*;
use super::super::values;
use super::Checker;
use super::names::{Line, MAX_NAME, check_line};
use crate::domain::calendar::Calendar;
use crate::domain::zone::Zone;

pub(super) fn issuer(c: &mut Checker, r: Option<&RawIssuer>) -> Option<Issuer> {
    let none = RawIssuer {
        name: None,
        limit_per_payment: None,
        limit_per_day: None,
        risk_decline: None,
    };
    let r = r.unwrap_or(&none);
    let limit_per_payment = c.text(
        &r.limit_per_payment,
        "issuer.limit_per_payment",
        "50000 CNY",
        values::cny,
    );
    let limit_per_day = c.text(&r.limit_per_day, "issuer.limit_per_day", "100000 CNY", values::cny);
    for (limit, raw, key) in [
        (limit_per_payment, &r.limit_per_payment, "issuer.limit_per_payment"),
        (limit_per_day, &r.limit_per_day, "issuer.limit_per_day"),
    ] {
        if let (Some(l), Some(raw)) = (limit, raw) {
            if l.is_zero() {
                c.fail(
                    raw.span(),
                    key,
                    "a limit of 0 CNY declines every payment: a limit is a positive CNY amount, \
                     like \"50000 CNY\" (there is no \"no limit\": write a large amount)",
                );
            }
        }
    }
    let risk_decline = c.text(&r.risk_decline, "issuer.risk_decline", "0.2%", values::probability);
    Some(Issuer {
        name: name(c, &r.name, "issuer.name", "Tenpay"),
        // Wallet limits quoted by acquirers (domain brief, Limits).
        limit_per_payment: limit_per_payment?,
        limit_per_day: limit_per_day?,
        risk_decline: risk_decline?,
    })
}

pub(super) fn switch(c: &mut Checker, r: Option<&RawSwitch>) -> Option<Switch> {
    let none = RawSwitch {
        name: None,
        cutoff: None,
        fx_markup: None,
        scheme_fee: None,
        latency: None,
        convert: None,
        convert_at: None,
        timeout: None,
    };
    let r = r.unwrap_or(&none);
    let convert = match r.convert.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("daily", _)) => Some(ConvertMode::Daily),
        Some(("at_remittance", _)) => Some(ConvertMode::AtRemittance),
        Some((other, span)) => {
            c.fail(
                span,
                "switch.convert",
                format!("`{other}` is not a conversion mode: use \"daily\" or \"at_remittance\""),
            );
            None
        }
    };
    let latency = c.text(&r.latency, "switch.latency", "100ms..900ms", values::duration_range);
    let cutoff = c.text(&r.cutoff, "switch.cutoff", "00:00", values::local_time);
    let fx_markup = c.text(&r.fx_markup, "switch.fx_markup", "0%", values::share);
    let fx_markup = margin(
        c,
        fx_markup,
        &r.fx_markup,
        "switch.fx_markup",
        ("markup", "the scheme's margin on the consumer's rate"),
    );
    let scheme_fee = c.text(&r.scheme_fee, "switch.scheme_fee", "0.6%", values::probability);
    let latency = c.at_most(
        latency,
        crate::engine::Duration::from_mins(10),
        &r.latency,
        "switch.latency",
        "10m per hop",
    );
    let convert_at = c.text(&r.convert_at, "switch.convert_at", "09:00", values::local_time);
    let timeout = c.text(&r.timeout, "switch.timeout", "30s", values::duration);
    Some(Switch {
        name: name(c, &r.name, "switch.name", "WeChat Pay"),
        cutoff: cutoff?,
        fx_markup: fx_markup?,
        scheme_fee: scheme_fee?,
        latency: latency?,
        convert: convert?,
        convert_at: convert_at?,
        timeout: timeout?,
    })
}

pub(super) fn settlement_bank(
    c: &mut Checker,
    r: Option<&RawSettlementBank>,
    calendar: Option<Calendar>,
) -> Option<SettlementBank> {
    let none = RawSettlementBank {
        name: None,
        calendar: None,
        remit_at: None,
        cutoff: None,
        minimum: None,
        approval: None,
        approval_reject: None,
        fx_spread: None,
        transit: None,
    };
    let r = r.unwrap_or(&none);
    let approval = match &r.approval {
        Some(s) if s.get_ref().0 == "none" => Some(None),
        other => c
            .text(other, "settlement_bank.approval", "1h..4h", values::duration_range)
            .map(Some),
    };
    let minimum = c.text(&r.minimum, "settlement_bank.minimum", "650 EUR", values::eur);
    let transit = c.text(&r.transit, "settlement_bank.transit", "1..3", values::count_range);
    if let (Some((lo, _)), Some(s)) = (transit, &r.transit) {
        if lo == 0 {
            c.fail(
                s.span(),
                "settlement_bank.transit",
                "transit is at least 1 business day: the value date is after the send date",
            );
        }
    }
    let remit_at = c.text(&r.remit_at, "settlement_bank.remit_at", "10:00", values::local_time);
    // The HVPS cut-off; `rules` refuses a run the dated table does not cover.
    let hvps = super::rules::hvps_cutoff();
    let cutoff = c.text(&r.cutoff, "settlement_bank.cutoff", &hvps, values::local_time);
    if let (Some(at), Some(cut)) = (remit_at, cutoff) {
        if at >= cut {
            let span = r.remit_at.as_ref().or(r.cutoff.as_ref()).map_or(0..0, |s| s.span());
            c.fail(
                span,
                "settlement_bank.remit_at",
                format!("the remittance window ({at}) must open before the bank's cut-off ({cut})"),
            );
        }
    }
    let approval_reject = c.text(
        &r.approval_reject,
        "settlement_bank.approval_reject",
        "0%",
        values::probability,
    );
    let fx_spread = c.text(&r.fx_spread, "settlement_bank.fx_spread", "0.1%", values::share);
    let fx_spread = margin(
        c,
        fx_spread,
        &r.fx_spread,
        "settlement_bank.fx_spread",
        ("spread", "the bank's margin on its conversion rate"),
    );
    let transit_days = c.at_most(transit, 30, &r.transit, "settlement_bank.transit", "30 business days");
    Some(SettlementBank {
        name: name(c, &r.name, "settlement_bank.name", "Partner Bank"),
        calendar: calendar?,
        remit_at: remit_at?,
        // HVPS's cut-off (domain::rules::HVPS_CUTOFF) unless the file sets one.
        cutoff: cutoff?,
        minimum: minimum?,
        approval: approval?,
        approval_reject: approval_reject?,
        fx_spread: fx_spread?,
        transit_days: transit_days?,
    })
}

pub(super) fn acquirer(c: &mut Checker, r: Option<&RawAcquirer>, calendar: Option<Calendar>) -> Option<Acquirer> {
    let none = RawAcquirer {
        name: None,
        timezone: None,
        calendar: None,
        payout_at: None,
        scheme: None,
        kyc_days: None,
        value_time: None,
        inst_cap: None,
        inst_latency: None,
    };
    let r = r.unwrap_or(&none);
    let zone_name = Checker::string(&r.timezone, "Europe/Luxembourg");
    let zone = Zone::get(&zone_name);
    if zone.is_none() {
        c.fail(
            r.timezone.as_ref().map_or(0..0, |s| s.span()),
            "acquirer.timezone",
            format!("`{zone_name}` is not an IANA time zone: write it like \"Europe/Luxembourg\""),
        );
    }
    let scheme = match r.scheme.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("SCT", _)) => Some(Scheme::Sct),
        Some(("SCT_INST", _)) => Some(Scheme::SctInst),
        Some((other, span)) => {
            c.fail(
                span,
                "acquirer.scheme",
                format!("`{other}` is not a payout scheme: use \"SCT\" or \"SCT_INST\""),
            );
            None
        }
    };
    let inst_cap = match &r.inst_cap {
        None => Some(None),
        some => c.text(some, "acquirer.inst_cap", "0 EUR", values::eur).map(Some),
    };
    let kyc_days = c.text(&r.kyc_days, "acquirer.kyc_days", "1..3", values::count_range);
    let payout_at = c.text(&r.payout_at, "acquirer.payout_at", "14:00", values::local_time);
    let kyc_days = c.at_most(kyc_days, 60, &r.kyc_days, "acquirer.kyc_days", "60 days");
    let value_time = c.text(&r.value_time, "acquirer.value_time", "07:00", values::local_time);
    let inst_latency = c.text(
        &r.inst_latency,
        "acquirer.inst_latency",
        "1s..10s",
        values::duration_range,
    );
    Some(Acquirer {
        name: name(c, &r.name, "acquirer.name", "Euro Acquiring"),
        zone: zone?,
        calendar: calendar?,
        payout_at: payout_at?,
        scheme: scheme?,
        kyc_days: kyc_days?,
        // TARGET2's day-trade phase opens at 07:00 CET.
        value_time: value_time?,
        inst_cap: inst_cap?,
        // SCT Inst: funds available to the payee within 10 seconds.
        inst_latency: inst_latency?,
    })
}

/// An institution's display name: one line of 1 to [`MAX_NAME`] characters.
fn name(c: &mut Checker, v: &Option<toml::Spanned<String>>, key: &str, default: &str) -> String {
    if let Some(n) = v {
        check_line(c, n.get_ref(), n.span(), key, Line::name("a name", MAX_NAME));
    }
    Checker::string(v, default)
}

/// A markup or a spread is a margin the institution keeps on a rate, so it
/// is 0% or more: a negative one is not a margin but a loss on every
/// payment (`fx_markup = "-99%"` makes the switch lose nearly all it takes).
fn margin(
    c: &mut Checker,
    v: Option<rust_decimal::Decimal>,
    raw: &Option<toml::Spanned<super::super::raw::Text>>,
    key: &str,
    (noun, meaning): (&str, &str),
) -> Option<rust_decimal::Decimal> {
    let m = v?;
    if m.is_sign_negative() && !m.is_zero() {
        let written = raw.as_ref().map_or(String::new(), |s| s.get_ref().0.clone());
        let span = raw.as_ref().map_or(0..0, |s| s.span());
        c.fail(
            span,
            key,
            format!("`{written}` is not a {noun}: a {noun} is {meaning}, so use 0% or more (at most 1000%)"),
        );
        return None;
    }
    Some(m)
}
