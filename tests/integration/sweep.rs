//! `corridor sweep`: one run per seed, the same bytes for any `--jobs`, and
//! shards that merge into exactly the whole sweep.

use std::path::{Path, PathBuf};

use crate::support::{corridor_in, dir_with, stderr, stdout};

const SMALL: &str = "[scenario]\nname = \"NAME\"\nseed = 1\nstart = 2018-03-05\ndays = 2\ndrain_days = 10\n\n[cardholders]\ncount = 30\n";

/// A directory with small scenarios: `a.toml`, `b.toml`, and `a2.toml`
/// (an edited `a.toml`, with its name).
fn dir(name: &str) -> PathBuf {
    dir_with(
        &format!("sweep-{name}"),
        &[
            ("a.toml", &SMALL.replace("NAME", "A")),
            ("b.toml", &SMALL.replace("NAME", "B")),
            (
                "a2.toml",
                &SMALL.replace("NAME", "A").replace("count = 30", "count = 31"),
            ),
        ],
    )
}

/// Runs corridor in `dir`; asserts exit 0 and returns standard output.
fn ok(dir: &Path, args: &[&str]) -> String {
    let o = corridor_in(Some(dir), args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Runs corridor in `dir`; asserts exit 2 and returns standard error.
fn bad(dir: &Path, args: &[&str]) -> String {
    let o = corridor_in(Some(dir), args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
    stderr(&o)
}

#[test]
fn any_number_of_jobs_gives_the_same_bytes_in_every_format() {
    let d = dir("jobs");
    for format in ["text", "json", "csv"] {
        let one = ok(
            &d,
            &["sweep", "a.toml", "--seeds", "1..6", "--jobs", "1", "--format", format],
        );
        let two = ok(
            &d,
            &["sweep", "a.toml", "--seeds", "1..6", "--jobs", "2", "--format", format],
        );
        assert_eq!(one, two, "--format {format}");
    }
    let text = ok(&d, &["sweep", "a.toml", "--seeds", "1..6", "--jobs", "2"]);
    assert!(text.starts_with("A: 6 seeds, 1..6\nmetric"), "{text}");
    assert!(text.contains("\npayments.completed "), "{text}");
    assert!(!text.contains("merchant.") && !text.contains("remittance.R"), "{text}");
    // In a pipe there is no progress bar: standard error stays empty.
    let piped = corridor_in(Some(&d), &["sweep", "a.toml", "--seeds", "1..2"]);
    assert_eq!(stderr(&piped), "");
    let csv = ok(&d, &["sweep", "a.toml", "--seeds", "1..6", "--format", "csv"]);
    assert!(csv.starts_with("metric,unit,seeds,min,p5,p50,p95,max,mean\n"), "{csv}");
}

#[test]
fn each_seed_is_the_run_that_seed_gives() {
    let d = dir("seed");
    let one = ok(&d, &["sweep", "a.toml", "--seeds", "3..3", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    let run = ok(&d, &["run", "a.toml", "--seed", "3", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run).expect("JSON");
    assert_eq!(
        doc["runs"][0]["values"]["payments.completed"]
            .as_str()
            .map(String::from),
        Some(report["payments"]["completed"].to_string())
    );
}

#[test]
fn the_merge_of_the_shards_is_the_whole_sweep() {
    let d = dir("merge");
    let sweep = |extra: &[&str]| {
        let mut args = vec!["sweep", "a.toml", "--seeds", "1..5", "--format", "json"];
        args.extend_from_slice(extra);
        ok(&d, &args)
    };
    std::fs::write(d.join("part1.json"), sweep(&["--shard", "1/2"])).unwrap();
    std::fs::write(d.join("part2.json"), sweep(&["--shard", "2/2"])).unwrap();
    let whole = sweep(&[]);
    // In any order given, and in every format.
    assert_eq!(
        ok(&d, &["sweep", "merge", "part2.json", "part1.json", "--format", "json"]),
        whole
    );
    for format in ["text", "csv"] {
        let direct = ok(&d, &["sweep", "a.toml", "--seeds", "1..5", "--format", format]);
        assert_eq!(
            ok(&d, &["sweep", "merge", "part1.json", "part2.json", "--format", format]),
            direct
        );
    }
    let part1 = std::fs::read_to_string(d.join("part1.json")).unwrap();
    assert!(
        part1.contains("\"shard\": \"1/2\"") && part1.contains("\"seed\": 3"),
        "{part1}"
    );
    assert!(!part1.contains("\"seed\": 4"), "{part1}");
}

#[test]
fn bad_shards_are_refused_with_what_is_wrong() {
    let d = dir("bad");
    let part = |file: &str, scenario: &str, seeds: &str, shard: &str| {
        let out = ok(
            &d,
            &[
                "sweep", scenario, "--seeds", seeds, "--shard", shard, "--format", "json",
            ],
        );
        std::fs::write(d.join(file), out).unwrap();
    };
    part("a1.json", "a.toml", "1..4", "1/3");
    part("a2.json", "a.toml", "1..4", "2/3");
    part("b2.json", "b.toml", "1..4", "2/3");
    part("e2.json", "a2.toml", "1..4", "2/3");
    part("w2.json", "a.toml", "1..5", "2/3");
    part("h2.json", "a.toml", "1..4", "2/2");
    std::fs::write(d.join("junk.json"), "{}").unwrap();
    assert_eq!(
        bad(&d, &["sweep", "merge", "a1.json", "a2.json"]),
        "error: missing shard 3/3 (seeds 4..4): merge every shard of the sweep\n"
    );
    assert_eq!(
        bad(&d, &["sweep", "merge", "a1.json", "a2.json", "a2.json"]),
        "error: shard 2/3 is given twice (a2.json and a2.json): give each shard once\n"
    );
    assert_eq!(
        bad(&d, &["sweep", "merge", "a1.json", "b2.json"]),
        "error: b2.json is a sweep of `B` but a1.json is a sweep of `A`: merge the shards of one sweep\n"
    );
    let edited = bad(&d, &["sweep", "merge", "a1.json", "e2.json"]);
    assert!(
        edited.starts_with("error: e2.json and a1.json were run from different versions of `A` (fingerprints "),
        "{edited}"
    );
    assert!(edited.ends_with("): merge the shards of one sweep\n"), "{edited}");
    assert_eq!(
        bad(&d, &["sweep", "merge", "a1.json", "w2.json"]),
        "error: w2.json is a sweep of seeds 1..5 but a1.json of seeds 1..4: merge the shards of one sweep\n"
    );
    assert_eq!(
        bad(&d, &["sweep", "merge", "a1.json", "h2.json"]),
        "error: h2.json is shard 2/2 but a1.json is one of 3 shards: merge the shards of one sweep\n"
    );
    assert_eq!(
        bad(&d, &["sweep", "merge", "junk.json"]),
        "error: junk.json: not the JSON of a corridor sweep: missing field `scenario` at line 1 column 2\n"
    );
    assert_eq!(
        bad(&d, &["sweep", "a.toml", "--seeds", "1..2", "--shard", "1/3"]),
        "error: --shard 1/3: 2 seeds cannot make 3 shards; use at most 2 shards\n"
    );
    let range = bad(&d, &["sweep", "a.toml", "--seeds", "9..1"]);
    assert!(
        range.contains("`9..1`: the first seed is after the last; write the smaller first"),
        "{range}"
    );
}
