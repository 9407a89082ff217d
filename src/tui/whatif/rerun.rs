//! The what-if's rerun: on a thread of its own, so the explorer can say
//! how far it has come (in simulated time) and keep answering keys; then
//! compared with the run opened. The simulation does not know it is
//! watched: the run is the one `corridor run` makes of the variant.

use std::sync::{Arc, Mutex};

use crate::replay::Recording;
use crate::report::Report;
use crate::report::compare::{self, Side};
use crate::world::Progress;

use super::{Pane, Reload, WhatIf};

/// A rerun under way on its own thread.
pub(super) struct Running {
    handle: std::thread::JoinHandle<Recording>,
    reached: Arc<Mutex<Option<Progress>>>,
    label: String,
    changes: Vec<String>,
}

impl WhatIf {
    /// Whether a rerun is under way.
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts the rerun on a thread of its own.
    pub fn start(&mut self, base: &Recording, reload: &Reload) -> Result<(), String> {
        let sc = self.changed(base, reload)?;
        let reached = Arc::new(Mutex::new(None));
        let seen = Arc::clone(&reached);
        let handle = std::thread::spawn(move || {
            Recording::record_observed(&sc, &mut |p| {
                if let Ok(mut r) = seen.lock() {
                    *r = Some(p);
                }
            })
        });
        self.running = Some(Running {
            handle,
            reached,
            label: self.settings(),
            changes: self.editor.as_ref().map_or_else(Vec::new, |e| {
                e.changes
                    .iter()
                    .map(|c| c.to_string().trim_start_matches("--set ").to_string())
                    .collect()
            }),
        });
        Ok(())
    }

    /// `running what-if (seed 11, 2 changes)... 42%, at 8 Mar`: how far
    /// the rerun has come, in simulated time.
    pub fn progress(&self) -> Option<String> {
        let r = self.running.as_ref()?;
        let reached = r.reached.lock().ok().and_then(|p| *p);
        Some(match reached {
            None => format!("running what-if ({})...", r.label),
            Some(p) => {
                let span = (p.end.0 - p.started.0).max(1);
                let percent = ((p.now.0 - p.started.0) * 100 / span).clamp(0, 100);
                let day = crate::domain::zone::Zone::beijing().strftime(p.now, "%-d %b");
                format!("running what-if ({})... {percent}%, simulated to {day}", r.label)
            }
        })
    }

    /// The rerun, once it has finished (`wait`: waiting for it), compared
    /// with `base`; None while it runs.
    pub fn finish(&mut self, base: &Recording, wait: bool) -> Option<Result<Recording, String>> {
        if !wait && !self.running.as_ref()?.handle.is_finished() {
            return None;
        }
        let r = self.running.take()?;
        let Ok(rec) = r.handle.join() else {
            return Some(Err(
                "the what-if run failed; the explorer still shows the run you opened".into(),
            ));
        };
        let (ra, rb) = (
            Report::new(&base.scenario, &base.outcome),
            Report::new(&rec.scenario, &rec.outcome),
        );
        self.comparison = Some(compare::compare(
            &Side {
                label: base.scenario.name.clone(),
                outcome: &base.outcome,
                report: &ra,
            },
            &Side {
                label: r.label.clone(),
                outcome: &rec.outcome,
                report: &rb,
            },
        ));
        self.ran = Some(r.label);
        self.ran_changes = r.changes;
        self.pane = Pane::Compare;
        self.pick = 0;
        Some(Ok(rec))
    }

    /// Runs the changed scenario to its end, recording it so the explorer
    /// can open it, and compares it with the recorded one.
    pub fn run(&mut self, base: &Recording, reload: &Reload) -> Result<Recording, String> {
        self.start(base, reload)?;
        self.finish(base, true)
            .unwrap_or_else(|| Err("no what-if was running".into()))
    }
}
