//! Size limits: a run that only reports takes a year of 100,000
//! cardholders; the commands that keep every record say where they stop.

use super::support::*;

/// A population planning `days` x 100,000 x 0.72 purchases.
fn population(days: u32, count: u32) -> std::path::PathBuf {
    let text = corridor::scenario::bundled::find("scale-1m")
        .unwrap()
        .text
        .replace("days = 14", &format!("days = {days}"))
        .replace("count = 100000", &format!("count = {count}"));
    dir_with(&format!("limits-{days}-{count}"), &[("s.toml", &text)]).join("s.toml")
}

#[test]
fn a_year_of_100000_cardholders_is_within_the_limit_of_a_run() {
    let path = population(365, 100_000);
    let out = corridor(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn above_thirty_million_planned_purchases_a_scenario_is_refused() {
    let path = population(366, 120_000);
    let out = corridor(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "s.toml:17:9: cardholders.count: count x purchases_per_day x days is 31,622,400 purchases; corridor plans at most 30,000,000"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn explain_refuses_more_than_it_can_keep_in_memory_and_says_what_can_run_it() {
    let path = population(365, 100_000);
    let p = path.to_str().unwrap();
    let out = corridor(&["explain", p, "--payment", "P00000001"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {p}: cardholders.count: count x purchases_per_day x days is 26,280,000 purchases; explain keeps \
             every record of the run in memory and takes at most 10,000,000 (run, test, sweep and bench take up to \
             30,000,000)\n"
        )
    );
}
