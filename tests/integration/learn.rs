//! `corridor learn`: every bundled lesson taken to its end in a scripted
//! TestBackend run (snapshots at 80x24 and 120x40, the first question
//! answered wrong, the others right); the answer keys follow the run when
//! the seed changes; lesson files refused with file:line:column, key and
//! what is valid; the course's list and a Markdown handout; and the binary
//! in a real terminal (tmux) answering one question wrong and one right.

use corridor::learn::query::Answer;
use corridor::learn::{self, Kind, Prepared, bundled};
use corridor::messages::Body;
use corridor::replay::Recording;
use corridor::scenario::{self, bundled as scenarios};
use corridor::tui::learn::{Tutor, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::support::*;

/// Lesson `text` (file `file`) on its bundled scenario, the lesson's seed
/// or `seed` over it: recorded and prepared.
fn prepare(file: &str, text: &str, seed: Option<u64>) -> Result<(Prepared, Recording), String> {
    let lesson = learn::parse(file, text).map_err(|e| e.to_string())?;
    let b = scenarios::find(&lesson.scenario).expect("a bundled scenario");
    let sc =
        scenario::load_seeded(b.name, b.text, &scenarios::data, seed.or(lesson.seed)).map_err(|e| e.to_string())?;
    let rec = Recording::record(&sc);
    let prepared = learn::prepare(lesson, &rec).map_err(|e| e.to_string())?;
    Ok((prepared, rec))
}

fn bundled_lesson(id: &str) -> (Prepared, Recording) {
    let b = bundled::find(id).expect("a bundled lesson");
    prepare(&format!("{id}.toml"), b.text, None).unwrap_or_else(|e| panic!("{e}"))
}

fn key(t: &mut Tutor, code: KeyCode) {
    t.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(t: &mut Tutor, text: &str) {
    for c in text.chars() {
        key(t, KeyCode::Char(c));
    }
    key(t, KeyCode::Enter);
}

fn screen(t: &Tutor, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| draw::draw(f, t)).unwrap();
    term.backend().to_string()
}

/// A wrong answer of the same kind as `right`.
fn wrong(right: &Answer) -> String {
    match right {
        Answer::Date(d) => d.tomorrow().unwrap().to_string(),
        Answer::Money(_) => "1.00".to_string(),
        _ => unreachable!("typed answers are dates and amounts"),
    }
}

/// Takes the lesson to its end, answering the first question wrong and the
/// others right; every frame drawn at `w`x`h`, one after another.
fn take(id: &str, w: u16, h: u16) -> String {
    let (lesson, rec) = bundled_lesson(id);
    let plan: Vec<_> = lesson
        .lesson
        .stops
        .iter()
        .zip(&lesson.placed)
        .map(|(s, p)| (s.question.as_ref().map(|q| q.kind), p.fact.clone(), p.options.clone()))
        .collect();
    let mut t = Tutor::lesson(lesson, rec, false);
    let mut frames = Vec::new();
    let mut first = true;
    for (kind, fact, options) in plan {
        frames.push(screen(&t, w, h));
        if let (Some(kind), Some(fact)) = (kind, fact) {
            let right = fact.value.to_string();
            match kind {
                Kind::Choice => {
                    let at = options
                        .iter()
                        .position(|o| *o == right)
                        .expect("the answer is an option");
                    let pick = if first { (at + 1) % options.len() } else { at };
                    // The highlighted option moves down to the pick, then enter.
                    for _ in 0..pick {
                        key(&mut t, KeyCode::Down);
                    }
                    key(&mut t, KeyCode::Enter);
                }
                _ if first => typed(&mut t, &wrong(&fact.value)),
                _ => typed(&mut t, &right.replace(" EUR", "").replace(" CNY", "")),
            }
            first = false;
            frames.push(screen(&t, w, h));
        }
        key(&mut t, KeyCode::Right);
    }
    frames.push(screen(&t, w, h));
    let session = t.session.as_ref().expect("still in the lesson");
    assert!(session.finished(), "{id}: the lesson did not reach its score screen");
    let (right, asked) = session.score();
    assert_eq!(right + 1, asked, "{id}: all but the first question right");
    frames.join("\n")
}

#[test]
fn every_bundled_lesson_runs_to_its_end() {
    for l in bundled::LESSONS {
        let small = take(l.id, 80, 24);
        let large = take(l.id, 120, 40);
        snapshots().bind(|| {
            insta::assert_snapshot!(format!("learn-{}-80x24", l.id), small);
            insta::assert_snapshot!(format!("learn-{}-120x40", l.id), large);
        });
    }
}

/// Every question of every bundled lesson, on screen before it is
/// answered (at 80x24 and 120x40): its answer (a date, also inside a batch
/// id; an amount; an id or a code) is on none of the panels, and the stop's
/// text says no date or amount that answers it (a code may be there, in a
/// list of what the codes mean): the trainee predicts before the run shows
/// them.
#[test]
fn no_question_shows_its_answer_before_it_is_answered() {
    let mut found = Vec::new();
    for l in bundled::LESSONS {
        let (lesson, rec) = bundled_lesson(l.id);
        let asked: Vec<(usize, Answer)> = lesson
            .placed
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.fact.as_ref().map(|f| (i, f.value.clone())))
            .collect();
        let mut t = Tutor::lesson(lesson, rec, false);
        for (i, answer) in asked {
            t.session.as_mut().unwrap().go(i);
            for (w, h) in [(80, 24), (120, 40)] {
                let all = screen(&t, w, h);
                let above: Vec<&str> = all.lines().take_while(|l| !l.contains("Question:")).collect();
                // The stop's text starts under a rule across the screen.
                let rule = above
                    .iter()
                    .rposition(|l| l.trim_matches('"').chars().all(|c| c == '─'))
                    .expect("the text's rule");
                let (panels, text) = (above[3..rule].join("\n"), above[rule + 1..].join("\n"));
                let forms = answer.giveaways();
                let said = matches!(answer, Answer::Date(_) | Answer::Money(_));
                if learn::query::shown_in(&panels, &forms).is_some()
                    || (said && learn::query::shown_in(&text, &forms).is_some())
                {
                    found.push(format!(
                        "{} stop {} at {w}x{h} shows {answer}:\n{}",
                        l.id,
                        i + 1,
                        above.join("\n")
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "answers on screen before they are given:\n{}",
        found.join("\n\n")
    );
}

/// The four corners follow P00000001 from the scan to the shop's account:
/// the last stop is the payout that carries it (`pays`), to its merchant.
#[test]
fn the_four_corners_end_on_the_payout_that_pays_the_followed_payment() {
    let (lesson, rec) = bundled_lesson("four-corners");
    let first = &rec.events.get(lesson.placed[0].event);
    let last = &rec.events.get(lesson.placed.last().unwrap().event);
    assert_eq!(first.body.payment().unwrap().to_string(), "P00000001");
    let payout = last.body.payout().expect("a payout event");
    let carried = &rec.outcome.acquirer().payouts()[payout.index()];
    assert!(carried.payments.iter().any(|c| c.payment.to_string() == "P00000001"));
    assert_eq!(last.body.merchant(), first.body.merchant());
}

#[test]
fn a_trainee_goes_back_to_any_stop_and_sees_the_feedback_again() {
    let (lesson, rec) = bundled_lesson("spring-festival");
    let mut t = Tutor::lesson(lesson, rec, false);
    key(&mut t, KeyCode::Right);
    assert_eq!(
        t.session.as_ref().unwrap().error.as_deref(),
        Some("answer first: the clock moves on once you have (left goes back)")
    );
    typed(&mut t, "22 Feb");
    assert_eq!(
        t.session.as_ref().unwrap().error.as_deref(),
        Some("`22 Feb` is not a date: type it like 2018-02-22")
    );
    for _ in 0.."22 Feb".len() {
        key(&mut t, KeyCode::Backspace);
    }
    typed(&mut t, "2018-02-22");
    let s = t.session.as_ref().unwrap();
    let a = s.answers[0].as_ref().unwrap();
    assert!(a.right);
    assert_eq!(
        a.feedback,
        [
            "Right: 2018-02-22.",
            "Thu 22 Feb 10:00 UTC+8, switch: remit R0003: 1,291,940.40 EUR. Why: waits: 15 to 21 February are closed (public holidays) in China; the next working day is 22 February",
            "Thu 22 Feb 11:23 UTC+8, settlement bank: sends 1,291,940.40 EUR (R0003), value date 2018-02-23",
        ]
    );
    key(&mut t, KeyCode::Right);
    assert_eq!(t.session.as_ref().unwrap().stop, 1);
    key(&mut t, KeyCode::Left);
    let s = t.session.as_ref().unwrap();
    assert_eq!(s.stop, 0);
    assert!(
        s.answers[0].is_some() && !s.asking(),
        "an answered question stays answered"
    );
    key(&mut t, KeyCode::Esc);
    assert!(t.quit, "leaving a lesson opened on its own quits");
}

/// The answer to a stop's question, as the run gives it.
fn answers(p: &Prepared) -> Vec<String> {
    p.placed
        .iter()
        .filter_map(|x| x.fact.as_ref().map(|f| f.value.to_string()))
        .collect()
}

#[test]
fn the_answers_follow_the_run_when_the_seed_changes() {
    let text = bundled::find("payment-in-seconds").unwrap().text;
    let (one, rec_one) = prepare("payment-in-seconds.toml", text, None).unwrap();
    let reseeded = text.replace("[lesson]\n", "[lesson]\nseed = 12\n");
    let (two, rec_two) = prepare("payment-in-seconds.toml", &reseeded, None).unwrap();
    assert_eq!(rec_two.scenario.seed, 12);
    assert_eq!(answers(&one), ["47.21 EUR", "368.81 CNY"]);
    let (a, b) = (answers(&one), answers(&two));
    assert_ne!(a, b, "another seed, other purchases, other answers");
    // Each answer is the run's own: the EUR the switch fixed and the CNY it
    // asked the issuer for, for the payment of the stop.
    for (p, rec, got) in [(&one, &rec_one, &a), (&two, &rec_two, &b)] {
        let payment = rec.events.get(p.placed[0].event).body.payment().unwrap();
        let eur = rec.events.iter().find_map(|e| match &e.body {
            Body::PaymentCompleted { payment: q, amount, .. } if *q == payment => Some(amount.grouped()),
            _ => None,
        });
        let cny = rec.events.iter().find_map(|e| match &e.body {
            Body::AuthorizationRequested { payment: q, amount, .. } if *q == payment => Some(amount.grouped()),
            _ => None,
        });
        assert_eq!(got, &[eur.unwrap(), cny.unwrap()]);
    }
    // Over Spring Festival the calendar decides the dates whatever the
    // seed; the remittance's size is the run's.
    let text = bundled::find("spring-festival").unwrap().text;
    let (one, _) = prepare("spring-festival.toml", text, None).unwrap();
    let (two, rec) = prepare("spring-festival.toml", text, Some(99)).unwrap();
    assert_eq!(answers(&one), answers(&two));
    let r = rec.events.get(two.placed[2].event).body.remittance().unwrap();
    let report = corridor::report::Report::new(&rec.scenario, &rec.outcome);
    let metrics = corridor::report::metrics::metrics(&rec.outcome, &report);
    assert_eq!(
        answers(&two)[2],
        metrics[&format!("remittance.{r}.batches")].to_string(),
        "the count is the metric `corridor test --metrics` gives"
    );
}

#[test]
fn the_readme_lesson_is_a_real_lesson() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\n[lesson]").expect("the README shows a lesson") + "```toml\n".len();
    let text = &readme[start..start + readme[start..].find("```").unwrap()];
    let (lesson, _) = prepare("README.md", text, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answers(&lesson), ["2018-02-22"]);
}

const GOOD: &str = "[lesson]
title = \"t\"
scenario = \"baseline\"

[[stop]]
title = \"first\"
at = { kind = \"clearing_batch_closed\" }
panel = \"calendar\"
text = \"x\"

[stop.question]
ask = \"When does it leave?\"
type = \"date\"
answer = \"batch.this.sent\"
";

fn refusal(text: &str) -> String {
    match prepare("lesson.toml", text, None) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

#[test]
fn lesson_files_are_refused_with_the_place_and_what_is_valid() {
    assert!(prepare("lesson.toml", GOOD, None).is_ok());
    assert_eq!(
        refusal(&GOOD.replace("panel = \"calendar\"", "panel = \"calender\"")),
        "lesson.toml:8:9: stop.panel: stop 1: unknown panel `calender`; did you mean `calendar`? Valid panels: money, calendar, log, sequence"
    );
    assert_eq!(
        refusal(&GOOD.replace("batch.this.sent", "batch.this.snet")),
        "lesson.toml:14:10: stop.question.answer: stop 1: unknown query `batch.this.snet`; did you mean `batch.this.sent`? Queries: payment.ID.eur, payment.ID.cny, payment.ID.rate, payment.ID.clearing_day, payment.ID.debited_by, payment.ID.credited, batch.ID.sent, batch.ID.requested, batch.ID.value_date, batch.ID.remittance, remittance.ID.amount, exception.ID.shortfall, payout.ID.message, payout.ID.reason, payout.ID.released, refund.ID.failures, direct_debit.ID.amount, batch.ID.paid_to, exception.ID.resolved_by, direct_debit.ID.outcome, switch.fx_outcome, and every metric of `corridor test --metrics`"
    );
    assert_eq!(
        refusal(&GOOD.replace("answer = \"batch.this.sent\"\n", "")),
        "lesson.toml:11:1: stop.question.answer: stop 1: the question has no answer query: write answer = \"QUERY\" (like batch.this.sent); the answer is computed from the run, never typed"
    );
    assert_eq!(
        refusal(&GOOD.replace("kind = \"clearing_batch_closed\"", "kind = \"payout_returned\"")),
        "lesson.toml:7:6: stop.at: stop 1 (first): the selector matches no event in the run of Baseline fortnight"
    );
    assert_eq!(
        refusal(&GOOD.replace(
            "kind = \"clearing_batch_closed\"",
            "kind = \"clearing_batch_closed\", nth = 99"
        )),
        "lesson.toml:7:6: stop.at: stop 1 (first): the selector matches fewer than 99 events in the run of Baseline fortnight"
    );
    assert_eq!(
        refusal(&GOOD.replace("kind = \"clearing_batch_closed\"", "kind = \"batch_closed\"")),
        format!(
            "lesson.toml:7:15: stop.at.kind: stop 1: unknown event kind `batch_closed`. Kinds, as the event log names them: {}",
            corridor::messages::Kind::ALL
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    assert_eq!(
        refusal(&GOOD.replace("type = \"date\"", "type = \"amount\"")),
        "lesson.toml:14:10: stop.question.answer: stop 1: `batch.this.sent` is not an amount query: a date question needs a date, an amount question an amount; ask a choice instead"
    );
    assert_eq!(
        refusal(&GOOD.replace(
            "type = \"date\"\nanswer = \"batch.this.sent\"",
            "type = \"choice\"\nanswer = \"batch.this.remittance\"\noptions = [\"R0002\", \"R0003\"]"
        )),
        "lesson.toml:15:11: stop.question.options: stop 1: the run's answer to `batch.this.remittance` is `R0001`, which is none of the options: add it, or ask about another instant"
    );
    assert_eq!(
        refusal(
            &GOOD
                .replace("answer = \"batch.this.sent\"", "answer = \"payment.this.eur\"")
                .replace("type = \"date\"", "type = \"amount\"")
        ),
        "lesson.toml:14:10: stop.question.answer: stop 1: `payment.this.eur`: the stop's event (clearing_batch_closed) names no payment; stop at an event that does, or write the id"
    );
    assert_eq!(
        refusal(&GOOD.replace("text = \"x\"", "text = \"x\"\npanle = \"log\"")),
        "lesson.toml:10:1: stop.panle: stop 1: unknown key `panle` in [[stop]]; did you mean `panel`? Valid keys: title, at, panel, text, question"
    );
    assert_eq!(
        refusal(&GOOD.replace("kind = \"clearing_batch_closed\"", "time = \"2018-03-06 09:00\"")),
        "lesson.toml:7:15: stop.at.time: stop 1: `2018-03-06 09:00` is not an instant: write a date, a time and an offset, like \"2018-02-20T09:00+08:00\""
    );
    assert_eq!(
        refusal(&GOOD.replace(
            "kind = \"clearing_batch_closed\"",
            "kind = \"clearing_batch_closed\", time = \"2018-03-06T09:00+08:00\""
        )),
        "lesson.toml:7:47: stop.at.time: stop 1: give a time or an event selector, not both"
    );
    assert!(
        refusal(&GOOD.replace("kind = \"clearing_batch_closed\"", "kind = \"payout_setled\"")).starts_with(
            "lesson.toml:7:15: stop.at.kind: stop 1: unknown event kind `payout_setled`; did you mean `payout_settled`? Kinds, as the event log names them: "
        )
    );
    assert_eq!(
        refusal(&GOOD.replace("text = \"x\"", "text = \"x on {weekday}\"")),
        "lesson.toml:7:6: stop.text: stop 1 (first): unknown word `{weekday}` in the text; the run's words are {day}, {switch.markup}, {settlement_bank.remit_at}, {settlement_bank.approval}, {settlement_bank.cutoff}, {settlement_bank.transit}"
    );
    assert_eq!(
        refusal(&GOOD.replace("text = \"x\"", "text = \"It leaves on 2018-03-06.\"")),
        "lesson.toml:7:6: stop.text: stop 1 (first): the text says `2018-03-06`, the run's answer to its question: the trainee would read it before answering; say it in the feedback's place, not the text's"
    );
    // A time stops at the last event at or before it.
    let timed = GOOD.replace("kind = \"clearing_batch_closed\"", "time = \"2018-03-06T00:00+08:00\"");
    let (p, rec) = prepare("lesson.toml", &timed, None).unwrap();
    let e = &rec.events.get(p.placed[0].event);
    assert_eq!(e.kind().name(), "clearing_batch_closed");
    assert_eq!(answers(&p), ["2018-03-06"]);
    let two = format!(
        "{GOOD}\n[[stop]]\ntitle = \"second\"\nat = {{ kind = \"payment_completed\" }}\npanel = \"log\"\ntext = \"y\"\n"
    );
    assert_eq!(
        refusal(&two),
        "lesson.toml:18:6: stop.at: stop 2 (second) is earlier in the run than stop 1: put the stops in the run's order"
    );
}

#[test]
fn a_bad_lesson_file_exits_2_naming_the_place() {
    let bad = GOOD.replace("panel = \"calendar\"", "panel = \"mony\"");
    let d = dir_with("learn-bad", &[("lesson.toml", &bad)]);
    let o = corridor_in(Some(&d), &["learn", "lesson.toml", "--markdown"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: lesson.toml:8:9: stop.panel: stop 1: unknown panel `mony`; did you mean `money`? Valid panels: money, calendar, log, sequence\n"
    );
    assert_eq!(stdout(&o), "");
    let d = dir_with(
        "learn-missing",
        &[("lesson.toml", &GOOD.replace("\"baseline\"", "\"nowhere.toml\""))],
    );
    let o = corridor_in(Some(&d), &["learn", "lesson.toml", "--markdown"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: lesson.toml:3:12: lesson.scenario: `nowhere.toml` is neither a scenario file beside the lesson nor a bundled scenario (spring-festival-2018, baseline,"),
        "{}",
        stderr(&o)
    );
    // A trainer's lesson reads a scenario file beside it.
    let d = dir_with(
        "learn-beside",
        &[
            ("lesson.toml", &GOOD.replace("\"baseline\"", "\"mine.toml\"")),
            ("mine.toml", scenarios::find("baseline").unwrap().text),
        ],
    );
    let o = corridor_in(Some(&d), &["learn", "lesson.toml", "--markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("## Answers\n\n1. **2018-03-06**\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_course_lists_its_lessons_in_teaching_order() {
    let o = corridor(&["learn", "--list"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "four-corners         The four corners, plus two
payment-in-seconds   A payment in seconds
clearing-day         Beijing's clearing day, the shop's evening
conversion           Conversion and the FX risk
spring-festival      Remittance over Spring Festival
value-dates          Value dates on TARGET2
reconciliation       Reconciliation, exceptions and short remittances
payouts-and-returns  Payouts, rejects, returns and suspense
refunds              Refunds, NOT_ENOUGH and direct debits
"
    );
}

#[test]
fn a_lesson_prints_as_a_markdown_handout() {
    let o = corridor(&["learn", "four-corners", "--markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    snapshots().bind(|| insta::assert_snapshot!("learn-four-corners-markdown", stdout(&o)));
}

/// The binary in a real terminal (tmux, 80x24): one answer wrong, the next
/// right, then leaving the lesson gives the terminal back.
#[cfg(unix)]
#[test]
fn a_trainee_answers_in_a_real_terminal() {
    let server = format!("corridor-learn-{}", std::process::id());
    corridor_in_tmux(&server, (80, 24), None, "learn spring-festival");
    assert!(
        pane_shows(&server, "Your answer (a date, YYYY-MM-DD): _"),
        "the lesson never drew"
    );
    tmux(&server, &["send-keys", "-t", "s", "2018-02-16", "Enter"]);
    let wrong = pane_shows(&server, "Not quite: you said 2018-02-16; the run says 2018-02-22.");
    assert!(wrong, "{}", tmux(&server, &["capture-pane", "-p", "-t", "s"]));
    tmux(&server, &["send-keys", "-t", "s", "Right"]);
    assert!(pane_shows(&server, "stop 2 of 4"));
    tmux(&server, &["send-keys", "-t", "s", "2018-02-22", "Enter"]);
    let right = pane_shows(&server, "Right: 2018-02-22.");
    assert!(right, "{}", tmux(&server, &["capture-pane", "-p", "-t", "s"]));
    assert!(pane_shows(&server, "score 1/4"));
    tmux(&server, &["send-keys", "-t", "s", "Escape"]);
    assert!(pane_shows(&server, "RC=0"));
    let state = tmux(&server, &["display", "-p", "-t", "s", "#{alternate_on} #{cursor_flag}"]);
    assert_eq!(state.trim(), "0 1", "alternate screen, cursor");
    tmux(&server, &["kill-server"]);
}

#[test]
fn the_course_opens_a_lesson_and_remembers_its_score() {
    let entries: Vec<_> = bundled::LESSONS
        .iter()
        .map(|l| {
            let lesson = learn::parse(l.id, l.text).unwrap();
            (l.id.to_string(), lesson.title, lesson.summary)
        })
        .collect();
    let load: corridor::tui::learn::Load = Box::new(|id: &str| {
        let b = bundled::find(id).ok_or_else(|| format!("no lesson {id}"))?;
        prepare(&format!("{id}.toml"), b.text, None)
    });
    let mut t = Tutor::course(entries, load, false);
    snapshots().bind(|| insta::assert_snapshot!("learn-course-80x24", screen(&t, 80, 24)));
    key(&mut t, KeyCode::Char('3'));
    assert_eq!(
        t.status.as_deref(),
        Some("simulating the run of \"Beijing's clearing day, the shop's evening\"...")
    );
    t.work();
    assert!(t.session.is_some());
    typed(&mut t, "2018-04-24");
    key(&mut t, KeyCode::Right);
    typed(&mut t, "2018-04-25");
    key(&mut t, KeyCode::Right);
    assert!(t.session.as_ref().unwrap().finished());
    // Back to a stop from the score screen, then out: the score is kept.
    key(&mut t, KeyCode::Enter);
    key(&mut t, KeyCode::Esc);
    assert!(t.session.is_none() && !t.quit, "esc leaves the lesson for the list");
    assert!(screen(&t, 80, 24).contains("3. Beijing's clearing day, the shop's evening  (taken: 2 of 2 right)"));
    key(&mut t, KeyCode::Char('q'));
    assert!(t.quit);
}

#[test]
fn learn_draws_only_in_a_terminal() {
    let o = corridor(&["learn", "spring-festival"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: learn draws in a terminal: run it from one (for a handout, use corridor learn LESSON --markdown)\n"
    );
    let o = corridor(&["learn", "no-such-lesson"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: no-such-lesson: no such lesson file, and no bundled lesson of that id (bundled: four-corners, payment-in-seconds, clearing-day, conversion, spring-festival, value-dates, reconciliation, payouts-and-returns, refunds)\n"
    );
}
