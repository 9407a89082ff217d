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
    /// Given with `clearing_batch_closed`.
    ClearingCutoff {
        /// `switch.cutoff`, Beijing time (00:00: midnight at the day's end).
        cutoff: LocalTime,
    },
    /// The settlement bank converts each clearing day the next calendar day
    /// at this Beijing time, weekends and holidays included. Given with
    /// `fx_converted`.
    ConvertedNextDay {
        /// `switch.convert_at`, Beijing time.
        at: LocalTime,
    },
    /// The switch converts only at remittance, in one consolidated purchase.
    /// Given with `fx_converted`.
    ConvertedAtRemittance,
    /// The statements converted netted below zero (refunds above takings,
    /// in EUR): the bank bought no EUR for them and carries `carried` (a
    /// negative EUR amount) against its next purchase.
    NegativeNetCarried {
        /// The debt carried, as a negative EUR amount.
        carried: Money,
    },
    /// The settlement bank remits a day at the first window (Beijing time)
    /// of a working day strictly after it. `closed` are the days its
    /// calendar was closed from the day after the oldest batch it took up to
    /// the day before `today`. Given with `remittance_requested` and
    /// `remittance_extended`.
    RemitWindow {
        /// `settlement_bank.remit_at`, Beijing time.
        at: LocalTime,
        /// The window's Beijing date, a working day of the bank's calendar.
        today: Date,
        /// The bank's closed days the batches waited through.
        closed: ClosedDays,
        /// Earlier windows at which the ready days were held because the
        /// pool (the amount given) was below `minimum`.
        held: Vec<(Date, Money)>,
        /// `settlement_bank.minimum`, EUR.
        minimum: Money,
    },
    /// The regulator (SAFE) took this long to approve. Given with
    /// `approval_granted`.
    Approval {
        /// From the request to the decision (ms), `settlement_bank.approval`
        /// plus any `approval_delay` fault.
        took: Duration,
    },
    /// Approved after the bank's cut-off or on a closed day: sent at the next
    /// working day's window. Given with `remittance_sent`.
    HeldPastCutoff {
        /// `settlement_bank.cutoff`, Beijing time.
        cutoff: LocalTime,
    },
    /// The value date is `days` business days of the acquirer's calendar
    /// after sending, drawn from the scenario's `range`. Given with
    /// `remittance_received`.
    Transit {
        /// Business days drawn.
        days: u32,
        /// `settlement_bank.transit`, lowest and highest, both included.
        range: (u32, u32),
        /// The acquirer-calendar date the remittance is credited.
        value_date: Date,
    },
    /// The merchant's tier pays on its schedule (acquirer-local `payout_at`),
    /// once the balance reaches `minimum`; SCT only on TARGET2 business days.
    /// Given with `payout_sent`.
    TierSchedule {
        /// The tier's name, `[tiers.NAME]`.
        tier: String,
        /// The tier's `payout`: daily, weekly on a weekday, or monthly.
        schedule: PayoutSchedule,
        /// `acquirer.payout_at`, acquirer-local time (CET/CEST by default).
        payout_at: LocalTime,
        /// The tier's `minimum`, EUR.
        minimum: Money,
    },
    /// SCT is credited the next business day of the acquirer's calendar;
    /// `closed` are the closed days between sending and the credit. Given
    /// with `payout_settled`.
    SctNextBusinessDay {
        /// The acquirer calendar's closed days strictly between sending and
        /// the credit.
        closed: ClosedDays,
    },
    /// Held in suspense until the merchant fixed its account (the end of its
    /// fault window). Given with `suspense_released`.
    SuspenseUntilFixed,
    /// A reconciliation exception closes when the shortfall arrives with a
    /// later remittance. Given with `exception_resolved`.
    ShortfallArrived,
    /// The merchant refunds some time after the sale (`refunds.after`).
    /// Given with `refund_requested`.
    RefundLater,
    /// The refund failed NOT_ENOUGH and was retried until the day's CNY
    /// takings could pay it. Given with `refund_completed`.
    RefundRetried {
        /// NOT_ENOUGH failures before it was paid.
        attempts: u32,
    },
}
