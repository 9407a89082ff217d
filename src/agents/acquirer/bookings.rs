//! The merchants' statements of account: every change the acquirer made to a
//! merchant's balance or suspense, booked at the moment it made it, with what
//! it was (a statement line credited less the MDR, a payout, a payout back
//! in suspense, suspense released, a direct debit collected or returned).
//! The explorer's merchant view and `explain` read these bookings; they never
//! recompute a balance or an MDR themselves.

use rust_decimal::Decimal;

use crate::domain::ids::{BatchId, DirectDebitId, MerchantId, PayoutId};
use crate::domain::money::{Currency, Money};
use crate::domain::reason::Reason;
use crate::engine::Instant;

/// What a booking on a merchant's account was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A statement line credited at reconciliation: the merchant's sales of
    /// the clearing day less its refunds, less the merchant discount rate.
    Credited {
        /// The statement (clearing batch) the line belongs to.
        batch: BatchId,
        /// EUR of the day's completed payments (the line's gross).
        sold: Money,
        /// EUR of refunds netted against the line.
        refunds: Money,
        /// The MDR the acquirer took, EUR: [`mdr_on`] of sold less refunds.
        mdr: Money,
        /// The tier's MDR rate applied (`0.018` for 1.8%).
        mdr_rate: Decimal,
    },
    /// The whole balance paid out by credit transfer.
    PaidOut {
        /// The payout sent.
        payout: PayoutId,
    },
    /// A payout rejected (pacs.002) or returned (pacs.004): its money is
    /// in suspense with the reason.
    Bounced {
        /// The payout that came back.
        payout: PayoutId,
        /// The ISO 20022 reason code the merchant's bank gave.
        reason: Reason,
        /// True for a return after settlement, false for a reject before it.
        returned: bool,
    },
    /// The merchant fixed its account: suspense held for `reason` goes back
    /// to its balance to be paid again.
    Released {
        /// The reason the money was held for.
        reason: Reason,
    },
    /// A direct debit collected what the merchant owed.
    Collected {
        /// The direct debit.
        direct_debit: DirectDebitId,
    },
    /// The merchant's bank returned a direct debit: the debt is back.
    DebitReturned {
        /// The direct debit returned.
        direct_debit: DirectDebitId,
        /// The ISO 20022 reason code of the return.
        reason: Reason,
    },
}

/// One booking on a merchant's account at the acquirer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Booking {
    /// The merchant whose account it is.
    pub merchant: MerchantId,
    /// When the acquirer booked it (simulated instant, UTC ms).
    pub at: Instant,
    /// What it was.
    pub entry: Entry,
    /// The change to the merchant's balance awaiting payout, EUR (negative
    /// when money left it).
    pub balance: Money,
    /// The change to the merchant's money in suspense, EUR.
    pub suspense: Money,
}

/// The merchant discount rate on `kept` (a statement line's sales less its
/// refunds, EUR) at `rate`, rounded to the cent half away from zero: the one
/// place the acquirer's MDR rule is written.
pub fn mdr_on(kept: Money, rate: Decimal) -> Money {
    kept.times(rate)
}

impl Booking {
    /// A booking that moves only the balance.
    pub(super) fn balance(merchant: MerchantId, at: Instant, entry: Entry, change: Money) -> Booking {
        Booking {
            merchant,
            at,
            entry,
            balance: change,
            suspense: Money::zero(Currency::EUR),
        }
    }
}
