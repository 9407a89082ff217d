//! `--set KEY=VALUE`, `corridor diff` and `corridor sweep --vary`: a
//! one-off change behaves as editing the file does, bad keys and values are
//! bad input that names the `--set`, and a comparison prints exact figures.

use std::path::Path;

use corridor::scenario::bundled;

use crate::support::{corridor, corridor_in, dir_with, stderr, stdout};

const SMALL: &str =
    "[scenario]\nname = \"A\"\nseed = 1\nstart = 2018-03-05\ndays = 2\ndrain_days = 10\n\n[cardholders]\ncount = 30\n";

fn ok_in(dir: Option<&Path>, args: &[&str]) -> String {
    let o = corridor_in(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn bad(args: &[&str]) -> String {
    let o = corridor(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
    assert_eq!(stdout(&o), "", "nothing is printed for bad input");
    stderr(&o)
}

#[test]
fn a_set_changes_the_report_exactly_as_editing_the_file_does() {
    let text = bundled::find("spring-festival-2018").expect("bundled").text;
    let line = "minimum = \"650 EUR\"";
    assert!(text.contains(line));
    let edited = text.replace(line, "minimum = \"200000 EUR\"");
    let rates = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/data/ecb-eur-cny-2018.csv"
    ))
    .expect("the bundled rate table");
    let dir = dir_with("set-edited", &[("edited.toml", &edited)]);
    std::fs::create_dir_all(dir.join("data")).expect("data dir");
    std::fs::write(dir.join("data/ecb-eur-cny-2018.csv"), rates).expect("rates written");
    let by_hand = ok_in(Some(&dir), &["run", "edited.toml"]);
    let by_set = ok_in(
        None,
        &[
            "run",
            "spring-festival-2018",
            "--set",
            "settlement_bank.minimum=200000 EUR",
        ],
    );
    assert_eq!(by_set, by_hand);
    assert_ne!(by_set, ok_in(None, &["run", "spring-festival-2018"]));
    // With its quotes, as a TOML string, the value means the same.
    let quoted = ok_in(
        None,
        &[
            "run",
            "spring-festival-2018",
            "--set",
            "settlement_bank.minimum=\"200000 EUR\"",
        ],
    );
    assert_eq!(quoted, by_hand);
}

#[test]
fn a_kept_variant_runs_as_the_change_did_and_says_what_changed() {
    use corridor::scenario::edit::{Change, variant};
    let text = bundled::find("spring-festival-2018").expect("bundled").text;
    let change = Change::Set {
        key: "settlement_bank.minimum".into(),
        value: "200000 EUR".into(),
    };
    let kept = variant(text, &[change]).expect("a valid change");
    assert!(
        kept.lines()
            .any(|l| l.starts_with("minimum = \"200000 EUR\"") && l.contains("# changed: was \"650 EUR\"")),
        "{kept}"
    );
    // Every comment of the original is still there.
    let comments = |t: &str| t.lines().filter(|l| l.trim_start().starts_with('#')).count();
    assert_eq!(comments(&kept), comments(text));
    let rates = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/data/ecb-eur-cny-2018.csv"
    ))
    .expect("the bundled rate table");
    let dir = dir_with("set-variant", &[("variant.toml", &kept)]);
    std::fs::create_dir_all(dir.join("data")).expect("data dir");
    std::fs::write(dir.join("data/ecb-eur-cny-2018.csv"), rates).expect("rates written");
    assert_eq!(
        ok_in(Some(&dir), &["run", "variant.toml"]),
        ok_in(
            None,
            &[
                "run",
                "spring-festival-2018",
                "--set",
                "settlement_bank.minimum=200000 EUR"
            ]
        )
    );
}

#[test]
fn an_unknown_key_is_bad_input_with_the_nearest_key() {
    assert_eq!(
        bad(&["run", "--set", "settlement_bank.minimun=5000 EUR"]),
        "error: --set settlement_bank.minimun=5000 EUR: settlement_bank.minimun: unknown key \
         `settlement_bank.minimun`; did you mean `settlement_bank.minimum`?\n"
    );
    assert_eq!(
        bad(&[
            "sweep",
            "spring-festival-2018",
            "--seeds",
            "1..2",
            "--set",
            "acquirer.schem=SCT_INST"
        ]),
        "error: --set acquirer.schem=SCT_INST: acquirer.schem: unknown key `acquirer.schem`; \
         did you mean `acquirer.scheme`?\n"
    );
    assert!(bad(&["run", "--set", "nonsense"]).contains("`nonsense` is not KEY=VALUE"));
}

#[test]
fn a_bad_value_is_reported_against_the_set_not_a_line_of_a_file() {
    assert_eq!(
        bad(&["run", "--set", "settlement_bank.minimum=5000 XYZ"]),
        "error: --set settlement_bank.minimum=5000 XYZ: settlement_bank.minimum: `XYZ` is not a currency \
         corridor knows: use CNY, EUR or USD\n"
    );
    assert_eq!(
        bad(&[
            "explain",
            "spring-festival-2018",
            "--payment",
            "P00000001",
            "--set",
            "scenario.days=abc"
        ]),
        "error: --set scenario.days=abc: scenario.days: invalid type: string \"abc\", expected a whole number\n"
    );
    // A problem the file had all along keeps its own line and column.
    let broken = SMALL.replace("days = 2", "days = 0");
    let dir = dir_with("set-broken", &[("s.toml", &broken)]);
    let o = corridor_in(Some(&dir), &["run", "s.toml", "--set", "acquirer.scheme=SCT_INST"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: s.toml:5:8: scenario.days: 0 is out of range: use 1 to 366\n"
    );
}

#[test]
fn test_refuses_to_update_goldens_of_changed_scenarios() {
    assert_eq!(
        bad(&[
            "test",
            "scenarios/baseline.toml",
            "--update",
            "--set",
            "scenario.seed=8"
        ]),
        "error: --update with --set would write the changed scenarios' reports as the goldens of the files as \
         they are: run --update without --set\n"
    );
}

#[test]
fn diff_of_a_minimum_that_every_day_reaches_changes_nothing() {
    let out = ok_in(
        None,
        &[
            "diff",
            "spring-festival-2018",
            "--set",
            "settlement_bank.minimum=5000 EUR",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "A: spring-festival-2018.toml (bundled)");
    assert_eq!(
        lines[1],
        "B: spring-festival-2018.toml (bundled) with --set settlement_bank.minimum=5000 EUR"
    );
    for expected in [
        "metric                                               A               B  B - A",
        "eur.paid                                2180978.96 EUR  2180978.96 EUR      0",
        "payments.completed                               12466           12466      0",
        "remittance.R0003.value_date                 2018-02-23      2018-02-23      0",
        "time_to_credit.p95                         11d 18h 16m     11d 18h 16m      0",
        "eur.in_pool                                   0.00 EUR        0.00 EUR      0",
        "0 of 67 metrics differ (*).",
        "Payments whose outcome changed (status, refunds or time to credit), of the purchases both made: 0",
    ] {
        assert!(lines.contains(&expected), "missing `{expected}` in\n{out}");
    }
    assert!(out.contains(
        "Purchases: 12,894 in A, 12,894 in B; the change redrew 0 of B's (and 0 of A's were not made in B)."
    ));
}

#[test]
fn diff_of_a_minimum_above_the_daily_pool_holds_the_money_back() {
    let out = ok_in(
        None,
        &[
            "diff",
            "spring-festival-2018",
            "--set",
            "settlement_bank.minimum=200000 EUR",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    for expected in [
        "eur.paid *                              2180978.96 EUR  2142088.18 EUR  -38890.78 EUR",
        "remittance.R0002.value_date *               2018-02-15      2018-02-23            +8d",
        "remittance.R0005.value_date *               2018-02-26               -              -",
        "remittances.count *                                  7               4             -3",
        "time_to_credit.p50 *                        5d 21h 20m      6d 10h 29m       +13h 09m",
        "eur.in_pool *                                 0.00 EUR    39191.82 EUR  +39191.82 EUR",
        "time_to_credit.mean *                       6d 16h 28m      6d 18h 43m        +2h 15m",
        "49 of 67 metrics differ (*).",
        "Payments whose outcome changed (status, refunds or time to credit), of the purchases both made: 845",
        "  P00000002",
        "    A: completed, 649.69 EUR, credited after 2d 21h 58m",
        "    B: completed, 649.69 EUR, credited after 3d 21h 58m",
        "  ... and 825 more (--format json lists them all)",
    ] {
        assert!(lines.contains(&expected), "missing `{expected}` in\n{out}");
    }
    let json = ok_in(
        None,
        &[
            "diff",
            "spring-festival-2018",
            "--set",
            "settlement_bank.minimum=200000 EUR",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let paid = v["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .find(|m| m["metric"] == "eur.paid")
        .expect("eur.paid");
    assert_eq!(paid["a"], "2180978.96");
    assert_eq!(paid["b"], "2142088.18");
    assert_eq!(paid["difference"], "-38890.78");
    assert_eq!(paid["unit"], "EUR");
    assert_eq!(v["purchases"]["redrawn"], 0);
    assert_eq!(v["changed"]["count"], 845);
    assert_eq!(v["changed"]["payments"].as_array().map(Vec::len), Some(845));
    assert_eq!(v["changed"]["payments"][0]["a"]["to_credit_ms"], 251_909_819);
}

#[test]
fn diff_of_two_files_counts_the_purchases_a_change_redrew() {
    let more = SMALL.replace("count = 30", "count = 31");
    let dir = dir_with("diff-two", &[("a.toml", SMALL), ("b.toml", &more)]);
    let out = ok_in(Some(&dir), &["diff", "a.toml", "b.toml"]);
    // One more cardholder: its own purchases are new; everyone else's are
    // the same purchases (common random numbers).
    assert!(
        out.contains("\npayments.initiated *                              50            52           +2\n"),
        "{out}"
    );
    assert!(out.contains("Purchases: 50 in A, 52 in B; the change redrew 2 of B's (and 0 of A's were not made in B)."));
    assert!(out.ends_with("of the purchases both made: 0\n"), "{out}");
    let o = corridor_in(Some(&dir), &["diff", "a.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: corridor diff needs two scenarios, or one and --set KEY=VALUE to compare it with itself changed\n"
    );
}

#[test]
fn a_varied_sweep_is_the_same_for_any_jobs_and_equals_the_merge_of_its_shards() {
    let dir = dir_with("vary", &[("a.toml", SMALL)]);
    let base = [
        "sweep",
        "a.toml",
        "--seeds",
        "1..5",
        "--vary",
        "settlement_bank.minimum=650 EUR,\"5000 EUR\"",
        "--vary",
        "acquirer.scheme=SCT,SCT_INST",
    ];
    for format in ["text", "json", "csv"] {
        let with = |extra: &[&str]| {
            let mut args = base.to_vec();
            args.extend_from_slice(&["--format", format]);
            args.extend_from_slice(extra);
            ok_in(Some(&dir), &args)
        };
        let one = with(&["--jobs", "1"]);
        assert_eq!(one, with(&["--jobs", "2"]), "--format {format}");
        for i in 1..=3 {
            let shard = format!("{i}/3");
            let mut args = base.to_vec();
            args.extend_from_slice(&["--format", "json", "--shard", &shard]);
            let json = ok_in(Some(&dir), &args);
            std::fs::write(dir.join(format!("part{i}.json")), json).expect("written");
        }
        let merged = ok_in(
            Some(&dir),
            &[
                "sweep",
                "merge",
                "part1.json",
                "part2.json",
                "part3.json",
                "--format",
                format,
            ],
        );
        assert_eq!(merged, one, "merge, --format {format}");
    }
    let text = ok_in(Some(&dir), &base);
    assert!(
        text.starts_with("A: 5 seeds, 1..5, 4 cells\n\nsettlement_bank.minimum=650 EUR, acquirer.scheme=SCT\nmetric "),
        "{text}"
    );
    assert!(
        text.contains("\n\nsettlement_bank.minimum=5000 EUR, acquirer.scheme=SCT_INST\nmetric "),
        "{text}"
    );
    let mut csv_args = base.to_vec();
    csv_args.extend_from_slice(&["--format", "csv"]);
    let csv = ok_in(Some(&dir), &csv_args);
    assert!(
        csv.starts_with("settlement_bank.minimum,acquirer.scheme,metric,unit,seeds,min,p5,p50,p95,max,mean\n650 EUR,SCT,eur.due,EUR,5,"),
        "{csv}"
    );
    // A bad value in the grid stops the sweep before it runs.
    let o = corridor_in(
        Some(&dir),
        &[
            "sweep",
            "a.toml",
            "--seeds",
            "1..2",
            "--vary",
            "acquirer.scheme=SCT,SEPA",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --vary acquirer.scheme=SEPA: acquirer.scheme: `SEPA` is not a payout scheme: use \"SCT\" or \"SCT_INST\"\n"
    );
}

/// A change that moves many payments but no percentile shows in the mean
/// and in the changed payments, never as "nothing changed" alone.
#[test]
fn diff_of_instant_payouts_moves_the_mean_time_to_credit() {
    let out = ok_in(
        None,
        &["diff", "spring-festival-2018", "--set", "acquirer.scheme=SCT_INST"],
    );
    let lines: Vec<&str> = out.lines().collect();
    for expected in [
        "time_to_credit.mean *                       6d 16h 28m      6d 12h 09m  -4h 18m",
        "time_to_credit.p50                          5d 21h 20m      5d 21h 20m        0",
        "1 of 67 metrics differ (*).",
        "Payments whose outcome changed (status, refunds or time to credit), of the purchases both made: 3,164",
        "    A: completed, 649.69 EUR, credited after 2d 21h 58m",
        "    B: completed, 649.69 EUR, credited after 2d 04h 58m",
    ] {
        assert!(lines.contains(&expected), "missing `{expected}` in\n{out}");
    }
}
