//! The explorer and `explain`: screens rendered into ratatui's TestBackend
//! at 80x24 and 120x40 and snapshotted, the key-handling state machine, and
//! the explained life of a payment across Spring Festival and of one whose
//! payout came back.

use corridor::agents::acquirer::PayoutOutcome;
use corridor::engine::Instant;
use corridor::replay::Recording;
use corridor::replay::story::story;
use corridor::report::explain;
use corridor::tui::{App, Input, Marks, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::support::*;

fn app(name: &str) -> App {
    let rec = Recording::record(&bundled_scenario(name));
    App::new(rec, Box::new(|_| Err("no reload in tests".to_string())), false)
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Input::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
    key(app, KeyCode::Enter);
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let marks = Marks::new(&app.rec);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app, &marks)).unwrap();
    t.backend().to_string()
}

fn beijing(date: &str, hm: &str) -> Instant {
    let d: jiff::civil::Date = date.parse().unwrap();
    corridor::domain::zone::Zone::beijing().at(d, corridor::scenario::values::local_time(hm).unwrap())
}

#[test]
fn screens_at_80x24_and_120x40() {
    let mut a = app("spring-festival-2018");
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-02-21 12:00");
    snapshots().bind(|| {
        insta::assert_snapshot!("explore-main-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("explore-main-120x40", screen(&a, 120, 40));
    });
    key(&mut a, KeyCode::Char('p'));
    typed(&mut a, "P00001506");
    snapshots().bind(|| {
        insta::assert_snapshot!("explore-story-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("explore-story-120x40", screen(&a, 120, 40));
    });
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('?'));
    snapshots().bind(|| {
        insta::assert_snapshot!("explore-help-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("explore-help-120x40", screen(&a, 120, 40));
    });
}

#[test]
fn a_what_if_with_a_fault_switched_off() {
    let mut a = app("payout-returns");
    key(&mut a, KeyCode::Char('w'));
    key(&mut a, KeyCode::Char('3')); // the RR04 reject
    key(&mut a, KeyCode::Enter);
    let rows = a.whatif.rows.as_ref().expect("compared");
    let suspense = rows.iter().find(|r| r.what == "money in suspense (EUR)").unwrap();
    assert_eq!(
        (suspense.base.as_str(), suspense.changed.as_str()),
        ("13,582.54", "0.00")
    );
    // Same purchases, but the payments the RR04 block held now reach their
    // merchant: their time to credit changed, and nothing else did.
    let held: usize = a
        .rec
        .outcome
        .acquirer()
        .payouts()
        .iter()
        .filter(|p| matches!(p.outcome, PayoutOutcome::Rejected(r) if r.code == "RR04"))
        .map(|p| p.payments.len())
        .sum();
    assert_eq!(held, 67);
    let changed = rows.iter().find(|r| r.what == "payments changed").unwrap();
    assert_eq!(changed.changed, "67 of 5093");
    snapshots().bind(|| {
        insta::assert_snapshot!("explore-whatif-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("explore-whatif-120x40", screen(&a, 120, 40));
    });
}

#[test]
fn time_moves_both_ways_exactly() {
    let mut a = app("spring-festival-2018");
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-02-20");
    assert_eq!(a.now, beijing("2018-02-20", "00:00"));
    let (at, cursor) = (a.now, a.cursor);
    let money = a.rec.balances_at(a.now);
    for _ in 0..500 {
        key(&mut a, KeyCode::Right);
    }
    assert_eq!(a.cursor, cursor.map(|c| c + 500));
    assert_eq!(a.now, a.rec.events[a.cursor.unwrap()].at);
    for _ in 0..500 {
        key(&mut a, KeyCode::Left);
    }
    assert_eq!(a.cursor, cursor);
    assert_eq!(a.rec.balances_at(a.now), money);
    assert!(a.now <= at);
}

#[test]
fn jumps_land_on_the_right_event() {
    let mut a = app("spring-festival-2018");
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-02-15");
    key(&mut a, KeyCode::Char('r'));
    let e = &a.rec.events[a.cursor.unwrap()];
    assert_eq!(e.kind().name(), "remittance_sent");
    // The first remittance after 15 February waits for the holiday's end.
    assert_eq!(
        corridor::domain::zone::Zone::beijing().date(e.at).to_string(),
        "2018-02-22"
    );
    key(&mut a, KeyCode::Char('R'));
    assert_eq!(
        corridor::domain::zone::Zone::beijing().date(a.now).to_string(),
        "2018-02-14"
    );
    key(&mut a, KeyCode::Char('d'));
    assert_eq!(a.now, beijing("2018-02-15", "00:00"));
    key(&mut a, KeyCode::Char('D'));
    assert_eq!(a.now, beijing("2018-02-14", "00:00"));
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "kind:payout_settled merchant:milan-fashion/1");
    key(&mut a, KeyCode::Right);
    let e = &a.rec.events[a.cursor.unwrap()];
    assert_eq!(e.kind().name(), "payout_settled");
    assert!(a.filter.as_ref().unwrap().admits(e));
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "9999-12-31 23:59");
    assert!(
        a.status
            .as_deref()
            .unwrap()
            .starts_with("`9999-12-31 23:59` is not a date")
    );
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "kind:nonsense");
    assert_eq!(
        a.status.as_deref(),
        Some("`nonsense` is not an event kind (e.g. payout_sent, remittance_sent)")
    );
}

#[test]
fn the_clock_plays_at_the_chosen_speed_and_stops_at_the_end() {
    let mut a = app("baseline");
    let start = a.now;
    key(&mut a, KeyCode::Char(' '));
    a.update(Input::Tick(1_000));
    assert_eq!(a.now.0 - start.0, 3_600_000, "1 h/s for one second");
    key(&mut a, KeyCode::Char('+'));
    a.update(Input::Tick(500));
    assert_eq!(a.now.0 - start.0, 3_600_000 + 3 * 3_600_000);
    key(&mut a, KeyCode::End);
    a.update(Input::Tick(1_000));
    assert!(!a.playing);
    a.update(Input::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(a.quit);
}

#[test]
fn explain_a_payment_across_spring_festival() {
    let rec = Recording::record(&bundled_scenario("spring-festival-2018"));
    let s = story(&rec, "P00001506").unwrap();
    let text = explain::text(&s);
    assert!(text.contains(
        "waits: 15 to 21 February are closed (public holidays) in China; the next working day is 22 February"
    ));
    // Thousands separated; every time with its UTC offset, never CST/CET.
    assert!(s.title.contains("with 3,066.54 CNY at 7.8244 CNY/EUR"), "{}", s.title);
    assert!(text.contains("remit R0003: 1,291,940.40 EUR"), "{text}");
    assert!(text.contains("Thu 22 Feb 10:00 UTC+8"), "{text}");
    assert!(text.contains("Fri 23 Feb 07:00 UTC+1"), "{text}");
    assert!(!text.contains("CST") && !text.contains("CET"), "{text}");
    assert_eq!(
        s.summary,
        [
            "paris-boutiques/8 nets 386.04 EUR of this payment after the acquirer's 1.5% MDR (5.88 EUR).",
            "Times are local to whoever acts: UTC+1 Paris (cardholder, merchant); UTC+8 Beijing (issuer, switch, bank, SAFE); UTC+1 Luxembourg (acquirer).",
        ]
    );
    assert!(text.contains(
        "credits paris-boutiques/8 9,991.80 EUR for B20180214: 10,143.96 EUR sold less the 1.5% MDR (152.16 EUR)"
    ));
    // SAFE has a lane of its own: the bank asks it, it answers the bank.
    let header = text.lines().find(|l| l.trim_start().starts_with("holder")).unwrap();
    assert!(header.contains("bank    SAFE  acquirer"), "{header}");
    assert!(text.contains("|       |       |       |       o------>o       |\n                         asks the regulator (SAFE) to approve R0003"));
    snapshots().bind(|| {
        insta::assert_snapshot!("explain-spring-festival", text);
        insta::assert_snapshot!("explain-spring-festival-mermaid", explain::mermaid(&s));
    });
}

#[test]
fn explain_a_payment_whose_payout_came_back() {
    let rec = Recording::record(&bundled_scenario("payout-returns"));
    let returned = rec
        .outcome
        .acquirer()
        .payouts()
        .iter()
        .find(|p| matches!(p.outcome, PayoutOutcome::Returned(_)))
        .unwrap();
    let s = story(&rec, &returned.payments[0].payment.to_string()).unwrap();
    let text = explain::text(&s);
    assert!(text.contains("returns the payout (pacs.004 AC04: account has been closed)"));
    assert!(text.contains("account fixed"), "{text}");
    snapshots().bind(|| insta::assert_snapshot!("explain-returned", text));
}

/// A small pool the settlement bank holds below its remittance minimum: the
/// story gives the bank's recorded reason, with the pool it held, and the
/// step where the days go out once the pool reaches the minimum.
#[test]
fn explain_a_payment_held_below_the_remittance_minimum() {
    let sc = scenario(HELD_BELOW_MINIMUM);
    let rec = Recording::record(&sc);
    let s = story(&rec, "P00000002").unwrap();
    let text = explain::text(&s);
    assert!(text.contains("holds: below the minimum of 2,500.00 EUR"), "{text}");
    assert!(
        text.contains(
            "held: the EUR pool was below the 2,500.00 EUR minimum (1,697.74 EUR on 6 March); it goes out once it reaches it"
        ),
        "{text}"
    );
    assert!(text.contains("remit R0001: 2,677.58 EUR"), "{text}");
    snapshots().bind(|| insta::assert_snapshot!("explain-held-below-minimum", text));
}

const HELD_BELOW_MINIMUM: &str = r#"
[scenario]
name = "held below the minimum"
summary = "A small pool waits at the settlement bank until it reaches the remittance minimum."
seed = 11
start = 2018-03-05
days = 4
drain_days = 14

[fx]
open = "7.8"
volatility = "0%"

[cardholders]
count = 12
wallet = "20000..40000 CNY"
purchases_per_day = 1
ticket = "20..200 EUR"
active_hours = "10:00..16:00"

[[merchants]]
name = "paris"
count = 2
country = "FR"

[settlement_bank]
minimum = "2500 EUR"
approval = "none"
"#;

/// A declined payment's story says it was declined, by whom and why, and
/// that nothing was paid; never "paid by".
#[test]
fn explain_a_declined_payment() {
    let rec = Recording::record(&bundled_scenario("spring-festival-2018"));
    let s = story(&rec, "P00000392").unwrap();
    let text = explain::text(&s);
    assert_eq!(
        s.title,
        "P00000392: 473.54 EUR at milan-fashion/3, declined by the issuer: insufficient balance"
    );
    assert_eq!(
        s.summary[..2],
        [
            "Why: the wallet, topped up from any linked bank card, held less CNY than the payment.".to_string(),
            "Nothing was paid: no money moved (it would have cost C001316 3,663.40 CNY at 7.7362 CNY/EUR), and the merchant gets nothing.".to_string(),
        ]
    );
    assert!(!text.contains("paid by"), "{text}");
    snapshots().bind(|| insta::assert_snapshot!("explain-declined", text));
}

#[test]
fn explain_refuses_an_unknown_payment() {
    let o = corridor(&["explain", "baseline", "--payment", "P99999999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: no payment P99999999 in this run: ids run from P00000001 to P0000"),
        "{}",
        stderr(&o)
    );
    let o = corridor(&["explain", "baseline", "--payment", "P00000010", "--mermaid"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("sequenceDiagram\n"));
}
