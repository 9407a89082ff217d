//! `corridor test`: a team's scenarios as regression tests, with
//! expectations, golden reports, JUnit XML and parallel jobs.

use crate::support::{corridor, corridor_in, dir_with, stdout};

const SMALL: &str = "[scenario]\nname = \"NAME\"\nseed = SEED\nstart = 2018-03-05\ndays = 2\ndrain_days = 10\n\n[cardholders]\ncount = 30\n";

fn scenario(name: &str, seed: u64, expect: &str) -> String {
    let head = SMALL.replace("NAME", name).replace("SEED", &seed.to_string());
    format!("{head}\n[[expect]]\nmetric = \"payments.completed\"\n{expect}\n")
}

fn junit_counts(xml: &str) -> (usize, usize) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut cases, mut failures) = (0, 0);
    loop {
        match reader.read_event().expect("the JUnit file parses") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => cases += 1,
            Event::Start(e) if e.name().as_ref() == b"failure" => failures += 1,
            Event::Eof => break,
            _ => {}
        }
    }
    (cases, failures)
}

#[test]
fn a_broken_expectation_and_a_changed_report_fail_until_updated() {
    let dir = dir_with(
        "ci",
        &[
            ("a.toml", &scenario("A", 1, "at_least = 1")),
            ("b.toml", &scenario("B", 1, "at_least = 1")),
        ],
    );
    let first = corridor_in(Some(&dir), &["test", ".", "--update"]);
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    assert!(dir.join("a.report.txt").is_file() && dir.join("b.report.txt").is_file());
    // B now asks too much, and runs another seed: its report changes.
    std::fs::write(dir.join("b.toml"), scenario("B", 2, "at_least = 1000000")).unwrap();
    let out = corridor_in(Some(&dir), &["test", ".", "--junit", "junit.xml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "ok     ./a.toml (1 expectation)");
    assert_eq!(lines[1], "FAILED ./b.toml (1 expectation)");
    assert_eq!(
        lines[2],
        "    ./b.toml:12: expected payments.completed at_least 1000000, got 55"
    );
    assert_eq!(lines[3], "    the report differs from ./b.report.txt:");
    assert_eq!(lines[4], "    --- ./b.report.txt (golden)");
    assert_eq!(lines[5], "    +++ this run");
    assert_eq!(lines[6], "    @@ -1,24 +1,24 @@");
    assert_eq!(lines[7], "    -corridor: B (seed 1)");
    assert_eq!(lines.last(), Some(&"2 scenarios: 1 passed, 1 failed"));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: 1 of 2 scenarios failed\n");
    let xml = std::fs::read_to_string(dir.join("junit.xml")).unwrap();
    assert_eq!(junit_counts(&xml), (2, 2));

    let one = corridor_in(Some(&dir), &["test", ".", "--jobs", "1"]);
    let two = corridor_in(Some(&dir), &["test", ".", "--jobs", "2"]);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, out.stdout);

    std::fs::write(dir.join("b.toml"), scenario("B", 2, "at_least = 1")).unwrap();
    let update = corridor_in(Some(&dir), &["test", ".", "--update"]);
    assert_eq!(
        stdout(&update),
        "ok     ./a.toml (1 expectation, golden unchanged)\nok     ./b.toml (1 expectation, golden written)\n2 scenarios: 2 passed, 0 failed\n"
    );
    let again = corridor_in(Some(&dir), &["test", "."]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
}

#[test]
fn an_unknown_metric_is_bad_input_with_the_nearest_name() {
    let text = SMALL.replace("NAME", "A").replace("SEED", "1")
        + "\n[[expect]]\nmetric = \"payments.complete\"\nat_least = 1\n";
    let dir = dir_with("ci-unknown", &[("a.toml", &text)]);
    let out = corridor_in(Some(&dir), &["test", "a.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: a.toml:12:10: expect.metric: unknown metric `payments.complete`; did you mean `payments.completed`? See `corridor test --metrics`\n"
    );
}

#[test]
fn an_expectation_in_the_wrong_unit_or_with_two_comparators_is_bad_input() {
    let head = SMALL.replace("NAME", "A").replace("SEED", "1");
    let cases = [
        (
            "metric = \"eur.paid\"\nat_least = \"5 CNY\"\n",
            "error: a.toml:13:12: expect.at_least: `5 CNY` is in CNY: this metric is in EUR (eur.paid is in EUR)\n",
        ),
        (
            "metric = \"time_to_credit.p95\"\nat_most = \"12 days\"\n",
            "error: a.toml:13:11: expect.at_most: `12 days` is not a duration: write a whole number and a unit, \
             like \"100ms\", \"90s\", \"15m\", \"4h\" or \"2d\" (time_to_credit.p95 is in duration)\n",
        ),
        (
            "metric = \"payments.completed\"\nat_least = 1\nat_most = 9\n",
            "error: a.toml:11:1: expect: `payments.completed`: give exactly one of `at_least`, `at_most`, `equals` (found 2)\n",
        ),
    ];
    for (i, (expect, message)) in cases.into_iter().enumerate() {
        let text = format!("{head}\n[[expect]]\n{expect}");
        let dir = dir_with(&format!("ci-expect-{i}"), &[("a.toml", &text)]);
        let out = corridor_in(Some(&dir), &["test", "a.toml"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&out.stderr), message);
    }
}

#[test]
fn every_metric_is_listed_with_its_unit() {
    let text = stdout(&corridor(&["test", "--metrics"]));
    for name in [
        "payments.declined.REASON",
        "time_to_credit.p95",
        "eur.pool_peak",
        "remittance.ID.value_date",
    ] {
        assert!(text.contains(name), "{name} missing from\n{text}");
    }
}

/// The bundled scenarios hold what they are there to show and match their
/// goldens. scale-1m (a million payments) is left to release builds: a
/// debug build takes minutes over it.
#[test]
fn the_bundled_scenarios_pass_their_own_tests() {
    let mut args = vec!["test".to_string()];
    for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") && !p.ends_with("scale-1m.toml") {
            args.push(format!("scenarios/{}", p.file_name().unwrap().to_string_lossy()));
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = corridor(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
