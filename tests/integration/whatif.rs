//! The explorer's what-if with the settings editor: a scripted session
//! (TestBackend) changes the settlement bank's minimum, the payout scheme,
//! the convert mode and a fault, is refused a bad value with the loader's
//! message beside the key, reruns, shows the comparison at 80x24 and
//! 120x40, opens a changed payment's story in either run, and keeps the
//! variant, which `corridor run` runs as `--set` does; faults and FX shocks
//! added and removed; the same session in a real terminal (tmux).

use corridor::replay::Recording;
use corridor::tui::app::{Screen, Showing};
use corridor::tui::whatif::Pane;
use corridor::tui::whatif::editor::Row;
use corridor::tui::{App, Input, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::support::*;

/// The explorer on a bundled scenario, its variants kept in `dir`.
fn app(name: &str, dir: &std::path::Path) -> App {
    let rec = Recording::record(&bundled_scenario(name));
    let source = corridor::cli::whatif_source(Some(name), Vec::new(), dir).expect("bundled");
    App::with_source(rec, source, false)
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

/// Selects `name` with `/` and types its new value over the one offered.
fn set(app: &mut App, name: &str, value: &str) {
    key(app, KeyCode::Char('/'));
    typed(app, name);
    assert_eq!(selected(app), name);
    key(app, KeyCode::Char('e'));
    app.update(Input::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    typed(app, value);
}

fn selected(app: &App) -> String {
    app.whatif
        .editor
        .as_ref()
        .and_then(|e| e.selected_key())
        .unwrap_or_default()
        .to_string()
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t.backend().to_string()
}

const CHANGES: [(&str, &str); 4] = [
    ("settlement_bank.minimum", "50000 EUR"),
    ("acquirer.scheme", "SCT_INST"),
    ("switch.convert", "at_remittance"),
    ("faults[1].reason", "AC01"),
];

#[test]
fn a_scripted_what_if_changes_settings_reruns_compares_and_keeps_the_variant() {
    let dir = dir_with("whatif-session", &[]);
    let mut a = app("payout-returns", &dir);
    key(&mut a, KeyCode::Char('w'));
    assert_eq!(a.whatif.pane, Pane::Settings);
    // Every key of the scenario's schema is listed with its value: the
    // file's own, or the default.
    let ed = a.whatif.editor.as_ref().expect("the scenario's text");
    let value = |ed: &corridor::tui::whatif::Editor, k: &str| {
        ed.rows.iter().find_map(|r| match r {
            Row::Key { key, value, .. } if key == k => Some(value.clone()),
            _ => None,
        })
    };
    assert_eq!(value(ed, "scenario.seed"), Some(Some("11".into())));
    assert_eq!(value(ed, "settlement_bank.minimum"), Some(None));
    assert_eq!(value(ed, "faults[3].reason"), Some(Some("\"RR04\"".into())));
    assert_eq!(value(ed, "faults[4].reason"), None);

    // A bad value: the loader's message beside the key, and no run.
    set(&mut a, "settlement_bank.minimum", "5000 XYZ");
    let refused = "`XYZ` is not a currency corridor knows: use CNY, EUR or USD";
    assert_eq!(
        a.status.as_deref(),
        Some(
            format!("--set settlement_bank.minimum=5000 XYZ: does not validate: settlement_bank.minimum: {refused}")
                .as_str()
        )
    );
    a.status = None;
    let shown = screen(&a, 80, 24);
    assert!(shown.contains("x `XYZ` is not a currency"), "{shown}");
    snapshots().bind(|| insta::assert_snapshot!("whatif-refused-80x24", shown));
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.status.as_deref(),
        Some(
            format!(
                "cannot run: the changed scenario does not validate: settlement_bank.minimum: {refused} (u undoes the last change)"
            )
            .as_str()
        )
    );
    assert!(a.pending.is_none());

    // The four changes; setting the minimum again replaces the bad value.
    for (k, v) in CHANGES {
        set(&mut a, k, v);
        assert_eq!(
            a.status.as_deref(),
            Some(format!("--set {k}={v}: the scenario validates; enter runs it").as_str())
        );
    }
    let ed = a.whatif.editor.as_ref().unwrap();
    assert_eq!(ed.changes.len(), 4);
    assert_eq!(value(ed, "acquirer.scheme"), Some(Some("\"SCT_INST\"".into())));
    assert_eq!(
        a.whatif.faults[0].0,
        "payout_return AC01 paris-boutiques/3, 2018-03-06 to 2018-03-09"
    );
    a.status = None;
    snapshots().bind(|| {
        insta::assert_snapshot!("whatif-settings-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("whatif-settings-120x40", screen(&a, 120, 40));
    });

    // Rerun: the status line says so before it starts, then the comparison.
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.status.as_deref(),
        Some("running what-if (seed 11, all faults on, 4 changes)...")
    );
    a.work();
    assert_eq!(a.whatif.pane, Pane::Compare);
    let c = a.whatif.comparison.clone().expect("compared");
    let metric = |name: &str| {
        let m = c.metrics.iter().find(|m| m.metric == name).unwrap();
        (
            m.a.map(|v| v.to_string()).unwrap_or_default(),
            m.b.map(|v| v.to_string()).unwrap_or_default(),
        )
    };
    assert_eq!(c.purchases.redrawn, 0);
    let (p50_a, p50_b) = metric("time_to_credit.p50");
    assert_eq!(p50_a, "3d 20h 11m");
    assert_ne!(p50_a, p50_b);
    a.status = None;
    snapshots().bind(|| {
        insta::assert_snapshot!("whatif-compare-80x24", screen(&a, 80, 24));
        insta::assert_snapshot!("whatif-compare-120x40", screen(&a, 120, 40));
    });
    key(&mut a, KeyCode::Char('g'));
    snapshots().bind(|| insta::assert_snapshot!("whatif-compare-chart-80x24", screen(&a, 80, 24)));
    key(&mut a, KeyCode::Char('g'));

    // A changed payment's story, in the run opened, then in the what-if.
    let first = c.changed[0].clone();
    key(&mut a, KeyCode::Enter);
    let Screen::Story { story, .. } = &a.screen else {
        panic!("a story")
    };
    assert!(story.title.starts_with(&format!("{}:", first.a_id)), "{}", story.title);
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::WhatIf));
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.showing, Showing::WhatIf);
    key(&mut a, KeyCode::Enter);
    let Screen::Story { story, .. } = &a.screen else {
        panic!("a story")
    };
    assert!(story.title.starts_with(&format!("{}:", first.b_id)), "{}", story.title);
    assert!(screen(&a, 120, 40).contains("WHAT-IF seed 11, all faults on, 4 changes"));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.showing, Showing::Baseline);

    // Keep the variant: beside, never over, an existing one.
    key(&mut a, KeyCode::Char('v'));
    let kept = dir.join("payout-returns.variant.toml");
    assert_eq!(
        a.status.as_deref(),
        Some(format!("variant kept in {0}: corridor run {0} runs it", kept.display()).as_str())
    );
    key(&mut a, KeyCode::Char('v'));
    let again = dir.join("payout-returns.variant-2.toml");
    assert_eq!(
        a.status.as_deref(),
        Some(
            format!(
                "variant kept in {0} (payout-returns.variant.toml exists, left as it was): corridor run {0} runs it",
                again.display()
            )
            .as_str()
        )
    );
    let text = std::fs::read_to_string(&kept).unwrap();
    assert!(
        text.starts_with("# A closed account, a wrong IBAN and a regulatory block"),
        "{text}"
    );
    assert!(
        text.contains("scheme = \"SCT_INST\" # changed: was not set (the default)"),
        "{text}"
    );
    assert!(text.contains("reason = \"AC01\" # changed: was \"AC04\""), "{text}");

    // The variant runs as the scenario with the same changes does, and as
    // the what-if the explorer ran.
    let variant = corridor_in(None, &["run", kept.to_str().unwrap()]);
    assert_eq!(stderr(&variant), "");
    let mut args = vec!["run".to_string(), "payout-returns".to_string()];
    for (k, v) in CHANGES {
        args.push("--set".into());
        args.push(format!("{k}={v}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let set = corridor(&args);
    assert_eq!(stdout(&variant), stdout(&set));
    key(&mut a, KeyCode::Char('o'));
    assert_eq!(stdout(&variant), text_report(&a.rec.scenario, &a.rec.outcome));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn faults_and_fx_shocks_are_added_and_removed() {
    let dir = dir_with("whatif-add", &[]);
    let mut a = app("payout-returns", &dir);
    key(&mut a, KeyCode::Char('w'));
    // A new fault, with a mistake the loader names, then put right.
    key(&mut a, KeyCode::Char('n'));
    typed(
        &mut a,
        "kind=payout_reject, merchant=paris-boutiques/2, reason=ZZ99, on=2018-03-09",
    );
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("a new faults entry: does not validate: "),
        "{status}"
    );
    assert_eq!(a.whatif.faults.len(), 3, "the list keeps the last valid faults");
    // The new fault's first key is selected, to go on with it.
    assert_eq!(selected(&a), "faults[4].amount");
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "faults[4].reason");
    key(&mut a, KeyCode::Char('e'));
    a.update(Input::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    typed(&mut a, "AC01");
    assert_eq!(
        a.status.as_deref(),
        Some("--set faults[4].reason=AC01: the scenario validates; enter runs it")
    );
    assert_eq!(
        a.whatif.faults[3].0,
        "payout_reject AC01 paris-boutiques/2, 2018-03-09 to 2018-03-09"
    );
    // The euro 2% up on 7 March.
    key(&mut a, KeyCode::Char('N'));
    typed(&mut a, "at=2018-03-07T09:00+08:00, move=+2%");
    assert_eq!(
        a.status.as_deref(),
        Some("a new fx.shocks entry: the scenario validates; enter runs it")
    );
    // The RR04 block removed with d on one of its keys.
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "faults[3].kind");
    key(&mut a, KeyCode::Char('d'));
    assert_eq!(
        a.status.as_deref(),
        Some("removing faults[3]: the scenario validates; enter runs it")
    );
    assert_eq!(a.whatif.faults.len(), 3);
    assert!(a.whatif.faults[2].0.starts_with("payout_reject AC01 paris-boutiques/2"));
    // u takes the last change back.
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(a.status.as_deref(), Some("the last change undone"));
    assert_eq!(a.whatif.faults.len(), 4);
    key(&mut a, KeyCode::Char('d'));
    // Switching a fault off and another seed still work, and the variant
    // has both; the seed set as a key is the what-if's seed.
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Char('s'));
    typed(&mut a, "13");
    assert_eq!(a.whatif.seed, 13);
    set(&mut a, "scenario.seed", "12");
    assert_eq!(a.whatif.seed, 12);
    key(&mut a, KeyCode::Char('u'));
    key(&mut a, KeyCode::Char('s'));
    typed(&mut a, "12");
    key(&mut a, KeyCode::Enter);
    a.work();
    let c = a.whatif.comparison.as_ref().expect("compared");
    assert_eq!(c.b, "seed 12, 1 fault off, 4 changes");
    assert!(c.purchases.redrawn > 0, "another seed draws other purchases");
    key(&mut a, KeyCode::Char('v'));
    let kept = dir.join("payout-returns.variant.toml");
    let text = std::fs::read_to_string(&kept).unwrap();
    assert!(text.contains("# added"), "{text}");
    assert!(text.contains("# removed: faults[3] of the original"), "{text}");
    assert!(text.contains("# removed: faults[1] of the original"), "{text}");
    assert!(text.contains("seed = 12 # changed: was 11"), "{text}");
    let variant = corridor_in(None, &["run", kept.to_str().unwrap()]);
    assert_eq!(stderr(&variant), "");
    key(&mut a, KeyCode::Char('o'));
    assert_eq!(stdout(&variant), text_report(&a.rec.scenario, &a.rec.outcome));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same session, shorter, in a real terminal (tmux, 80x24): a bad
/// value refused beside its key, two changes, the rerun compared, the
/// variant kept in the current directory (the scenario is bundled), and
/// `corridor run` on it giving the report `--set` gives.
#[cfg(unix)]
#[test]
fn the_what_if_in_a_real_terminal() {
    let dir = dir_with("whatif-tmux", &[]);
    let server = format!("corridor-test-whatif-{}", std::process::id());
    corridor_in_tmux(&server, (80, 24), Some(&dir), "explore payout-returns");
    let send = |keys: &[&str]| {
        let mut args = vec!["send-keys", "-t", "s"];
        args.extend_from_slice(keys);
        tmux(&server, &args);
    };
    assert!(pane_shows(&server, "Payout returns"), "the explorer never drew");
    send(&["w"]);
    assert!(pane_shows(&server, "What if: the scenario's settings"));
    send(&["/", "settlement_bank.minimum", "Enter", "e", "C-u", "5000 XYZ", "Enter"]);
    let screen = || tmux(&server, &["capture-pane", "-p", "-t", "s"]);
    assert!(pane_shows(&server, "x `XYZ` is not a currency"), "{}", screen());
    send(&["Enter"]);
    assert!(
        pane_shows(&server, "cannot run: the changed scenario does not validate"),
        "{}",
        screen()
    );
    send(&["e", "C-u", "50000 EUR", "Enter"]);
    assert!(pane_shows(&server, "50000 EUR"), "{}", screen());
    send(&["/", "acquirer.scheme", "Enter", "e", "C-u", "SCT_INST", "Enter"]);
    assert!(
        pane_shows(&server, "--set acquirer.scheme=SCT_INST: the scenario validates"),
        "{}",
        screen()
    );
    send(&["Enter"]);
    assert!(pane_shows(&server, "what-if done"), "{}", screen());
    assert!(
        pane_shows(&server, "The change redrew 0 of 5,093 purchases"),
        "{}",
        screen()
    );
    send(&["v"]);
    assert!(
        pane_shows(&server, "variant kept in ./payout-returns.variant.toml"),
        "{}",
        screen()
    );
    send(&["q", "q"]);
    assert!(pane_shows(&server, "RC=0"), "{}", screen());
    tmux(&server, &["kill-server"]);
    let variant = corridor_in(Some(&dir), &["run", "payout-returns.variant.toml"]);
    let set = corridor(&[
        "run",
        "payout-returns",
        "--set",
        "settlement_bank.minimum=50000 EUR",
        "--set",
        "acquirer.scheme=SCT_INST",
    ]);
    assert_eq!(stderr(&variant), "");
    assert_eq!(stdout(&variant), stdout(&set));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A scenario file's variant goes beside it, and its data files are read
/// beside it too.
#[test]
fn a_file_s_variant_is_kept_beside_it() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fx-shock.toml")).unwrap();
    let dir = dir_with("whatif-file", &[("shock.toml", &text)]);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/data/ecb-eur-cny-2018.csv"),
        dir.join("data/ecb-eur-cny-2018.csv"),
    )
    .unwrap();
    let file = dir.join("shock.toml");
    let source = corridor::cli::whatif_source(file.to_str(), Vec::new(), std::path::Path::new(".")).unwrap();
    let rec = Recording::record(&bundled_scenario("fx-shock"));
    let mut a = App::with_source(rec, source, false);
    key(&mut a, KeyCode::Char('w'));
    set(&mut a, "fx.shocks[1].move", "+5%");
    assert_eq!(
        a.status.as_deref(),
        Some("--set fx.shocks[1].move=+5%: the scenario validates; enter runs it")
    );
    key(&mut a, KeyCode::Char('v'));
    let kept = dir.join("shock.variant.toml");
    assert_eq!(
        a.status.as_deref(),
        Some(format!("variant kept in {0}: corridor run {0} runs it", kept.display()).as_str())
    );
    let variant = corridor_in(None, &["run", kept.to_str().unwrap()]);
    let set = corridor(&["run", "fx-shock", "--set", "fx.shocks[1].move=+5%"]);
    assert_eq!(stderr(&variant), "");
    assert_eq!(stdout(&variant), stdout(&set));
    let _ = std::fs::remove_dir_all(&dir);
}

/// README's question, answered in the explorer: what if the switch
/// converted at remittance instead of daily, with the euro 2% up during
/// Spring Festival? The comparison README shows is this screen.
#[test]
fn the_readme_s_question_answered_in_the_explorer() {
    let dir = dir_with("whatif-readme", &[]);
    let mut a = app("spring-festival-2018", &dir);
    key(&mut a, KeyCode::Char('w'));
    set(&mut a, "switch.convert", "at_remittance");
    key(&mut a, KeyCode::Char('N'));
    typed(&mut a, "at=2018-02-18T09:00+08:00, move=+2%");
    key(&mut a, KeyCode::Enter);
    a.work();
    a.status = None;
    let shown: Vec<String> = screen(&a, 80, 24)
        .lines()
        .skip(2)
        .map(|l| l.trim_matches('"').trim_end().to_string())
        .collect();
    let shown = shown.join("\n");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains(&shown), "README's what-if screen is not:\n{shown}");
    // Without the jump, converting at remittance gains (README says so).
    let diff = corridor(&["diff", "spring-festival-2018", "--set", "switch.convert=at_remittance"]);
    let fx = stdout(&diff)
        .lines()
        .find(|l| l.starts_with("switch.fx_result"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
    assert_eq!(
        fx.as_deref(),
        Some("switch.fx_result * -24927.52 CNY 58556.26 CNY +83483.78 CNY")
    );
    assert!(readme.contains("a gain of 58,556.26 CNY"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A what-if too large to keep in memory is refused before it runs, as
/// explore refuses it; the variant can still be kept for `corridor run`.
#[test]
fn a_what_if_too_large_to_record_is_refused() {
    let dir = dir_with("whatif-large", &[]);
    let mut a = app("payout-returns", &dir);
    key(&mut a, KeyCode::Char('w'));
    set(&mut a, "cardholders.count", "3000000");
    key(&mut a, KeyCode::Enter);
    assert!(a.pending.is_none(), "no run starts");
    assert_eq!(
        a.status.as_deref(),
        Some(
            "cannot run: cardholders.count: count x purchases_per_day x days is 15,000,000 purchases; \
             the explorer keeps every record of a run in memory and takes at most 10,000,000 (v keeps the variant for corridor run)"
        )
    );
    key(&mut a, KeyCode::Char('v'));
    assert!(dir.join("payout-returns.variant.toml").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A variant of a bundled scenario that reads a bundled data file (the ECB
/// rate table) is kept with a copy of that file, so `corridor run` on it
/// works where it was kept; a different file already there is never
/// replaced, and the variant is not kept.
#[test]
fn a_bundled_variant_is_kept_with_the_data_it_reads() {
    let dir = dir_with("whatif-data", &[]);
    let mut a = app("spring-festival-2018", &dir);
    key(&mut a, KeyCode::Char('w'));
    set(&mut a, "settlement_bank.minimum", "200000 EUR");
    key(&mut a, KeyCode::Char('v'));
    let kept = dir.join("spring-festival-2018.variant.toml");
    assert_eq!(
        a.status.as_deref(),
        Some(format!("variant kept in {0}: corridor run {0} runs it", kept.display()).as_str())
    );
    let table = std::fs::read_to_string(dir.join("data/ecb-eur-cny-2018.csv")).unwrap();
    assert_eq!(
        table,
        corridor::scenario::bundled::data("data/ecb-eur-cny-2018.csv").unwrap()
    );
    let variant = corridor_in(None, &["run", kept.to_str().unwrap()]);
    assert_eq!(stderr(&variant), "");
    let set = corridor(&[
        "run",
        "spring-festival-2018",
        "--set",
        "settlement_bank.minimum=200000 EUR",
    ]);
    assert_eq!(stdout(&variant), stdout(&set));

    std::fs::write(dir.join("data/ecb-eur-cny-2018.csv"), "date,rate\n").unwrap();
    key(&mut a, KeyCode::Char('v'));
    assert_eq!(
        a.status.as_deref(),
        Some(
            format!(
                "not kept: {} exists and is not corridor's bundled copy, which the variant reads",
                dir.join("data/ecb-eur-cny-2018.csv").display()
            )
            .as_str()
        )
    );
    assert!(!dir.join("spring-festival-2018.variant-2.toml").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
