//! corridor: a deterministic, end-to-end simulator of a cross-border wallet
//! payment corridor (a Chinese wallet accepted by euro-area merchants).
//!
//! The crate is layered, each layer importing only from those before it:
//! `engine` (a discrete-event core that knows nothing about payments),
//! `domain` (money, FX, calendars, zones, the ledger, ids) and `scenario`
//! (TOML into a validated model); `messages` (what agents say and what the
//! log records); `agents` (one module per participant, each owning its
//! records); `world` (one run); `replay` and `report`; `tui` and `cli`.
//! Only `cli` touches files, clocks or the environment.

pub mod agents;
pub mod cli;
pub mod domain;
pub mod engine;
pub mod messages;
pub mod replay;
pub mod report;
pub mod scenario;
pub mod tui;
pub mod world;
