//! A sweep written out: text for people, CSV for spreadsheets, and JSON,
//! which also carries every seed's values so that shards can be merged
//! (`corridor sweep merge`) into exactly the bytes of the whole sweep. In
//! JSON and CSV durations are milliseconds and amounts plain decimals (the
//! unit column names the currency); text writes each in its unit.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::money::Money;
use crate::engine::Duration;
use crate::scenario::expect::{Unit, Value, lookup};

use super::stats::{Spread, spreads};
use super::{Run, Seeds, Shard, Sweep};

/// The sweep as a table: a line saying what ran, then one row per metric.
pub fn text(sweep: &Sweep) -> String {
    let mut rows = vec![header().map(String::from).to_vec()];
    for s in spreads(&sweep.runs) {
        let mean = match s.unit {
            Unit::Duration => Duration(i64::try_from(s.mean.mantissa()).unwrap_or(i64::MAX)).to_string(),
            Unit::Money(c) => Money::new(s.mean, c).to_string(),
            Unit::Count | Unit::Date => s.mean.to_string(),
        };
        let figures = [s.min, s.p5, s.p50, s.p95, s.max].map(|v| v.to_string());
        let mut row = vec![s.metric.clone(), s.unit.name().to_string(), s.seeds.to_string()];
        row.extend(figures);
        row.push(mean);
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = format!("{}\n", title(sweep));
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| match c {
                0 | 1 => format!("{cell:<w$}", w = widths[c]),
                _ => format!("{cell:>w$}", w = widths[c]),
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// `spring-festival-2018: 1000 seeds, 1..1000` (`, shard 2/4 of 1..1000`).
fn title(sweep: &Sweep) -> String {
    let n = sweep.runs.len();
    let plural = if n == 1 { "" } else { "s" };
    match sweep.shard {
        None => format!("{}: {n} seed{plural}, {}", sweep.scenario, sweep.seeds),
        Some(s) => format!(
            "{}: {n} seed{plural}, shard {s} of {} ({})",
            sweep.scenario,
            sweep.seeds,
            sweep.seeds.slice(s)
        ),
    }
}

fn header() -> [&'static str; 9] {
    ["metric", "unit", "seeds", "min", "p5", "p50", "p95", "max", "mean"]
}

/// One row per metric under a header; durations in ms, amounts plain.
pub fn csv(sweep: &Sweep) -> String {
    let mut out = header().join(",");
    out.push('\n');
    for s in spreads(&sweep.runs) {
        let figures = [s.min, s.p5, s.p50, s.p95, s.max].map(plain);
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            s.metric,
            unit(s.unit),
            s.seeds,
            figures.join(","),
            s.mean
        ));
    }
    out
}

/// The unit in JSON and CSV: `count`, `ms`, `EUR`, `CNY`, `date`.
fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Duration => "ms",
        u => u.name(),
    }
}

/// A value in JSON and CSV: exact, without its unit.
fn plain(v: Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Duration(d) => d.0.to_string(),
        // Money's own digits (1234.50, never -0.00), without the currency.
        Value::Money(m) => m.to_string().split(' ').next().unwrap_or_default().to_string(),
        Value::Date(d) => d.to_string(),
    }
}

/// The JSON of a sweep; field order is the struct's.
#[derive(Serialize, Deserialize)]
struct Doc {
    scenario: String,
    fingerprint: String,
    seeds: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shard: Option<String>,
    metrics: Vec<DocSpread>,
    runs: Vec<DocRun>,
}

#[derive(Serialize, Deserialize)]
struct DocSpread {
    metric: String,
    unit: String,
    seeds: usize,
    min: String,
    p5: String,
    p50: String,
    p95: String,
    max: String,
    mean: String,
}

#[derive(Serialize, Deserialize)]
struct DocRun {
    seed: u64,
    values: BTreeMap<String, String>,
}

/// The sweep as JSON: the distributions, then every seed's values (exact,
/// as strings) so that shards can be merged.
pub fn json(sweep: &Sweep) -> String {
    let metrics = spreads(&sweep.runs).into_iter().map(doc_spread).collect();
    let runs = sweep
        .runs
        .iter()
        .map(|r| DocRun {
            seed: r.seed,
            values: r.metrics.iter().map(|(k, v)| (k.clone(), plain(*v))).collect(),
        })
        .collect();
    let doc = Doc {
        scenario: sweep.scenario.clone(),
        fingerprint: sweep.fingerprint.clone(),
        seeds: sweep.seeds.to_string(),
        shard: sweep.shard.map(|s| s.to_string()),
        metrics,
        runs,
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("a sweep always serializes");
    out.push('\n');
    out
}

fn doc_spread(s: Spread) -> DocSpread {
    DocSpread {
        unit: unit(s.unit).to_string(),
        seeds: s.seeds,
        min: plain(s.min),
        p5: plain(s.p5),
        p50: plain(s.p50),
        p95: plain(s.p95),
        max: plain(s.max),
        mean: s.mean.to_string(),
        metric: s.metric,
    }
}

/// Reads a sweep's JSON back (its runs; the distributions are recomputed),
/// or says what is wrong with it.
pub fn parse(text: &str) -> Result<Sweep, String> {
    let doc: Doc = serde_json::from_str(text).map_err(|e| format!("not the JSON of a corridor sweep: {e}"))?;
    let seeds = Seeds::parse(&doc.seeds)?;
    let shard = doc.shard.as_deref().map(Shard::parse).transpose()?;
    if let Some(s) = shard.filter(|s| u64::from(s.of) > seeds.count()) {
        return Err(format!(
            "shard {s} of {} seeds: there are more shards than seeds",
            seeds.count()
        ));
    }
    let mut runs = Vec::with_capacity(doc.runs.len());
    for r in doc.runs {
        let mut metrics = BTreeMap::new();
        for (name, text) in r.values {
            let value = read(&name, &text).map_err(|e| format!("seed {}: {name}: {e}", r.seed))?;
            metrics.insert(name, value);
        }
        runs.push(Run { seed: r.seed, metrics });
    }
    Ok(Sweep {
        scenario: doc.scenario,
        fingerprint: doc.fingerprint,
        seeds,
        shard,
        runs,
    })
}

/// One seed's value as [`plain`] wrote it.
fn read(name: &str, text: &str) -> Result<Value, String> {
    let (metric, _) = lookup(name).ok_or_else(|| "not a metric corridor knows".to_string())?;
    let bad = |_| format!("`{text}` is not a value in {}", metric.unit.name());
    match metric.unit {
        Unit::Count => text.parse().map(Value::Count).map_err(|_| bad(())),
        Unit::Duration => text
            .parse()
            .map(|ms| Value::Duration(Duration(ms)))
            .map_err(|_| bad(())),
        Unit::Money(c) => text
            .parse::<Decimal>()
            .map(|d| Value::Money(Money::new(d, c)))
            .map_err(|_| bad(())),
        Unit::Date => text.parse().map(Value::Date).map_err(|_| bad(())),
    }
}
