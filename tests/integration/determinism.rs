//! Same scenario and seed, same bytes; a what-if on one merchant group
//! leaves everyone else's purchases alone (common random numbers).

use super::support::*;
use corridor::messages::EventSink;
use corridor::report::{self, Report};
use corridor::world as sim;

#[test]
fn two_runs_write_identical_event_logs_and_reports() {
    let sc = bundled_scenario("spring-festival-2018");
    let (a, log_a) = run_logged(&sc);
    let (b, log_b) = run_logged(&sc);
    assert_eq!(log_a, log_b);
    assert_eq!(text_report(&sc, &a), text_report(&sc, &b));
    // The log is the same whether anyone listens or not.
    let quiet = corridor::world::run(&sc, None);
    assert_eq!(text_report(&sc, &quiet), text_report(&sc, &a));
}

/// (payment, cardholder, merchant, amount, time) of every payment at the
/// merchants `keep` accepts, and their payouts without ids.
fn payments_of(log: &str, keep: impl Fn(&str) -> bool) -> (Vec<String>, Vec<String>) {
    let payments = events_of(log, "payment_initiated")
        .into_iter()
        .filter(|e| keep(e["merchant"].as_str().unwrap()))
        .map(|e| {
            format!(
                "{} {} {} {} {}",
                e["payment"], e["cardholder"], e["merchant"], e["amount"], e["at"]
            )
        })
        .collect();
    let payouts = events_of(log, "payout_settled")
        .into_iter()
        .filter(|e| keep(e["merchant"].as_str().unwrap()))
        .map(|e| format!("{} {} {}", e["merchant"], e["amount"], e["at"]))
        .collect();
    (payments, payouts)
}

#[test]
fn changing_one_groups_tier_leaves_every_other_merchants_payments_identical() {
    let base = bundled_scenario("spring-festival-2018");
    let text = corridor::scenario::bundled::find("spring-festival-2018").unwrap().text;
    // milan-fashion moves from daily payouts to the weekly small-merchant tier.
    let changed_text = text.replace("tier = \"preferred\"\nweight = 2", "tier = \"small\"\nweight = 2");
    assert_ne!(text, changed_text);
    let changed = corridor::scenario::load("x", &changed_text, &corridor::scenario::bundled::data).unwrap();
    let (_, log_a) = run_logged(&base);
    let (_, log_b) = run_logged(&changed);
    let others = |m: &str| !m.starts_with("milan-fashion/");
    let (pay_a, out_a) = payments_of(&log_a, others);
    let (pay_b, out_b) = payments_of(&log_b, others);
    assert!(pay_a.len() > 1000);
    assert_eq!(pay_a, pay_b);
    assert_eq!(out_a, out_b);
    // milan's purchases are the same too; only its payouts differ.
    let milan = |m: &str| m.starts_with("milan-fashion/");
    let (milan_a, milan_out_a) = payments_of(&log_a, milan);
    let (milan_b, milan_out_b) = payments_of(&log_b, milan);
    assert_eq!(milan_a, milan_b);
    assert_ne!(milan_out_a, milan_out_b);
}

#[test]
fn the_seed_flag_is_the_seed_key() {
    let text = corridor::scenario::bundled::find("baseline").unwrap().text;
    let edited =
        corridor::scenario::load("x", &text.replace("seed = 11", "seed = 12"), &|_| Err(String::new())).unwrap();
    let flagged = corridor::scenario::load_seeded("x", text, &|_| Err(String::new()), Some(12)).unwrap();
    let (_, a) = run_logged(&edited);
    let (_, b) = run_logged(&flagged);
    assert_eq!(a, b);
    let (_, original) = run_logged(&bundled_scenario("baseline"));
    assert_ne!(a, original);
}

#[test]
fn narrowing_the_switch_latency_moves_no_purchase() {
    let text = corridor::scenario::bundled::find("baseline").unwrap().text;
    let narrow = format!("{text}\n[switch]\nlatency = \"100ms\"\n");
    let (_, a) = run_logged(&bundled_scenario("baseline"));
    let (_, b) = run_logged(&corridor::scenario::load("x", &narrow, &|_| Err(String::new())).unwrap());
    // Latency moves when a declined shopper retries, so a retry can land
    // between other scans: the purchases are compared as a set.
    let purchases = |log: &str| -> Vec<String> {
        let mut p: Vec<String> = events_of(log, "payment_initiated")
            .iter()
            .map(|e| format!("{} {} {}", e["cardholder"], e["merchant"], e["amount"]))
            .collect();
        p.sort();
        p
    };
    assert_eq!(purchases(&a), purchases(&b));
}

/// A run that keeps only the payments in flight writes the same log and the
/// same report (text and JSON) as one that keeps every payment record, for
/// every bundled scenario small enough for the suite. scale-1m is checked
/// by md5 in the performance notes.
#[test]
fn a_run_that_lets_finished_payments_go_writes_the_same_bytes() {
    for b in corridor::scenario::bundled::SCENARIOS
        .iter()
        .filter(|b| b.name != "scale-1m")
    {
        let sc = bundled_scenario(b.name);
        let (all, log_all) = run_logged(&sc);
        let mut sink = report::events::JsonLines::new(Vec::new(), &sc);
        let lean = sim::run_with(&sc, Some(&mut sink as &mut dyn EventSink), sim::Checks::REPORT_ONLY);
        let log_lean = String::from_utf8(sink.into_inner()).unwrap();
        assert!(log_all == log_lean, "{}: the logs differ", b.name);
        assert_eq!(text_report(&sc, &all), text_report(&sc, &lean), "{}", b.name);
        let json = |o| report::json::render(&Report::new(&sc, o));
        assert_eq!(json(&all), json(&lean), "{}", b.name);
        // Only payments in flight at the end, or waiting for a refund, are kept.
        let kept = lean.switch().payments().count() as u64;
        let t = lean.switch().totals();
        assert!(
            kept < all.switch().payments().count() as u64 || t.reached == 0,
            "{}",
            b.name
        );
        assert_eq!(t.reached, all.switch().payments().count() as u64, "{}", b.name);
        assert!(kept >= t.authorizing, "{}", b.name);
    }
}

/// `explain` runs keeping only what one payment's story reads; the story
/// is the one a run that keeps everything tells, returns and refunds
/// included.
#[test]
fn a_story_from_a_run_that_keeps_one_payment_is_the_full_runs_story() {
    use corridor::replay::{Recording, story};
    for name in ["payout-returns", "refund-storm", "short-remittance"] {
        let sc = bundled_scenario(name);
        let full = Recording::record(&sc);
        let n = full.outcome.cardholders().initiated();
        for i in (0..n).step_by((n as usize / 12).max(1)) {
            let id = corridor::domain::ids::PaymentId::from_index(i);
            let lean = Recording::record_for_payment(&sc, id);
            let tell = |rec: &Recording| {
                story::story(rec, &id.to_string()).map(|s| report::explain::text(&s) + &report::explain::mermaid(&s))
            };
            assert_eq!(tell(&full), tell(&lean), "{name} {id}");
        }
    }
}
