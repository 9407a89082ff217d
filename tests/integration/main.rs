//! corridor's integration tests: one binary, a module per area.

mod calendars;
mod ci_tests;
mod cli;
mod compact;
mod determinism;
mod edges;
mod explore;
mod export;
mod failures;
mod flow;
mod learn;
mod limits;
mod manners;
mod properties;
mod rates;
mod reasons;
mod rules;
mod scenarios;
mod set_diff;
mod settings;
mod support;
mod sweep;
mod whatif;
mod year_end;
