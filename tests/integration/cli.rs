//! What a user types and what comes back: outputs, exit statuses and the
//! exact error text for bad input.

use super::support::*;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("corridor-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const HEAD: &str = "[scenario]\nname = \"x\"\nseed = 1\nstart = 2018-02-12\ndays = 2\n";

#[test]
fn corridor_alone_runs_the_default_scenario() {
    let alone = corridor(&[]);
    assert_eq!(alone.status.code(), Some(0), "{}", stderr(&alone));
    let run = corridor(&["run", "spring-festival-2018"]);
    assert_eq!(stdout(&alone), stdout(&run));
    assert!(stdout(&alone).starts_with("corridor: Spring Festival 2018 (seed 7)\n"));
    assert!(stdout(&alone).contains("Invariants: hold"));
}

#[test]
fn scenarios_lists_the_bundled_ones() {
    let o = corridor(&["scenarios"]);
    assert_eq!(o.status.code(), Some(0));
    let names: Vec<String> = stdout(&o)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "spring-festival-2018",
            "baseline",
            "evening-cutoffs",
            "fx-shock",
            "payout-returns",
            "regulator-delay",
            "short-remittance",
            "refund-storm",
            "scale-1m"
        ]
    );
    assert!(stdout(&o).lines().next().unwrap().ends_with("(default)"));
}

#[test]
fn a_misspelt_key_names_file_line_key_and_the_nearest_valid_key() {
    let dir = tempdir("misspelt");
    write(
        &dir,
        "s.toml",
        &format!("{HEAD}\n[[merchants]]\nname = \"shops\"\nwieght = 3\n"),
    );
    let out = dir.join("events.jsonl");
    let o = corridor_in(Some(&dir), &["run", "s.toml", "--events", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: s.toml:9:1: merchants.wieght: unknown key `wieght` in [[merchants]]; did you mean `weight`? \
         Valid keys: name, count, country, timezone, tier, weight, kyc, joins, ibans, bic\n"
    );
    assert!(stdout(&o).is_empty());
    assert!(!out.exists(), "no event log is written for bad input");
    assert!(!dir.join("events.partial").exists());
}

#[test]
fn a_bad_date_says_what_a_date_looks_like() {
    let dir = tempdir("date");
    write(
        &dir,
        "s.toml",
        &format!("{HEAD}\n[[merchants]]\nname = \"shops\"\njoins = \"2018-02-30\"\n"),
    );
    let o = corridor_in(Some(&dir), &["check", "s.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: s.toml:9:9: merchants.joins: `2018-02-30` is not a date: write it like 2018-02-12 \
         (a real day of the Gregorian calendar, 1900 to 2200)\n"
    );
}

#[test]
fn a_bad_amount_and_a_float_amount_are_refused() {
    let dir = tempdir("amount");
    write(
        &dir,
        "a.toml",
        &format!("{HEAD}\n[settlement_bank]\nminimum = \"650,00 EUR\"\n"),
    );
    let o = corridor_in(Some(&dir), &["check", "a.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: a.toml:8:11: settlement_bank.minimum: `650,00` is not a decimal amount\n"
    );
    write(&dir, "f.toml", &format!("{HEAD}\n[fx]\nopen = 7.8112\n"));
    let o = corridor_in(Some(&dir), &["check", "f.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: f.toml:8:8: fx.open: 7.8112 is a TOML float, which loses digits before corridor reads it: \
         write it as a string, \"7.8112\" for a rate, \"7.8112 EUR\" for an amount or \"7.8112%\" for a percentage\n"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = tempdir("many");
    let text =
        format!("{HEAD}\n[switch]\nconvert = \"weekly\"\n\n[acquirer]\ncalendar = \"TARGET\"\nscheme = \"SEPA\"\n");
    write(&dir, "m.toml", &text);
    let o = corridor_in(Some(&dir), &["check", "m.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(err.contains(
        "m.toml:8:11: switch.convert: `weekly` is not a conversion mode: use \"daily\" or \"at_remittance\""
    ));
    assert!(err.contains(
        "m.toml:11:12: acquirer.calendar: no calendar named `TARGET`: use one of ALWAYS, CN, TARGET2, WEEKENDS"
    ));
    assert!(err.contains("m.toml:12:10: acquirer.scheme: `SEPA` is not a payout scheme: use \"SCT\" or \"SCT_INST\""));
}

#[test]
fn check_accepts_good_files_and_bundled_names() {
    let o = corridor(&["check", "scenarios/baseline.toml", "evening-cutoffs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "ok: scenarios/baseline.toml (Baseline fortnight)\nok: evening-cutoffs (Evening cut-offs)\n"
    );
}

#[test]
fn an_unknown_scenario_lists_the_bundled_ones() {
    let o = corridor(&["run", "spring-festival"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: spring-festival: no such scenario file, and no bundled scenario of that name \
         (bundled: spring-festival-2018, baseline, evening-cutoffs, fx-shock, payout-returns, regulator-delay, \
         short-remittance, refund-storm, scale-1m)\n"
    );
}

#[test]
fn bad_flags_exit_2() {
    assert_eq!(corridor(&["run", "--seed", "seven"]).status.code(), Some(2));
    assert_eq!(corridor(&["run", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn an_unwritable_event_log_exits_3() {
    let o = corridor(&["run", "baseline", "--events", "/nonexistent-dir/events.jsonl"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).starts_with("error: /nonexistent-dir/events.jsonl: cannot create the event log"));
}

#[test]
fn the_event_log_goes_to_a_file_or_standard_output() {
    let dir = tempdir("events");
    let file = dir.join("e.jsonl");
    let o = corridor(&["run", "baseline", "--events", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let written = std::fs::read_to_string(&file).unwrap();
    let piped = corridor(&["run", "baseline", "--events", "-"]);
    assert_eq!(stdout(&piped), written);
    // With the log on standard output, the report goes to standard error.
    assert_eq!(stderr(&piped), stdout(&o));
    let first: serde_json::Value = serde_json::from_str(written.lines().next().unwrap()).unwrap();
    for key in ["seq", "at", "kind", "from", "to"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    for (i, line) in written.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["seq"], i);
    }
}

#[test]
fn the_json_report_parses() {
    let o = corridor(&["run", "baseline", "--format", "json", "--seed", "4"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["seed"], 4);
    assert_eq!(v["invariants"]["ok"], true);
    assert_eq!(v["money"]["total"], v["payments"]["completed_eur"]);
}

#[test]
fn the_calendar_command_shows_adjusted_working_days() {
    let o = corridor(&["calendar", "CN", "--year", "2018", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 365);
    assert!(out.contains("{\"date\": \"2018-02-24\", \"open\": true, \"kind\": \"adjusted_working_day\"}\n"));
    assert!(out.contains("{\"date\": \"2018-02-15\", \"open\": false, \"kind\": \"holiday\"}\n"));
    let text = stdout(&corridor(&["calendar", "CN", "--year", "2018"]));
    assert!(
        text.contains("Holidays (29 days): 2018-01-01, 2018-02-15 to 2018-02-21, "),
        "{text}"
    );
    assert!(text.contains("Adjusted working days: Sun 2018-02-11, Sat 2018-02-24, Sun 2018-04-08, Sat 2018-04-28, Sat 2018-09-29, Sun 2018-09-30, Sat 2018-12-29"));
    let o = corridor(&["calendar", "CN", "--year", "2017"]);
    assert_eq!(o.status.code(), Some(2));
    let o = corridor(&["calendar", "MOON"]);
    assert_eq!(
        stderr(&o),
        "error: `MOON` is not a builtin calendar: use one of CN, TARGET2, ALWAYS, WEEKENDS\n"
    );
}

#[cfg(unix)]
#[test]
fn the_event_log_never_clobbers_what_is_not_its_own() {
    // A device is written to, not replaced.
    let o = corridor(&["run", "baseline", "--events", "/dev/null"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    // A user's file beside the log is left alone.
    let dir = tempdir("partial");
    let mine = write(&dir, "events.partial", "my notes");
    let log = dir.join("events.jsonl");
    let o = corridor(&["run", "baseline", "--events", log.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my notes");
    assert!(std::fs::read_to_string(&log).unwrap().starts_with("{\"seq\":0,"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}
