//! The explorer and `explain`: screens rendered into ratatui's TestBackend
//! at 80x24 and 120x40 (and below the minimum) and snapshotted, the
//! key-handling state machine with the exact status messages, the running
//! totals and the merchant view checked against the run's own books, and
//! the explained life of a payment across Spring Festival, of one whose
//! payout came back and of a declined one.

use corridor::agents::acquirer::PayoutOutcome;
use corridor::engine::Instant;
use corridor::replay::Recording;
use corridor::replay::story::story;
use corridor::report::explain;
use corridor::tui::app::{Screen, Showing};
use corridor::tui::{App, Input, view};
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

fn ctrl(app: &mut App, c: char) {
    app.update(Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
    key(app, KeyCode::Enter);
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t.backend().to_string()
}

/// The screen's lines, without the quotes TestBackend puts around them.
fn lines(app: &App, w: u16, h: u16) -> Vec<String> {
    screen(app, w, h)
        .lines()
        .map(|l| l.trim_matches('"').trim_end().to_string())
        .collect()
}

/// Lines of the event log on the screen: after the log's title line, the
/// lines that start with a Beijing time (`21 Feb 16:01`).
fn log_lines(screen: &[String]) -> Vec<String> {
    let title = screen
        .iter()
        .position(|l| l.starts_with("Events, Beijing time"))
        .expect("log shown");
    screen[title + 1..]
        .iter()
        .filter(|l| l.len() > 12 && l.as_bytes()[2] == b' ' && l.as_bytes()[9] == b':')
        .cloned()
        .collect()
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
    // The banks reopen: the longest note of the run, with the log below it.
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-02-22 10:30");
    snapshots().bind(|| {
        insta::assert_snapshot!("explore-main-note-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("explore-main-note-120x40", screen(&a, 120, 40));
    });
    key(&mut a, KeyCode::Char('c'));
    snapshots().bind(|| {
        insta::assert_snapshot!("explore-charts-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("explore-charts-120x40", screen(&a, 120, 40));
    });
    key(&mut a, KeyCode::Esc);
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
    // The rerun has not started: the frame drawn now says it is coming.
    assert!(a.whatif.comparison.is_none());
    assert_eq!(a.status.as_deref(), Some("running what-if (seed 11, 1 fault off)..."));
    assert!(screen(&a, 80, 24).contains("running what-if (seed 11, 1 fault off)..."));
    a.work();
    assert_eq!(
        a.status.as_deref(),
        Some("what-if done: o opens it in the explorer, tab switches runs, c shows the settings")
    );
    let c = a.whatif.comparison.as_ref().expect("compared");
    let suspense = c.metrics.iter().find(|m| m.metric == "eur.suspense").unwrap();
    assert_eq!(
        (suspense.a.unwrap().to_string(), suspense.b.unwrap().to_string()),
        ("13582.54 EUR".to_string(), "0.00 EUR".to_string())
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
    assert_eq!(c.changed.len(), 67);
    assert_eq!(c.purchases.redrawn, 0);
    a.status = None;
    snapshots().bind(|| {
        insta::assert_snapshot!("explore-whatif-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("explore-whatif-120x40", screen(&a, 120, 40));
    });
}

/// The what-if run opens in the explorer; tab switches between it and the
/// run opened, at the same instant, and the header says which is shown.
#[test]
fn the_what_if_run_opens_and_tab_switches_back() {
    let mut a = app("payout-returns");
    key(&mut a, KeyCode::Tab);
    assert_eq!(
        a.status.as_deref(),
        Some("no what-if run yet: press w, choose, then enter")
    );
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-03-12");
    let at = a.now;
    let suspense = |a: &App| view::balances(a)[a.rec.outcome.accounts.suspense.index()];
    assert_eq!(suspense(&a).to_string(), "13582.54");
    key(&mut a, KeyCode::Char('w'));
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Enter);
    a.work();
    key(&mut a, KeyCode::Char('o'));
    assert!(matches!(a.screen, Screen::Main));
    assert_eq!(a.showing, Showing::WhatIf);
    assert_eq!(a.now, at);
    assert_eq!(
        a.status.as_deref(),
        Some("showing the what-if run (seed 11, 1 fault off): tab goes back")
    );
    // Without the RR04 block nothing is in suspense on 12 March.
    assert_eq!(suspense(&a).to_string(), "0.00");
    assert!(lines(&a, 80, 24)[0].contains("WHAT-IF seed 11, 1 fault off"));
    a.status = None;
    snapshots().bind(|| insta::assert_snapshot!("explore-main-whatif-80x24", screen(&a, 80, 24)));
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.showing, Showing::Baseline);
    assert_eq!(
        a.status.as_deref(),
        Some("showing the run you opened: tab shows the what-if")
    );
    assert_eq!(suspense(&a).to_string(), "13582.54");
    assert!(lines(&a, 80, 24)[0].ends_with("Payout returns"));
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
    assert_eq!(a.now, a.rec.events.at(a.cursor.unwrap()));
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
    let e = &a.rec.events.get(a.cursor.unwrap());
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
    let e = &a.rec.events.get(a.cursor.unwrap());
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

/// A date outside the run is refused with the run's dates; the clock stays.
#[test]
fn go_to_a_date_outside_the_run_says_so() {
    let mut a = app("spring-festival-2018");
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-02-20");
    let at = a.now;
    for (typed_date, status) in [
        (
            "2018-03-31",
            "`2018-03-31` is after the run, which ends Wed 07 Mar 2018 00:00 Beijing time: type a date from 2018-02-12 to 2018-03-07",
        ),
        (
            "2018-02-11 23:00",
            "`2018-02-11 23:00` is before the run, which starts Mon 12 Feb 2018 00:00 Beijing time: type a date from 2018-02-12 to 2018-03-07",
        ),
    ] {
        key(&mut a, KeyCode::Char('g'));
        typed(&mut a, typed_date);
        assert_eq!(a.status.as_deref(), Some(status));
        assert_eq!(a.now, at, "the clock did not move");
    }
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "22 February");
    assert_eq!(
        a.status.as_deref(),
        Some("`22 February` is not a date: type 2018-02-22 or 2018-02-22 10:00 (Beijing time)")
    );
}

/// An event is selected from the first frame; enter on one that carries no
/// payment says so; esc on the main screen never quits.
#[test]
fn an_event_is_selected_from_the_start_and_enter_always_answers() {
    let mut a = app("spring-festival-2018");
    let c = a.cursor.expect("an event is selected at the start");
    assert_eq!(a.rec.events.kind(c).name(), "merchant_onboarded");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.screen, Screen::Main));
    assert_eq!(
        a.status.as_deref(),
        Some("this event (merchant_onboarded) carries no payment: press p to type a payment id")
    );
    key(&mut a, KeyCode::Esc);
    assert!(!a.quit);
    assert_eq!(a.status.as_deref(), Some("esc closes prompts and screens; q quits"));
    // A filter that shows only later events selects the first of them, and
    // the first step goes to it.
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "kind:remittance_sent");
    let first = a.cursor.expect("the first remittance is selected");
    assert!(a.rec.events.at(first) > a.now);
    key(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.screen, Screen::Story { .. }),
        "a remittance leads to a payment it carries"
    );
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Right);
    assert_eq!(a.cursor, Some(first));
    assert_eq!(a.now, a.rec.events.at(first));
    // Esc closes a prompt, then does nothing worse than say how to quit.
    key(&mut a, KeyCode::Char('g'));
    key(&mut a, KeyCode::Esc);
    assert!(a.prompt.is_none());
    key(&mut a, KeyCode::Esc);
    assert!(!a.quit);
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
}

/// With a filter on, f and F look among the filtered events, and say
/// plainly when none of them is a failure.
#[test]
fn failures_are_found_among_the_filtered_events() {
    let mut a = app("payout-returns");
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "merchant:paris-boutiques/3");
    // Its three AC04 returns, one after the other, then nothing further.
    for _ in 0..3 {
        key(&mut a, KeyCode::Char('f'));
        let e = &a.rec.events.get(a.cursor.unwrap());
        assert_eq!(e.kind().name(), "payout_returned");
        assert!(a.status.is_none());
    }
    key(&mut a, KeyCode::Char('f'));
    assert_eq!(a.status.as_deref(), Some("no failure later in the run"));
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "kind:payment_declined");
    key(&mut a, KeyCode::Home);
    key(&mut a, KeyCode::Char('f'));
    assert_eq!(
        a.status.as_deref(),
        Some(
            "no failure later among the events the filter `kind:payment_declined` shows; 5 later outside it (/ then enter clears the filter)"
        )
    );
    // The message wraps on the bottom line instead of running off it.
    let screen = lines(&a, 80, 24);
    assert!(screen[22].starts_with("no failure later among"), "{screen:#?}");
    assert!(screen[23].contains("outside it"), "{screen:#?}");
    key(&mut a, KeyCode::Char('F'));
    assert_eq!(a.status.as_deref(), Some("no failure earlier in the run"));
    // A filter nothing matches says so in the log.
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "kind:exception_resolved");
    assert!(a.cursor.is_none());
    let screen = lines(&a, 80, 24);
    assert!(
        screen.contains(&"no event matches the filter `kind:exception_resolved` (/ then enter clears it)".to_string()),
        "{screen:#?}"
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.status.as_deref(),
        Some("no event selected: the filter `kind:exception_resolved` shows none (/ then enter clears it)")
    );
}

/// Ctrl-U clears the prompt, Ctrl-W deletes a word, and control keys are
/// never typed as letters.
#[test]
fn prompts_edit_like_a_shell() {
    let mut a = app("baseline");
    key(&mut a, KeyCode::Char('/'));
    for c in "kind:payout_sent agent:issuer".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    ctrl(&mut a, 'w');
    assert_eq!(a.prompt.as_ref().unwrap().text, "kind:payout_sent ");
    ctrl(&mut a, 'u');
    assert_eq!(a.prompt.as_ref().unwrap().text, "");
    ctrl(&mut a, 'a');
    typed(&mut a, "kind:payout_sent");
    assert_eq!(a.filter.as_ref().unwrap().text, "kind:payout_sent");
    // Ctrl-C in a prompt cancels it; on a screen it quits.
    key(&mut a, KeyCode::Char('g'));
    ctrl(&mut a, 'c');
    assert!(a.prompt.is_none() && !a.quit && !a.interrupted);
    ctrl(&mut a, 'c');
    // The command then exits 130, as SIGINT would.
    assert!(a.quit && a.interrupted);
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

/// The explorer's help lists every reason code of every R-transaction with
/// its meaning, after the glossary's words.
#[test]
fn the_help_glossary_lists_every_reason_code() {
    let mut a = app("payout-returns");
    key(&mut a, KeyCode::Char('?'));
    let text = screen(&a, 120, 200);
    assert!(text.contains("Reason codes"));
    for line in corridor::domain::reason::glossary() {
        assert!(text.contains(&line), "lacks {line:?}");
    }
}

/// Below 80x24 the explorer says so, with the size it needs; keys still
/// work (q quits).
#[test]
fn a_terminal_below_80x24_gets_a_clear_screen() {
    let mut a = app("baseline");
    for (w, h) in [(60, 20), (79, 24), (80, 23)] {
        let text = screen(&a, w, h);
        assert!(
            text.contains(&format!("terminal too small: {w}x{h}, need at least 80x24")),
            "{text}"
        );
        assert!(text.contains("enlarge the window, or press q to quit"));
    }
    assert!(!screen(&a, 80, 24).contains("too small"));
    snapshots().bind(|| insta::assert_snapshot!("explore-too-small-60x20", screen(&a, 60, 20)));
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
}

/// At 80x24 every bundled scenario's notes are shown whole, wrapped, and the
/// event log keeps at least six lines; every amount in the log is whole.
#[test]
fn at_80x24_notes_wrap_whole_and_the_log_keeps_six_lines() {
    for name in [
        "spring-festival-2018",
        "baseline",
        "evening-cutoffs",
        "fx-shock",
        "payout-returns",
        "refund-storm",
        "regulator-delay",
        "short-remittance",
    ] {
        let mut a = app(name);
        let notes: Vec<_> = a.rec.scenario.notes.iter().map(|n| (n.at, n.text.clone())).collect();
        for (at, text) in notes {
            a.set_time(at);
            let screen = lines(&a, 80, 24);
            let shown: String = screen.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                shown.contains(&format!("Note: {text}")),
                "{name}: note cut\n{screen:#?}"
            );
            let log = log_lines(&screen);
            assert!(log.len() >= 6, "{name}: {} log lines\n{screen:#?}", log.len());
            for line in &log {
                assert!(amount_whole(line), "{name}: {line}");
            }
        }
    }
}

/// True when the first amount on a log line is whole: a figure with its
/// cents, then its currency (a cut line ends in `…` later, never inside it).
fn amount_whole(line: &str) -> bool {
    let Some(at) = line.find(" EUR").or_else(|| line.find(" CNY")) else {
        return true;
    };
    let b = line.as_bytes();
    at >= 3 && b[at - 3] == b'.' && b[at - 2].is_ascii_digit() && b[at - 1].is_ascii_digit()
}

/// Every log line shows its amount in full, right after the kind, at 80x24.
#[test]
fn log_amounts_stay_on_screen_at_80x24() {
    let mut a = app("spring-festival-2018");
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-02-22 10:30");
    let screen = lines(&a, 80, 24);
    let log = log_lines(&screen);
    let remittance: Vec<&String> = log.iter().filter(|l| l.contains("remittance_sent")).collect();
    assert_eq!(remittance.len(), 1, "{log:#?}");
    assert!(remittance[0].contains("1,291,940.40 EUR  R0003"), "{}", remittance[0]);
    for line in &log {
        assert!(line.chars().count() <= 80);
        assert!(amount_whole(line), "{line}");
    }
}

/// The running totals are the run's own figures: at the end they equal the
/// report's payments, declines, EUR paid and EUR in suspense.
#[test]
fn running_totals_agree_with_the_report() {
    use corridor::tui::view::totals::Totals;
    let mut a = app("payout-returns");
    key(&mut a, KeyCode::End);
    let t = Totals::at(&a);
    let report = corridor::report::Report::new(&a.rec.scenario, &a.rec.outcome);
    let declined: u64 = report.payments.declined.values().sum();
    assert_eq!(t.payments as u64, u64::from(a.rec.outcome.cardholders().initiated()));
    assert_eq!(t.declined as u64, declined);
    assert_eq!(t.paid, report.money.places.paid_to_merchants.amount());
    let suspense: rust_decimal::Decimal = report.money.places.in_suspense.values().map(|m| m.amount()).sum();
    assert_eq!(t.suspense, suspense);
    key(&mut a, KeyCode::Home);
    let t = Totals::at(&a);
    assert_eq!((t.payments, t.declined), (0, 0));
    assert_eq!(t.decline_rate(), None);
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-03-12");
    assert_eq!(
        lines(&a, 80, 24)[2],
        "Payments 3,471 · declined 0.8% · paid 126,887.66 EUR · suspense 13,582.54 EUR"
    );
}

/// The merchant view sums the acquirer's own bookings: over all merchants,
/// balances and suspense at the end are the acquirer's, and what each
/// merchant nets is what was credited less what it was paid and holds.
#[test]
fn the_merchant_view_reads_the_acquirers_books() {
    use corridor::tui::view::merchants::accounts;
    let mut a = app("payout-returns");
    key(&mut a, KeyCode::End);
    let all = accounts(&a);
    let o = &a.rec.outcome;
    let balance: rust_decimal::Decimal = all.iter().map(|m| m.balance).sum();
    assert_eq!(balance, o.awaiting_payout().amount() + o.owed_by_merchants().amount());
    let suspense: rust_decimal::Decimal = all.iter().map(|m| m.suspense).sum();
    assert_eq!(suspense, o.suspense().values().map(|m| m.amount()).sum());
    // What reached merchants' banks is the ledger's "paid to merchants".
    let in_bank: rust_decimal::Decimal = all.iter().map(|m| m.in_bank).sum();
    assert_eq!(in_bank, view::balances(&a)[o.accounts.paid_to_merchants.index()]);
    for m in &all {
        assert_eq!(m.nets, m.credited_sales - m.refunds - m.mdr);
        // No direct debits in this scenario: what the merchant holds at the
        // acquirer is what it netted, less what was paid and stayed paid.
        assert_eq!(m.balance + m.suspense, m.nets - m.paid_out.1 + m.came_back.1);
    }
    let p3 = a.rec.names().by_name("paris-boutiques/3").unwrap();
    let m = &all[p3.index()];
    assert_eq!(m.came_back.0, 3);
    assert!(m.reasons.contains("AC04"));
    // Opened from the selected event, at 12 March, on the RR04 merchant.
    key(&mut a, KeyCode::Char('g'));
    typed(&mut a, "2018-03-12");
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "merchant:paris-boutiques/7");
    key(&mut a, KeyCode::Char('m'));
    assert!(matches!(a.screen, Screen::Merchants { selected: 6 }));
    let in_bank: rust_decimal::Decimal = accounts(&a).iter().map(|m| m.in_bank).sum();
    assert_eq!(
        in_bank,
        view::balances(&a)[a.rec.outcome.accounts.paid_to_merchants.index()]
    );
    snapshots().bind(|| {
        insta::assert_snapshot!("explore-merchants-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("explore-merchants-120x40", screen(&a, 120, 40));
    });
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.filter.as_ref().unwrap().text, "merchant:paris-boutiques/8");
    assert!(matches!(a.screen, Screen::Main));
}

/// explain keeps only what a payment's story reads; the story is the one
/// the full recording tells, for completed, declined, refunded and returned
/// payments alike.
#[test]
fn explain_from_a_small_recording_tells_the_same_story() {
    for name in ["payout-returns", "refund-storm"] {
        let sc = bundled_scenario(name);
        let full = Recording::record(&sc);
        let initiated = full.outcome.cardholders().initiated();
        for i in (0..initiated).step_by(797) {
            let p = corridor::domain::ids::PaymentId::from_index(i);
            let small = Recording::record_for_payment(&sc, p);
            let (a, b) = (
                story(&full, &p.to_string()).unwrap(),
                story(&small, &p.to_string()).unwrap(),
            );
            assert_eq!(explain::text(&a), explain::text(&b), "{name} {p}");
            assert_eq!(explain::mermaid(&a), explain::mermaid(&b), "{name} {p}");
        }
    }
}
