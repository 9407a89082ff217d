//! The run's span: the days and instants a scenario's dated settings must
//! fall in to do anything. A note, a shock or a fault window outside it
//! would be read and then never used, so it is refused with the span.

use crate::domain::Date;
use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::scenario::model::add_days;

/// The days a run can reach, from its first day (the first purchase day, or
/// an earlier `joins`) to the last day of `drain_days`.
#[derive(Clone, Copy, Debug)]
pub(super) struct RunSpan {
    /// The first day anything happens: `start`, or the earliest `joins`.
    pub first: Date,
    /// The first purchase day.
    pub start: Date,
    /// The last day the run may reach (last purchase day plus `drain_days`).
    pub horizon: Date,
}

impl RunSpan {
    /// The span of a run of `days` purchase days from `start` plus
    /// `drain_days`, whose merchants apply as early as `first`.
    pub fn new(first: Date, start: Date, days: u32, drain_days: u32) -> RunSpan {
        let last_day = add_days(start, i64::from(days) - 1);
        RunSpan {
            first: first.min(start),
            start,
            horizon: add_days(last_day, i64::from(drain_days)),
        }
    }

    /// 00:00 Beijing on the first day: the run's clock starts there.
    pub fn opens(&self) -> Instant {
        Zone::beijing().midnight(self.first)
    }

    /// 00:00 Beijing after the horizon: the run never goes past it.
    pub fn closes(&self) -> Instant {
        Zone::beijing().midnight(add_days(self.horizon, 1))
    }

    /// Whether the run's clock can reach `t`.
    pub fn contains(&self, t: Instant) -> bool {
        self.opens() <= t && t < self.closes()
    }

    /// `2018-02-13 00:00 to 2018-03-02 00:00 Beijing (...)`, for messages.
    pub fn describe(&self) -> String {
        let bj = Zone::beijing();
        format!(
            "{} to {} Beijing (the first day to the end of drain_days)",
            bj.local(self.opens()),
            bj.local(self.closes())
        )
    }
}
