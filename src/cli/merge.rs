//! `corridor sweep merge`: the JSON of every shard of one sweep combined
//! into the whole sweep, checked first: one scenario (by name and fingerprint), one range of seeds,
//! one number of shards, each shard exactly once, and each shard holding
//! exactly its own seeds. Anything else is bad input (status 2).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::report::sweep::{Shard, Sweep, cells, render};

use super::CliError;

/// The whole sweep the shards in `parts` make.
pub fn merge(parts: &[PathBuf]) -> Result<Sweep, CliError> {
    let read = read_all(parts)?;
    let bad = |m: String| CliError::BadInput(m);
    let (first, head) = &read[0];
    let of = head.shard.map_or(1, |s| s.of);
    let mut by_index: BTreeMap<u32, &str> = BTreeMap::new();
    for (file, part) in &read {
        same_sweep(file, part, first, head)?;
        let shard = part.shard.unwrap_or(Shard { index: 1, of: 1 });
        if shard.of != of {
            return Err(bad(format!(
                "{file} is shard {shard} but {first} is one of {of} shards: merge the shards of one sweep"
            )));
        }
        if let Some(other) = by_index.insert(shard.index, file) {
            return Err(bad(format!(
                "shard {shard} is given twice ({other} and {file}): give each shard once"
            )));
        }
        holds_its_seeds(file, part, shard)?;
    }
    let missing: Vec<String> = (1..=of)
        .filter(|i| !by_index.contains_key(i))
        .map(|index| {
            let shard = Shard { index, of };
            format!("{shard} (seeds {})", head.seeds.slice(shard))
        })
        .collect();
    if !missing.is_empty() {
        return Err(bad(format!(
            "missing shard{} {}: merge every shard of the sweep",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }
    let (scenario, fingerprint, seeds) = (head.scenario.clone(), head.fingerprint.clone(), head.seeds);
    let vary = head.vary.clone();
    let mut runs: Vec<_> = read.into_iter().flat_map(|(_, s)| s.runs).collect();
    runs.sort_by_key(|r| (r.cell, r.seed));
    Ok(Sweep {
        scenario,
        fingerprint,
        seeds,
        shard: None,
        vary,
        runs,
    })
}

fn read_all(parts: &[PathBuf]) -> Result<Vec<(String, Sweep)>, CliError> {
    let mut read = Vec::with_capacity(parts.len());
    for p in parts {
        let shown = p.display().to_string();
        let text = std::fs::read_to_string(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidData => {
                CliError::BadInput(format!("{shown}: cannot read the shard: {e}"))
            }
            _ => CliError::io(format!("{shown}: cannot read the shard"), e),
        })?;
        let sweep = render::parse(&text).map_err(|e| CliError::BadInput(format!("{shown}: {e}")))?;
        read.push((shown, sweep));
    }
    Ok(read)
}

/// One scenario, by name and fingerprint, and one range of seeds.
fn same_sweep(file: &str, part: &Sweep, first: &str, head: &Sweep) -> Result<(), CliError> {
    let bad = |m: String| CliError::BadInput(m);
    if part.scenario != head.scenario {
        return Err(bad(format!(
            "{file} is a sweep of `{}` but {first} is a sweep of `{}`: merge the shards of one sweep",
            part.scenario, head.scenario
        )));
    }
    if part.fingerprint != head.fingerprint {
        return Err(bad(format!(
            "{file} and {first} were run from different versions of `{}` (fingerprints {} and {}): merge the shards of one sweep",
            part.scenario, part.fingerprint, head.fingerprint
        )));
    }
    if part.seeds != head.seeds {
        return Err(bad(format!(
            "{file} is a sweep of seeds {} but {first} of seeds {}: merge the shards of one sweep",
            part.seeds, head.seeds
        )));
    }
    Ok(())
}

/// The shard holds exactly its slice of the seeds, in order, in every
/// cell of its grid.
fn holds_its_seeds(file: &str, part: &Sweep, shard: Shard) -> Result<(), CliError> {
    let slice = part.seeds.slice(shard);
    let expected: Vec<(usize, u64)> = (0..cells(&part.vary).len())
        .flat_map(|c| (slice.from..=slice.to).map(move |s| (c, s)))
        .collect();
    let held: Vec<(usize, u64)> = part.runs.iter().map(|r| (r.cell, r.seed)).collect();
    if held != expected {
        return Err(CliError::BadInput(format!(
            "{file}: shard {shard} should hold seeds {} in order, and does not",
            part.seeds.slice(shard)
        )));
    }
    Ok(())
}
