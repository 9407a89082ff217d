//! corridor: a deterministic, end-to-end simulator of a cross-border wallet
//! payment corridor (a Chinese wallet accepted by euro-area merchants).
//!
//! The crate is layered, each layer importing only from those before it:
//! `engine` (a discrete-event core that knows nothing about payments),
//! `domain` (money, FX, calendars, zones, the ledger, ids) and `scenario`
//! (TOML into a validated model); `messages` (what agents say and what the
//! log records); `agents` (one module per participant, each owning its
//! records); `world` (one run); `replay` and `report`; `learn` (lessons
//! for new staff, answered from the run); `tui` and `cli`.
//! Only `cli` touches files, clocks or the environment.

// Every public item of the simulation's layers is documented (units,
// shapes, errors, the source of any rule): the compiler keeps it so.
#[warn(missing_docs)]
pub mod agents;
pub mod cli;
#[warn(missing_docs)]
pub mod domain;
#[warn(missing_docs)]
pub mod engine;
#[warn(missing_docs)]
pub mod learn;
#[warn(missing_docs)]
pub mod messages;
#[warn(missing_docs)]
pub mod replay;
pub mod report;
#[warn(missing_docs)]
pub mod scenario;
#[warn(missing_docs)]
pub mod tui;
#[warn(missing_docs)]
pub mod world;
