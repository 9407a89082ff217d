//! Every bundled scenario's report, and the full event log of a small
//! scenario, as reviewed snapshots: any change in behaviour shows up as a
//! diff to read before accepting.

use corridor::scenario::bundled;

use super::support::*;

#[test]
fn bundled_scenario_reports() {
    for b in bundled::SCENARIOS.iter().filter(|b| b.name != "scale-1m") {
        let sc = bundled_scenario(b.name);
        let (outcome, _) = (corridor::world::run(&sc, None), ());
        assert!(outcome.violation.is_none(), "{}: {:?}", b.name, outcome.violation);
        snapshots().bind(|| insta::assert_snapshot!(format!("report-{}", b.name), text_report(&sc, &outcome)));
    }
}

#[test]
fn the_event_log_of_a_small_scenario() {
    let sc = scenario(TINY);
    let (outcome, log) = run_logged(&sc);
    assert!(outcome.violation.is_none());
    snapshots().bind(|| insta::assert_snapshot!("events-tiny", log));
}

#[test]
fn the_json_report_of_a_small_scenario() {
    let sc = scenario(TINY);
    let outcome = corridor::world::run(&sc, None);
    let json = corridor::report::json::render(&corridor::report::Report::new(&sc, &outcome));
    snapshots().bind(|| insta::assert_snapshot!("report-tiny-json", json));
}

#[test]
fn every_bundled_scenario_has_notes_for_a_newcomer() {
    for b in bundled::SCENARIOS {
        let sc = bundled_scenario(b.name);
        assert!(!sc.notes.is_empty(), "{} has no [[notes]]", b.name);
        assert!(!sc.summary.is_empty(), "{} has no summary", b.name);
    }
}
