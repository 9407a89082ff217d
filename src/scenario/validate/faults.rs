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
use crate::domain::reason::{RTransaction, Reason};
use crate::domain::rules::SCT_INST_MAXIMUM;
use crate::scenario::model::Scheme;

const KINDS: &str = "payout_reject, payout_return, approval_delay, approval_reject, remittance_short, \
                     issuer_timeout, direct_debit_return, kyc_fail";

/// How the acquirer pays, as far as faults care: the scheme, and whether the
/// scenario sets its own SCT Inst cap (`acquirer.inst_cap`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Paying {
    pub scheme: Scheme,
    pub own_cap: bool,
}

pub(super) fn faults(
    c: &mut Checker,
    raw: &[Spanned<RawFault>],
    groups: &[MerchantGroup],
    paying: Paying,
    first: Date,
    last: Date,
) -> Faults {
    let mut all = Vec::new();
    for f in raw {
        if let Some(fault) = fault(c, f, groups, paying, first, last) {
            all.push(fault);
        }
    }
    Faults { all }
}

/// The R-transactions a fault of kind `name` can produce for payouts sent
/// from `from` to `until`. SCT Inst has no return: a bank that would return
/// an SCT refuses the instant credit instead. Under SCT_INST a payout goes by
/// SCT when it is above the cap, so while a cap applies (the scenario's own,
/// or the scheme maximum on some day of the window) both schemes can meet
/// the fault.
fn produces(name: &str, paying: Paying, from: Date, until: Date) -> Vec<RTransaction> {
    let capped = paying.own_cap
        || SCT_INST_MAXIMUM
            .periods
            .iter()
            .any(|p| p.value.is_some() && p.from <= until && p.until.is_none_or(|u| from < u));
    let (sct, inst) = match paying.scheme {
        Scheme::Sct => (true, false),
        Scheme::SctInst => (capped, true),
    };
    let mut out = Vec::new();
    match name {
        "payout_reject" | "payout_return" => {
            if inst {
                out.push(RTransaction::SctInstReject);
            }
            if sct {
                out.push(if name == "payout_reject" {
                    RTransaction::SctReject
                } else {
                    RTransaction::SctReturn
                });
            }
        }
        "direct_debit_return" => out.push(RTransaction::SddReturn),
        _ => {}
    }
    out
}

/// The reason `code` if every R-transaction in `kinds` takes it on every
/// day to `through`; else the message saying which list it is missing from
/// and what would be valid.
fn reason_for(code: &str, name: &str, kinds: &[RTransaction], paying: Paying, through: Date) -> Result<Reason, String> {
    let found: Vec<Option<Reason>> = kinds.iter().map(|k| k.find(code, through)).collect();
    if let Some(Some(reason)) = found.first().filter(|_| found.iter().all(Option::is_some)) {
        return Ok(*reason);
    }
    let mut valid = kinds[0].valid(through);
    valid.retain(|v| kinds.iter().all(|k| k.find(v, through).is_some()));
    // A list the code has left (it is on it, but not on every day).
    let withdrawn = kinds
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .find_map(|(k, _)| k.listed(code).and_then(|l| l.until).map(|u| (k, u)));
    let context = if paying.scheme == Scheme::SctInst && name.starts_with("payout_") {
        " with scheme = \"SCT_INST\""
    } else {
        ""
    };
    let why = if let Some((k, until)) = withdrawn {
        format!(
            "{} takes it only until {} ({}), and the fault reaches {through}",
            k.name(),
            until.yesterday().expect("in range"),
            k.source()
        )
    } else if kinds.len() == 1 {
        let k = kinds[0];
        let no_return = if name == "payout_return" && k == RTransaction::SctInstReject {
            "SCT Inst has no return, so the merchant's bank rejects the instant credit: "
        } else {
            ""
        };
        format!("{no_return}{} does not take it ({})", k.name(), k.source())
    } else {
        let missing: Vec<&str> = kinds
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(k, _)| k.name())
            .collect();
        let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        let takes = if missing.len() == 1 {
            format!("{} does not take it", missing[0])
        } else {
            format!("neither {} takes it", missing.join(" nor "))
        };
        format!(
            "its payouts go by SCT Inst or, above the SCT Inst cap, by SCT, so it must be a reason \
             for {}, and {takes}",
            names.join(" and ")
        )
    };
    Err(format!(
        "`{code}` is not a reason for {name}{context}: {why}; use one of {}",
        valid.join(", ")
    ))
}

fn fault(
    c: &mut Checker,
    f: &Spanned<RawFault>,
    groups: &[MerchantGroup],
    paying: Paying,
    first: Date,
    last: Date,
) -> Option<Fault> {
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
    // The reason is checked for the dates the fault can act on; a window
    // that is itself wrong is reported below, and the run's dates stand in.
    let dates = window(c, f, first, last);
    let (from, until) = dates.unwrap_or((first, last));
    let kinds = produces(name, paying, from, until);
    let takes_reason = matches!(name, "payout_reject" | "payout_return" | "direct_debit_return");
    let reason = match (&r.reason, takes_reason) {
        (Some(code), true) => match reason_for(code.get_ref(), name, &kinds, paying, until) {
            Ok(reason) => Some(reason),
            Err(message) => {
                c.fail(code.span(), "faults.reason", message);
                None
            }
        },
        (None, true) => {
            c.fail(
                f.span(),
                "faults.reason",
                format!("{name} needs a `reason` (an ISO 20022 code such as AC04)"),
            );
            None
        }
        (Some(code), false) => {
            c.fail(
                code.span(),
                "faults.reason",
                format!("`reason` does not apply to {name}"),
            );
            None
        }
        (None, false) => None,
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
    let (from, until) = dates?;
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
