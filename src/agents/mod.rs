//! The participants of the corridor, one module each. Every agent is a plain
//! state machine that owns its records: it reacts to a message of its own
//! type, changes its state, moves money on the ledger, records events and
//! sends typed messages. No agent reads or writes another's records; the
//! world and the reports read them through each agent's `&self` methods.

pub mod acquirer;
pub mod cardholders;
pub mod credit_times;
pub mod ctx;
pub mod draws;
pub mod issuer;
pub mod merchants;
pub mod regulator;
pub mod settlement_bank;
pub mod switch;

use std::sync::Arc;

use crate::domain::ids::PaymentId;
use crate::engine::{Duration, Stream};
use crate::messages::statement::{Cleared, ClearedList, Statement};

/// Which records a run keeps once nothing in the run will change them:
/// payment records, clearing statements' lines and per-payment lists,
/// settled payouts' payment lists, the merchants' statements of account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Retention {
    /// Every record, to the end of the run: for replay, the explorer and
    /// the bank files, which read each payment.
    #[default]
    All,
    /// Records of payments in flight, and of completed payments a refund
    /// is planned for until those refunds are paid; a statement's lines
    /// and per-payment lists until the acquirer has credited them; no
    /// merchants' statements of account (bookings): memory
    /// follows the payments in flight rather than the payments ever made.
    InFlight,
    /// As [`Retention::InFlight`], plus what one payment's story reads
    /// (`corridor explain`): its record, the lists of its clearing
    /// statement and of its payouts, and its merchant's booking of that
    /// statement.
    Payment(PaymentId),
}

impl Retention {
    /// Whether every record is kept.
    pub fn keeps_all(self) -> bool {
        self == Retention::All
    }

    /// Whether the records of payment `p` are kept once final.
    pub fn keeps(self, p: PaymentId) -> bool {
        match self {
            Retention::All => true,
            Retention::InFlight => false,
            Retention::Payment(q) => p == q,
        }
    }

    /// Whether a list of `payments` (a statement line's, a payout's) is
    /// kept once read.
    pub fn keeps_any<'c>(self, payments: impl IntoIterator<Item = &'c Cleared>) -> bool {
        match self {
            Retention::All => true,
            Retention::InFlight => false,
            Retention::Payment(q) => payments.into_iter().any(|c| c.payment == q),
        }
    }

    /// As [`Retention::keeps_any`], for a packed list (decoded only when
    /// the answer depends on it).
    pub fn keeps_any_of(self, payments: &ClearedList) -> bool {
        match self {
            Retention::Payment(q) => payments.iter().any(|c| c.payment == q),
            _ => self.keeps_any([]),
        }
    }
}

/// What a holder of `statement` keeps once it has passed it on or credited
/// it: the statement itself if `retention` keeps one of its lists, else a
/// copy with its totals only (no lines, no per-payment lists).
pub fn retained(statement: &Arc<Statement>, retention: Retention) -> Arc<Statement> {
    if statement.cleared.values().any(|list| retention.keeps_any_of(list)) {
        Arc::clone(statement)
    } else {
        Arc::new(statement.totals_only())
    }
}

/// A duration drawn uniformly from a range (`"1h..4h"`), in whole ms.
pub fn draw_duration(s: &mut Stream, (lo, hi): (Duration, Duration)) -> Duration {
    Duration(s.between(lo.as_ms(), hi.as_ms()))
}
