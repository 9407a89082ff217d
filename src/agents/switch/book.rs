//! The switch's payment records and their running totals.
//!
//! A run that only reports (`corridor run`, `test`, `sweep`, `bench`) needs
//! a payment's record while the payment is in flight and while a refund of
//! it may still come: the report reads the running totals instead. A run
//! that is replayed or exported (explain, explore, `--export`) keeps every
//! record. Both give the same totals, the same events and the same report.

use std::collections::{BTreeMap, VecDeque};

use rust_decimal::Decimal;

use super::{Payment, PaymentState};
use crate::agents::Retention;
use crate::domain::ids::PaymentId;
use crate::domain::money::{Currency, Money};

/// What the report and the end-of-run checks read of every payment,
/// kept as the payments become final (completed or declined).
#[derive(Clone, Debug)]
pub struct PaymentTotals {
    /// Payments whose order reached the switch.
    pub reached: u64,
    /// Of those, the ones still waiting for the issuer.
    pub authorizing: u64,
    /// EUR of completed payments (the merchants' prices).
    pub completed_eur: Money,
    /// CNY of completed payments (what consumers paid).
    pub completed_cny: Money,
    /// The lowest and highest consumer rate (CNY per EUR) of a completed
    /// payment; none before the first.
    pub rates: Option<(Decimal, Decimal)>,
    /// The first payment (in the order they completed) that completed for
    /// no CNY at all, which must never happen: the end-of-run checks name it.
    pub completed_without_cny: Option<(PaymentId, Money)>,
}

impl Default for PaymentTotals {
    fn default() -> PaymentTotals {
        PaymentTotals {
            reached: 0,
            authorizing: 0,
            completed_eur: Money::zero(Currency::EUR),
            completed_cny: Money::zero(Currency::CNY),
            rates: None,
            completed_without_cny: None,
        }
    }
}

/// A place in the window of records, by payment id.
#[derive(Clone, Debug)]
enum Slot {
    /// The order is still on the network (orders can overtake each other).
    Awaited,
    Kept(Payment),
    /// Final and let go.
    Released,
}

/// Payment records by id: a window from the oldest payment not yet let go,
/// plus the completed payments let go from the window that wait for a
/// refund.
#[derive(Debug, Default)]
pub(super) struct Book {
    retention: Retention,
    /// The index of the payment id in `window[0]`.
    first: usize,
    window: VecDeque<Slot>,
    /// Records moved out of the window that refunds will still change, each
    /// with the refunds planned and not yet paid.
    refundable: BTreeMap<PaymentId, (Payment, u8)>,
    totals: PaymentTotals,
}

impl Book {
    pub(super) fn new(retention: Retention) -> Book {
        Book {
            retention,
            ..Book::default()
        }
    }

    pub(super) fn retention(&self) -> Retention {
        self.retention
    }

    pub(super) fn totals(&self) -> &PaymentTotals {
        &self.totals
    }

    /// Records the payment whose order just reached the switch, waiting for
    /// the issuer.
    pub(super) fn insert(&mut self, id: PaymentId, p: Payment) {
        let i = id.index() - self.first;
        if self.window.len() <= i {
            self.window.resize(i + 1, Slot::Awaited);
        }
        self.window[i] = Slot::Kept(p);
        self.totals.reached += 1;
        self.totals.authorizing += 1;
    }

    /// The record of `id`, if the switch has it (its order came and it was
    /// not let go).
    pub(super) fn get(&self, id: PaymentId) -> Option<&Payment> {
        match id.index().checked_sub(self.first).and_then(|i| self.window.get(i)) {
            Some(Slot::Kept(p)) => Some(p),
            _ => self.refundable.get(&id).map(|(p, _)| p),
        }
    }

    pub(super) fn get_mut(&mut self, id: PaymentId) -> Option<&mut Payment> {
        match id.index().checked_sub(self.first).and_then(|i| self.window.get_mut(i)) {
            Some(Slot::Kept(p)) => Some(p),
            _ => self.refundable.get_mut(&id).map(|(p, _)| p),
        }
    }

    /// Every record kept, in id order: all of them under
    /// [`Retention::All`].
    pub(super) fn iter(&self) -> impl Iterator<Item = (PaymentId, &Payment)> {
        let window = self.window.iter().enumerate().filter_map(|(i, s)| match s {
            Slot::Kept(p) => Some((PaymentId::from_index((self.first + i) as u32), p)),
            _ => None,
        });
        // Refundable records all come from before the window's start.
        self.refundable.iter().map(|(id, (p, _))| (*id, p)).chain(window)
    }

    /// The payment `id` became final (its state says how), with
    /// `refunds_planned` refunds of it still to come: counted in the totals,
    /// and let go unless the run keeps every record.
    pub(super) fn finish(&mut self, id: PaymentId, refunds_planned: u8) {
        // A payment becomes final once, while its record is in the window.
        let i = id.index() - self.first;
        let Some(Slot::Kept(p)) = self.window.get(i) else {
            unreachable!("a payment becomes final once, in the window")
        };
        let t = &mut self.totals;
        t.authorizing -= 1;
        if p.state == PaymentState::Completed {
            t.completed_eur += p.eur;
            t.completed_cny += p.cny;
            t.rates = Some(
                t.rates
                    .map_or((p.rate, p.rate), |(lo, hi)| (lo.min(p.rate), hi.max(p.rate))),
            );
            if !p.cny.is_positive() && t.completed_without_cny.is_none() {
                t.completed_without_cny = Some((id, p.cny));
            }
        }
        if self.retention.keeps(id) {
            return;
        }
        let Slot::Kept(p) = std::mem::replace(&mut self.window[i], Slot::Released) else {
            unreachable!("a final payment is in the window")
        };
        if refunds_planned > 0 {
            self.refundable.insert(id, (p, refunds_planned));
        }
        while let Some(Slot::Released) = self.window.front() {
            self.window.pop_front();
            self.first += 1;
        }
    }

    /// One refund of `id` was paid: once its last planned refund is, its
    /// record is let go.
    pub(super) fn refund_paid(&mut self, id: PaymentId) {
        if let Some((_, left)) = self.refundable.get_mut(&id) {
            *left -= 1;
            if *left == 0 {
                self.refundable.remove(&id);
            }
        }
    }
}
