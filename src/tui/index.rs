//! What the explorer computes once per recorded run, so each frame only looks
//! things up: the days' marks for the calendar strip, where the payments and
//! declines are in the event log (for the running totals), each merchant's
//! completed sales in log order (when the merchants' screen first asks), and
//! the EUR places sampled over the run (for the chart of where the money
//! is). Every figure is read from the recording: events the agents emitted,
//! postings they made.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::MerchantId;
use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::messages::{Body, Kind};
use crate::replay::Recording;
use crate::scenario::model::add_days;

/// Points the chart of where the money is samples over a run.
const SAMPLES: i64 = 600;

/// A recorded run's lookups.
#[derive(Clone)]
pub struct Index {
    /// The calendar strip's days, remittances, credits and conversions.
    pub marks: Marks,
    /// Event positions of each `payment_initiated`, in log order (as `u32`:
    /// the recording limit keeps a run's events far below four billion).
    pub initiated: Vec<u32>,
    /// Event positions of each `payment_declined`, in log order.
    pub declined: Vec<u32>,
    /// Per merchant (by index): `(event position, EUR sold so far)` at each
    /// of its `payment_completed` events; made when the merchants' screen
    /// first asks (a million payments make 20 MB of it).
    sales: std::cell::OnceCell<Vec<Vec<(u32, Decimal)>>>,
    /// The EUR places over time, for the chart.
    pub flows: Flows,
}

/// The EUR places of the corridor sampled at even instants over the run,
/// from the ledger's postings.
#[derive(Clone)]
pub struct Flows {
    /// The sample instants, first to last instant of the run.
    pub at: Vec<Instant>,
    /// EUR at the settlement bank, converted and not yet remitted.
    pub pool: Vec<Decimal>,
    /// EUR remitted, before its value date.
    pub transit: Vec<Decimal>,
    /// EUR at the acquirer: unreconciled, merchants' balances, suspense and
    /// payouts sent but not yet credited.
    pub acquirer: Vec<Decimal>,
    /// EUR credited to merchants' bank accounts.
    pub paid: Vec<Decimal>,
}

impl Index {
    /// Indexes `rec` (one pass over its events, one over its journal).
    pub fn new(rec: &Recording) -> Index {
        let (mut initiated, mut declined) = (Vec::new(), Vec::new());
        // Kinds are read without decoding the events.
        for i in 0..rec.events.len() {
            match rec.events.kind(i) {
                Kind::PaymentInitiated => initiated.push(i as u32),
                Kind::PaymentDeclined => declined.push(i as u32),
                _ => {}
            }
        }
        initiated.shrink_to_fit();
        declined.shrink_to_fit();
        Index {
            marks: Marks::new(rec),
            initiated,
            declined,
            sales: std::cell::OnceCell::new(),
            flows: Flows::new(rec),
        }
    }

    /// Payments initiated and declined among the first `upto` events.
    pub fn payments(&self, upto: usize) -> (usize, usize) {
        (
            self.initiated.partition_point(|&i| (i as usize) < upto),
            self.declined.partition_point(|&i| (i as usize) < upto),
        )
    }

    /// Merchant `m`'s completed payments and their EUR among the first
    /// `upto` events of `rec`, the recording this index was made of.
    pub fn sold(&self, rec: &Recording, m: MerchantId, upto: usize) -> (usize, Decimal) {
        let list = &self.sales.get_or_init(|| sales(rec))[m.index()];
        let n = list.partition_point(|(i, _)| (*i as usize) < upto);
        (n, n.checked_sub(1).map_or(Decimal::ZERO, |k| list[k].1))
    }
}

/// Per merchant, `(event position, EUR sold so far)` at each of its
/// `payment_completed` events.
fn sales(rec: &Recording) -> Vec<Vec<(u32, Decimal)>> {
    let mut sales: Vec<Vec<(u32, Decimal)>> = vec![Vec::new(); rec.names().len()];
    for i in 0..rec.events.len() {
        if rec.events.kind(i) != Kind::PaymentCompleted {
            continue;
        }
        if let Body::PaymentCompleted { merchant, amount, .. } = rec.events.get(i).body {
            let list = &mut sales[merchant.index()];
            let before = list.last().map_or(Decimal::ZERO, |(_, s)| *s);
            list.push((i as u32, before + amount.amount()));
        }
    }
    sales.iter_mut().for_each(Vec::shrink_to_fit);
    sales
}

impl Flows {
    fn new(rec: &Recording) -> Flows {
        let (start, end) = rec.span();
        let step = ((end.0 - start.0) / SAMPLES).max(60_000);
        let at: Vec<Instant> = (0..)
            .map(|k| Instant(start.0 + k * step))
            .take_while(|t| *t < end)
            .chain([end])
            .collect();
        let a = &rec.outcome.accounts;
        let mut f = Flows {
            at: Vec::new(),
            pool: Vec::new(),
            transit: Vec::new(),
            acquirer: Vec::new(),
            paid: Vec::new(),
        };
        for (t, b) in at.iter().zip(rec.sample(&at)) {
            f.at.push(*t);
            f.pool.push(b[a.eur_pool.index()]);
            f.transit.push(b[a.in_transit.index()]);
            f.acquirer.push(
                b[a.unreconciled.index()]
                    + b[a.merchant_balances.index()]
                    + b[a.suspense.index()]
                    + b[a.payouts_in_flight.index()],
            );
            f.paid.push(b[a.paid_to_merchants.index()]);
        }
        f
    }
}

/// What each day of the run holds, computed once per recording.
#[derive(Clone)]
pub struct Marks {
    /// Every Beijing date of the run, first to last.
    pub days: Vec<Date>,
    /// Beijing dates a remittance left.
    pub remitted: BTreeSet<Date>,
    /// Acquirer dates a payout was credited to a merchant.
    pub credited: BTreeSet<Date>,
    /// (instant, rate) of each conversion, for the chart.
    pub conversions: Vec<(crate::engine::Instant, rust_decimal::Decimal)>,
}

impl Marks {
    /// The marks of `rec`'s days.
    pub fn new(rec: &Recording) -> Marks {
        let bj = Zone::beijing();
        let acq = &rec.scenario.acquirer.zone;
        let (start, end) = rec.span();
        let mut days = Vec::new();
        let mut d = bj.date(start);
        while d <= bj.date(end) {
            days.push(d);
            d = add_days(d, 1);
        }
        let (mut remitted, mut credited, mut conversions) = (BTreeSet::new(), BTreeSet::new(), Vec::new());
        for i in 0..rec.events.len() {
            match rec.events.kind(i) {
                Kind::RemittanceSent => {
                    remitted.insert(bj.date(rec.events.at(i)));
                }
                Kind::PayoutSettled => {
                    credited.insert(acq.date(rec.events.at(i)));
                }
                Kind::FxConverted => {
                    let e = rec.events.get(i);
                    let rate = match &e.body {
                        Body::FxConverted { rate, .. } => Some(*rate),
                        _ => None,
                    };
                    conversions.extend(rate.map(|r| (e.at, r)));
                }
                _ => {}
            }
        }
        Marks {
            days,
            remitted,
            credited,
            conversions,
        }
    }
}
