//! A payment's life, step by step: every message that moved it or its money,
//! on seven lanes (cardholder, merchant, issuer, switch, settlement bank,
//! regulator, acquirer), each with the sender's local time and its UTC
//! offset and, where it waited, why, in plain words ("waits: 15 to 21
//! February are closed (public holidays) in China; the next working day is
//! 22 February"). The reasons are the ones the agents recorded when they
//! decided, and the amounts the ones they booked (the MDR the acquirer took
//! is its own booking); this module only puts them into words. `explain`
//! prints a story; the explorer draws it.

mod summary;
mod words;

use std::collections::BTreeSet;

use crate::agents::acquirer::{Entry, PayoutOutcome};
use crate::domain::ids::PaymentId;
use crate::domain::zone::Zone;
use crate::engine::{Duration, Instant};
use crate::messages::{Body, Event, Kind, Party};

use super::Recording;

use words::{because, credit, what};
pub use words::{local, offset, percent, place};

/// The seven lanes of the sequence diagram, left to right: the shopper and
/// the shop in Europe, the Chinese side, then the European acquirer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    /// The consumer who scans (Europe, the merchant's time).
    Cardholder,
    /// The shop (its own time zone).
    Merchant,
    /// The wallet provider (Beijing).
    Issuer,
    /// The scheme (Beijing).
    Switch,
    /// The partner bank in China (Beijing).
    SettlementBank,
    /// China's foreign-exchange administration, SAFE (Beijing): it only ever
    /// talks to the settlement bank.
    Regulator,
    /// The European acquirer (its own time zone).
    Acquirer,
}

impl Lane {
    /// Every lane, left to right.
    pub const ALL: [Lane; 7] = [
        Lane::Cardholder,
        Lane::Merchant,
        Lane::Issuer,
        Lane::Switch,
        Lane::SettlementBank,
        Lane::Regulator,
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
            Lane::Regulator => "regulator (SAFE)",
            Lane::Acquirer => "acquirer",
        }
    }

    fn of(p: Party) -> Lane {
        match p {
            Party::Cardholder(_) => Lane::Cardholder,
            Party::Merchant(_) => Lane::Merchant,
            Party::Issuer => Lane::Issuer,
            Party::Switch => Lane::Switch,
            Party::SettlementBank => Lane::SettlementBank,
            Party::Regulator => Lane::Regulator,
            Party::Acquirer => Lane::Acquirer,
        }
    }
}

/// One message of the story.
#[derive(Clone, Debug)]
pub struct Step {
    /// When it happened (UTC ms).
    pub at: Instant,
    /// The event it shows (None for the scan and the acquirer's credit,
    /// which have no event of their own).
    pub event: Option<usize>,
    /// Who acts.
    pub from: Lane,
    /// Who it is addressed to (the same lane for a party's own step).
    pub to: Lane,
    /// The acting party's local time with its UTC offset,
    /// `Wed 14 Feb 17:02 UTC+1`.
    pub local: String,
    /// What it says or does, amounts with thousands separators.
    pub what: String,
    /// Why it waited since the step before, when it did, as the agent
    /// recorded it.
    pub why: Option<String>,
}

/// A payment's story: a title, a few lines that sum it up (how it ended,
/// what the merchant nets, whose local times the lanes show) and its steps
/// in time order.
#[derive(Clone, Debug)]
pub struct Story {
    /// `P00001506: 391.92 EUR at paris-boutiques/8, paid by C000917 with
    /// 3,066.54 CNY at 7.8244 CNY/EUR`, or how it was declined.
    pub title: String,
    /// Lines under the title, each a sentence.
    pub summary: Vec<String>,
    /// The messages, in time order.
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
        .find(|b| b.cleared_of(pay.merchant).iter().any(|c| c.payment == p))
        .map(|b| b.id());
    // No event that names a payment names a remittance: those are skipped
    // without being decoded.
    let remittances: BTreeSet<_> = batch.map_or_else(BTreeSet::new, |b| {
        (0..rec.events.len())
            .filter(|&i| rec.events.payment(i).is_none())
            .map(|i| rec.events.get(i))
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
    let zone_of = |lane: Lane| match lane {
        Lane::Cardholder | Lane::Merchant => merchant_zone.clone(),
        Lane::Acquirer => rec.scenario.acquirer.zone.clone(),
        _ => Zone::beijing(),
    };
    let mut steps = Vec::new();
    let mut last: Option<Instant> = None;
    // Another payment's events are skipped without being decoded.
    let others = |i: usize| rec.events.payment(i).is_some_and(|q| q != p);
    for (i, e) in (0..rec.events.len())
        .filter(|&i| !others(i))
        .map(|i| (i, rec.events.get(i)))
        .filter(|(_, e)| belongs(e))
    {
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
        let zone = zone_of(actor);
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
    // The acquirer's own booking of the statement line this payment is on:
    // what the merchant sold that day, the MDR taken and what it was
    // credited, shown where the acquirer credited it.
    let credited = batch.and_then(|b| {
        o.acquirer()
            .bookings()
            .iter()
            .find(|k| k.merchant == pay.merchant && matches!(k.entry, Entry::Credited { batch, .. } if batch == b))
    });
    if let Some(k) = credited {
        let at = steps.partition_point(|s: &Step| s.at <= k.at);
        steps.insert(
            at,
            Step {
                at: k.at,
                event: None,
                from: Lane::Acquirer,
                to: Lane::Acquirer,
                local: local(&zone_of(Lane::Acquirer), k.at),
                what: credit(k, &rec.names().name(pay.merchant)),
                why: None,
            },
        );
    }
    let (title, mut summary) = summary::outcome(rec, p, pay, credited);
    summary.push(summary::times(&steps, &merchant_zone, &rec.scenario.acquirer.zone));
    Ok(Story { title, summary, steps })
}

/// Event `i` told as a story step is, for a trainee's feedback: the actor's
/// local time with its offset, who acts, what the message says and, when
/// the agent recorded one, why it happened then (`Thu 22 Feb 10:00 UTC+8,
/// settlement bank: remit R0002: 40,000.00 EUR. Why: waits: 15 to 21
/// February are closed (public holidays) in China; ...`). `batch` narrows a
/// remittance window's closed days to those that batch waited through.
pub fn told(rec: &Recording, i: usize, batch: Option<crate::domain::ids::BatchId>) -> String {
    let e = &rec.events.get(i);
    let actor = if e.kind() == Kind::RemittanceReceived {
        Lane::Acquirer
    } else {
        Lane::of(e.from)
    };
    let zone = match actor {
        Lane::Cardholder | Lane::Merchant => e
            .body
            .merchant()
            .map_or_else(|| rec.scenario.acquirer.zone.clone(), |m| rec.names().zone(m).clone()),
        Lane::Acquirer => rec.scenario.acquirer.zone.clone(),
        _ => Zone::beijing(),
    };
    // Rejects and returns are the merchant's bank's, not the merchant's:
    // the words name the bank, so the lane's name is not put before them.
    let said = what(&e.body);
    let mut s = if said.starts_with("the merchant's bank") {
        format!("{}, {said}", local(&zone, e.at))
    } else {
        format!("{}, {}: {said}", local(&zone, e.at), actor.name())
    };
    // A message between Beijing and a shop gives the shop's time too: the
    // clearing day is Beijing's, the shop's evening its own.
    let shop = matches!(e.from, Party::Merchant(_)) || matches!(e.to, Party::Merchant(_));
    if let (true, Lane::Issuer | Lane::Switch, Some(m)) = (shop, actor, e.body.merchant()) {
        let theirs = local(rec.names().zone(m), e.at);
        s = format!(
            "{} ({theirs} at the merchant), {}: {}",
            local(&zone, e.at),
            actor.name(),
            what(&e.body)
        );
    }
    let batch = batch.or_else(|| e.body.first_batch());
    if let Some(why) = e.why.as_deref().and_then(|w| because(w, batch)) {
        s.push_str(". Why: ");
        s.push_str(&why);
    }
    // A window on a weekend day is there because China moved a working day
    // onto it: the bank's own calendar says so.
    if let Some(crate::messages::Why::RemitWindow { today, .. }) = e.why.as_deref() {
        let calendar = &rec.scenario.settlement_bank.calendar;
        if calendar.day_kind(*today).ok() == Some(crate::domain::calendar::DayKind::AdjustedWorkingDay) {
            s.push_str(&format!(
                "; {} is an adjusted working day in China",
                today.strftime("%A %-d %B")
            ));
        }
    }
    s
}
