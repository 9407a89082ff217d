//! corridor's integration tests: one binary, a module per area.

mod calendars;
mod cli;
mod determinism;
mod explore;
mod failures;
mod flow;
mod properties;
mod reasons;
mod rules;
mod scenarios;
mod support;
