//! Bank files for downstream systems (`corridor run --export DIR`): the
//! ISO 20022 messages an acquirer and its bank would exchange (one
//! pain.001.001.09 per payout run, one pain.008.001.08 per direct-debit
//! run, one camt.053.001.08 per business day with a movement on the
//! acquirer's EUR settlement account) and CSV files for spreadsheets and
//! DuckDB. Everything is built in memory from a finished run's
//! [`Outcome`]; [`write_dir`] then writes each file aside and renames it
//! into place, so a failed export leaves no half file.

mod camt053;
mod csv;
mod pain001;
mod pain008;
mod xml;

use std::path::Path;

pub use camt053::settlement_accounts;

use crate::domain::ids::{BatchId, PayoutId};
use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::scenario::Scenario;
use crate::world::Outcome;

/// One file to write: its name in DIR and its bytes.
#[derive(Clone, Debug)]
pub struct File {
    /// The file's name, `pain.001-2018-02-14.xml` or `payouts.csv`.
    pub name: String,
    /// Its content (UTF-8).
    pub bytes: Vec<u8>,
}

/// Every file of the run, in name order: one `camt.053-DATE.xml` per
/// business day with a movement on the acquirer's EUR settlement account,
/// one `pain.001-DATE.xml` per payout run (DATE the acquirer's execution
/// date), one `pain.008-DATE.xml` per direct-debit run (DATE the day it
/// was sent), then `payments.csv`, `payouts.csv` and `remittances.csv`.
pub fn files(sc: &Scenario, o: &Outcome) -> Vec<File> {
    let mut out = pain001::files(sc, o);
    out.extend(camt053::files(sc, o));
    out.extend(pain008::files(sc, o));
    out.extend(csv::files(o));
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// True for a name corridor's export writes; only these are ever replaced
/// or removed in DIR.
pub fn is_ours(name: &str) -> bool {
    (["pain.001-", "pain.008-", "camt.053-"]
        .iter()
        .any(|p| name.starts_with(p))
        && name.ends_with(".xml"))
        || matches!(name, "payments.csv" | "payouts.csv" | "remittances.csv")
}

/// Writes `files` into `dir` (created if missing): each is written as
/// `.NAME.partial` and renamed into place only once all are written, and a
/// corridor file of an earlier export that this one does not write is
/// removed; nothing else in `dir` is touched. On an error the partial
/// files are removed and `dir` keeps what it had.
pub fn write_dir(dir: &Path, files: &[File]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let partial = |f: &File| dir.join(format!(".{}.partial", f.name));
    let written = files.iter().try_for_each(|f| std::fs::write(partial(f), &f.bytes));
    if let Err(e) = written {
        for f in files {
            let _ = std::fs::remove_file(partial(f));
        }
        return Err(e);
    }
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if is_ours(&name) && !files.iter().any(|f| f.name == name) {
            std::fs::remove_file(dir.join(&name))?;
        }
    }
    for f in files {
        std::fs::rename(partial(f), dir.join(&f.name))?;
    }
    Ok(())
}

/// `2018-02-14T10:00:00+01:00`: an instant in `zone`, ISO 8601 with offset.
fn iso(zone: &Zone, t: Instant) -> String {
    zone.strftime(t, "%Y-%m-%dT%H:%M:%S%:z")
}

/// The statements (clearing batches) each payout pays, from the acquirer's
/// bookings: the batches credited to the merchant since its previous
/// payout, and those of a payout that came back and is paid again.
fn statements_paid(o: &Outcome) -> Vec<Vec<BatchId>> {
    use crate::agents::acquirer::Entry;
    let acq = o.acquirer();
    let mut paid: Vec<Vec<BatchId>> = vec![Vec::new(); acq.payouts().len()];
    let mut pending: std::collections::BTreeMap<_, Vec<BatchId>> = std::collections::BTreeMap::new();
    for b in acq.bookings() {
        let waiting = pending.entry(b.merchant).or_default();
        match b.entry {
            Entry::Credited { batch, .. } if !waiting.contains(&batch) => waiting.push(batch),
            Entry::PaidOut { payout } => paid[payout.index()] = std::mem::take(waiting),
            Entry::Bounced { payout, .. } => {
                waiting.extend(paid[payout.index()].iter().copied());
                waiting.sort();
                waiting.dedup();
            }
            _ => {}
        }
    }
    paid
}

/// `PO000001` for payout index `i`.
fn payout_id(i: usize) -> PayoutId {
    PayoutId::from_index(i as u32)
}
