//! Issue 9's good manners: the user's terminal and files are never left
//! broken, whatever signal stops corridor, and an output never replaces an
//! input or a file the user made read-only.

use std::process::{Command, Stdio};
use std::time::Duration;

use super::support::*;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_corridor"));
    c.env_remove("RUST_BACKTRACE");
    c
}

#[test]
fn an_event_log_that_would_replace_the_scenario_is_refused() {
    let scenario = include_str!("../../scenarios/baseline.toml");
    let dir = dir_with("victim", &[("victim.toml", scenario)]);
    let o = corridor_in(Some(&dir), &["run", "victim.toml", "--events", "victim.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --events victim.toml: that file is an input of this run (victim.toml); nothing was written. Write the event log to another path\n"
    );
    assert_eq!(std::fs::read_to_string(dir.join("victim.toml")).unwrap(), scenario);
    // Another spelling of the same file, and a rate table the scenario reads.
    let o = corridor_in(Some(&dir), &["run", "victim.toml", "--events", "./victim.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let with_table = format!("{}\n", TINY);
    let table = test_data("tiny-rates.csv");
    let dir = dir_with("victim-table", &[("s.toml", &with_table), ("tiny-rates.csv", &table)]);
    let o = corridor_in(Some(&dir), &["run", "s.toml", "--events", "tiny-rates.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("that file is an input of this run"));
    assert_eq!(std::fs::read_to_string(dir.join("tiny-rates.csv")).unwrap(), table);
}

#[cfg(unix)]
#[test]
fn a_read_only_event_log_is_left_as_it_is() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with("read-only", &[("log.jsonl", "mine\n")]);
    let log = dir.join("log.jsonl");
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = corridor_in(Some(&dir), &["run", "baseline", "--events", "log.jsonl"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(
        stderr(&o),
        "error: log.jsonl: cannot write the event log: the file is read-only (its permissions say so); nothing was written\n"
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "mine\n");
    assert_eq!(std::fs::metadata(&log).unwrap().permissions().mode() & 0o777, 0o444);
    // A writable log is replaced, and keeps its mode.
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = corridor_in(Some(&dir), &["run", "baseline", "--events", "log.jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::metadata(&log).unwrap().permissions().mode() & 0o777, 0o640);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_with_the_systems_reason_and_the_path() {
    let o = corridor(&["run", "baseline", "--events", "/dev/full"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(
        stderr(&o),
        "error: /dev/full: cannot write the event log: No space left on device (os error 28)\n"
    );
}

/// Waits until `dir` holds a partial event log, for at most a minute.
fn partial_in(dir: &std::path::Path) -> bool {
    for _ in 0..600 {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".partial"));
        if found {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[cfg(unix)]
#[test]
fn a_signal_leaves_no_partial_event_log() {
    for (signal, number) in [("INT", 2), ("TERM", 15), ("HUP", 1)] {
        let dir = dir_with(&format!("signal-{signal}"), &[]);
        let mut child = bin()
            .current_dir(&dir)
            .args(["run", "scale-1m", "--events", "k.jsonl"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        assert!(partial_in(&dir), "no partial log appeared");
        let kill = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status();
        assert!(kill.unwrap().success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(128 + number), "{signal}");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "{signal} left {left:?}");
    }
}

/// The explorer in a real terminal (tmux, 80x24), stopped by a signal: the
/// terminal is as `q` leaves it: the main screen, the cursor shown, cooked
/// mode with echo.
#[cfg(unix)]
#[test]
fn a_signal_gives_the_terminal_back_from_the_explorer() {
    for (signal, number) in [("INT", 2), ("TERM", 15), ("HUP", 1)] {
        let server = format!("corridor-test-{}-{signal}", std::process::id());
        corridor_in_tmux(&server, (80, 24), None, "explore baseline");
        assert!(pane_shows(&server, "Where the money is"), "the explorer never drew");
        let pid = Command::new("pgrep")
            .args(["-n", "-f", "corridor explore baseline"])
            .output()
            .unwrap();
        let pid = String::from_utf8(pid.stdout).unwrap();
        let kill = Command::new("kill")
            .args([format!("-{signal}"), pid.trim().to_string()])
            .status();
        assert!(kill.unwrap().success());
        assert!(pane_shows(&server, &format!("RC={}", 128 + number)), "{signal}");
        let state = tmux(&server, &["display", "-p", "-t", "s", "#{alternate_on} #{cursor_flag}"]);
        assert_eq!(state.trim(), "0 1", "{signal}: alternate screen, cursor");
        tmux(
            &server,
            &[
                "send-keys",
                "-t",
                "s",
                "stty -a | tr ' ' '\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo",
                "Enter",
            ],
        );
        assert!(
            pane_shows(&server, "icanon echo"),
            "{signal}: {}",
            tmux(&server, &["capture-pane", "-p", "-t", "s"])
        );
        tmux(&server, &["kill-server"]);
    }
}

const HEAD: &str = "[scenario]\nname = \"x\"\nseed = 1\nstart = 2018-03-05\ndays = 2\n";

fn refusal(extra: &str) -> String {
    match load(&format!("{HEAD}{extra}")) {
        Ok(_) => panic!("accepted: {extra}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn error_messages_name_the_place_and_say_what_is_valid() {
    assert_eq!(
        refusal("[wallets]\nx = 1\n"),
        "test.toml:6:2: wallets: unknown table `[wallets]`. Valid tables: scenario, calendars, fx, cardholders, merchants, tiers, issuer, switch, settlement_bank, acquirer, refunds, faults, notes, expect"
    );
    assert_eq!(
        refusal("[fx]\nopen = \"7.8\"\n[fx]\nopen = \"7.9\"\n"),
        "test.toml:8:2: fx: `fx` is given twice: write each key and each [table] once"
    );
    assert_eq!(
        load(&HEAD.replace("2018-03-05", "1899-12-31")).unwrap_err().to_string(),
        "test.toml:4:9: scenario.start: `1899-12-31` is outside the dates corridor simulates: use a date from 1900-01-01 to 2200-12-31"
    );
    assert_eq!(
        refusal("[cardholders]\ncount = 99999999999999999999\n"),
        "test.toml:7:9: cardholders.count: `99999999999999999999` is far too large for cardholders.count: write a whole number within its range"
    );
    assert_eq!(
        refusal("[cardholders]\nticket = \"5 EUR..1 EUR\"\n"),
        "test.toml:7:10: cardholders.ticket: `5 EUR..1 EUR`: the range must be positive and run from low to high"
    );
    assert!(load(&format!("{HEAD}[cardholders]\nticket = \"1 EUR..5 EUR\"\n")).is_ok());
    assert!(
        refusal("[cardholders]\ncuont = 5\n")
            .contains("unknown key `cuont` in [cardholders]; did you mean `count`? Valid keys: count,")
    );
    // A tier refused for its own value is not reported missing again.
    assert_eq!(
        refusal("[tiers.a]\npayout = \"monthly:31\"\n[[merchants]]\nname = \"m\"\ncountry = \"FR\"\ntier = \"a\"\n"),
        "test.toml:7:10: tiers.a.payout: `monthly:31` is not a payout schedule: use \"daily\", \"weekly:Mon\" (any weekday Mon..Sun) or \"monthly:1\" (a day 1 to 28)"
    );
    // Several problems come in the order of the file.
    let several = refusal("[switch]\ncutoff = \"25:00\"\n[cardholders]\ncount = -1\n[fx]\nopen = \"x\"\n");
    let lines: Vec<usize> = several
        .lines()
        .map(|l| l.split(':').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(lines, vec![7, 9, 11], "{several}");
}

#[test]
fn the_calendar_year_is_asked_for_in_years() {
    let o = corridor(&["calendar", "CN", "--year", "99999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with(
        "error: invalid value '99999' for '--year <YEAR>': `99999` is not a year corridor simulates: use a year from 1900 to 2200"
    ));
}

#[test]
fn the_json_report_gives_instants_with_their_offset_and_amounts_with_their_currency() {
    let o = corridor(&["run", "short-remittance", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let instant = |v: &serde_json::Value| {
        let s = v.as_str().unwrap();
        assert!(s.ends_with("+08:00"), "{s}");
        s.parse::<jiff::Timestamp>().unwrap_or_else(|e| panic!("{s}: {e}"))
    };
    assert_eq!(instant(&r["started"]).to_string(), "2018-03-04T16:00:00Z");
    instant(&r["ended"]);
    for x in r["remittances"].as_array().unwrap() {
        instant(&x["requested"]);
        if !x["sent"].is_null() {
            instant(&x["sent"]);
        }
    }
    for n in r["notes"].as_array().unwrap() {
        instant(&n["at"]);
    }
    for d in r["days"].as_array().unwrap() {
        d["date"].as_str().unwrap().parse::<jiff::civil::Date>().unwrap();
        for key in [
            "cny_collected",
            "eur_converted",
            "remitted",
            "arrived",
            "paid",
            "returned",
        ] {
            let m: corridor::domain::money::Money = d[key].as_str().unwrap().parse().unwrap();
            let want = if key == "cny_collected" { "CNY" } else { "EUR" };
            assert_eq!(m.currency().code(), want, "{key}");
        }
    }
}

/// A TOML value as JSON, dates as their text (as editors' TOML schema
/// checkers see them).
fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => s.clone().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.iter().map(toml_to_json).collect(),
        toml::Value::Table(t) => t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect(),
    }
}

fn schema(of: &str) -> jsonschema::Validator {
    let o = corridor(&["schema", of]);
    assert_eq!(o.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid schema")
}

#[test]
fn every_bundled_scenario_and_report_matches_its_schema() {
    let scenarios = schema("scenario");
    let reports = schema("report");
    for b in corridor::scenario::bundled::SCENARIOS {
        let toml: toml::Value = toml::from_str(b.text).unwrap();
        let json = toml_to_json(&toml);
        let errors: Vec<String> = scenarios
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", b.name);
        if b.name == "scale-1m" {
            continue;
        }
        let o = corridor(&["run", b.name, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let errors: Vec<String> = reports
            .iter_errors(&report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", b.name);
    }
    // The schema catches what an editor should flag.
    let typo = toml_to_json(
        &toml::from_str("[scenario]\nname = \"x\"\nseed = 1\nstart = 2018-03-05\ndays = 2\n[cardholders]\ncuont = 5\n")
            .unwrap(),
    );
    assert!(!scenarios.is_valid(&typo));
    let missing = toml_to_json(&toml::from_str("[scenario]\nname = \"x\"\n").unwrap());
    assert!(!scenarios.is_valid(&missing));
}

#[test]
fn bench_prints_the_rates_a_team_quotes() {
    let o = corridor(&["bench", "baseline", "--runs", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("corridor bench: Baseline fortnight (1 runs each, medians)\n"),
        "{text}"
    );
    assert!(
        text.contains(" payments/s ") && text.contains(" events/s\n") && text.contains(" lines/s\n"),
        "{text}"
    );
    assert!(text.contains("7,161 payments, 28,885 events; peak memory "), "{text}");
}

/// Ctrl-C in the explorer and in a lesson is a key in raw mode, not
/// SIGINT, yet the command exits as SIGINT would (130), the terminal given
/// back.
#[cfg(unix)]
#[test]
fn ctrl_c_in_a_terminal_screen_exits_130() {
    for (command, drawn) in [
        ("explore baseline", "Where the money is"),
        ("learn four-corners", "four corners"),
    ] {
        let server = format!("corridor-test-ctrl-c-{}-{}", std::process::id(), command.len());
        corridor_in_tmux(&server, (120, 40), None, command);
        assert!(pane_shows(&server, drawn), "{command} never drew");
        tmux(&server, &["send-keys", "-t", "s", "C-c"]);
        assert!(pane_shows(&server, "RC=130"), "{command}");
        let state = tmux(&server, &["display", "-p", "-t", "s", "#{alternate_on} #{cursor_flag}"]);
        assert_eq!(state.trim(), "0 1", "{command}: alternate screen, cursor");
        tmux(&server, &["kill-server"]);
    }
}
