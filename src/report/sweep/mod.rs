//! A sweep: one scenario run once per seed, and each metric's distribution
//! over the seeds. This module holds the sweep as data (the seeds, the
//! shard, every seed's metrics) and how seeds are cut into shards;
//! `stats` computes the distributions and `render` writes them as text,
//! JSON or CSV and reads a shard's JSON back. Running the seeds, on
//! threads, is the command line's job.
//!
//! Only the metrics with a fixed name are swept (`payments.completed`,
//! `time_to_credit.p95`, ...): the per-id ones (`merchant.ID.paid`,
//! `remittance.ID.value_date`) name things whose set changes with the seed
//! (the remittances a run makes), so a distribution of them would mix
//! different things, or be over a varying number of seeds.

pub mod render;
pub mod stats;

use crate::scenario::expect::lookup;

use super::metrics::Metrics;

/// The most seeds one sweep runs: a limit, so that a typo (`1..10000000`)
/// is refused at once rather than running for days.
pub const MAX_SEEDS: u64 = 1_000_000;

/// An inclusive range of seeds, `A..B` on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seeds {
    /// The first seed.
    pub from: u64,
    /// The last seed, included; at least `from`.
    pub to: u64,
}

impl Seeds {
    /// Reads `A..B` (both included, A <= B, at most [`MAX_SEEDS`] seeds).
    pub fn parse(text: &str) -> Result<Seeds, String> {
        let bad = || format!("`{text}` is not a range of seeds: write A..B, like 1..1000 (both included)");
        let (a, b) = text.trim().split_once("..").ok_or_else(bad)?;
        let from: u64 = a.trim().parse().map_err(|_| bad())?;
        let to: u64 = b.trim().parse().map_err(|_| bad())?;
        if from > to {
            return Err(format!(
                "`{text}`: the first seed is after the last; write the smaller first"
            ));
        }
        let seeds = Seeds { from, to };
        if seeds.count() > MAX_SEEDS {
            return Err(format!(
                "`{text}`: {} seeds; a sweep runs at most {MAX_SEEDS}",
                seeds.count()
            ));
        }
        Ok(seeds)
    }

    /// How many seeds the range holds.
    pub fn count(self) -> u64 {
        // Saturating: 0..u64::MAX holds one more seed than a u64 counts.
        (self.to - self.from).saturating_add(1)
    }

    /// The seeds of shard `shard`: contiguous slices, the first
    /// `count % n` of them one seed longer, so every seed is in exactly one
    /// shard and a shard's seeds are a range of their own.
    pub fn slice(self, shard: Shard) -> Seeds {
        let (count, n, i) = (self.count(), u64::from(shard.of), u64::from(shard.index) - 1);
        let (base, extra) = (count / n, count % n);
        let start = i * base + i.min(extra);
        let len = base + u64::from(i < extra);
        Seeds {
            from: self.from + start,
            to: self.from + start + len - 1,
        }
    }
}

impl std::fmt::Display for Seeds {
    /// `1..1000`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.from, self.to)
    }
}

/// One of N slices of a sweep, `I/N` on the command line (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1 to `of`.
    pub index: u32,
    /// How many slices.
    pub of: u32,
}

impl Shard {
    /// Reads `I/N`, 1 <= I <= N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard: write I/N, like 3/8 (the third of eight, from 1)");
        let (i, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let of: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || of == 0 || index > of {
            return Err(format!("`{text}`: the shard must be from 1/N to N/N"));
        }
        Ok(Shard { index, of })
    }
}

impl std::fmt::Display for Shard {
    /// `3/8`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.of)
    }
}

/// One `--vary KEY=V1,V2,...`: a scenario key and the values a sweep
/// gives it, in order (see `scenario::edit` for keys and values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vary {
    /// `settlement_bank.minimum`.
    pub key: String,
    /// `650 EUR`, `5000 EUR`: at least one.
    pub values: Vec<String>,
}

impl Vary {
    /// Reads `KEY=V1,V2,...`; a comma inside quotes or brackets belongs to
    /// its value.
    pub fn parse(text: &str) -> Result<Vary, String> {
        let bad = || {
            format!("--vary {text}: write KEY=V1,V2,..., like --vary settlement_bank.minimum=\"650 EUR\",\"5000 EUR\"")
        };
        let (key, list) = text.split_once('=').ok_or_else(bad)?;
        let values: Vec<String> = crate::scenario::edit::path::split_values(list)
            .into_iter()
            .map(|v| unquote(&v))
            .collect();
        if key.trim().is_empty() || values.iter().any(String::is_empty) {
            return Err(bad());
        }
        Ok(Vary {
            key: key.trim().to_string(),
            values,
        })
    }
}

/// `"650 EUR"` as `650 EUR`: quotes a shell left in place (`'"a","b"'`)
/// are the list's, not the value's.
fn unquote(v: &str) -> String {
    let t = v.trim();
    let quoted = t.len() >= 2 && t.starts_with('"') && t.ends_with('"') && !t[1..t.len() - 1].contains('"');
    if quoted {
        t[1..t.len() - 1].to_string()
    } else {
        t.to_string()
    }
}

/// The cells of a grid: every combination of the values of `vary`, the
/// first key changing slowest; each cell as its `(key, value)` pairs. One
/// empty cell when nothing varies.
pub fn cells(vary: &[Vary]) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for v in vary {
        out = out
            .into_iter()
            .flat_map(|cell| {
                v.values.iter().map(move |value| {
                    let mut c = cell.clone();
                    c.push((v.key.clone(), value.clone()));
                    c
                })
            })
            .collect();
    }
    out
}

/// A cell as a heading: `settlement_bank.minimum=650 EUR, acquirer.scheme=SCT`.
pub fn cell_label(cell: &[(String, String)]) -> String {
    let parts: Vec<String> = cell.iter().map(|(k, v)| format!("{k}={v}")).collect();
    parts.join(", ")
}

/// One seed's run: the metrics swept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The cell of the grid it ran in (an index into [`cells`]); 0 when
    /// nothing varies.
    pub cell: usize,
    /// The seed the scenario ran with.
    pub seed: u64,
    /// Its fixed-name metrics (see [`swept`]).
    pub metrics: Metrics,
}

/// A sweep, whole or one shard of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sweep {
    /// The scenario's name (`[scenario] name`).
    pub scenario: String,
    /// A digest of the scenario as loaded with seed 0 ([`fingerprint`]):
    /// shards run from an edited file do not merge.
    pub fingerprint: String,
    /// Every seed of the sweep, the shards' included.
    pub seeds: Seeds,
    /// Which shard this is; None for the whole sweep.
    pub shard: Option<Shard>,
    /// The keys varied (`--vary`), in order; empty for a plain sweep.
    pub vary: Vec<Vary>,
    /// The runs, one per seed of the shard (of the sweep when whole) and
    /// cell, in order of cell, then seed.
    pub runs: Vec<Run>,
}

impl Sweep {
    /// The runs of one cell, in seed order.
    pub fn cell_runs(&self, cell: usize) -> Vec<Run> {
        self.runs.iter().filter(|r| r.cell == cell).cloned().collect()
    }
}

/// The metrics a sweep reports: all but the per-id ones (see the module's
/// docs). `payments.declined.REASON` stays: every run has every reason.
pub fn swept(mut metrics: Metrics) -> Metrics {
    metrics.retain(|name, _| lookup(name).is_some_and(|(m, _)| !m.name.contains(".ID.")));
    metrics
}

/// 16 hex digits of FNV-1a (64 bits) over `text`: a scenario's identity
/// across machines (`format!("{sc:?}")` of it loaded with seed 0, rate
/// tables and all). Not a cryptographic hash; it catches mistakes.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_contiguous_and_cover_every_seed_once() {
        let seeds = Seeds { from: 1, to: 10 };
        let slices: Vec<String> = (1..=4)
            .map(|index| seeds.slice(Shard { index, of: 4 }).to_string())
            .collect();
        assert_eq!(slices, ["1..3", "4..6", "7..8", "9..10"]);
    }

    #[test]
    fn ranges_and_shards_are_read_with_their_limits() {
        assert_eq!(Seeds::parse("1..1000").map(Seeds::count), Ok(1000));
        assert!(Seeds::parse("5..1").is_err());
        assert!(Seeds::parse("1-5").is_err());
        assert!(Seeds::parse("0..1000000").is_err());
        assert!(Seeds::parse("0..18446744073709551615").is_err());
        assert_eq!(Shard::parse("3/8"), Ok(Shard { index: 3, of: 8 }));
        assert!(Shard::parse("0/8").is_err() && Shard::parse("9/8").is_err());
    }
}
