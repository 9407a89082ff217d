//! The dated rules a run relies on (`domain::rules`) must cover every day it
//! reaches: a scenario whose dates fall outside what corridor has sourced is
//! refused here, naming the rule, the date and the way out, as a CN calendar
//! year without a State Council notice is.

use std::ops::Range;

use super::super::model::{Acquirer, Scheme};
use super::super::raw::RawFile;
use super::Checker;
use crate::domain::Date;
use crate::domain::rules::{HVPS_CUTOFF, Rule, SCT_EXECUTION_DAYS, SCT_INST_MAXIMUM, SDD_CORE_PRESENTATION_DAYS};

/// The days a run reaches, and what it uses.
pub(super) struct Run<'a> {
    /// The first day anything happens (start, or an earlier `joins`).
    pub first: Date,
    /// The last day the acquirer may send a payout or a direct debit.
    pub end: Date,
    /// The last day the settlement bank is asked about.
    pub bank_through: Date,
    /// The acquirer, if its section was valid.
    pub acquirer: Option<&'a Acquirer>,
    /// Whether merchants refund (the only way a balance goes negative and a
    /// direct debit is sent).
    pub refunds: bool,
}

fn covered<T>(c: &mut Checker, rule: &Rule<T>, from: Date, to: Date, span: Range<usize>, key: &str) {
    if let Err(e) = rule.covers(from, to) {
        c.fail(span, key, e.to_string());
    }
}

/// Fails once for each rule the run needs that does not cover its days.
pub(super) fn dated(c: &mut Checker, raw: &RawFile, run: Run<'_>) {
    let scenario_span = raw.scenario.as_ref().map_or(0..0, |s| s.span());
    let start_span = raw
        .scenario
        .as_ref()
        .and_then(|s| s.get_ref().start.as_ref())
        .map_or(scenario_span.clone(), |s| s.span());
    if let Some(acq) = run.acquirer {
        let scheme_span = raw
            .acquirer
            .as_ref()
            .and_then(|a| a.scheme.as_ref())
            .map_or(start_span.clone(), |s| s.span());
        covered(
            c,
            &SCT_EXECUTION_DAYS,
            run.first,
            run.end,
            start_span.clone(),
            "scenario.start",
        );
        if acq.scheme == Scheme::SctInst {
            // Without its own cap a scenario needs the scheme maximum on every
            // payout day; with one, only the scheme to have started.
            let launch = SCT_INST_MAXIMUM.periods[0].from;
            if acq.inst_cap.is_none() {
                covered(c, &SCT_INST_MAXIMUM, run.first, run.end, scheme_span, "acquirer.scheme");
            } else if run.first < launch {
                covered(
                    c,
                    &SCT_INST_MAXIMUM,
                    run.first,
                    run.first,
                    scheme_span,
                    "acquirer.scheme",
                );
            }
        }
        if run.refunds {
            let span = raw.refunds.as_ref().map_or(start_span.clone(), |r| r.span());
            covered(c, &SDD_CORE_PRESENTATION_DAYS, run.first, run.end, span, "refunds");
        }
    }
    let own_cutoff = raw.settlement_bank.as_ref().is_some_and(|b| b.cutoff.is_some());
    if !own_cutoff {
        covered(
            c,
            &HVPS_CUTOFF,
            run.first,
            run.bank_through,
            start_span,
            "settlement_bank.cutoff",
        );
    }
}

/// The default `[settlement_bank] cutoff`, `"17:15"`: the HVPS cut-off of
/// the table's last period ([`dated`] refuses a run outside it).
pub(super) fn hvps_cutoff() -> String {
    let (h, m) = HVPS_CUTOFF.periods.last().expect("a period").value;
    format!("{h:02}:{m:02}")
}
