//! Reconciliation: each remittance is matched against the statements
//! (clearing batches) it covers, plus any earlier shortfall it makes good.
//! Batches are explained oldest first, each only once its full amount is
//! there; money that explains no whole batch waits, unreconciled, in an
//! exception until the rest arrives. Nothing is paid from money that cannot
//! be explained.

use rust_decimal::Decimal;

use super::{Acquirer, Booking, Entry, mdr_on};
use crate::domain::Date;
use crate::domain::ids::{ExceptionId, RemittanceId};
use crate::domain::money::{Currency, Money};
use crate::engine::Instant;
use crate::messages::mail::RemittanceAdvice;
use crate::messages::{Body, Party, Why};

use super::super::ctx::Ctx;

/// A reconciliation exception: a remittance that did not match its
/// statements (`E0001`).
#[derive(Clone, Debug)]
pub struct Exception {
    /// The remittance that did not match (`R0001`).
    pub remittance: RemittanceId,
    /// What it should have delivered, in EUR: its statements' net plus any
    /// earlier shortfall it carried.
    pub expected: Money,
    /// What arrived, in EUR: less than `expected` (a `remittance_short`
    /// fault).
    pub received: Money,
    /// When the remittance was credited: the acquirer's value time on its
    /// value date (UTC instant).
    pub opened_at: Instant,
    /// When a later remittance made good the shortfall and every batch
    /// received was explained; None while open.
    pub resolved_at: Option<Instant>,
    /// That later remittance.
    pub resolved_by: Option<RemittanceId>,
}

impl Acquirer {
    /// A remittance is credited to the acquirer's account on its value date:
    /// its EUR moves from transit to unreconciled, its statements join the
    /// batches to explain, and every whole batch the money now covers is
    /// credited to merchants, oldest first. Less than expected opens an
    /// exception; all exceptions close once nothing is left unexplained.
    /// A credit on any day but an open value date of the acquirer's calendar
    /// is a broken invariant.
    pub(super) fn arrives(&mut self, advice: RemittanceAdvice, cx: &mut Ctx) {
        let RemittanceAdvice {
            remittance: id,
            statements,
            expected,
            received,
            value_date,
            transit,
        } = advice;
        self.remittances.insert(id);
        let acq = &cx.sc.acquirer;
        let today = acq.zone.date(cx.now);
        if today != value_date || !acq.calendar.is_open(today).unwrap_or(false) {
            cx.violate(format!(
                "calendars: remittance {id} credited on {today}, not an open value date"
            ));
        }
        cx.tally.day(today).arrived += received.amount();
        cx.emit_because(
            Party::SettlementBank,
            Party::Acquirer,
            Body::RemittanceReceived {
                remittance: id,
                amount: received,
                value_date: today,
            },
            || transit,
        );
        cx.transfer(cx.acc.in_transit, cx.acc.unreconciled, received);
        let batches: Vec<_> = statements.iter().map(|s| s.id()).collect();
        for statement in statements {
            self.unexplained.push_back(statement.day);
            self.received.insert(statement.day, statement);
        }
        let credited = self.explain(cx);
        if expected == received {
            cx.emit(
                Party::Acquirer,
                Party::Acquirer,
                Body::ReconciliationMatched {
                    remittance: id,
                    batches,
                    amount: received,
                    credited,
                },
            );
        } else {
            let e = ExceptionId::from_index(self.exceptions.len() as u32);
            self.exceptions.push(Exception {
                remittance: id,
                expected,
                received,
                opened_at: cx.now,
                resolved_at: None,
                resolved_by: None,
            });
            self.open_exceptions.push(e);
            cx.emit(
                Party::Acquirer,
                Party::Acquirer,
                Body::ReconciliationFailed {
                    remittance: id,
                    exception: e,
                    expected,
                    amount: received,
                    credited,
                },
            );
        }
        if self.unexplained.is_empty() {
            for e in std::mem::take(&mut self.open_exceptions) {
                let x = &mut self.exceptions[e.index()];
                x.resolved_at = Some(cx.now);
                x.resolved_by = Some(id);
                let shortfall = x.expected - x.received;
                cx.emit_because(
                    Party::Acquirer,
                    Party::Acquirer,
                    Body::ExceptionResolved {
                        exception: e,
                        remittance: id,
                        amount: shortfall,
                    },
                    || Why::ShortfallArrived,
                );
            }
        }
    }

    /// Credits, oldest first, every unexplained batch whose whole amount is
    /// in the unreconciled money. Returns what was credited.
    fn explain(&mut self, cx: &mut Ctx) -> Money {
        let mut cash = cx.ledger.balance(cx.acc.unreconciled);
        let mut credited = Money::zero(Currency::EUR);
        while let Some(&day) = self.unexplained.front() {
            let net = self.received[&day].net;
            if net > cash {
                break;
            }
            self.unexplained.pop_front();
            cash -= net;
            credited += self.credit_batch(day, cx);
        }
        credited
    }

    /// The statement lines of one batch go to the merchants' balances, less
    /// each merchant's MDR (rounded half away from zero); the acquirer keeps
    /// the MDR less the scheme fee.
    fn credit_batch(&mut self, day: Date, cx: &mut Ctx) -> Money {
        let today = cx.sc.acquirer.zone.date(cx.now);
        let statement = std::sync::Arc::clone(&self.received[&day]);
        let (mut credited, mut margin) = (Money::zero(Currency::EUR), Money::zero(Currency::EUR));
        for (&merchant, line) in statement.lines.iter() {
            let tier = &cx.sc.tiers[cx.merchants.tier(merchant)];
            let kept = line.gross - line.refunds;
            let mdr = mdr_on(kept, tier.mdr);
            let credit = kept - mdr;
            credited += credit;
            margin += mdr - line.fee;
            let entry = Entry::Credited {
                batch: statement.id(),
                sold: line.gross,
                refunds: line.refunds,
                mdr,
                mdr_rate: tier.mdr,
            };
            let cleared = statement.cleared_of(merchant);
            self.book_line(Booking::balance(merchant, cx.now, entry, credit), &cleared);
            let account = &mut self.accounts[merchant.index()];
            let credit = credit.amount();
            if account.balance <= Decimal::ZERO && account.balance + credit > Decimal::ZERO {
                account.waiting_since = Some(today);
            }
            account.balance += credit;
            account.payments.extend(&cleared);
            self.attention.insert(merchant);
        }
        // Each payment now waits in its merchant's account for a payout.
        self.received
            .insert(day, super::super::retained(&statement, self.retention));
        let a = cx.acc;
        cx.post(&[
            (a.unreconciled, -statement.net),
            (a.merchant_balances, credited),
            (a.acquirer_margin, margin),
        ]);
        credited
    }
}
