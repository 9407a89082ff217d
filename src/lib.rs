//! corridor: a deterministic, end-to-end simulator of a cross-border wallet
//! payment corridor (a Chinese wallet accepted by euro-area merchants).
//!
//! The crate is layered: `engine` is a discrete-event core that knows nothing
//! about payments; `domain` holds money, FX, calendars, zones and the ledger;
//! `agents` holds one module per participant; `sim` wires them into one
//! `World`; `scenario` turns TOML into a validated model; `report` and `cli`
//! sit on top. Only `cli` touches files, clocks or the environment.

pub mod agents;
pub mod cli;
pub mod domain;
pub mod engine;
pub mod replay;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod tui;
