//! The participants of the corridor, one module each. Every agent is a plain
//! state machine: it reacts to a delivered message or timer, changes its
//! state, moves money on the ledger, records events and sends messages.

pub mod acquirer;
pub mod cardholders;
pub mod issuer;
pub mod merchants;
pub mod regulator;
pub mod settlement_bank;
pub mod switch;

use crate::engine::{Duration, Stream};

/// A duration drawn uniformly from a range (`"1h..4h"`).
pub fn draw_duration(s: &mut Stream, (lo, hi): (Duration, Duration)) -> Duration {
    Duration(s.between(lo.as_ms(), hi.as_ms()))
}
