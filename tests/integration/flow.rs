//! The flow of domain.md, derived by hand and checked against runs: the
//! Spring Festival remittance dates, the amounts of one fixed payment, the
//! clocks, declines, payout schemes and conversion modes.

use corridor::world::invariants::check_end;

use super::support::*;

fn dates(e: &serde_json::Value) -> (String, String, String) {
    let batches: Vec<&str> = e["batches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    let sent_beijing = corridor::domain::zone::Zone::beijing().date(instant(e["at"].as_str().unwrap()));
    (
        batches.join(","),
        sent_beijing.to_string(),
        e["value_date"].as_str().unwrap().to_string(),
    )
}

fn instant(s: &str) -> corridor::engine::Instant {
    corridor::engine::Instant(s.parse::<jiff::Timestamp>().unwrap().as_millisecond())
}

/// Day T leaves on the first Chinese working day strictly after T; 15 to 21
/// February 2018 are closed, Saturday 24 February is an adjusted working
/// day; the value date is the next TARGET2 business day (transit = 1).
#[test]
fn spring_festival_2018_remittances_wait_for_the_holiday_to_end() {
    let sc = bundled_scenario("spring-festival-2018");
    let (_, log) = run_logged(&sc);
    let sent: Vec<_> = events_of(&log, "remittance_sent").iter().map(dates).collect();
    let s = |b: &str, d: &str, v: &str| (b.to_string(), d.to_string(), v.to_string());
    assert_eq!(
        sent,
        vec![
            s("B20180212", "2018-02-13", "2018-02-14"),
            s("B20180213", "2018-02-14", "2018-02-15"),
            s(
                "B20180214,B20180215,B20180216,B20180217,B20180218,B20180219,B20180220,B20180221",
                "2018-02-22",
                "2018-02-23"
            ),
            s("B20180222", "2018-02-23", "2018-02-26"),
            s("B20180223", "2018-02-24", "2018-02-26"),
            s("B20180224,B20180225", "2018-02-26", "2018-02-27"),
            s("B20180226", "2018-02-27", "2018-02-28"),
        ]
    );
}

const FIXED: &str = r#"
[scenario]
name = "one price"
seed = 5
start = 2018-03-06
days = 1
drain_days = 10

[fx]
open = "7.8000"
volatility = "0%"

[cardholders]
count = 3
wallet = "50000..50000 CNY"
purchases_per_day = 2
ticket = "100..100 EUR"

[[merchants]]
name = "shop"
count = 1
country = "FR"

[tiers.standard]
mdr = "1.5%"

[switch]
scheme_fee = "0.6%"

[settlement_bank]
minimum = "0 EUR"
approval = "none"
fx_spread = "0.1%"
transit = "1"
"#;

/// 100 EUR at 7.8000 is 780.00 CNY; the scheme keeps 0.60 EUR, the bank buys
/// 99.40 EUR at 7.8078 (7.8 plus its 0.1% spread); the acquirer keeps its
/// MDR of 1.50 EUR, of which 0.90 after the scheme fee; the merchant gets
/// 98.50 EUR per payment.
#[test]
fn one_hundred_euros_from_wallet_to_merchant() {
    let sc = scenario(FIXED);
    let (outcome, log) = run_logged(&sc);
    assert!(outcome.violation.is_none(), "{:?}", outcome.violation);
    let completed = events_of(&log, "payment_completed");
    let n = completed.len() as i64;
    assert!(n >= 2, "the scenario should make a few payments, made {n}");
    for a in events_of(&log, "authorization_requested") {
        assert_eq!(a["amount"], "780.00 CNY");
        assert_eq!(a["rate"], "7.8000");
    }
    let batches = events_of(&log, "clearing_batch_closed");
    let d = |cents: i64| format!("{}.{:02} EUR", cents / 100, cents % 100);
    let total: i64 = batches.iter().map(|b| b["payments"].as_i64().unwrap()).sum();
    assert_eq!(total, n);
    for b in &batches {
        let k = b["payments"].as_i64().unwrap();
        assert_eq!(b["gross"], d(10_000 * k));
        assert_eq!(b["fees"], d(60 * k));
        assert_eq!(b["net"], d(9_940 * k));
    }
    for c in events_of(&log, "fx_converted") {
        assert_eq!(c["rate"], "7.8078");
        let bought: f64 = c["bought"].as_str().unwrap().trim_end_matches(" EUR").parse().unwrap();
        let cny = rust_decimal::Decimal::from_str_exact(&format!("{bought:.2}")).unwrap()
            * rust_decimal::Decimal::from_str_exact("7.8078").unwrap();
        let cny = cny.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(c["sold"], format!("{cny:.2} CNY"));
    }
    let paid: i64 = events_of(&log, "payout_settled")
        .iter()
        .map(|p| {
            let s = p["amount"].as_str().unwrap().trim_end_matches(" EUR").replace('.', "");
            s.parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(paid, 9_850 * n);
    let report = text_report(&sc, &outcome);
    let margin = report.lines().find(|l| l.contains("MDR margin (acquirer)")).unwrap();
    assert_eq!(
        margin.split_whitespace().last().unwrap(),
        corridor::report::amount(rust_decimal::Decimal::new(90 * n, 2))
    );
}

#[test]
fn a_paris_evening_is_already_the_next_beijing_clearing_day() {
    let sc = bundled_scenario("evening-cutoffs");
    let (_, log) = run_logged(&sc);
    let bj = corridor::domain::zone::Zone::beijing();
    let paris = corridor::domain::zone::Zone::get("Europe/Paris").unwrap();
    let mut crossed = 0;
    for e in events_of(&log, "payment_completed") {
        let t = instant(e["at"].as_str().unwrap());
        let day = bj.date(t);
        assert_eq!(e["batch"], corridor::domain::ids::BatchId(day).to_string());
        if paris.date(t) < day {
            crossed += 1;
        }
    }
    assert!(
        crossed > 100,
        "evening purchases should cross Beijing midnight ({crossed})"
    );
}

#[test]
fn an_approval_after_the_cutoff_waits_for_the_next_working_day() {
    let sc = bundled_scenario("evening-cutoffs");
    let (_, log) = run_logged(&sc);
    let held = events_of(&log, "remittance_held");
    let late = held
        .iter()
        .find(|e| e["reason"].as_str().unwrap().contains("cut-off"))
        .expect("a late approval");
    let id = late["remittance"].as_str().unwrap();
    let sent = events_of(&log, "remittance_sent")
        .into_iter()
        .find(|e| e["remittance"] == id)
        .unwrap();
    let bj = corridor::domain::zone::Zone::beijing();
    let (held_at, sent_at) = (
        instant(late["at"].as_str().unwrap()),
        instant(sent["at"].as_str().unwrap()),
    );
    assert!(bj.date(sent_at) > bj.date(held_at));
    assert_eq!(bj.clock(sent_at), "10:00");
}

#[test]
fn a_merchant_that_fails_kyc_is_never_activated() {
    let sc = scenario(&format!(
        "{TINY}\n[[merchants]]\nname = \"refused\"\ncount = 1\ncountry = \"DE\"\nweight = 5\nkyc = \"fail\"\njoins = 2018-02-12\n"
    ).replace("days = 2\ndrain_days = 14\n", "days = 8\ndrain_days = 4\n"));
    let (outcome, log) = run_logged(&sc);
    assert_eq!(events_of(&log, "kyc_failed").len(), 1);
    let at_refused: Vec<_> = events_of(&log, "payment_initiated")
        .into_iter()
        .filter(|e| e["merchant"] == "refused/1")
        .collect();
    assert!(!at_refused.is_empty());
    for p in &at_refused {
        let declined = events_of(&log, "payment_declined")
            .into_iter()
            .find(|d| d["payment"] == p["payment"])
            .unwrap();
        assert_eq!(declined["reason"], "merchant_not_active");
    }
    assert!(outcome.violation.is_none());
}

#[test]
fn the_issuer_declines_over_its_limits() {
    let per_payment = FIXED.replace(
        "[tiers.standard]",
        "[issuer]\nlimit_per_payment = \"500 CNY\"\n\n[tiers.standard]",
    );
    let o = corridor::world::run(&scenario(&per_payment), None);
    assert_eq!(o.tally.completed, 0);
    assert_eq!(
        o.tally.declines.keys().map(|d| d.code()).collect::<Vec<_>>(),
        vec!["over_payment_limit"]
    );
    // 780 CNY a payment against 1,000 CNY a day: a cardholder's second
    // purchase of a Beijing day is declined.
    let daily = FIXED
        .replace(
            "[tiers.standard]",
            "[issuer]\nlimit_per_day = \"1000 CNY\"\n\n[tiers.standard]",
        )
        .replace("purchases_per_day = 2", "purchases_per_day = 6");
    let o = corridor::world::run(&scenario(&daily), None);
    assert!(o.tally.declines.keys().any(|d| d.code() == "over_daily_limit"));
}

#[test]
fn sct_inst_pays_in_seconds_and_sct_above_its_cap() {
    let text = TINY.replace(
        "[[merchants]]\nname = \"lux\"",
        "[acquirer]\nscheme = \"SCT_INST\"\ninst_cap = \"600 EUR\"\n\n[[merchants]]\nname = \"lux\"",
    );
    let (outcome, log) = run_logged(&scenario(&text));
    assert!(outcome.violation.is_none());
    let sent = events_of(&log, "payout_sent");
    let settled = events_of(&log, "payout_settled");
    assert!(sent.iter().any(|p| p["scheme"] == "SCT_INST") && sent.iter().any(|p| p["scheme"] == "SCT"));
    for p in &sent {
        let amount: f64 = p["amount"].as_str().unwrap().trim_end_matches(" EUR").parse().unwrap();
        assert_eq!(p["scheme"] == "SCT_INST", amount <= 600.0, "{p}");
        let s = settled.iter().find(|s| s["payout"] == p["payout"]).unwrap();
        let took = instant(s["at"].as_str().unwrap()) - instant(p["at"].as_str().unwrap());
        if p["scheme"] == "SCT_INST" {
            assert!(took.as_ms() <= 10_000, "SCT Inst within 10 s, took {took}");
        } else {
            assert!(took.as_ms() >= 3_600_000, "SCT is credited the next business day");
        }
    }
}

#[test]
fn at_remittance_conversion_is_one_purchase_per_remittance() {
    let text = TINY.replace(
        "[cardholders]",
        "[switch]\nconvert = \"at_remittance\"\n\n[cardholders]",
    );
    let (outcome, log) = run_logged(&scenario(&text));
    assert!(outcome.violation.is_none());
    let conversions = events_of(&log, "fx_converted");
    let sent = events_of(&log, "remittance_sent");
    assert_eq!(conversions.len(), sent.len());
    for (c, s) in conversions.iter().zip(&sent) {
        assert_eq!(c["batches"], s["batches"]);
        assert_eq!(c["bought"], s["amount"]);
        assert_eq!(c["at"], s["at"]);
    }
}

#[test]
fn a_pool_below_the_minimum_waits_and_the_report_says_where() {
    let text = TINY.replace(
        "[cardholders]",
        "[settlement_bank]\nminimum = \"1000000 EUR\"\n\n[cardholders]",
    );
    let sc = scenario(&text);
    let (outcome, log) = run_logged(&sc);
    assert!(outcome.violation.is_none());
    assert!(events_of(&log, "remittance_sent").is_empty());
    assert!(!events_of(&log, "remittance_held").is_empty());
    let report = text_report(&sc, &outcome);
    let pool = report.lines().find(|l| l.contains("in the EUR pool")).unwrap();
    let total = report
        .lines()
        .find(|l| l.trim_start().starts_with("completed payments"))
        .unwrap();
    let amount = |l: &str| l.split_whitespace().last().unwrap().to_string();
    // Everything but the scheme fees sits in the pool.
    let fees = report.lines().find(|l| l.contains("scheme fees")).unwrap();
    let num = |s: String| rust_decimal::Decimal::from_str_exact(&s.replace(',', "")).unwrap();
    assert_eq!(num(amount(pool)) + num(amount(fees)), num(amount(total)));
}

#[test]
fn a_tampered_book_breaks_nothing_lost() {
    let sc = scenario(TINY);
    let mut outcome = corridor::world::run(&sc, None);
    assert_eq!(check_end(&outcome), Ok(()));
    // The agents' records are read-only outside the run, so the tampering
    // is 12.34 EUR that appears in merchants' accounts out of nowhere (the
    // FX market pays it, keeping double entry whole).
    let worth = corridor::world::invariants::merchants_due(&outcome).0.amount();
    let extra = corridor::domain::money::Money::eur(rust_decimal::Decimal::new(1234, 2));
    let a = outcome.accounts.clone();
    outcome
        .ledger
        .post(&[(a.fx_market_eur, -extra), (a.paid_to_merchants, extra)])
        .unwrap();
    assert_eq!(
        check_end(&outcome),
        Err(format!(
            "nothing lost: completed payments less refunds are worth {:.2} EUR but the places hold {:.2} EUR",
            worth,
            worth + rust_decimal::Decimal::new(1234, 2)
        ))
    );
}

#[test]
fn a_cutoff_just_after_midnight_keeps_the_small_hours_in_the_day_before() {
    let midnight = scenario(&FIXED.replace("[switch]\n", "[switch]\ncutoff = \"00:00\"\n"));
    let after = scenario(&FIXED.replace("[switch]\n", "[switch]\ncutoff = \"00:01\"\n"));
    let batches = |sc| -> Vec<String> {
        let (_, log) = run_logged(sc);
        events_of(&log, "clearing_batch_closed")
            .iter()
            .map(|e| format!("{} {}", e["batch"], e["payments"]))
            .collect()
    };
    assert_eq!(batches(&midnight), batches(&after));
}

#[test]
fn weekly_merchants_are_paid_on_mondays_only() {
    let sc = bundled_scenario("spring-festival-2018");
    let (_, log) = run_logged(&sc);
    let lux = corridor::domain::zone::Zone::get("Europe/Luxembourg").unwrap();
    let sent: Vec<_> = events_of(&log, "payout_sent")
        .into_iter()
        .filter(|e| e["merchant"].as_str().unwrap().starts_with("lux-cafes/"))
        .collect();
    assert!(!sent.is_empty());
    for e in sent {
        let day = lux.date(instant(e["at"].as_str().unwrap()));
        assert_eq!(day.weekday(), jiff::civil::Weekday::Monday, "{e}");
    }
}

/// The acquirer books every change to a merchant's account as it makes it:
/// summed, the bookings are its balances and its suspense at the end, and
/// each credit is the statement line's sales less refunds less the MDR.
#[test]
fn the_acquirers_bookings_add_up_to_its_books() {
    use corridor::agents::acquirer::Entry;
    use rust_decimal::Decimal;
    for name in [
        "spring-festival-2018",
        "payout-returns",
        "refund-storm",
        "short-remittance",
    ] {
        let sc = bundled_scenario(name);
        let o = corridor::world::run(&sc, None);
        let bookings = o.acquirer().bookings();
        let balance: Decimal = bookings.iter().map(|k| k.balance.amount()).sum();
        assert_eq!(
            balance,
            o.awaiting_payout().amount() + o.owed_by_merchants().amount(),
            "{name}"
        );
        let suspense: Decimal = bookings.iter().map(|k| k.suspense.amount()).sum();
        assert_eq!(
            suspense,
            o.suspense().values().map(|m| m.amount()).sum::<Decimal>(),
            "{name}"
        );
        assert!(bookings.windows(2).all(|w| w[0].at <= w[1].at), "{name}: in time order");
        for k in bookings {
            if let Entry::Credited { sold, refunds, mdr, .. } = k.entry {
                assert_eq!(k.balance, sold - refunds - mdr, "{name}");
            }
        }
    }
}
