//! The simulation: one [`World`] that owns the clock, the queue, the agents,
//! the ledger and the book, and delivers each message to its agent in
//! (time, sequence) order. It reads no file and no clock; events go to
//! whatever [`EventSink`] the caller gives it.

pub mod book;
pub mod ctx;
pub mod event;
pub mod invariants;
pub mod message;
mod world;

pub use event::{Event, EventSink, Kind, Party, Val};
pub use world::{Checks, Outcome, run, run_with};
