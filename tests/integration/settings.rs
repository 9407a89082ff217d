//! Settings that used to do nothing without a word (issue 8, part B): every
//! scenario key has its documented effect, or is refused with file, line,
//! column, key and what would be valid, or is listed as a warning by the
//! text and JSON reports and by `corridor check`.

use super::support::*;

#[test]
fn kyc_fail_without_joins_makes_the_group_apply_at_the_start_and_never_be_active() {
    let sc = scenario(&format!("{TINY}\n[[merchants]]\nname = \"blocked\"\nkyc = \"fail\"\n"));
    let (o, log) = run_logged(&sc);
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let about = |kind: &str| {
        events_of(&log, kind)
            .into_iter()
            .filter(|e| e["merchant"] == "blocked/1")
            .collect::<Vec<_>>()
    };
    // It is not onboarded before the run: it applies at 09:00 Paris on the
    // first purchase day and fails KYC.
    assert!(about("merchant_onboarded").is_empty());
    let applied = about("merchant_applied");
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0]["at"], "2018-02-13T08:00:00.000Z");
    assert_eq!(about("kyc_failed").len(), 1);
    assert!(about("kyc_passed").is_empty());
    // Every purchase offered to it is declined; none completes.
    let offered: Vec<String> = about("payment_initiated")
        .iter()
        .map(|e| e["payment"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(offered.len(), 5);
    let declined = events_of(&log, "payment_declined");
    for p in &offered {
        let d = declined.iter().find(|d| d["payment"] == p.as_str()).expect("declined");
        assert_eq!(d["reason"], "merchant_not_active");
    }
    assert!(about("payment_completed").is_empty());
    // `kyc = "pass"` (the default) without joins is still active from the start.
    let pass = scenario(&format!("{TINY}\n[[merchants]]\nname = \"fine\"\n"));
    let (_, log) = run_logged(&pass);
    let onboarded = events_of(&log, "merchant_onboarded");
    let fine = onboarded.iter().find(|e| e["merchant"] == "fine/1").expect("onboarded");
    assert_eq!(fine["reason"], "active_before_start");
}
