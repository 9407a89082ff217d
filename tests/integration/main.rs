//! corridor's integration tests: one binary, a module per area.

mod calendars;
mod cli;
mod determinism;
mod explore;
mod failures;
mod flow;
mod properties;
mod scenarios;
mod settings;
mod support;
