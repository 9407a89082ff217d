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
use super::{Run, Seeds, Shard, Sweep, Vary, cell_label, cells};

/// The sweep as a table: a line saying what ran, then one row per metric;
/// for a grid (`--vary`), a table per cell under its heading.
pub fn text(sweep: &Sweep) -> String {
    let mut out = format!("{}\n", title(sweep));
    if sweep.vary.is_empty() {
        out.push_str(&table(&sweep.runs));
        return out;
    }
    for (i, cell) in cells(&sweep.vary).iter().enumerate() {
        out.push_str(&format!("\n{}\n", cell_label(cell)));
        out.push_str(&table(&sweep.cell_runs(i)));
    }
    out
}

/// One row per metric over `runs`, under a header.
fn table(runs: &[Run]) -> String {
    let mut rows = vec![header().map(String::from).to_vec()];
    for s in spreads(runs) {
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
    let mut out = String::new();
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

/// `spring-festival-2018: 1000 seeds, 1..1000` (`, shard 2/4 of 1..1000`);
/// for a grid, `, 2 cells` after the seeds.
fn title(sweep: &Sweep) -> String {
    let n = sweep.runs.iter().filter(|r| r.cell == 0).count();
    let plural = if n == 1 { "" } else { "s" };
    let line = match sweep.shard {
        None => format!("{}: {n} seed{plural}, {}", sweep.scenario, sweep.seeds),
        Some(s) => format!(
            "{}: {n} seed{plural}, shard {s} of {} ({})",
            sweep.scenario,
            sweep.seeds,
            sweep.seeds.slice(s)
        ),
    };
    match cells(&sweep.vary).len() {
        _ if sweep.vary.is_empty() => line,
        n => format!("{line}, {n} cells"),
    }
}

fn header() -> [&'static str; 9] {
    ["metric", "unit", "seeds", "min", "p5", "p50", "p95", "max", "mean"]
}

/// One row per metric under a header; durations in ms, amounts plain.
/// For a grid, one column per varied key first, with the cell's value.
pub fn csv(sweep: &Sweep) -> String {
    let keys: Vec<String> = sweep.vary.iter().map(|v| csv_field(&v.key)).collect();
    let mut out = keys.iter().map(|k| format!("{k},")).collect::<String>();
    out.push_str(&header().join(","));
    out.push('\n');
    for (i, cell) in cells(&sweep.vary).iter().enumerate() {
        let prefix: String = cell.iter().map(|(_, v)| format!("{},", csv_field(v))).collect();
        for s in spreads(&sweep.cell_runs(i)) {
            out.push_str(&prefix);
            out.push_str(&csv_row(s));
        }
    }
    out
}

/// A CSV field, quoted when it holds a comma or a quote (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_row(s: Spread) -> String {
    let figures = [s.min, s.p5, s.p50, s.p95, s.max].map(plain);
    format!(
        "{},{},{},{},{}\n",
        s.metric,
        unit(s.unit),
        s.seeds,
        figures.join(","),
        s.mean
    )
}

/// The unit in JSON and CSV: `count`, `ms`, `EUR`, `CNY`, `date`.
fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Duration => "ms",
        u => u.name(),
    }
}

/// A value in JSON and CSV: exact, without its unit.
pub(crate) fn plain(v: Value) -> String {
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    vary: Vec<DocVary>,
    metrics: Vec<DocSpread>,
    runs: Vec<DocRun>,
}

#[derive(Serialize, Deserialize)]
struct DocVary {
    key: String,
    values: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct DocSpread {
    /// The cell's label, for a grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
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
    /// The cell's index (from 0, in the order of `cells`), for a grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cell: Option<usize>,
    seed: u64,
    values: BTreeMap<String, String>,
}

/// The sweep as JSON: the distributions, then every seed's values (exact,
/// as strings) so that shards can be merged.
pub fn json(sweep: &Sweep) -> String {
    let grid = !sweep.vary.is_empty();
    let metrics = cells(&sweep.vary)
        .iter()
        .enumerate()
        .flat_map(|(i, cell)| {
            let label = grid.then(|| cell_label(cell));
            spreads(&sweep.cell_runs(i)).into_iter().map(move |s| DocSpread {
                cell: label.clone(),
                ..doc_spread(s)
            })
        })
        .collect();
    let runs = sweep
        .runs
        .iter()
        .map(|r| DocRun {
            cell: grid.then_some(r.cell),
            seed: r.seed,
            values: r.metrics.iter().map(|(k, v)| (k.clone(), plain(*v))).collect(),
        })
        .collect();
    let doc = Doc {
        scenario: sweep.scenario.clone(),
        fingerprint: sweep.fingerprint.clone(),
        seeds: sweep.seeds.to_string(),
        shard: sweep.shard.map(|s| s.to_string()),
        vary: sweep
            .vary
            .iter()
            .map(|v| DocVary {
                key: v.key.clone(),
                values: v.values.clone(),
            })
            .collect(),
        metrics,
        runs,
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("a sweep always serializes");
    out.push('\n');
    out
}

fn doc_spread(s: Spread) -> DocSpread {
    DocSpread {
        cell: None,
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
    let vary: Vec<Vary> = doc
        .vary
        .into_iter()
        .map(|v| Vary {
            key: v.key,
            values: v.values,
        })
        .collect();
    let cell_count = cells(&vary).len();
    let mut runs = Vec::with_capacity(doc.runs.len());
    for r in doc.runs {
        let cell = r.cell.unwrap_or(0);
        if cell >= cell_count || vary.iter().any(|v| v.values.is_empty()) {
            return Err(format!(
                "seed {}: cell {cell} is not a cell of the sweep's grid",
                r.seed
            ));
        }
        let mut metrics = BTreeMap::new();
        for (name, text) in r.values {
            let value = read(&name, &text).map_err(|e| format!("seed {}: {name}: {e}", r.seed))?;
            metrics.insert(name, value);
        }
        runs.push(Run {
            cell,
            seed: r.seed,
            metrics,
        });
    }
    Ok(Sweep {
        scenario: doc.scenario,
        fingerprint: doc.fingerprint,
        seeds,
        shard,
        vary,
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
