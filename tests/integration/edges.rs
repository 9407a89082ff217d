//! Issue 8's edges: amounts that round to nothing or go below zero, reports
//! that add up. Each example found by the fuzzing is a test with its right
//! value.

use corridor::domain::money::{Currency, Money};
use corridor::report::Report;
use corridor::world as sim;

use super::support::*;

/// EUR prices worth less than one fen at a rate of 0.1 CNY per EUR.
const TINY_TICKETS: &str = r#"
[scenario]
name = "tiny tickets"
seed = 1
start = 2018-03-05
days = 1

[fx]
open = "0.1"
volatility = "0%"

[cardholders]
count = 10
ticket = "0.01..0.02 EUR"

[[merchants]]
name = "cafes"
count = 2
country = "FR"
"#;

#[test]
fn a_payment_worth_less_than_a_fen_is_declined_invalid_amount() {
    let sc = scenario(TINY_TICKETS);
    let (o, log) = run_logged(&sc);
    assert!(o.violation.is_none(), "{:?}", o.violation);
    // Five purchases, each tried once more after its decline.
    let declined = events_of(&log, "payment_declined");
    assert_eq!(declined.len(), 10);
    assert!(declined.iter().all(|e| e["reason"] == "invalid_amount"));
    assert!(events_of(&log, "authorization_requested").is_empty());
    let text = text_report(&sc, &o);
    assert!(
        text.contains("Payments: 10 initiated, 0 completed (0.00 EUR / 0.00 CNY), 10 declined"),
        "{text}"
    );
    assert!(text.contains("  declined invalid_amount                 10"), "{text}");
}

/// Every purchase refunded whole a day later: some clearing days' refunds
/// exceed their takings in EUR.
const ALL_REFUNDED: &str = r#"
[scenario]
name = "refunds above takings"
seed = 5
start = 2018-03-05
days = 4
drain_days = 14

[fx]
open = "7.8121"
volatility = "6.5%"

[cardholders]
count = 200
wallet = "2000..50000 CNY"
purchases_per_day = 0.5
ticket = "10..800 EUR"
active_hours = "10:00..19:00"

[[merchants]]
name = "paris"
count = 3
country = "FR"

[refunds]
rate = "100%"
after = "1d..1d"
partial = "0%"
"#;

#[test]
fn a_statement_that_nets_below_zero_is_carried_never_converted() {
    let sc = scenario(ALL_REFUNDED);
    let (o, log) = run_logged(&sc);
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let negative: Vec<_> = o.switch().batches().values().filter(|b| b.net.is_negative()).collect();
    assert_eq!(negative.len(), 1);
    assert_eq!(negative[0].net, Money::eur(rust_decimal::Decimal::new(-823, 2)));
    for e in events_of(&log, "fx_converted") {
        let bought: Money = e["bought"].as_str().unwrap().parse().unwrap();
        assert!(!bought.is_negative(), "{e}");
    }
    let last = events_of(&log, "fx_converted").pop().unwrap();
    assert_eq!(last["batches"][0], "B20180309");
    assert_eq!(last["bought"], "0.00 EUR");
    assert_eq!(o.bank().carried(), negative[0].net);
    assert!(o.ledger.balance(o.accounts.eur_pool).is_zero());
    let text = text_report(&sc, &o);
    assert!(
        text.contains("  owed by merchants: negative statements carried              -8.23"),
        "{text}"
    );
    let json = corridor::report::json::render(&Report::new(&sc, &o));
    assert!(json.contains(r#""carried_negative_statements": "-8.23 EUR""#), "{json}");
}

#[test]
fn a_shortfall_larger_than_the_remittance_never_prints_minus_zero() {
    let text = include_str!("../../scenarios/short-remittance.toml")
        .replace(r#"amount = "500 EUR""#, r#"amount = "99999999 EUR""#);
    let sc = scenario(&text);
    let o = sim::run(&sc, None);
    let report = text_report(&sc, &o);
    assert!(!report.contains("-0.00"), "{report}");
    let json = corridor::report::json::render(&Report::new(&sc, &o));
    assert!(!json.contains("-0.00"), "{json}");
    let r = o.bank().remittances().iter().find(|r| !r.short.is_zero()).unwrap();
    assert_eq!(r.short, r.amount);
    assert_eq!(Money::zero(Currency::EUR).to_string(), "0.00 EUR");
    assert_eq!((r.amount - r.short).to_string(), "0.00 EUR");
}

#[test]
fn every_bundled_report_adds_up() {
    for b in corridor::scenario::bundled::SCENARIOS
        .iter()
        .filter(|b| b.name != "scale-1m")
    {
        let sc = bundled_scenario(b.name);
        let o = sim::run(&sc, None);
        report_adds_up(&sc, &o).unwrap_or_else(|e| panic!("{}: {e}", b.name));
    }
}

/// A morning cut-off puts the first small hours in the clearing day before
/// the run's first day: that day has its row.
const MORNING_CUTOFF: &str = r#"
[scenario]
name = "morning cut-off"
seed = 2
start = 2021-04-05
days = 3

[fx]
open = "7.7"
volatility = "6.5%"

[cardholders]
count = 2000
active_hours = "00:00..20:00"

[[merchants]]
name = "lisbon"
count = 5
country = "PT"

[switch]
cutoff = "11:59"
"#;

#[test]
fn a_morning_cut_off_gives_the_day_before_the_start_its_row() {
    let sc = scenario(MORNING_CUTOFF);
    let o = sim::run(&sc, None);
    report_adds_up(&sc, &o).unwrap();
    let r = Report::new(&sc, &o);
    let first = &r.days[0];
    assert_eq!(first.date, "2021-04-04");
    assert!(first.payments > 0);
    assert!(o.switch().batches().contains_key(&"2021-04-04".parse().unwrap()));
}

#[test]
fn payout_returns_credited_less_returned_is_what_merchants_kept() {
    let sc = bundled_scenario("payout-returns");
    let o = sim::run(&sc, None);
    let r = Report::new(&sc, &o);
    let mut total = corridor::report::model::DayRow::zero("total");
    r.days.iter().for_each(|d| total.add(d));
    assert_eq!(total.paid.to_string(), "918783.06 EUR");
    assert_eq!(total.returned.to_string(), "28983.71 EUR");
    assert_eq!(r.money.places.paid_to_merchants.to_string(), "889799.35 EUR");
    let text = text_report(&sc, &o);
    assert!(text.contains("EUR credited  EUR returned"), "{text}");
    assert!(
        text.contains("total                              5,022    7,046,972.69    911,636.14    911,636.14    911,636.14    918,783.06     28,983.71"),
        "{text}"
    );
}

/// No drain days and slow answers: the run stops while some payments wait.
const STOPS_MID_AUTHORISATION: &str = r#"
[scenario]
name = "no drain"
seed = 4
start = 2018-03-05
days = 1
drain_days = 0

[fx]
open = "7.8"
volatility = "6.5%"

[cardholders]
count = 5000
active_hours = "00:00..23:59"

[[merchants]]
name = "paris"
count = 4
country = "FR"

[switch]
latency = "1s..30s"
"#;

#[test]
fn payments_in_flight_at_the_end_are_counted() {
    let sc = scenario(STOPS_MID_AUTHORISATION);
    let o = sim::run(&sc, None);
    report_adds_up(&sc, &o).unwrap();
    let r = Report::new(&sc, &o);
    assert!(r.payments.in_flight > 0, "nothing in flight");
    let text = text_report(&sc, &o);
    assert!(
        text.contains(&format!(", {} in flight at the end\n", r.payments.in_flight)),
        "{text}"
    );
}

// H. Shoppers behave as people do.

#[test]
fn no_purchase_is_offered_to_a_merchant_before_it_is_live() {
    let (o, log) = run_logged(&scenario(
        &TINY.replace("days = 2\ndrain_days = 14\n", "days = 8\ndrain_days = 4\n"),
    ));
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let live = events_of(&log, "merchant_onboarded")
        .into_iter()
        .find(|e| e["merchant"] == "lux/1")
        .expect("lux/1 is onboarded");
    let at_lux: Vec<_> = events_of(&log, "payment_initiated")
        .into_iter()
        .filter(|e| e["merchant"] == "lux/1")
        .collect();
    assert!(!at_lux.is_empty());
    assert!(at_lux.iter().all(|e| e["seq"].as_u64() > live["seq"].as_u64()));
    let default = bundled_scenario("spring-festival-2018");
    let o = sim::run(&default, None);
    let r = Report::new(&default, &o);
    assert_eq!(r.payments.declined.get("merchant_not_active"), None);
}

/// Small wallets, no linked card, one merchant: shoppers run out of money.
const EMPTY_WALLETS: &str = r#"
[scenario]
name = "empty wallets"
seed = 8
start = 2018-03-05
days = 3

[fx]
open = "7.8"
volatility = "0%"

[cardholders]
count = 50
wallet = "100..200 CNY"
linked_card = "none"
purchases_per_day = 6
ticket = "20..40 EUR"

[[merchants]]
name = "paris"
count = 1
country = "FR"
"#;

#[test]
fn a_declined_shopper_retries_once_then_stops_for_the_day() {
    let sc = scenario(EMPTY_WALLETS);
    let (o, log) = run_logged(&sc);
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let initiated = events_of(&log, "payment_initiated");
    let declined: std::collections::BTreeSet<String> = events_of(&log, "payment_declined")
        .iter()
        .map(|e| e["payment"].as_str().unwrap().to_string())
        .collect();
    let paris = corridor::domain::zone::Zone::get("Europe/Paris").unwrap();
    // Per shopper and Paris day: the attempts in order, declined or not.
    let mut days: std::collections::BTreeMap<(String, String), Vec<(String, bool)>> = Default::default();
    for e in &initiated {
        let at = corridor::engine::Instant(
            e["at"]
                .as_str()
                .unwrap()
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_millisecond(),
        );
        let key = (e["cardholder"].to_string(), paris.date(at).to_string());
        let id = e["payment"].as_str().unwrap().to_string();
        let amount = e["amount"].as_str().unwrap().to_string();
        days.entry(key).or_default().push((amount, declined.contains(&id)));
    }
    let mut stopped = 0;
    for attempts in days.values() {
        // A purchase is tried at most twice; once a retry (the second try of
        // a price) is declined, the shopper makes no other attempt that day.
        for (i, (amount, was_declined)) in attempts.iter().enumerate() {
            let tries = attempts[..=i].iter().filter(|(a, _)| a == amount).count();
            assert!(tries <= 2, "{attempts:?}");
            if tries == 2 && *was_declined {
                assert_eq!(attempts.len(), i + 1, "{attempts:?}");
                stopped += 1;
            }
        }
        let first_declines = attempts.iter().filter(|(_, d)| *d).count();
        assert!(first_declines == 0 || attempts.iter().any(|(_, d)| !d) || stopped > 0);
    }
    assert!(stopped > 10, "only {stopped} shoppers stopped");
}

#[test]
fn a_short_wallet_is_topped_up_from_the_linked_card() {
    let text = EMPTY_WALLETS.replace("linked_card = \"none\"", "linked_card = \"100000..100000 CNY\"");
    let (o, log) = run_logged(&scenario(&text));
    assert!(o.violation.is_none(), "{:?}", o.violation);
    assert!(
        events_of(&log, "payment_declined")
            .iter()
            .all(|e| e["reason"] != "insufficient_balance")
    );
    let topped: Vec<_> = events_of(&log, "payment_authorized")
        .into_iter()
        .filter(|e| e.get("from_card").is_some())
        .collect();
    assert!(!topped.is_empty());
    let first = &topped[0];
    let amount: Money = first["amount"].as_str().unwrap().parse().unwrap();
    let from_card: Money = first["from_card"].as_str().unwrap().parse().unwrap();
    assert!(from_card.is_positive() && from_card <= amount, "{first}");
}
