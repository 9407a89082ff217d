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
    pub cleared: BTreeMap<MerchantId, ClearedList>,
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
    pub fn cleared_of(&self, merchant: MerchantId) -> Vec<Cleared> {
        self.cleared.get(&merchant).map_or_else(Vec::new, ClearedList::to_vec)
    }
}

/// A list of [`Cleared`] payments in the order added, packed: each as the
/// change of its id and of its scan instant from the one before, in zigzag
/// varints (about five bytes rather than sixteen, since the payments of one
/// merchant's day, or of its balance, come in nearly the order they were
/// made). Ten million payments a fortnight keep millions of them in open
/// clearing days, statements not yet credited and merchants' balances.
#[derive(Clone, Debug, Default)]
pub struct ClearedList {
    bytes: Vec<u8>,
    len: usize,
    /// The last payment added (the base of the next change).
    last: Option<Cleared>,
}

impl ClearedList {
    /// Adds `payments` after those already waiting.
    pub fn extend(&mut self, payments: &[Cleared]) {
        for c in payments {
            let (id, at) = self.last.map_or((0, 0), |l| (l.payment.index() as i64, l.initiated.0));
            crate::domain::varint::put_signed(&mut self.bytes, c.payment.index() as i64 - id);
            crate::domain::varint::put_signed(&mut self.bytes, c.initiated.0.wrapping_sub(at));
            self.last = Some(*c);
        }
        self.len += payments.len();
    }

    /// Adds one payment after those already listed.
    pub fn push(&mut self, c: Cleared) {
        self.extend(std::slice::from_ref(&c));
    }

    /// How many payments are listed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when none is.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every payment waiting, in the order added, leaving none.
    pub fn take(&mut self) -> Vec<Cleared> {
        let all = self.to_vec();
        *self = ClearedList::default();
        all
    }

    /// Every payment waiting, in the order added.
    pub fn to_vec(&self) -> Vec<Cleared> {
        self.iter().collect()
    }

    /// Every payment listed, in the order added, decoded one by one.
    pub fn iter(&self) -> impl Iterator<Item = Cleared> + '_ {
        let (mut id, mut at, mut rest) = (0i64, 0i64, self.bytes.as_slice());
        (0..self.len).map(move |_| {
            id += crate::domain::varint::take_signed(&mut rest);
            at = at.wrapping_add(crate::domain::varint::take_signed(&mut rest));
            Cleared {
                payment: PaymentId::from_index(id as u32),
                initiated: Instant(at),
            }
        })
    }
}

#[cfg(test)]
mod cleared_list_tests {
    use super::*;

    fn cleared(id: u32, at: i64) -> Cleared {
        Cleared {
            payment: PaymentId::from_index(id),
            initiated: Instant(at),
        }
    }

    #[test]
    fn gives_back_what_was_added_in_order() {
        let first = [cleared(7, 1_520_000_000_000), cleared(3, 1_519_999_000_000)];
        let second = [cleared(u32::MAX, i64::MIN), cleared(0, i64::MAX), cleared(5, -1)];
        let mut w = ClearedList::default();
        w.extend(&first);
        w.extend(&[]);
        w.extend(&second);
        let all: Vec<Cleared> = first.iter().chain(&second).copied().collect();
        assert_eq!(w.take(), all);
        assert_eq!(w.take(), Vec::new());
        w.extend(&first[..1]);
        assert_eq!(w.take(), first[..1].to_vec());
    }

    #[test]
    fn a_merchants_day_takes_about_five_bytes_a_payment() {
        // Ids 2,000 apart, scans two minutes apart.
        let day: Vec<Cleared> = (0..1000)
            .map(|i| cleared(2_000 * i, 1_520_000_000_000 + 120_000 * i64::from(i)))
            .collect();
        let mut w = ClearedList::default();
        w.extend(&day);
        assert_eq!(w.bytes.len(), 7 + 5 * 999);
    }
}
