//! The participants of the corridor, one module each. Every agent is a plain
//! state machine that owns its records: it reacts to a message of its own
//! type, changes its state, moves money on the ledger, records events and
//! sends typed messages. No agent reads or writes another's records; the
//! world and the reports read them through each agent's `&self` methods.

pub mod acquirer;
pub mod cardholders;
pub mod ctx;
pub mod draws;
pub mod issuer;
pub mod merchants;
pub mod regulator;
pub mod settlement_bank;
pub mod switch;

use crate::engine::{Duration, Stream};

/// A duration drawn uniformly from a range (`"1h..4h"`), in whole ms.
pub fn draw_duration(s: &mut Stream, (lo, hi): (Duration, Duration)) -> Duration {
    Duration(s.between(lo.as_ms(), hi.as_ms()))
}
