//! `[[faults]]` and `[refunds]`: each fault kind with the keys it needs, its
//! dates, the merchants it selects and the ISO reason codes it allows.

use toml::Spanned;

use super::super::faults::{Fault, FaultKind, Faults, Refunds};
use super::super::model::{MerchantGroup, SettlementBank, add_days};
use super::super::raw::{RawFault, RawFile, RawRefunds};
use super::super::values;
use super::Checker;
use super::span::RunSpan;
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
    run: &RunSpan,
) -> Faults {
    let mut all = Vec::new();
    for f in raw {
        if let Some(fault) = fault(c, f, groups, paying, run) {
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
    run: &RunSpan,
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
    let dates = window(c, f, run);
    let (from, until) = dates.unwrap_or((add_days(run.first, -1), run.horizon));
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
    let fault = Fault {
        kind: kind?,
        merchants,
        from,
        until,
    };
    acts_in_run(c, f, &fault, groups, run).then_some(fault)
}

/// A fault whose window the run never reaches, or a `kyc_fail` whose window
/// holds no application day of the merchants it selects, would never act:
/// it is refused with the days that would work.
fn acts_in_run(c: &mut Checker, f: &Spanned<RawFault>, fault: &Fault, groups: &[MerchantGroup], run: &RunSpan) -> bool {
    let (from, until) = (fault.from, fault.until);
    let (first, last) = (add_days(run.first, -1), run.horizon);
    if until < first || from > last {
        let (key, at) = window_key(f, from > last);
        c.fail(
            at,
            key,
            format!(
                "the window {from} to {until} is outside the run ({first} to {last}): the fault would never act; \
                 give dates within the run, or none for the whole run"
            ),
        );
        return false;
    }
    if !matches!(fault.kind, FaultKind::KycFail) {
        return true;
    }
    // A merchant applies once, on its group's `joins` or the first purchase
    // day; the fault's dates are those of the application.
    let (lo, hi) = fault.merchants.unwrap_or((0, u32::MAX));
    let mut index = 0;
    let mut days = Vec::new();
    for g in groups {
        let (g_lo, g_hi) = (index, index + g.count - 1);
        index += g.count;
        if g_hi < lo || g_lo > hi {
            continue;
        }
        let day = g.joins.unwrap_or(run.start);
        if fault.active(day) {
            return true;
        }
        let why = if g.joins.is_some() {
            "its joins date"
        } else {
            "the first purchase day"
        };
        days.push(format!("{} applies on {day}, {why}", g.name));
    }
    let (key, at) = window_key(f, true);
    c.fail(
        at,
        key,
        format!(
            "kyc_fail acts on the day a merchant applies, and the window {from} to {until} holds none: {}",
            days.join("; ")
        ),
    );
    false
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

/// The key and span a message about a fault's window points at: `on` when
/// given, else `from` (or `until` when `from_side` is false), else the
/// fault's table.
fn window_key(f: &Spanned<RawFault>, from_side: bool) -> (&'static str, std::ops::Range<usize>) {
    let r = f.get_ref();
    let (key, at) = match (&r.on, from_side) {
        (Some(on), _) => ("faults.on", Some(on)),
        (None, true) => ("faults.from", r.from.as_ref().or(r.until.as_ref())),
        (None, false) => ("faults.until", r.until.as_ref().or(r.from.as_ref())),
    };
    (key, at.map_or(f.span(), |d| d.span()))
}

/// `on`, or `from`/`until` (either may be left out: the day before the
/// run's first day, or its last day), or neither: the whole run.
fn window(c: &mut Checker, f: &Spanned<RawFault>, run: &RunSpan) -> Option<(Date, Date)> {
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
        None => (
            from.unwrap_or(Some(add_days(run.first, -1)))?,
            until.unwrap_or(Some(run.horizon))?,
        ),
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

/// With `approval = "none"` nothing asks the regulator, so what acts on its
/// approval (the `approval_reject` share, approval faults) would do nothing.
pub(super) fn approval_off(c: &mut Checker, raw: &RawFile, bank: &SettlementBank, faults: &Faults) {
    if bank.approval.is_some() {
        return;
    }
    let reject = raw.settlement_bank.as_ref().and_then(|b| b.approval_reject.as_ref());
    if let Some(r) = reject.filter(|_| !bank.approval_reject.is_zero()) {
        c.fail(
            r.span(),
            "settlement_bank.approval_reject",
            "the regulator refuses only what it is asked to approve, but settlement_bank.approval is \"none\": \
             set approval to a duration range like \"1h..4h\", or approval_reject to \"0%\"",
        );
    }
    if faults.all.len() != raw.faults.len() {
        return;
    }
    for (f, raw_f) in faults.all.iter().zip(&raw.faults) {
        if matches!(f.kind, FaultKind::ApprovalDelay(_) | FaultKind::ApprovalReject) {
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
