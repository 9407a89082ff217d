//! The payments whose money waits in a merchant's balance, packed: each
//! as the change of its id and of its scan instant from the one before, in
//! zigzag varints (about five bytes rather than sixteen, since a merchant's
//! payments arrive in nearly the order they were made). A weekly-payout
//! merchant holds a week of payments; ten million payments a fortnight keep
//! millions waiting at once.

use crate::agents::varint;
use crate::domain::ids::PaymentId;
use crate::engine::Instant;
use crate::messages::statement::Cleared;

/// A list of [`Cleared`] payments in the order added, packed.
#[derive(Clone, Debug, Default)]
pub(super) struct Waiting {
    bytes: Vec<u8>,
    len: usize,
    /// The last payment added (the base of the next change).
    last: Option<Cleared>,
}

impl Waiting {
    /// Adds `payments` after those already waiting.
    pub(super) fn extend(&mut self, payments: &[Cleared]) {
        for c in payments {
            let (id, at) = self.last.map_or((0, 0), |l| (l.payment.index() as i64, l.initiated.0));
            varint::put_signed(&mut self.bytes, c.payment.index() as i64 - id);
            varint::put_signed(&mut self.bytes, c.initiated.0.wrapping_sub(at));
            self.last = Some(*c);
        }
        self.len += payments.len();
    }

    /// Every payment waiting, in the order added, leaving none.
    pub(super) fn take(&mut self) -> Vec<Cleared> {
        let all = self.to_vec();
        *self = Waiting::default();
        all
    }

    /// Every payment waiting, in the order added.
    pub(super) fn to_vec(&self) -> Vec<Cleared> {
        let mut out = Vec::with_capacity(self.len);
        let (mut id, mut at, mut rest) = (0i64, 0i64, self.bytes.as_slice());
        for _ in 0..self.len {
            id += varint::take_signed(&mut rest);
            at = at.wrapping_add(varint::take_signed(&mut rest));
            out.push(Cleared {
                payment: PaymentId::from_index(id as u32),
                initiated: Instant(at),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
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
        let mut w = Waiting::default();
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
        let mut w = Waiting::default();
        w.extend(&day);
        assert_eq!(w.bytes.len(), 7 + 5 * 999);
    }
}
