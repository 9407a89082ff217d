//! What if: change the scenario's settings (any key of the scenario's
//! schema, faults and FX shocks added or removed, the seed, faults switched
//! off), rerun, and compare with the run the explorer opened; keep the
//! changed scenario as a file of its own.
//!
//! The settings editor works on the scenario's TOML text through
//! `scenario::edit`, so every change is validated exactly as the file
//! would be and a kept variant keeps the original's comments. The rerun
//! goes on a thread of its own so the explorer can show how far it has
//! come; the simulation does not know, and the run is the one `corridor run`
//! would make of the variant.

pub mod editor;
mod figures;
mod rerun;

use std::path::PathBuf;

use crate::domain::ids::MerchantId;
use crate::messages::Directory;
use crate::replay::Recording;
use crate::report::compare::Comparison;
use crate::scenario::Scenario;
use crate::scenario::edit::{self, Change};

pub use editor::Editor;
pub use figures::{headline, what_changed};

/// Reloads the scenario with another seed (the FX path is seeded too).
pub type Reload = Box<dyn Fn(u64) -> Result<Scenario, String>>;

/// Reads a file the scenario names (a rate table), by the name it gives.
pub type ReadRelative = Box<dyn Fn(&str) -> Result<String, String>>;

/// Writes a kept variant's text as a new file, replacing none: returns
/// where it went and the names it passed over because they exist. The
/// command line gives it (the only layer that touches files).
pub type Keep = Box<dyn Fn(&str) -> Result<(PathBuf, Vec<String>), String>>;

/// Where the scenario the explorer opened came from: its text, for the
/// settings editor, and where a kept variant goes.
pub struct Source {
    /// The name messages give the file: `s.toml`, `payout-returns.toml (bundled)`.
    pub file: String,
    /// The scenario's TOML text as written.
    pub text: String,
    /// The command line's `--set` changes, applied before the editor's (the
    /// run opened has them).
    pub base: Vec<Change>,
    /// Reads the files the scenario names, relative to it.
    pub read: ReadRelative,
    /// Writes a kept variant.
    pub keep: Keep,
}

/// Which half of the what-if screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The seed, the faults and every setting, to change.
    Settings,
    /// The last rerun compared with the run opened.
    Compare,
}

/// The what-if's settings and its last comparison.
pub struct WhatIf {
    /// The seed the rerun uses (the scenario's own at first).
    pub seed: u64,
    /// The faults of the scenario as changed, each on or off.
    pub faults: Vec<(String, bool)>,
    /// The settings editor, when the explorer has the scenario's text.
    pub editor: Option<Editor>,
    /// The last comparison, once a rerun ran.
    pub comparison: Option<Comparison>,
    /// What the last comparison ran with, for its title.
    pub ran: Option<String>,
    /// The editor's changes the last comparison ran with, as `--set`
    /// writes them without the flag (`switch.convert=at_remittance`, `a
    /// new fx.shocks entry`).
    pub ran_changes: Vec<String>,
    /// The half of the screen shown.
    pub pane: Pane,
    /// The changed payment selected in the comparison (0-based).
    pub pick: usize,
    /// The comparison shows the chart of where the money is in place of
    /// the changed payments (where both do not fit).
    pub chart: bool,
    /// A story opened from the comparison goes back to it.
    pub back: bool,
    running: Option<rerun::Running>,
}

impl WhatIf {
    /// The scenario's own seed, every fault on, nothing compared yet.
    pub fn new(sc: &Scenario) -> WhatIf {
        WhatIf {
            seed: sc.seed,
            faults: labels(sc, &[]),
            editor: None,
            comparison: None,
            ran: None,
            ran_changes: Vec::new(),
            pane: Pane::Settings,
            pick: 0,
            chart: false,
            back: false,
            running: None,
        }
    }

    /// Gives the what-if the scenario's text, so its settings can change.
    pub fn attach(&mut self, source: Source) {
        self.editor = Some(Editor::new(source, self.seed));
    }

    /// Switches fault `i` (0-based) off or back on.
    pub fn toggle(&mut self, i: usize) {
        if let Some(f) = self.faults.get_mut(i) {
            f.1 = !f.1;
        }
    }

    /// After the editor changed the scenario: its faults, listed afresh,
    /// each keeping its on/off by position (a new one is on).
    pub fn relist_faults(&mut self) {
        let Some(sc) = self.editor.as_ref().and_then(|e| e.scenario.as_ref()) else {
            return;
        };
        let on: Vec<bool> = self.faults.iter().map(|f| f.1).collect();
        self.faults = labels(sc, &on);
    }

    /// `seed 7, 1 fault off, 3 changes` (or `all faults on`, or just the
    /// seed for a scenario without faults): what a rerun would change.
    pub fn settings(&self) -> String {
        let off = self.faults.iter().filter(|(_, on)| !on).count();
        let mut s = match (self.faults.len(), off) {
            (0, _) => format!("seed {}", self.seed),
            (_, 0) => format!("seed {}, all faults on", self.seed),
            (_, 1) => format!("seed {}, 1 fault off", self.seed),
            (_, n) => format!("seed {}, {n} faults off", self.seed),
        };
        match self.editor.as_ref().map_or(0, |e| e.changes.len()) {
            0 => {}
            1 => s.push_str(", 1 change"),
            n => s.push_str(&format!(", {n} changes")),
        }
        s
    }

    /// The faults switched off, as removals of their tables (the last
    /// first, so each index still names the fault it meant).
    fn removals(&self) -> Vec<Change> {
        (0..self.faults.len())
            .rev()
            .filter(|&i| !self.faults[i].1)
            .map(|i| Change::Remove {
                array: "faults".into(),
                index: i + 1,
            })
            .collect()
    }

    /// Every change from the scenario's text to the what-if: the command
    /// line's, the editor's, the seed when it differs from the file's, and
    /// the faults switched off. None without the scenario's text.
    pub fn all_changes(&self) -> Option<Vec<Change>> {
        let ed = self.editor.as_ref()?;
        let mut changes = ed.all_changes();
        let written = edit::apply(&ed.source.text, &changes)
            .ok()
            .and_then(|e| edit::current(&e.text, "scenario.seed"));
        if written != Some(self.seed.to_string()) {
            changes.push(Change::Set {
                key: "scenario.seed".into(),
                value: self.seed.to_string(),
            });
        }
        changes.extend(self.removals());
        Some(changes)
    }

    /// The scenario a rerun runs, or why there is none: the variant does
    /// not validate, is too large to keep in memory, or the seed cannot be
    /// reloaded.
    fn changed(&self, base: &Recording, reload: &Reload) -> Result<Scenario, String> {
        let sc = self.changed_unchecked(base, reload)?;
        // The rerun keeps every record, as the explorer's first run does:
        // the same limit (`corridor run` takes more).
        use crate::scenario::validate::MAX_RECORDED_PURCHASES;
        let expected = sc
            .expected_purchases()
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        if expected > rust_decimal::Decimal::from(MAX_RECORDED_PURCHASES) {
            let count = |n: rust_decimal::Decimal| crate::domain::money::group_digits(&n.to_string());
            return Err(format!(
                "cannot run: cardholders.count: count x purchases_per_day x days is {} purchases; the explorer keeps every \
                 record of a run in memory and takes at most {} (v keeps the variant for corridor run)",
                count(expected),
                count(MAX_RECORDED_PURCHASES.into())
            ));
        }
        Ok(sc)
    }

    /// Whether a rerun can start, and why not.
    pub fn check(&self, base: &Recording, reload: &Reload) -> Result<(), String> {
        self.changed(base, reload).map(|_| ())
    }

    fn changed_unchecked(&self, base: &Recording, reload: &Reload) -> Result<Scenario, String> {
        if let Some(ed) = &self.editor {
            if let Some(p) = ed.problems.first() {
                return Err(format!(
                    "cannot run: the changed scenario does not validate: {}",
                    editor::problem_text(p)
                ));
            }
            return ed
                .load(&self.removals(), self.seed)
                .map_err(|e| format!("cannot run: the changed scenario does not validate: {e}"));
        }
        let mut sc = if self.seed == base.scenario.seed {
            base.scenario.clone()
        } else {
            reload(self.seed)?
        };
        let mut keep = self.faults.iter().map(|(_, on)| *on);
        sc.faults.all.retain(|_| keep.next().unwrap_or(true));
        Ok(sc)
    }

    /// Writes the what-if as a scenario file of its own (see
    /// [`edit::variant`]: the original's comments kept, the changed keys
    /// marked) with the source's [`Keep`]. Returns where it went and the
    /// names passed over.
    pub fn keep(&self) -> Result<(PathBuf, Vec<String>), String> {
        let (Some(ed), Some(changes)) = (self.editor.as_ref(), self.all_changes()) else {
            return Err("no scenario text to write a variant from".into());
        };
        if let Some(p) = ed.problems.first() {
            return Err(format!(
                "not kept: the changed scenario does not validate: {}",
                editor::problem_text(p)
            ));
        }
        let text = edit::variant(&ed.source.text, &changes).map_err(|e| format!("not kept: {e}"))?;
        (ed.source.keep)(&text)
    }
}

/// Each fault's label, on or off as `on` says by position (on when it
/// says nothing).
fn labels(sc: &Scenario, on: &[bool]) -> Vec<(String, bool)> {
    sc.faults
        .all
        .iter()
        .enumerate()
        .map(|(i, f)| (label(f, sc), on.get(i).copied().unwrap_or(true)))
        .collect()
}

/// `payout_reject RR04 paris-boutiques/7, 2018-03-08 to 2018-03-08`.
fn label(f: &crate::scenario::faults::Fault, sc: &Scenario) -> String {
    use crate::scenario::faults::FaultKind::*;
    let detail = match &f.kind {
        PayoutReject(r) | PayoutReturn(r) | DirectDebitReturn(r) => r.code.to_string(),
        ApprovalDelay(d) => d.to_string(),
        RemittanceShort(m) => m.to_string(),
        IssuerTimeout(r) => format!("{}%", (*r * rust_decimal::Decimal::ONE_HUNDRED).normalize()),
        ApprovalReject | KycFail => String::new(),
    };
    let names = Directory::new(sc);
    let who = match f.merchants {
        Some((lo, hi)) if lo == hi => names.name(MerchantId::from_index(lo)),
        Some((lo, _)) => names
            .name(MerchantId::from_index(lo))
            .rsplit_once('/')
            .map_or(String::new(), |(g, _)| g.to_string()),
        None => String::new(),
    };
    let words: Vec<String> = [f.kind.name().to_string(), detail, who]
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect();
    format!("{}, {} to {}", words.join(" "), f.from, f.until)
}
