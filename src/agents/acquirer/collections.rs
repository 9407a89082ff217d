//! Collections: a merchant whose balance went negative (refunds exceeded its
//! takings) is collected by SEPA direct debit (pacs.003), credited the next
//! TARGET2 business day. Its bank may return the debit up to five business
//! days later (an SDD return: AM04, MD01, AC04, ... the EPC173-14 list of
//! `RTransaction::SddReturn`); the debt then stays on the books, visible,
//! and is collected again once the merchant's fault window is over (or
//! netted against its next statements).

use super::{Acquirer, Booking, Entry, on_value_date};
use crate::domain::Date;
use crate::domain::ids::{DirectDebitId, MerchantId};
use crate::domain::money::Money;
use crate::domain::reason::Reason;
use crate::domain::rules::SDD_CORE_PRESENTATION_DAYS;
use crate::engine::{Instant, Stream};
use crate::messages::mail::AcquirerMsg;
use crate::messages::{Body, Party};

use super::super::ctx::Ctx;

/// Where a direct debit stands. Only the acquirer changes it: as the
/// pacs.003 settles and, under a `direct_debit_return` fault, comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectDebitState {
    /// Sent (pacs.003) at the acquirer's payout window; not yet collected.
    Sent,
    /// Collected: credited at the acquirer's value time on the next business
    /// day of its calendar (TARGET2 by default); the merchant's debt is gone.
    Settled,
    /// Returned by the merchant's bank 1 to 5 acquirer business days after
    /// settling, with the ISO reason of the `direct_debit_return` fault
    /// (an SDD return code, EPC173-14); the debt is back on the merchant's
    /// balance until the fault window ends.
    Returned(Reason),
}

/// A SEPA direct debit (pacs.003) collecting a merchant's negative balance
/// (`DD000001`).
#[derive(Clone, Debug)]
pub struct DirectDebit {
    /// The merchant debited (`GROUP/N`).
    pub merchant: MerchantId,
    /// What it collects, in EUR, positive: the merchant's whole negative
    /// balance when it was sent.
    pub amount: Money,
    /// Where it stands; changed only by the acquirer.
    pub state: DirectDebitState,
    /// When the acquirer sent it (its `payout_at` window, UTC instant); the
    /// `direct_debit_return` fault is matched on this instant's acquirer-local
    /// date.
    pub sent_at: Instant,
}

impl Acquirer {
    /// Sends a direct debit for what the merchant owes, on a TARGET2 day.
    pub(super) fn collect(&mut self, merchant: MerchantId, today: Date, open: bool, cx: &mut Ctx) {
        let a = &mut self.accounts[merchant.index()];
        if !open || a.collecting.is_some() || a.debit_blocked_until.is_some_and(|d| d >= today) {
            return;
        }
        let amount = Money::eur(-a.balance);
        let id = DirectDebitId::from_index(self.direct_debits.len() as u32);
        a.collecting = Some(id);
        self.direct_debits.push(DirectDebit {
            merchant,
            amount,
            state: DirectDebitState::Sent,
            sent_at: cx.now,
        });
        cx.emit(
            Party::Acquirer,
            Party::Merchant(merchant),
            Body::DirectDebitSent {
                direct_debit: id,
                merchant,
                amount,
            },
        );
        // Presented the SDD Core lead time ahead of its due date (one
        // TARGET2 day since 20 November 2016: the dated table).
        let day = match SDD_CORE_PRESENTATION_DAYS.on(today) {
            Ok(days) => cx.sc.acquirer.calendar.add_business_days(today, *days),
            Err(e) => return cx.violate(e.to_string()),
        };
        on_value_date(cx, day, AcquirerMsg::DirectDebitSettles(id));
    }

    /// The direct debit is collected: the merchant's balance goes back up by
    /// its amount. Under a `direct_debit_return` fault for the sending date,
    /// the return is scheduled 1 to 5 acquirer business days later (SDD
    /// rulebook: up to five), drawn from the merchant's `direct_debit`
    /// stream; otherwise the merchant may be collected again.
    pub(super) fn debit_settles(&mut self, id: DirectDebitId, cx: &mut Ctx) {
        let d = &mut self.direct_debits[id.index()];
        d.state = DirectDebitState::Settled;
        let (merchant, amount, sent) = (d.merchant, d.amount, d.sent_at);
        self.accounts[merchant.index()].balance += amount.amount();
        let entry = Entry::Collected { direct_debit: id };
        self.book(Booking::balance(merchant, cx.now, entry, amount));
        cx.transfer(cx.acc.collected_from_merchants, cx.acc.merchant_balances, amount);
        cx.emit(
            Party::Merchant(merchant),
            Party::Acquirer,
            Body::DirectDebitSettled {
                direct_debit: id,
                merchant,
                amount,
            },
        );
        let acq = &cx.sc.acquirer;
        let sent_on = acq.zone.date(sent);
        if cx.sc.faults.direct_debit_return(merchant, sent_on).is_none() {
            self.accounts[merchant.index()].collecting = None;
            return;
        }
        // The merchant's bank returns it within five business days.
        let mut s = Stream::lane(
            self.seed,
            Stream::stream_id(&cx.merchants.name(merchant), "direct_debit"),
            id.index() as u32,
        );
        let days = s.between(1, 5) as u32;
        let day = acq.calendar.add_business_days(acq.zone.date(cx.now), days);
        on_value_date(cx, day, AcquirerMsg::DirectDebitReturned(id));
    }

    /// The merchant's bank returns the direct debit: the debt goes back on
    /// the merchant's balance and collection waits until the fault window
    /// ends (netting against new statements goes on). A return without a
    /// matching fault is a broken invariant.
    pub(super) fn debit_returned(&mut self, id: DirectDebitId, cx: &mut Ctx) {
        let d = &self.direct_debits[id.index()];
        let (merchant, amount) = (d.merchant, d.amount);
        let sent_on = cx.sc.acquirer.zone.date(d.sent_at);
        let Some(reason) = cx.sc.faults.direct_debit_return(merchant, sent_on) else {
            return cx.violate(format!("direct debit {id} returned without a fault"));
        };
        self.direct_debits[id.index()].state = DirectDebitState::Returned(reason);
        let until = cx.sc.faults.direct_debit_fault_end(merchant, sent_on);
        let a = &mut self.accounts[merchant.index()];
        a.balance -= amount.amount();
        a.collecting = None;
        a.debit_blocked_until = until;
        self.attention.insert(merchant);
        let entry = Entry::DebitReturned {
            direct_debit: id,
            reason,
        };
        self.book(Booking::balance(merchant, cx.now, entry, -amount));
        cx.transfer(cx.acc.merchant_balances, cx.acc.collected_from_merchants, amount);
        cx.emit(
            Party::Merchant(merchant),
            Party::Acquirer,
            Body::DirectDebitReturned {
                direct_debit: id,
                merchant,
                amount,
                reason,
            },
        );
    }
}
