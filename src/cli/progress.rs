//! The progress bar of a long run: on standard error, only when it is a
//! terminal and not under CI (the `CI` variable that GitLab, GitHub Actions
//! and Jenkins set), and only once a run has taken a second, so short runs
//! and pipes stay silent. It shows simulated time, the one clock corridor
//! has; the wall clock only decides when to start showing it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use crate::domain::zone::Zone;
use crate::world::Progress;

/// Shown after this long, so that short runs never flash a bar.
const DELAY: std::time::Duration = std::time::Duration::from_secs(1);

/// A progress bar that appears once a run is slow enough to need one.
pub struct Bar {
    name: String,
    enabled: bool,
    started: Option<super::wall::Stopwatch>,
    shown: Option<ProgressBar>,
}

impl Bar {
    /// A bar for a run of the scenario `name`; inert when standard error is
    /// not a terminal or `CI` is set.
    pub fn new(name: &str) -> Bar {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        Bar {
            name: name.to_string(),
            enabled: std::io::stderr().is_terminal() && !ci,
            started: None,
            shown: None,
        }
    }

    /// The world's observer.
    pub fn observer(&mut self) -> impl FnMut(Progress) + '_ {
        move |p| self.at(p)
    }

    fn at(&mut self, p: Progress) {
        if !self.enabled {
            return;
        }
        // The wall clock only paces the display; it never reaches the run.
        let watch = self.started.get_or_insert_with(super::wall::Stopwatch::start);
        if self.shown.is_none() && watch.nanos() < DELAY.as_nanos() {
            return;
        }
        let bar = self.shown.get_or_insert_with(|| {
            let bar = ProgressBar::new(0);
            let style = ProgressStyle::with_template("{msg} [{bar:30}] {percent:>3}% ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        // Simulated ms since the start, against the longest the run can go.
        bar.set_length(u64::try_from(p.end.0 - p.started.0).unwrap_or(0));
        bar.set_position(u64::try_from(p.now.0 - p.started.0).unwrap_or(0));
        bar.set_message(format!("{}: {}", self.name, Zone::beijing().local(p.now)));
    }

    /// Clears the bar, leaving the terminal as it was.
    pub fn finish(&mut self) {
        if let Some(bar) = self.shown.take() {
            bar.finish_and_clear();
        }
    }
}

/// A count of finished runs (`corridor sweep`'s seeds) on a terminal's
/// standard error; inert in a pipe or under CI. Shared by the threads.
pub struct Counter(Option<ProgressBar>);

impl Counter {
    /// A counter up to `total`, labelled `name`.
    pub fn new(name: &str, total: u64) -> Counter {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        if !std::io::stderr().is_terminal() || ci {
            return Counter(None);
        }
        let bar = ProgressBar::new(total);
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} seeds ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(name.to_string());
        Counter(Some(bar))
    }

    /// One more run done.
    pub fn inc(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Clears it, leaving the terminal as it was.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
