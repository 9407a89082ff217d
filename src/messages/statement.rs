//! A clearing batch's statement: what the switch owes each merchant's
//! acquirer for one Beijing clearing day. The switch makes it when the day
//! closes; it never changes after that, so the settlement bank (which
//! converts and remits it) and the acquirer (which reconciles and credits
//! it) are handed the same shared copy.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::domain::Date;
use crate::domain::ids::{BatchId, MerchantId, PaymentId};
use crate::domain::money::{Currency, Money};
use crate::engine::Instant;

/// A completed payment on a statement line, with the instant its cardholder
/// scanned (the start of its time to merchant credit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cleared {
    /// The completed payment, `P00000001`.
    pub payment: PaymentId,
    /// When its cardholder scanned (simulated instant, UTC ms).
    pub initiated: Instant,
}

/// One merchant's line of a statement: the totals of its payments and
/// refunds of the day (the payments themselves are in the statement's
/// `cleared`). Amounts are EUR except `cny`.
#[derive(Clone, Debug)]
pub struct Line {
    /// EUR of the completed payments, at their transaction-time rates.
    pub gross: Money,
    /// Refunds netted against this statement (EUR, at the original rates).
    pub refunds: Money,
    /// How many refunds were paid from the day's takings.
    pub refund_count: u32,
    /// CNY collected less CNY refunded.
    pub cny: Money,
    /// The scheme fee on what the merchant keeps (EUR), rounded half away
    /// from zero.
    pub fee: Money,
}

impl Default for Line {
    /// An empty line: no payments, zero EUR and zero CNY.
    fn default() -> Line {
        let eur = Money::zero(Currency::EUR);
        Line {
            gross: eur,
            refunds: eur,
            refund_count: 0,
            cny: Money::zero(Currency::CNY),
            fee: eur,
        }
    }
}

impl Line {
    /// What the statement owes the merchant's acquirer (EUR): gross less
    /// refunds less the scheme fee.
    pub fn net(&self) -> Money {
        self.gross - self.refunds - self.fee
    }
}

/// The statement of clearing day `day` (batch `B20180214`). Totals are the
/// sums of the lines; `net` is EUR the acquirer is owed, `cny` the CNY the
/// switch collected for it.
#[derive(Clone, Debug)]
pub struct Statement {
    /// The Beijing clearing day (00:00 to 24:00 UTC+8 with the default
    /// cut-off); it names the batch.
    pub day: Date,
    /// One line per merchant with a payment or refund that day, in
    /// merchant-id order (none in a copy with its totals only).
    pub lines: Arc<BTreeMap<MerchantId, Line>>,
    /// Each merchant's payments completed on the clearing day, in order of
    /// completion (merchants with a line but no payment have no entry).
    /// Empty in a copy with its totals only.
    pub cleared: BTreeMap<MerchantId, Vec<Cleared>>,
    /// Completed payments over all lines (`payments` of
    /// `clearing_batch_closed`).
    pub payments: u32,
    /// EUR of the completed payments, at their transaction-time rates.
    pub gross: Money,
    /// EUR of the refunds netted, at the original rates.
    pub refunds: Money,
    /// EUR scheme fee, the sum of the lines' fees.
    pub fees: Money,
    /// EUR the acquirer is owed: gross less refunds less fees. The
    /// settlement bank buys exactly this and remits it.
    pub net: Money,
    /// CNY the switch collected less CNY refunded; what is left after
    /// buying `net` is the switch's result (scheme fee and FX).
    pub cny: Money,
}

impl Statement {
    /// The batch id of the statement.
    pub fn id(&self) -> BatchId {
        BatchId(self.day)
    }

    /// The statement's totals alone (no lines, no per-payment lists; the
    /// `payments` count and every total kept): what its holders keep once
    /// the acquirer has credited the lines, in a run that only reports.
    pub fn totals_only(&self) -> Statement {
        Statement {
            lines: Arc::new(BTreeMap::new()),
            cleared: BTreeMap::new(),
            ..*self
        }
    }

    /// The payments of `merchant`'s line, in order of completion (none in
    /// a copy without its lists).
    pub fn cleared_of(&self, merchant: MerchantId) -> &[Cleared] {
        self.cleared.get(&merchant).map_or(&[], Vec::as_slice)
    }
}
