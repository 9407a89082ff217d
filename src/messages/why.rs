//! The reasons an agent gives, at the moment it decides, for a wait or a
//! decision: the cut-off it applied, the calendar days that were closed, the
//! tier schedule, how long the regulator took. They travel with the event
//! the decision produced, so `explain` and the explorer tell the rule the
//! agent actually applied, never a second copy of it.

use crate::domain::Date;
use crate::domain::calendar::DayKind;
use crate::domain::money::Money;
use crate::domain::zone::LocalTime;
use crate::engine::Duration;
use crate::scenario::model::PayoutSchedule;

/// Days a calendar was closed between two dates, as the agent's calendar
/// said when it decided: `(date, why closed)`, in date order.
pub type ClosedDays = Vec<(Date, DayKind)>;

/// Why something happened when it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The switch closes the Beijing clearing day at its cut-off (Beijing time).
    ClearingCutoff { cutoff: LocalTime },
    /// The settlement bank converts each clearing day the next calendar day
    /// at this Beijing time, weekends and holidays included.
    ConvertedNextDay { at: LocalTime },
    /// The switch converts only at remittance, in one consolidated purchase.
    ConvertedAtRemittance,
    /// The statements converted netted below zero (refunds above takings,
    /// in EUR): the bank bought no EUR for them and carries `carried` (a
    /// negative EUR amount) against its next purchase.
    NegativeNetCarried { carried: Money },
    /// The settlement bank remits a day at the first window (Beijing time)
    /// of a working day strictly after it. `closed` are the days its
    /// calendar was closed from the day after the oldest batch it took up to
    /// the day before `today`.
    RemitWindow {
        at: LocalTime,
        today: Date,
        closed: ClosedDays,
        /// Earlier windows at which the ready days were held because the
        /// pool (the amount given) was below `minimum`.
        held: Vec<(Date, Money)>,
        minimum: Money,
    },
    /// The regulator (SAFE) took this long to approve.
    Approval { took: Duration },
    /// Approved after the bank's cut-off or on a closed day: sent at the next
    /// working day's window.
    HeldPastCutoff { cutoff: LocalTime },
    /// The value date is `days` business days of the acquirer's calendar
    /// after sending, drawn from the scenario's `range`.
    Transit {
        days: u32,
        range: (u32, u32),
        value_date: Date,
    },
    /// The merchant's tier pays on its schedule (acquirer-local `payout_at`),
    /// once the balance reaches `minimum`; SCT only on TARGET2 business days.
    TierSchedule {
        tier: String,
        schedule: PayoutSchedule,
        payout_at: LocalTime,
        minimum: Money,
    },
    /// SCT is credited the next business day of the acquirer's calendar;
    /// `closed` are the closed days between sending and the credit.
    SctNextBusinessDay { closed: ClosedDays },
    /// Held in suspense until the merchant fixed its account (the end of its
    /// fault window).
    SuspenseUntilFixed,
    /// A reconciliation exception closes when the shortfall arrives with a
    /// later remittance.
    ShortfallArrived,
    /// The merchant refunds some time after the sale.
    RefundLater,
    /// The refund failed NOT_ENOUGH and was retried until the day's CNY
    /// takings could pay it.
    RefundRetried { attempts: u32 },
}
