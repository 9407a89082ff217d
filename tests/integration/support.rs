//! Helpers that let tests read like the product's specification.

use std::process::{Command, Output};

use corridor::messages::EventSink;
use corridor::report::{self, Report};
use corridor::scenario::{self, Scenario, bundled};
use corridor::world::{self as sim, Outcome};

/// Runs the `corridor` binary with `args` in `dir` (the crate root if None).
pub fn corridor_in(dir: Option<&std::path::Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_corridor"));
    cmd.args(args)
        .current_dir(dir.unwrap_or(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))));
    cmd.env_remove("RUST_BACKTRACE");
    cmd.output().expect("corridor runs")
}

pub fn corridor(args: &[&str]) -> Output {
    corridor_in(None, args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8")
}

/// A bundled scenario, validated.
pub fn bundled_scenario(name: &str) -> Scenario {
    let b = bundled::find(name).expect("bundled scenario");
    scenario::load(name, b.text, &bundled::data).expect("bundled scenarios are valid")
}

/// A scenario written in the test; files it names are read from tests/data.
pub fn scenario(text: &str) -> Scenario {
    load(text).unwrap_or_else(|e| panic!("{e}"))
}

pub fn load(text: &str) -> Result<Scenario, scenario::LoadError> {
    let read = |rel: &str| {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(rel);
        std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    scenario::load("test.toml", text, &read)
}

/// Runs a scenario and returns its outcome and event log.
pub fn run_logged(sc: &Scenario) -> (Outcome, String) {
    let mut sink = report::events::JsonLines::new(Vec::new(), sc);
    let outcome = sim::run(sc, Some(&mut sink as &mut dyn EventSink));
    (outcome, String::from_utf8(sink.into_inner()).expect("utf-8"))
}

pub fn text_report(sc: &Scenario, o: &Outcome) -> String {
    report::text::render(&Report::new(sc, o))
}

/// Lines of the log of one kind, parsed.
pub fn events_of(log: &str, kind: &str) -> Vec<serde_json::Value> {
    log.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("valid JSON line"))
        .filter(|v| v["kind"] == kind)
        .collect()
}

/// insta settings for the top-level snapshots/ folder.
pub fn snapshots() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

/// The smallest useful corridor: two merchants, a handful of cardholders,
/// two purchase days, fixed rates. Tests add keys by appending sections.
pub const TINY: &str = r#"
[scenario]
name = "tiny"
summary = "Six cardholders, two merchants, two days."
seed = 3
start = 2018-02-13
days = 2
drain_days = 14

[fx]
table = "tiny-rates.csv"

[cardholders]
count = 6
wallet = "20000..40000 CNY"
purchases_per_day = 1
ticket = "20..400 EUR"
active_hours = "10:00..20:00"

[[merchants]]
name = "paris"
count = 1
country = "FR"

[[merchants]]
name = "lux"
count = 1
country = "LU"
joins = 2018-02-12
"#;

/// Every table of the report reconciles with its headline figures and with
/// the places of the money: the error names the first figure that does not.
pub fn report_adds_up(sc: &Scenario, o: &Outcome) -> Result<(), String> {
    use corridor::domain::money::{Currency, Money};
    let r = Report::new(sc, o);
    let mut total = report::model::DayRow::zero("total");
    for d in &r.days {
        total.add(d);
    }
    let p = &r.payments;
    let declined: u64 = p.declined.values().sum();
    let places = &r.money.places;
    let eur = |m: Money| m.amount();
    let checks: Vec<(&str, String, String)> = vec![
        (
            "day rows' payments vs completed",
            total.payments.to_string(),
            p.completed.to_string(),
        ),
        (
            "day rows' declines vs declined by reason",
            total.declined.to_string(),
            declined.to_string(),
        ),
        (
            "initiated vs completed + declined + in flight",
            p.initiated.to_string(),
            (p.completed + declined + p.in_flight).to_string(),
        ),
        (
            "day rows' CNY collected vs completed CNY",
            total.cny_collected.to_string(),
            p.completed_cny.to_string(),
        ),
        (
            "converted less remitted vs the EUR pool",
            (total.eur_converted - total.remitted).to_string(),
            places.in_eur_pool.to_string(),
        ),
        (
            "remitted less arrived vs in transit",
            (total.remitted - total.arrived).to_string(),
            places.in_transit.to_string(),
        ),
        (
            "credited less returned vs paid to merchants",
            (total.paid - total.returned).to_string(),
            places.paid_to_merchants.to_string(),
        ),
        (
            "places vs completed less refunds",
            places.total().to_string(),
            (r.money.completed - r.money.refunded).to_string(),
        ),
        (
            "completed EUR vs the switch's payments",
            p.completed_eur.to_string(),
            Money::eur(
                o.switch()
                    .payments()
                    .filter(|(_, x)| x.state == corridor::agents::switch::PaymentState::Completed)
                    .map(|(_, x)| eur(x.eur))
                    .sum(),
            )
            .to_string(),
        ),
        (
            "a zero in EUR",
            Money::zero(Currency::EUR).to_string(),
            "0.00 EUR".into(),
        ),
    ];
    for (what, table, headline) in checks {
        if table != headline {
            return Err(format!("{what}: {table} against {headline}"));
        }
    }
    Ok(())
}

/// A fresh directory under the system's temporary one holding `files`
/// (name, text), for runs of the binary that read files beside a scenario.
pub fn dir_with(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("corridor-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temporary directory");
    for (file, text) in files {
        std::fs::write(d.join(file), text).expect("file written");
    }
    d
}

/// A file of tests/data, as text.
pub fn test_data(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Runs `tmux` on a server of the test's own (`-L server`): the terminal
/// tests drive the binary in a real terminal.
pub fn tmux(server: &str, args: &[&str]) -> String {
    let o = Command::new("tmux")
        .arg("-L")
        .arg(server)
        .args(args)
        .output()
        .expect("tmux runs");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Waits until the pane of session `s` on `server` shows `text`, for at
/// most a minute.
pub fn pane_shows(server: &str, text: &str) -> bool {
    for _ in 0..600 {
        if tmux(server, &["capture-pane", "-p", "-t", "s"]).contains(text) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    false
}

/// Starts session `s` on tmux server `server`, a `cols` x `rows` terminal
/// running a plain bash (in `dir` if given), and types `corridor ARGS; echo
/// RC=$?` there, so a test can read the screen and the exit status.
pub fn corridor_in_tmux(server: &str, (cols, rows): (u16, u16), dir: Option<&std::path::Path>, args: &str) {
    let shell = match dir {
        Some(d) => format!("cd {} && bash --norc --noprofile", d.display()),
        None => "bash --norc --noprofile".to_string(),
    };
    let (x, y) = (cols.to_string(), rows.to_string());
    tmux(server, &["new-session", "-d", "-x", &x, "-y", &y, "-s", "s", &shell]);
    let line = format!("{} {args}; echo RC=$?", env!("CARGO_BIN_EXE_corridor"));
    tmux(server, &["send-keys", "-t", "s", &line, "Enter"]);
}
