//! A payment's life, step by step: every message that moved it or its money,
//! on six lanes (cardholder, merchant, issuer, switch, settlement bank,
//! acquirer), each with its local time and, where it waited, why, in plain
//! words ("waits: 15 to 21 February are closed (public holidays) in China;
//! the next working day is 22 February"). The reasons are the ones the
//! agents recorded when they decided; this module only puts them into
//! words. `explain` prints a story; the explorer draws it.

use std::collections::BTreeSet;

use crate::agents::acquirer::PayoutOutcome;
use crate::domain::Date;
use crate::domain::calendar::DayKind;
use crate::domain::ids::{BatchId, PaymentId};
use crate::domain::zone::Zone;
use crate::engine::{Duration, Instant};
use crate::messages::why::ClosedDays;
use crate::messages::{Body, Event, Kind, Party, Why};
use crate::scenario::model::PayoutSchedule;

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
    /// Every lane, left to right.
    pub const ALL: [Lane; 6] = [
        Lane::Cardholder,
        Lane::Merchant,
        Lane::Issuer,
        Lane::Switch,
        Lane::SettlementBank,
        Lane::Acquirer,
    ];

    /// The lane's heading.
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
    /// Why it waited since the step before, when it did, as the agent
    /// recorded it.
    pub why: Option<String>,
}

/// A payment's story: a title and its steps in time order.
#[derive(Clone, Debug)]
pub struct Story {
    pub title: String,
    pub steps: Vec<Step>,
}

/// The story of payment `id` (`P00000042`); an error names the valid ids.
pub fn story(rec: &Recording, id: &str) -> Result<Story, String> {
    let o = &rec.outcome;
    let initiated = o.cardholders().initiated();
    let Some(p) = PaymentId::parse(id).filter(|p| p.index() < initiated as usize) else {
        if initiated == 0 {
            return Err(format!("no payment {id}: this run made no payments"));
        }
        return Err(format!(
            "no payment {id} in this run: ids run from P00000001 to {}",
            PaymentId::from_index(initiated - 1)
        ));
    };
    let Some(pay) = o.switch().payment(p) else {
        return Err(format!("payment {id} never reached the switch: the run stopped first"));
    };
    let merchant_zone = rec.names().zone(pay.merchant).clone();
    let batch = o
        .switch()
        .batches()
        .values()
        .find(|b| {
            b.lines
                .get(&pay.merchant)
                .is_some_and(|l| l.payments.iter().any(|c| c.payment == p))
        })
        .map(|b| b.id());
    let remittances: BTreeSet<_> = batch.map_or_else(BTreeSet::new, |b| {
        rec.events
            .iter()
            .filter(|e| e.body.names_batch(b))
            .filter_map(|e| e.body.remittance())
            .collect()
    });
    let payouts: BTreeSet<_> = o
        .acquirer()
        .payouts()
        .iter()
        .enumerate()
        .filter(|(_, po)| po.payments.iter().any(|c| c.payment == p))
        .map(|(i, _)| crate::domain::ids::PayoutId::from_index(i as u32))
        .collect();
    let exceptions: BTreeSet<_> = o
        .acquirer()
        .exceptions()
        .iter()
        .enumerate()
        .filter(|(_, e)| remittances.contains(&e.remittance))
        .map(|(i, _)| crate::domain::ids::ExceptionId::from_index(i as u32))
        .collect();
    // An event about some payment belongs to the story only if it is this
    // one; other events belong when they carry its batch, remittance,
    // payout or exception.
    let carries = |b: &Body| {
        batch.is_some_and(|d| b.names_batch(d))
            || b.remittance().is_some_and(|r| remittances.contains(&r))
            || b.payout().is_some_and(|po| payouts.contains(&po))
            || b.exception().is_some_and(|x| exceptions.contains(&x))
    };
    // The money of a bounced payout leaves suspense in an event of its own.
    let payout = |po: &crate::domain::ids::PayoutId| &o.acquirer().payouts()[po.index()];
    let bounced = payouts.iter().filter_map(|po| payout(po).bounced_at).min();
    let paid = payouts
        .iter()
        .map(payout)
        .filter(|po| po.outcome == PayoutOutcome::Settled)
        .map(|po| po.sent_at)
        .max();
    let released = |e: &Event| {
        e.kind() == Kind::SuspenseReleased
            && bounced.is_some_and(|b| e.at >= b)
            && paid.is_none_or(|p| e.at <= p)
            && e.body.merchant() == Some(pay.merchant)
    };
    let belongs = |e: &Event| match e.body.payment() {
        Some(q) => q == p,
        None => carries(&e.body) || released(e),
    };
    let mut steps = Vec::new();
    let mut last: Option<Instant> = None;
    for (i, e) in rec.events.iter().enumerate().filter(|(_, e)| belongs(e)) {
        if steps.is_empty() && e.kind() == Kind::PaymentInitiated {
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
        let actor = if e.kind() == Kind::RemittanceReceived {
            Lane::Acquirer
        } else {
            Lane::of(e.from)
        };
        let zone = match actor {
            Lane::Cardholder | Lane::Merchant => merchant_zone.clone(),
            Lane::Acquirer => rec.scenario.acquirer.zone.clone(),
            _ => Zone::beijing(),
        };
        // A reason is told only where the story visibly waited.
        let why = last
            .filter(|t| e.at - *t >= Duration::from_hours(1))
            .and(e.why.as_deref())
            .and_then(|w| because(w, batch));
        steps.push(Step {
            at: e.at,
            event: Some(i),
            from: Lane::of(e.from),
            to: Lane::of(e.to),
            local: local(&zone, e.at),
            what: what(&e.body),
            why,
        });
        last = Some(e.at);
    }
    let title = format!(
        "{p}: {:.2} EUR at {}, paid by {} with {:.2} CNY at {} CNY/EUR",
        pay.eur.amount(),
        rec.names().name(pay.merchant),
        pay.cardholder,
        pay.cny.amount(),
        pay.rate
    );
    Ok(Story { title, steps })
}

/// `Wed 14 Feb 17:02 CET`.
pub fn local(zone: &Zone, t: Instant) -> String {
    zone.strftime(t, "%a %d %b %H:%M %Z")
}

/// What the message says, in the domain's words.
fn what(b: &Body) -> String {
    match b {
        Body::PaymentInitiated { amount, .. } => format!("order for {amount}"),
        Body::AuthorizationRequested { amount, rate, .. } => format!("authorise {amount} at {rate} CNY/EUR"),
        Body::PaymentAuthorized { amount, from_card, .. } if !from_card.is_zero() => {
            format!("approved: {from_card} pulled from the linked bank card, wallet debited {amount}")
        }
        Body::PaymentAuthorized { amount, .. } => format!("approved: wallet debited {amount}"),
        Body::PaymentDeclined { reason, .. } => format!("declined: {}", reason.code().replace('_', " ")),
        Body::PaymentCompleted { amount, .. } => format!("paid: the merchant's {amount} is fixed now"),
        Body::ReversalRequested { .. } => "gives up waiting: reverse the authorisation".into(),
        Body::PaymentReversed { amount, .. } => format!("reversed: {amount} back to the wallet"),
        Body::ClearingBatchClosed {
            batch, payments, net, ..
        } => {
            format!("clearing day closes: statement {batch} ({payments} payments, net {net})")
        }
        Body::FxConverted { sold, bought, rate, .. } => format!("buys {bought} for {sold} at {rate}"),
        Body::RemittanceHeld(hold) => format!("holds: {}", hold.reason()),
        Body::RemittanceRequested { remittance, amount, .. } => format!("remit {remittance}: {amount}"),
        Body::RemittanceExtended { remittance, amount, .. } => {
            format!("{remittance} waits; later days join it ({amount})")
        }
        Body::ApprovalRequested { remittance, .. } => format!("asks the regulator (SAFE) to approve {remittance}"),
        Body::ApprovalGranted { .. } => "the regulator approves".into(),
        Body::ApprovalRejected { .. } => "the regulator refuses: the batches go back to the pool".into(),
        Body::RemittanceSent {
            remittance,
            amount,
            value_date,
            ..
        } => format!("sends {amount} ({remittance}), value date {value_date}"),
        Body::RemittanceReceived { amount, .. } => format!("{amount} arrives on its value date"),
        Body::ReconciliationMatched { .. } => "matches the remittance against its statements".into(),
        Body::ReconciliationFailed {
            exception,
            expected,
            amount,
            ..
        } => format!("does not match: {} short, exception {exception}", *expected - *amount),
        Body::ExceptionResolved { exception, .. } => format!("exception {exception} resolved: the rest has arrived"),
        Body::PayoutSent {
            payout, amount, scheme, ..
        } => format!("pays {amount} by {} ({payout})", scheme.code()),
        Body::PayoutSettled { amount, .. } => format!("{amount} credited to the merchant's account"),
        Body::PayoutRejected { reason, .. } => {
            format!("rejects the payout (pacs.002 {}: {})", reason.code, reason.description)
        }
        Body::PayoutReturned { reason, .. } => {
            format!("returns the payout (pacs.004 {}: {})", reason.code, reason.description)
        }
        Body::SuspenseReleased { amount, .. } => format!("account fixed: {amount} leaves suspense"),
        Body::RefundRequested { amount, cny, .. } => format!("refunds {amount} ({cny} at the original rate)"),
        Body::RefundFailed { refund, .. } => format!("refund {refund} fails NOT_ENOUGH: today's CNY is short"),
        Body::RefundCompleted { refund, cny, .. } => format!("refund {refund} paid back: {cny}"),
        other => other.kind().name().replace('_', " "),
    }
}

/// The agent's recorded reason, in words, for the story of a payment in
/// clearing batch `batch`.
fn because(why: &Why, batch: Option<BatchId>) -> Option<String> {
    Some(match why {
        Why::ClearingCutoff { cutoff } => format!("waits for the Beijing clearing day to close ({cutoff} Beijing)"),
        Why::ConvertedNextDay { at } => {
            format!("converted the next day at {at} Beijing, weekends and holidays included")
        }
        Why::ConvertedAtRemittance => "kept as CNY until the remittance's one consolidated purchase".into(),
        Why::NegativeNetCarried { carried } => format!(
            "refunds exceeded takings: no EUR bought, {} carried against the next purchase",
            carried
        ),
        Why::RemitWindow {
            at,
            today,
            closed,
            held,
            minimum,
        } => {
            // The bank recorded its closed days since the oldest batch it
            // took; this payment's batch waited from the day after its own.
            let day = batch?.day();
            let mine: ClosedDays = closed.iter().copied().filter(|(d, _)| *d > day).collect();
            let held: Vec<String> = held
                .iter()
                .filter(|(d, _)| *d > day)
                .map(|(d, pool)| format!("{pool} on {}", day_month(*d)))
                .collect();
            let closed = closed_runs(&mine, "in China");
            match (closed, held.is_empty()) {
                (closed, false) => format!(
                    "held: the EUR pool was below the {minimum} minimum ({}){}; it goes out once it reaches it",
                    held.join(", "),
                    closed.map_or(String::new(), |c| format!("; {c}"))
                ),
                (Some(c), true) => format!("waits: {c}; the next working day is {}", day_month(*today)),
                (None, true) => format!("a day goes out at the first remittance window after it ({at} Beijing)"),
            }
        }
        Why::Approval { took } => format!("the regulator (SAFE) took {took} to approve"),
        Why::HeldPastCutoff { cutoff } => {
            format!("approved after the {cutoff} cut-off or on a closed day: sent at the next working day's window")
        }
        Why::Transit {
            range: (lo, hi),
            value_date,
            ..
        } => {
            let days = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo} to {hi}")
            };
            format!(
                "value date {}: {days} TARGET2 business day(s) after sending",
                day_month(*value_date)
            )
        }
        Why::TierSchedule {
            tier,
            schedule,
            payout_at,
            minimum,
        } => {
            let when = match schedule {
                PayoutSchedule::Daily => format!("daily at {payout_at}"),
                PayoutSchedule::Weekly(w) => format!("weekly on {w:?}s"),
                PayoutSchedule::Monthly(d) => format!("monthly on day {d}"),
            };
            let min = if minimum.is_zero() {
                String::new()
            } else {
                format!(", once the balance reaches {minimum}")
            };
            format!("the {tier} tier is paid {when}{min}, on TARGET2 business days for SCT")
        }
        Why::SctNextBusinessDay { closed } => {
            let base = "SCT is credited the next TARGET2 business day".to_string();
            match closed_runs(closed, "for TARGET2") {
                Some(c) => format!("{base}; {c}"),
                None => base,
            }
        }
        Why::SuspenseUntilFixed => {
            "held in suspense until the merchant fixed its account (the end of its fault window)".into()
        }
        Why::ShortfallArrived => "the shortfall came with the next remittance".into(),
        Why::RefundLater => "the merchant refunds later".into(),
        Why::RefundRetried { .. } => "retried until the day's CNY takings could pay it".into(),
    })
}

/// `15 to 21 February are closed (public holidays) in China`, or None when
/// no day was closed.
fn closed_runs(closed: &[(Date, DayKind)], whose: &str) -> Option<String> {
    if closed.is_empty() {
        return None;
    }
    let mut runs: Vec<(Date, Date, BTreeSet<DayKind>)> = Vec::new();
    for &(d, k) in closed {
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
