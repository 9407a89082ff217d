//! A payment's life, step by step: every message that moved it or its money,
//! on six lanes (cardholder, merchant, issuer, switch, settlement bank,
//! acquirer), each with its local time and, where it waited, why, in plain
//! words ("waits: 15 to 21 February are Chinese holidays; the next working
//! day is 22 February"). `explain` prints it; the explorer draws it.

use std::collections::BTreeSet;

use crate::domain::Date;
use crate::domain::calendar::{Calendar, DayKind};
use crate::domain::zone::Zone;
use crate::engine::{Duration, Instant};
use crate::report::events::value;
use crate::scenario::model::{ConvertMode, PayoutSchedule};
use crate::sim::book::payment_id;
use crate::sim::{Event, Kind, Party, Val};

use super::Recording;

/// The six lanes of the sequence diagram (the regulator speaks on the
/// settlement bank's lane: it only ever talks to it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    Cardholder,
    Merchant,
    Issuer,
    Switch,
    SettlementBank,
    Acquirer,
}

impl Lane {
    pub const ALL: [Lane; 6] = [
        Lane::Cardholder,
        Lane::Merchant,
        Lane::Issuer,
        Lane::Switch,
        Lane::SettlementBank,
        Lane::Acquirer,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Lane::Cardholder => "cardholder",
            Lane::Merchant => "merchant",
            Lane::Issuer => "issuer",
            Lane::Switch => "switch",
            Lane::SettlementBank => "settlement bank",
            Lane::Acquirer => "acquirer",
        }
    }

    fn of(p: Party) -> Lane {
        match p {
            Party::Cardholder(_) => Lane::Cardholder,
            Party::Merchant(_) => Lane::Merchant,
            Party::Issuer => Lane::Issuer,
            Party::Switch => Lane::Switch,
            Party::SettlementBank | Party::Regulator => Lane::SettlementBank,
            Party::Acquirer => Lane::Acquirer,
        }
    }
}

/// One message of the story.
#[derive(Clone, Debug)]
pub struct Step {
    pub at: Instant,
    /// The event it shows (None for the scan, which has no event of its own).
    pub event: Option<usize>,
    pub from: Lane,
    pub to: Lane,
    /// The sender's local time, `Wed 14 Feb 17:02 CET`.
    pub local: String,
    pub what: String,
    /// Why it waited since the step before, when it did.
    pub why: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Story {
    pub title: String,
    pub steps: Vec<Step>,
}

/// The story of payment `id` (`P00000042`).
pub fn story(rec: &Recording, id: &str) -> Result<Story, String> {
    let p = parse_payment(id).filter(|p| (*p as usize) < rec.outcome.book.payments.len());
    let Some(p) = p else {
        if rec.outcome.book.payments.is_empty() {
            return Err(format!("no payment {id}: this run made no payments"));
        }
        return Err(format!(
            "no payment {id} in this run: ids run from P00000001 to {}",
            payment_id(rec.outcome.book.payments.len().saturating_sub(1) as u32)
        ));
    };
    let book = &rec.outcome.book;
    let pay = &book.payments[p as usize];
    let merchant_zone = book.merchant_zone(pay.merchant).clone();
    let batch = book
        .batches
        .values()
        .find(|b| b.lines.get(&pay.merchant).is_some_and(|l| l.payments.contains(&p)))
        .map(|b| b.day);
    let remittances: BTreeSet<u32> = batch.map_or_else(BTreeSet::new, |d| {
        rec.matching(|v| matches!(v, Val::Batches(ds) if ds.contains(&d)))
            .iter()
            .flat_map(|&i| rec.events[i].fields.iter())
            .filter_map(|(_, v)| match v {
                Val::Remittance(r) => Some(*r),
                _ => None,
            })
            .collect()
    });
    let payouts: BTreeSet<u32> = book
        .payouts
        .iter()
        .enumerate()
        .filter(|(_, po)| po.payments.contains(&p))
        .map(|(i, _)| i as u32)
        .collect();
    let exceptions: BTreeSet<u32> = book
        .exceptions
        .iter()
        .enumerate()
        .filter(|(_, e)| remittances.contains(&e.remittance))
        .map(|(i, _)| i as u32)
        .collect();
    // An event about some payment belongs to the story only if it is this
    // one; other events belong when they carry its batch, remittance,
    // payout or exception.
    let carries = |v: &Val| match v {
        Val::Batch(d) => Some(*d) == batch,
        Val::Batches(ds) => batch.is_some_and(|b| ds.contains(&b)),
        Val::Remittance(r) => remittances.contains(r),
        Val::Payout(po) => payouts.contains(po),
        Val::Exception(e) => exceptions.contains(e),
        _ => false,
    };
    // The money of a bounced payout leaves suspense in an event of its own.
    let bounced = payouts
        .iter()
        .filter_map(|po| book.payouts[*po as usize].bounced_at)
        .min();
    let paid = payouts
        .iter()
        .map(|po| &book.payouts[*po as usize])
        .filter(|po| po.outcome == crate::sim::book::PayoutOutcome::Settled)
        .map(|po| po.sent_at)
        .max();
    let released = |e: &Event| {
        e.kind == Kind::SuspenseReleased
            && bounced.is_some_and(|b| e.at >= b)
            && paid.is_none_or(|p| e.at <= p)
            && e.fields
                .iter()
                .any(|(_, v)| matches!(v, Val::Merchant(m) if *m == pay.merchant))
    };
    let belongs = |e: &Event| match e
        .fields
        .iter()
        .find_map(|(_, v)| if let Val::Payment(q) = v { Some(*q) } else { None })
    {
        Some(q) => q == p,
        None => e.fields.iter().any(|(_, v)| carries(v)) || released(e),
    };
    let mut steps = Vec::new();
    let mut last: Option<Instant> = None;
    for (i, e) in rec.events.iter().enumerate().filter(|(_, e)| belongs(e)) {
        if steps.is_empty() && e.kind == Kind::PaymentInitiated {
            steps.push(Step {
                at: e.at,
                event: None,
                from: Lane::Cardholder,
                to: Lane::Merchant,
                local: local(&merchant_zone, e.at),
                what: "scans the merchant's code".into(),
                why: None,
            });
        }
        // The time of whoever acts: the acquirer receives a remittance.
        let actor = if e.kind == Kind::RemittanceReceived {
            Lane::Acquirer
        } else {
            Lane::of(e.from)
        };
        let zone = match actor {
            Lane::Cardholder | Lane::Merchant => merchant_zone.clone(),
            Lane::Acquirer => rec.scenario.acquirer.zone.clone(),
            _ => Zone::beijing(),
        };
        let why = last
            .map(|t| e.at - t)
            .filter(|gap| *gap >= Duration::from_hours(1))
            .and_then(|gap| reason(rec, e, batch, gap, Instant(e.at.0 - gap.as_ms())));
        steps.push(Step {
            at: e.at,
            event: Some(i),
            from: Lane::of(e.from),
            to: Lane::of(e.to),
            local: local(&zone, e.at),
            what: what(rec, e),
            why,
        });
        last = Some(e.at);
    }
    let title = format!(
        "{}: {:.2} EUR at {}, paid by {} with {:.2} CNY at {} CNY/EUR",
        payment_id(p),
        pay.eur,
        book.merchant_name(pay.merchant),
        crate::sim::book::cardholder_id(pay.cardholder),
        pay.cny,
        pay.rate
    );
    Ok(Story { title, steps })
}

fn parse_payment(id: &str) -> Option<u32> {
    id.strip_prefix('P')?.parse::<u32>().ok()?.checked_sub(1)
}

/// `Wed 14 Feb 17:02 CET`.
pub fn local(zone: &Zone, t: Instant) -> String {
    zone.strftime(t, "%a %d %b %H:%M %Z")
}

fn field<'a>(e: &'a Event, key: &str) -> Option<&'a Val> {
    e.fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

fn show(rec: &Recording, e: &Event, key: &str) -> String {
    field(e, key).map_or_else(String::new, |v| value(&rec.names, v))
}

/// What the message says, in the domain's words.
fn what(rec: &Recording, e: &Event) -> String {
    let f = |k: &str| show(rec, e, k);
    match e.kind {
        Kind::PaymentInitiated => format!("order for {}", f("amount")),
        Kind::AuthorizationRequested => format!("authorise {} at {} CNY/EUR", f("amount"), f("rate")),
        Kind::PaymentAuthorized => format!("approved: wallet debited {}", f("amount")),
        Kind::PaymentDeclined => format!("declined: {}", f("reason").replace('_', " ")),
        Kind::PaymentCompleted => format!("paid: the merchant's {} is fixed now", f("amount")),
        Kind::ReversalRequested => "gives up waiting: reverse the authorisation".into(),
        Kind::PaymentReversed => format!("reversed: {} back to the wallet", f("amount")),
        Kind::ClearingBatchClosed => format!(
            "clearing day closes: statement {} ({} payments, net {})",
            f("batch"),
            f("payments"),
            f("net")
        ),
        Kind::FxConverted => format!("buys {} for {} at {}", f("bought"), f("sold"), f("rate")),
        Kind::RemittanceHeld => format!("holds: {}", f("reason")),
        Kind::RemittanceRequested => format!("remit {}: {}", f("remittance"), f("amount")),
        Kind::RemittanceExtended => format!("{} waits; later days join it ({})", f("remittance"), f("amount")),
        Kind::ApprovalRequested => format!("asks the regulator (SAFE) to approve {}", f("remittance")),
        Kind::ApprovalGranted => "the regulator approves".into(),
        Kind::ApprovalRejected => "the regulator refuses: the batches go back to the pool".into(),
        Kind::RemittanceSent => format!(
            "sends {} ({}), value date {}",
            f("amount"),
            f("remittance"),
            f("value_date")
        ),
        Kind::RemittanceReceived => format!("{} arrives on its value date", f("amount")),
        Kind::ReconciliationMatched => "matches the remittance against its statements".into(),
        Kind::ReconciliationFailed => format!("does not match: {} short, exception {}", f("shortfall"), f("exception")),
        Kind::ExceptionResolved => format!("exception {} resolved: the rest has arrived", f("exception")),
        Kind::PayoutSent => format!("pays {} by {} ({})", f("amount"), f("scheme"), f("payout")),
        Kind::PayoutSettled => format!("{} credited to the merchant's account", f("amount")),
        Kind::PayoutRejected => format!("rejects the payout (pacs.002 {}: {})", f("reason"), f("description")),
        Kind::PayoutReturned => format!("returns the payout (pacs.004 {}: {})", f("reason"), f("description")),
        Kind::SuspenseReleased => format!("account fixed: {} leaves suspense", f("amount")),
        Kind::RefundRequested => format!("refunds {} ({} at the original rate)", f("amount"), f("cny")),
        Kind::RefundFailed => format!("refund {} fails NOT_ENOUGH: today's CNY is short", f("refund")),
        Kind::RefundCompleted => format!("refund {} paid back: {}", f("refund"), f("cny")),
        other => other.name().replace('_', " "),
    }
}

/// Why a step came so long after the one before, where the rules say.
fn reason(rec: &Recording, e: &Event, batch: Option<Date>, gap: Duration, since: Instant) -> Option<String> {
    let sc = &rec.scenario;
    let bj = Zone::beijing();
    let acq = &sc.acquirer;
    match e.kind {
        Kind::ClearingBatchClosed => Some(format!(
            "waits for the Beijing clearing day to close ({} Beijing)",
            sc.switch.cutoff
        )),
        Kind::FxConverted if sc.switch.convert == ConvertMode::Daily => Some(format!(
            "converted the next day at {} Beijing, weekends and holidays included",
            sc.switch.convert_at
        )),
        Kind::FxConverted => Some("kept as CNY until the remittance's one consolidated purchase".into()),
        Kind::RemittanceRequested | Kind::RemittanceExtended => {
            let day = batch?;
            let asked = bj.date(e.at);
            let closed = closed_ranges(
                &sc.settlement_bank.calendar,
                day.tomorrow().ok()?,
                asked.yesterday().ok()?,
                "in China",
            );
            Some(match closed {
                Some(c) => format!("waits: {c}; the next working day is {}", day_month(asked)),
                None => format!(
                    "a day goes out at the first remittance window after it ({} Beijing)",
                    sc.settlement_bank.remit_at
                ),
            })
        }
        Kind::ApprovalGranted => Some(format!("the regulator (SAFE) took {gap} to approve")),
        Kind::RemittanceSent => Some(format!(
            "approved after the {} cut-off or on a closed day: sent at the next working day's window",
            sc.settlement_bank.cutoff
        )),
        Kind::RemittanceReceived => {
            let vd = acq.zone.date(e.at);
            let (lo, hi) = sc.settlement_bank.transit_days;
            let days = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo} to {hi}")
            };
            Some(format!(
                "value date {}: {days} TARGET2 business day(s) after sending",
                day_month(vd)
            ))
        }
        Kind::PayoutSent => {
            let m = match field(e, "merchant")? {
                Val::Merchant(m) => *m,
                _ => return None,
            };
            let tier_name = rec.outcome.book.merchant_tier(m);
            let tier = &sc.tiers[tier_name];
            let when = match tier.payout {
                PayoutSchedule::Daily => format!("daily at {}", acq.payout_at),
                PayoutSchedule::Weekly(w) => format!("weekly on {w:?}s"),
                PayoutSchedule::Monthly(d) => format!("monthly on day {d}"),
            };
            let min = if tier.minimum.is_zero() {
                String::new()
            } else {
                format!(", once the balance reaches {}", tier.minimum)
            };
            Some(format!(
                "the {tier_name} tier is paid {when}{min}, on TARGET2 business days for SCT"
            ))
        }
        Kind::PayoutSettled => {
            // The closed days between sending and the credit.
            let first = acq.zone.date(since).tomorrow().ok()?;
            let closed = closed_ranges(
                &acq.calendar,
                first,
                acq.zone.date(e.at).yesterday().ok()?,
                "for TARGET2",
            );
            let base = "SCT is credited the next TARGET2 business day".to_string();
            Some(match closed {
                Some(c) => format!("{base}; {c}"),
                None => base,
            })
        }
        Kind::SuspenseReleased => {
            Some("held in suspense until the merchant fixed its account (the end of its fault window)".into())
        }
        Kind::ExceptionResolved => Some("the shortfall came with the next remittance".into()),
        Kind::RefundRequested => Some("the merchant refunds later".into()),
        Kind::RefundCompleted => Some("retried until the day's CNY takings could pay it".into()),
        _ => None,
    }
}

/// `15 to 21 February are Chinese holidays`, or None when all were open.
fn closed_ranges(cal: &Calendar, from: Date, to: Date, whose: &str) -> Option<String> {
    let closed = cal.closed_between(from, to);
    if closed.is_empty() {
        return None;
    }
    let mut runs: Vec<(Date, Date, BTreeSet<DayKind>)> = Vec::new();
    for (d, k) in closed {
        match runs.last_mut() {
            Some((_, end, kinds)) if end.tomorrow().ok() == Some(d) => {
                *end = d;
                kinds.insert(k);
            }
            _ => runs.push((d, d, BTreeSet::from([k]))),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|(a, b, kinds)| {
            let what = if kinds.len() > 1 || kinds.contains(&DayKind::Holiday) {
                "closed (public holidays)"
            } else {
                "a weekend"
            };
            let span = match (a == b, a.month() == b.month()) {
                (true, _) => day_month(*a),
                (false, true) => format!("{} to {}", a.day(), day_month(*b)),
                (false, false) => format!("{} to {}", day_month(*a), day_month(*b)),
            };
            let verb = if a == b { "is" } else { "are" };
            format!("{span} {verb} {what} {whose}")
        })
        .collect();
    Some(parts.join(", "))
}

/// `22 February`.
fn day_month(d: Date) -> String {
    d.strftime("%-d %B").to_string()
}
