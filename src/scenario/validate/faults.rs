//! `[[faults]]` and `[refunds]`: each fault kind with the keys it needs, its
//! dates, the merchants it selects and the ISO reason codes it allows.

use toml::Spanned;

use super::super::faults::{Fault, FaultKind, Faults, Refunds};
use super::super::model::{MerchantGroup, add_days};
use super::super::raw::{RawFault, RawRefunds};
use super::super::values;
use super::Checker;
use crate::domain::Date;
use crate::domain::money::Currency;
use crate::domain::reason;

const KINDS: &str = "payout_reject, payout_return, approval_delay, approval_reject, remittance_short, \
                     issuer_timeout, direct_debit_return, kyc_fail";

pub(super) fn faults(
    c: &mut Checker,
    raw: &[Spanned<RawFault>],
    groups: &[MerchantGroup],
    first: Date,
    last: Date,
) -> Faults {
    let mut all = Vec::new();
    for f in raw {
        if let Some(fault) = fault(c, f, groups, first, last) {
            all.push(fault);
        }
    }
    Faults { all }
}

fn fault(c: &mut Checker, f: &Spanned<RawFault>, groups: &[MerchantGroup], first: Date, last: Date) -> Option<Fault> {
    let r = f.get_ref();
    let Some(kind_name) = &r.kind else {
        c.fail(
            f.span(),
            "faults.kind",
            format!("a fault needs a `kind`: one of {KINDS}"),
        );
        return None;
    };
    let name = kind_name.get_ref().as_str();
    let needs_merchant = matches!(
        name,
        "payout_reject" | "payout_return" | "direct_debit_return" | "kyc_fail"
    );
    let reason_set = match name {
        "payout_reject" | "payout_return" => Some(reason::PAYOUT),
        "direct_debit_return" => Some(reason::DIRECT_DEBIT),
        _ => None,
    };
    let reason = match (&r.reason, reason_set) {
        (Some(code), Some(set)) => match reason::find(set, code.get_ref()) {
            Some(reason) => Some(reason),
            None => {
                let valid: Vec<&str> = set.iter().map(|r| r.code).collect();
                c.fail(
                    code.span(),
                    "faults.reason",
                    format!(
                        "`{}` is not a reason for {name}: use one of {}",
                        code.get_ref(),
                        valid.join(", ")
                    ),
                );
                None
            }
        },
        (None, Some(_)) => {
            c.fail(
                f.span(),
                "faults.reason",
                format!("{name} needs a `reason` (an ISO 20022 code such as AC04)"),
            );
            None
        }
        (Some(code), None) => {
            c.fail(
                code.span(),
                "faults.reason",
                format!("`reason` does not apply to {name}"),
            );
            None
        }
        (None, None) => None,
    };
    let kind = match name {
        "payout_reject" => reason.map(FaultKind::PayoutReject),
        "payout_return" => reason.map(FaultKind::PayoutReturn),
        "direct_debit_return" => reason.map(FaultKind::DirectDebitReturn),
        "approval_reject" => Some(FaultKind::ApprovalReject),
        "kyc_fail" => Some(FaultKind::KycFail),
        "approval_delay" => required(c, f, &r.delay, "delay", name, values::duration).map(FaultKind::ApprovalDelay),
        "issuer_timeout" => required(c, f, &r.rate, "rate", name, values::probability).map(FaultKind::IssuerTimeout),
        "remittance_short" => {
            let m = required(c, f, &r.amount, "amount", name, values::eur)?;
            if m.currency() != Currency::EUR || !m.amount().is_sign_positive() || m.is_zero() {
                c.fail(
                    f.span(),
                    "faults.amount",
                    "a remittance arrives short by a positive EUR amount, like \"500 EUR\"",
                );
                return None;
            }
            Some(FaultKind::RemittanceShort(m))
        }
        other => {
            let near = super::super::nearest(other, &KINDS.split(", ").map(String::from).collect::<Vec<_>>());
            let hint = near.map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
            c.fail(
                kind_name.span(),
                "faults.kind",
                format!("`{other}` is not a fault kind{hint}: use one of {KINDS}"),
            );
            None
        }
    };
    for (key, present, applies) in [
        ("delay", r.delay.is_some(), name == "approval_delay"),
        ("rate", r.rate.is_some(), name == "issuer_timeout"),
        ("amount", r.amount.is_some(), name == "remittance_short"),
        ("merchant", r.merchant.is_some(), needs_merchant),
    ] {
        if present && !applies && kind.is_some() {
            c.fail(
                f.span(),
                &format!("faults.{key}"),
                format!("`{key}` does not apply to {name}"),
            );
        }
    }
    let merchants = if needs_merchant {
        Some(selector(c, f, groups)?)
    } else {
        None
    };
    let (from, until) = window(c, f, first, last)?;
    Some(Fault {
        kind: kind?,
        merchants,
        from,
        until,
    })
}

fn required<T>(
    c: &mut Checker,
    f: &Spanned<RawFault>,
    v: &Option<Spanned<super::super::raw::Text>>,
    key: &str,
    kind: &str,
    parse: fn(&str) -> values::Parsed<T>,
) -> Option<T> {
    match v {
        Some(_) => c.text(v, &format!("faults.{key}"), "", parse),
        None => {
            c.fail(f.span(), &format!("faults.{key}"), format!("{kind} needs `{key}`"));
            None
        }
    }
}

/// `"paris-boutiques/3"` (one merchant) or `"paris-boutiques"` (the group).
fn selector(c: &mut Checker, f: &Spanned<RawFault>, groups: &[MerchantGroup]) -> Option<(u32, u32)> {
    let Some(sel) = &f.get_ref().merchant else {
        c.fail(
            f.span(),
            "faults.merchant",
            format!(
                "{} needs `merchant`: a group (\"paris-boutiques\") or one merchant (\"paris-boutiques/3\")",
                f.get_ref().kind.as_ref().map_or("this fault", |k| k.get_ref())
            ),
        );
        return None;
    };
    let text = sel.get_ref();
    let (group, n) = match text.rsplit_once('/') {
        Some((g, n)) => (g, n.parse::<u32>().ok()),
        None => (text.as_str(), None),
    };
    let mut first = 0;
    for g in groups {
        if g.name == group {
            return match n {
                None if !text.contains('/') => Some((first, first + g.count - 1)),
                Some(n) if (1..=g.count).contains(&n) => Some((first + n - 1, first + n - 1)),
                _ => {
                    c.fail(
                        sel.span(),
                        "faults.merchant",
                        format!("`{text}`: {group} has merchants {group}/1 to {group}/{}", g.count),
                    );
                    None
                }
            };
        }
        first += g.count;
    }
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    c.fail(
        sel.span(),
        "faults.merchant",
        format!("`{text}` is not a merchant: groups are {}", names.join(", ")),
    );
    None
}

/// `on`, or `from`/`until` (either may be left out: the run's first or last
/// day), or neither: the whole run.
fn window(c: &mut Checker, f: &Spanned<RawFault>, first: Date, last: Date) -> Option<(Date, Date)> {
    let r = f.get_ref();
    let date = |c: &mut Checker, v: &Option<Spanned<super::super::raw::DateText>>, key: &str| {
        v.as_ref().map(|d| c.date(d, key))
    };
    let on = date(c, &r.on, "faults.on");
    let from = date(c, &r.from, "faults.from");
    let until = date(c, &r.until, "faults.until");
    if on.is_some() && (from.is_some() || until.is_some()) {
        c.fail(f.span(), "faults.on", "give either `on` or `from`/`until`, not both");
        return None;
    }
    let (from, until) = match on {
        Some(on) => (on?, on?),
        None => (from.unwrap_or(Some(add_days(first, -1)))?, until.unwrap_or(Some(last))?),
    };
    if until < from {
        c.fail(
            f.span(),
            "faults.until",
            format!("the window ends ({until}) before it starts ({from})"),
        );
        return None;
    }
    Some((from, until))
}

pub(super) fn refunds(c: &mut Checker, r: Option<&Spanned<RawRefunds>>) -> Option<Option<Refunds>> {
    let Some(r) = r else { return Some(None) };
    let raw = r.get_ref();
    let rate = c.text(&raw.rate, "refunds.rate", "1%", values::probability);
    let after = c.text(&raw.after, "refunds.after", "0d..5d", values::duration_range);
    let partial = c.text(&raw.partial, "refunds.partial", "30%", values::probability);
    let retry = c.text(&raw.retry, "refunds.retry", "6h", values::duration);
    let after = c.at_most(
        after,
        crate::engine::Duration::from_days(super::super::faults::REFUND_WINDOW_DAYS),
        &raw.after,
        "refunds.after",
        "365d (the scheme's refund window)",
    );
    if let (Some(d), Some(s)) = (retry, &raw.retry) {
        if d.as_ms() < 60_000 {
            c.fail(s.span(), "refunds.retry", "retry at least a minute later (\"1m\")");
        }
    }
    Some(Some(Refunds {
        rate: rate?,
        after: after?,
        partial: partial?,
        retry: retry?,
    }))
}
