//! Reason codes: each R-transaction a fault can produce takes exactly its
//! EPC list (SCT reject and return, EPC135-18; SCT Inst reject; SDD reject,
//! return and refund, EPC173-14), refusals say which list and what would be
//! valid, and every code's meaning is in `--help` and the explorer's help.

use std::collections::BTreeSet;

use corridor::domain::reason::{RTransaction, glossary};
use corridor::scenario::bundled;

use super::support::*;

/// TINY (February 2018) with `[acquirer]` lines and one fault on paris/1
/// for the whole run.
fn with_fault(acquirer: &str, kind: &str, reason: &str) -> String {
    format!(
        "{TINY}\n[acquirer]\n{acquirer}\n\n[[faults]]\nkind = \"{kind}\"\nmerchant = \"paris/1\"\nreason = \"{reason}\"\n"
    )
}

/// TINY moved to March 2026, when SCT Inst has no scheme maximum.
fn in_2026(text: &str) -> String {
    text.replace("start = 2018-02-13", "start = 2026-03-02")
        .replace("joins = 2018-02-12", "joins = 2026-03-02")
        .replace("table = \"tiny-rates.csv\"", "open = \"7.9\"\nvolatility = \"0%\"")
}

fn refusal(text: &str) -> String {
    match load(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn every_code() -> BTreeSet<&'static str> {
    let mut all: BTreeSet<&str> = RTransaction::ALL
        .iter()
        .flat_map(|k| k.codes().iter().map(|l| l.reason.code))
        .collect();
    // Recall codes and a made-up one: on no list a fault can produce.
    all.extend(["FOCR", "DUPL", "TECH", "FRAD", "CUST", "XX99"]);
    all
}

/// The example: AC04, AC06, AG01, MD07 and MS03 are SDD return
/// reasons, so `direct_debit_return` takes them.
#[test]
fn direct_debit_return_takes_the_sdd_return_codes_it_used_to_refuse() {
    for code in ["AC04", "AC06", "AG01", "MD07", "MS03"] {
        let text = with_fault("scheme = \"SCT\"", "direct_debit_return", code);
        assert!(load(&text).is_ok(), "{code}: {}", refusal(&text));
    }
}

/// refund-storm with its direct debit returned AC04 (account closed)
/// instead of AM04: the return carries AC04 and its SDD meaning.
#[test]
fn a_direct_debit_returned_for_a_closed_account() {
    let text = bundled::find("refund-storm")
        .unwrap()
        .text
        .replace("reason = \"AM04\"", "reason = \"AC04\"");
    let sc = corridor::scenario::load("refund-storm.toml", &text, &bundled::data).unwrap();
    let (o, log) = run_logged(&sc);
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let returned = events_of(&log, "direct_debit_returned");
    assert!(!returned.is_empty());
    for r in returned {
        assert_eq!(
            (r["reason"].as_str(), r["description"].as_str()),
            (Some("AC04"), Some("account closed"))
        );
    }
}

/// For every code of every list (and recall codes on none a fault can
/// produce), a fault takes it exactly when the R-transactions it can
/// produce all do.
#[test]
fn each_fault_takes_exactly_the_list_of_what_it_produces() {
    use RTransaction::*;
    let cases: [(&str, &str, bool, &[RTransaction]); 7] = [
        ("scheme = \"SCT\"", "payout_reject", false, &[SctReject]),
        ("scheme = \"SCT\"", "payout_return", false, &[SctReturn]),
        ("scheme = \"SCT\"", "direct_debit_return", false, &[SddReturn]),
        // 2018: payouts above the EUR 15,000 maximum go by SCT.
        (
            "scheme = \"SCT_INST\"",
            "payout_reject",
            false,
            &[SctInstReject, SctReject],
        ),
        (
            "scheme = \"SCT_INST\"",
            "payout_return",
            false,
            &[SctInstReject, SctReturn],
        ),
        // 2026: no maximum, every payout is an SCT Inst, which has no return.
        ("scheme = \"SCT_INST\"", "payout_reject", true, &[SctInstReject]),
        ("scheme = \"SCT_INST\"", "payout_return", true, &[SctInstReject]),
    ];
    // Validation computes the FX path: a few hundred loads take a while in
    // a debug build, so the cases run side by side.
    std::thread::scope(|scope| {
        for (acquirer, kind, later, lists) in cases {
            scope.spawn(move || {
                for code in every_code() {
                    let mut text = with_fault(acquirer, kind, code);
                    let through = if later {
                        text = in_2026(&text);
                        jiff::civil::date(2026, 3, 17)
                    } else {
                        jiff::civil::date(2018, 2, 28)
                    };
                    let expected = lists.iter().all(|k| k.find(code, through).is_some());
                    assert_eq!(
                        load(&text).is_ok(),
                        expected,
                        "{acquirer} {kind} {code} (2026: {later})"
                    );
                }
            });
        }
    });
    // The lists themselves, as the issue and domain.md name them.
    let codes = |k: RTransaction| k.codes().iter().map(|l| l.reason.code).collect::<Vec<_>>();
    for code in ["AC04", "AC06", "AG01", "MD07", "MS03", "AM04", "MD01", "MS02"] {
        assert!(codes(SddReturn).contains(&code), "{code}");
    }
    assert_eq!(codes(SddRefund), ["MD01", "MD06"]);
    assert!(
        !codes(SctReject).contains(&"AC04"),
        "AC04 closes an account after settlement"
    );
}

#[test]
fn an_sct_reject_refuses_a_return_only_code() {
    let text = with_fault("scheme = \"SCT\"", "payout_reject", "AC04");
    assert_eq!(
        refusal(&text),
        "test.toml:37:10: faults.reason: `AC04` is not a reason for payout_reject: an SCT reject \
         (pacs.002) does not take it (EPC135-18); use one of AC01, AG02, AM05, CERI, CNOR, DNOR, ED05, \
         ERIN, FF01, MS03, RC01, RR01, RR02, RR03, RR04, TM01"
    );
}

/// SCT Inst has no return: under SCT_INST in 2026 every payout is an SCT
/// Inst, so a payout_return fault is the merchant's bank rejecting it, and
/// takes the SCT Inst reject codes.
#[test]
fn an_sct_inst_payout_cannot_be_returned_so_return_codes_must_be_reject_codes() {
    let text = in_2026(&with_fault("scheme = \"SCT_INST\"", "payout_return", "MS02"));
    assert_eq!(
        refusal(&text),
        "test.toml:38:10: faults.reason: `MS02` is not a reason for payout_return with scheme = \
         \"SCT_INST\": SCT Inst has no return, so the merchant's bank rejects the instant credit: an SCT \
         Inst reject (pacs.002) does not take it (EPC guidance on SCT Inst R-transactions); use one of \
         AB05, AB06, AB07, AB08, AC01, AC04, AC06, AG01, AG02, AM05, BE04, CNOR, DNOR, ED05, ERIN, FF01, \
         MD07, MS03, RC01, RR01, RR02, RR03, RR04"
    );
}

/// AM02 (amount above the scheme maximum) left the SCT Inst list with the
/// maximum, on 5 October 2025.
#[test]
fn am02_is_refused_once_the_sct_inst_maximum_is_gone() {
    let text = in_2026(&with_fault("scheme = \"SCT_INST\"", "payout_reject", "AM02"));
    assert_eq!(
        refusal(&text),
        "test.toml:38:10: faults.reason: `AM02` is not a reason for payout_reject with scheme = \
         \"SCT_INST\": an SCT Inst reject (pacs.002) takes it only until 2025-10-04 (EPC guidance on SCT \
         Inst R-transactions), and the fault reaches 2026-03-17; use one of AB05, AB06, AB07, AB08, AC01, \
         AC04, AC06, AG01, AG02, AM05, BE04, CNOR, DNOR, ED05, ERIN, FF01, MD07, MS03, RC01, RR01, RR02, \
         RR03, RR04"
    );
}

/// In 2018 an SCT_INST payout above EUR 15,000 goes by SCT: a reject must
/// be valid for both schemes.
#[test]
fn while_a_cap_applies_a_reject_must_suit_both_schemes() {
    let text = with_fault("scheme = \"SCT_INST\"", "payout_reject", "AC04");
    assert_eq!(
        refusal(&text),
        "test.toml:37:10: faults.reason: `AC04` is not a reason for payout_reject with scheme = \
         \"SCT_INST\": its payouts go by SCT Inst or, above the SCT Inst cap, by SCT, so it must be a \
         reason for an SCT Inst reject (pacs.002) and an SCT reject (pacs.002), and an SCT reject \
         (pacs.002) does not take it; use one of AC01, AG02, AM05, CNOR, DNOR, ED05, ERIN, FF01, MS03, \
         RC01, RR01, RR02, RR03, RR04"
    );
    // AM02 is still an SCT Inst reject in 2018, but never an SCT one.
    let text = with_fault("scheme = \"SCT_INST\"", "payout_reject", "AM02");
    assert!(
        refusal(&text).contains(
            "`AM02` is not a reason for payout_reject with scheme = \"SCT_INST\": its payouts go by \
             SCT Inst or, above the SCT Inst cap, by SCT, so it must be a reason for an SCT Inst reject \
             (pacs.002) and an SCT reject (pacs.002), and an SCT reject (pacs.002) does not take it;"
        ),
        "{}",
        refusal(&text)
    );
    let text = with_fault("scheme = \"SCT_INST\"", "payout_return", "XX99");
    assert!(refusal(&text).contains(
        "and neither an SCT Inst reject (pacs.002) nor an SCT return (pacs.004) takes it; use one of AC01, \
         AC04, AC06, AG01, AG02, AM05, BE04, CNOR, ERIN, MD07, MS03, RC01, RR01, RR02, RR03, RR04"
    ));
}

/// A payout_return fault on an SCT Inst payout: the merchant's bank
/// refuses the instant credit (pacs.002) within seconds; nothing settles,
/// nothing is returned, the money waits in suspense with the reason.
#[test]
fn a_closed_account_rejects_an_instant_payout_within_seconds() {
    let text = in_2026(&with_fault("scheme = \"SCT_INST\"", "payout_return", "AC04"));
    let (o, log) = run_logged(&scenario(&text));
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let sent: Vec<_> = events_of(&log, "payout_sent")
        .into_iter()
        .filter(|p| p["merchant"] == "paris/1")
        .collect();
    assert!(!sent.is_empty());
    let rejected = events_of(&log, "payout_rejected");
    for p in &sent {
        assert_eq!(p["scheme"], "SCT_INST");
        let r = rejected.iter().find(|r| r["payout"] == p["payout"]).expect("rejected");
        assert_eq!(r["reason"], "AC04");
        let ms = |v: &serde_json::Value| v.as_str().unwrap().parse::<jiff::Timestamp>().unwrap().as_millisecond();
        assert!(ms(&r["at"]) - ms(&p["at"]) <= 10_000, "{r}");
    }
    assert!(events_of(&log, "payout_returned").is_empty());
    assert!(
        events_of(&log, "payout_settled")
            .iter()
            .all(|s| s["merchant"] != "paris/1")
    );
}

/// `corridor --help` and `corridor check --help` list every code of every
/// R-transaction with its meaning.
#[test]
fn help_lists_every_code_with_its_meaning() {
    for args in [&["--help"][..], &["check", "--help"][..]] {
        let help = stdout(&corridor(args));
        for line in glossary() {
            assert!(help.contains(&line), "{args:?} lacks {line:?}");
        }
        assert!(help.contains("  MD07 debtor deceased"));
        assert!(help.contains("SDD return (pacs.004), EPC173-14:"));
    }
    assert_eq!(
        glossary().len(),
        6 + RTransaction::ALL.iter().map(|k| k.codes().len()).sum::<usize>()
    );
}
