//! Moving the clock and the selection: to an instant, one event, a day, the
//! next remittance or failure; and following the selected event's payment.

use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::messages::Kind;
use crate::replay::story::story;

use super::{App, Screen};

impl App {
    /// Moves the clock (within the run) and selects the last visible event
    /// at or before it.
    pub fn set_time(&mut self, t: Instant) {
        let (start, end) = self.rec.span();
        self.now = t.clamp(start, end);
        self.follow_clock();
    }

    /// Selects the last visible event at or before the clock or, when there
    /// is none (the start of the run, or a filter that shows only later
    /// events), the first visible one after it: an event is selected
    /// whenever the log shows one.
    pub(super) fn follow_clock(&mut self) {
        let upto = self.rec.events.partition_at(|at| at <= self.now);
        self.cursor = (0..upto)
            .rev()
            .find(|&i| self.visible(i))
            .or_else(|| (upto..self.rec.events.len()).find(|&i| self.visible(i)));
    }

    /// True if the filter lets event `i` through.
    pub fn visible(&self, i: usize) -> bool {
        self.filter.as_ref().is_none_or(|f| f.admits(&self.rec.events.get(i)))
    }

    /// How many events have happened at the current instant: up to the
    /// selected event when the clock is on it (stepping through events of
    /// one instant shows each one's effect), else every event at or before
    /// the clock.
    pub fn upto(&self) -> usize {
        match self.cursor {
            Some(c) if self.rec.events.at(c) == self.now => c + 1,
            _ => self.rec.events.partition_at(|at| at <= self.now),
        }
    }

    /// True when the selected event is still ahead of the clock.
    fn ahead(&self) -> bool {
        self.cursor.is_some_and(|c| self.rec.events.at(c) > self.now)
    }

    /// The next or previous visible event; the clock moves to it. A
    /// selection ahead of the clock is the next one.
    pub(super) fn step(&mut self, forward: bool) {
        let found = if forward && self.ahead() {
            self.cursor
        } else {
            self.find(forward, |_| true)
        };
        if let Some(i) = found {
            self.select(i);
        }
    }

    fn select(&mut self, i: usize) {
        self.now = self.rec.events.at(i);
        self.cursor = Some(i);
    }

    /// The nearest visible event after (or before) the selection that
    /// `hit` accepts.
    fn find(&self, forward: bool, hit: impl Fn(usize) -> bool) -> Option<usize> {
        let n = self.rec.events.len();
        let ok = |i: &usize| self.visible(*i) && hit(*i);
        match (forward, self.cursor) {
            (true, Some(c)) if self.ahead() => (c..n).find(ok),
            (true, c) => (c.map_or(0, |c| c + 1)..n).find(ok),
            (false, Some(c)) => (0..c).rev().find(ok),
            (false, None) => None,
        }
    }

    /// To the next (or previous) event of one of `kinds` among the events
    /// the filter shows; when there is none, says so, and whether there are
    /// some outside the filter.
    pub(super) fn jump_kind(&mut self, forward: bool, kinds: &[Kind], what: &str) {
        let is = |i: usize| kinds.contains(&self.rec.events.kind(i));
        if let Some(i) = self.find(forward, is) {
            return self.select(i);
        }
        let way = if forward { "later" } else { "earlier" };
        // Nothing the filter shows: count what it hides that way.
        let n = self.rec.events.len();
        let range = match (forward, self.cursor) {
            (true, Some(c)) if self.ahead() => c..n,
            (true, c) => c.map_or(0, |c| c + 1)..n,
            (false, Some(c)) => 0..c,
            (false, None) => 0..0,
        };
        let outside = range.filter(|&i| is(i)).count();
        self.status = Some(match &self.filter {
            Some(f) if outside > 0 => format!(
                "no {what} {way} among the events the filter `{}` shows; {} {way} outside it (/ then enter clears the filter)",
                f.text,
                crate::report::count(outside as u64)
            ),
            _ => format!("no {what} {way} in the run"),
        });
    }

    /// To the next (or previous) midnight in Beijing.
    pub(super) fn jump_day(&mut self, forward: bool) {
        let bj = Zone::beijing();
        let today = bj.date(self.now);
        let midnight = bj.midnight(today);
        let target = if forward {
            today.tomorrow().map(|d| bj.midnight(d))
        } else if self.now > midnight {
            Ok(midnight)
        } else {
            today.yesterday().map(|d| bj.midnight(d))
        };
        if let Ok(t) = target {
            self.set_time(t);
        }
    }

    /// The story of the selected event's payment, or of the first payment
    /// its batch, remittance or payout carries; says so when it has none.
    pub(super) fn drill(&mut self) {
        let Some(i) = self.cursor else {
            self.status = Some(match &self.filter {
                Some(f) => format!(
                    "no event selected: the filter `{}` shows none (/ then enter clears it)",
                    f.text
                ),
                None => "no event selected: this run recorded no events".into(),
            });
            return;
        };
        let e = &self.rec.events.get(i);
        let o = &self.rec.outcome;
        let first_of_batch = |b: crate::domain::ids::BatchId| {
            o.switch()
                .batch(b)
                .and_then(|s| s.lines.keys().next().and_then(|&m| s.cleared_of(m).first().copied()))
                .map(|c| c.payment)
        };
        // A remittance's events name it, not its batches: find the batches
        // from the events that do name both.
        let batch_of_remittance = |r| {
            self.rec
                .events
                .iter()
                .filter(|x| x.body.remittance() == Some(r))
                .find_map(|x| x.body.first_batch())
        };
        let payment = e.body.payment().or_else(|| {
            e.body
                .payout()
                .and_then(|po| o.acquirer().payouts().get(po.index()))
                .and_then(|po| po.payments.first().map(|c| c.payment))
                .or_else(|| e.body.first_batch().and_then(first_of_batch))
                .or_else(|| {
                    e.body
                        .remittance()
                        .and_then(batch_of_remittance)
                        .and_then(first_of_batch)
                })
        });
        match payment {
            Some(p) => match story(&self.rec, &p.to_string()) {
                Ok(story) => self.screen = Screen::Story { story, scroll: 0 },
                Err(e) => self.status = Some(e),
            },
            None => {
                self.status = Some(format!(
                    "this event ({}) carries no payment: press p to type a payment id",
                    e.kind().name()
                ))
            }
        }
    }
}
