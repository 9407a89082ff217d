//! The story's words: what each message says, why a step waited (from the
//! reason its agent recorded), the acquirer's credit of a statement line,
//! and local times with their UTC offset. Amounts have thousands separators.

use std::collections::BTreeSet;

use crate::agents::acquirer::{Booking, Entry};
use crate::domain::Date;
use crate::domain::calendar::DayKind;
use crate::domain::ids::BatchId;
use crate::domain::money::Money;
use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::messages::event::Hold;
use crate::messages::why::ClosedDays;
use crate::messages::{Body, Why};
use crate::scenario::model::PayoutSchedule;

/// `Wed 14 Feb 17:02 UTC+1`: the local time at `zone` with its offset from
/// UTC (never an abbreviation such as CST, which is China's and America's).
pub fn local(zone: &Zone, t: Instant) -> String {
    format!("{} {}", zone.strftime(t, "%a %d %b %H:%M"), offset(zone, t))
}

/// `UTC+8`, `UTC+1`, `UTC+5:30`, `UTC`: the zone's offset at `t`.
pub fn offset(zone: &Zone, t: Instant) -> String {
    // jiff's %z is `+0800`.
    let z = zone.strftime(t, "%z");
    let (sign, digits) = z.split_at(1.min(z.len()));
    let hours: u32 = digits.get(..2).and_then(|h| h.parse().ok()).unwrap_or(0);
    let minutes: u32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    match (hours, minutes) {
        (0, 0) => "UTC".into(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

/// The place a zone is named after: `Beijing` for Asia/Shanghai (China's
/// one time zone, Beijing time), else the city of its IANA name (`Paris`).
pub fn place(zone: &Zone) -> String {
    if zone.name == "Asia/Shanghai" {
        return "Beijing".into();
    }
    zone.name.rsplit('/').next().unwrap_or(&zone.name).replace('_', " ")
}

/// What the message says, in the domain's words.
pub(super) fn what(b: &Body) -> String {
    let m = |x: &Money| x.grouped();
    match b {
        Body::PaymentInitiated { amount, .. } => format!("order for {}", m(amount)),
        Body::AuthorizationRequested { amount, rate, .. } => format!("authorise {} at {rate} CNY/EUR", m(amount)),
        Body::PaymentAuthorized { amount, from_card, .. } if !from_card.is_zero() => format!(
            "approved: {} pulled from the linked bank card, wallet debited {}",
            m(from_card),
            m(amount)
        ),
        Body::PaymentAuthorized { amount, .. } => format!("approved: wallet debited {}", m(amount)),
        Body::PaymentDeclined { reason, .. } => format!("declined: {}", reason.code().replace('_', " ")),
        Body::PaymentCompleted { amount, .. } => format!("paid: the merchant's {} is fixed now", m(amount)),
        Body::ReversalRequested { .. } => "gives up waiting: reverse the authorisation".into(),
        Body::PaymentReversed { amount, .. } => format!("reversed: {} back to the wallet", m(amount)),
        Body::ClearingBatchClosed {
            batch, payments, net, ..
        } => format!(
            "clearing day closes: statement {batch} ({payments} payments, net {})",
            m(net)
        ),
        Body::FxConverted { sold, bought, rate, .. } => format!("buys {} for {} at {rate}", m(bought), m(sold)),
        // The log's reason, with the minimum's thousands separated.
        Body::RemittanceHeld(Hold::BelowMinimum { minimum, .. }) => {
            format!("holds: below the minimum of {}", m(minimum))
        }
        Body::RemittanceHeld(hold) => format!("holds: {}", hold.reason()),
        Body::RemittanceRequested { remittance, amount, .. } => format!("remit {remittance}: {}", m(amount)),
        Body::RemittanceExtended { remittance, amount, .. } => {
            format!("{remittance} waits; later days join it ({})", m(amount))
        }
        Body::ApprovalRequested { remittance, .. } => format!("asks the regulator (SAFE) to approve {remittance}"),
        Body::ApprovalGranted { .. } => "SAFE approves".into(),
        Body::ApprovalRejected { .. } => "SAFE refuses: the batches go back to the pool".into(),
        Body::RemittanceSent {
            remittance,
            amount,
            value_date,
            ..
        } => format!("sends {} ({remittance}), value date {value_date}", m(amount)),
        Body::RemittanceReceived { amount, .. } => format!("{} arrives on its value date", m(amount)),
        Body::ReconciliationMatched { .. } => "matches the remittance against its statements".into(),
        Body::ReconciliationFailed {
            exception,
            expected,
            amount,
            ..
        } => format!(
            "does not match: {} short, exception {exception}",
            m(&(*expected - *amount))
        ),
        Body::ExceptionResolved { exception, .. } => format!("exception {exception} resolved: the rest has arrived"),
        Body::PayoutSent {
            payout, amount, scheme, ..
        } => format!("pays {} by {} ({payout})", m(amount), scheme.code()),
        Body::PayoutSettled { amount, .. } => format!("{} credited to the merchant's account", m(amount)),
        Body::PayoutRejected { reason, .. } => {
            format!(
                "the merchant's bank rejects the payout (pacs.002 {}: {})",
                reason.code, reason.description
            )
        }
        Body::PayoutReturned { reason, .. } => {
            format!(
                "the merchant's bank returns the payout (pacs.004 {}: {})",
                reason.code, reason.description
            )
        }
        Body::SuspenseReleased { amount, .. } => format!("account fixed: {} leaves suspense", m(amount)),
        Body::RefundRequested { amount, cny, .. } => {
            format!("refunds {} ({} at the original rate)", m(amount), m(cny))
        }
        Body::RefundFailed { refund, .. } => format!("refund {refund} fails NOT_ENOUGH: today's CNY is short"),
        Body::RefundCompleted { refund, cny, .. } => format!("refund {refund} paid back: {}", m(cny)),
        Body::DirectDebitSent {
            direct_debit, amount, ..
        } => format!("collects {} by SEPA direct debit (pacs.003, {direct_debit})", m(amount)),
        Body::DirectDebitSettled { amount, .. } => format!("{} collected from the merchant's account", m(amount)),
        Body::DirectDebitReturned { reason, .. } => {
            format!(
                "the merchant's bank returns the direct debit ({}: {})",
                reason.code, reason.description
            )
        }
        other => other.kind().name().replace('_', " "),
    }
}

/// The acquirer's credit of a merchant's statement line, as it booked it:
/// `credits paris-boutiques/8 53,386.12 EUR: 54,364.68 EUR sold less the
/// 1.8% MDR (978.56 EUR)`.
pub(super) fn credit(k: &Booking, merchant: &str) -> String {
    let Entry::Credited {
        batch,
        sold,
        refunds,
        mdr,
        mdr_rate,
    } = k.entry
    else {
        return String::new();
    };
    let refunded = if refunds.is_zero() {
        String::new()
    } else {
        format!(" less {} refunded", refunds.grouped())
    };
    format!(
        "credits {merchant} {} for {batch}: {} sold{refunded} less the {} MDR ({})",
        k.balance.grouped(),
        sold.grouped(),
        percent(mdr_rate),
        mdr.grouped()
    )
}

/// `1.8%` for 0.018.
pub fn percent(share: rust_decimal::Decimal) -> String {
    format!("{}%", (share * rust_decimal::Decimal::ONE_HUNDRED).normalize())
}

/// The agent's recorded reason, in words, for the story of a payment in
/// clearing batch `batch`.
pub(super) fn because(why: &Why, batch: Option<BatchId>) -> Option<String> {
    Some(match why {
        Why::ClearingCutoff { cutoff } => format!("waits for the Beijing clearing day to close ({cutoff} Beijing)"),
        Why::ConvertedNextDay { at } => {
            format!("converted the next day at {at} Beijing, weekends and holidays included")
        }
        Why::ConvertedAtRemittance => "kept as CNY until the remittance's one consolidated purchase".into(),
        Why::NegativeNetCarried { carried } => format!(
            "refunds exceeded takings: no EUR bought, {} carried against the next purchase",
            carried.grouped()
        ),
        Why::RemitWindow {
            at,
            today,
            closed,
            held,
            minimum,
        } => {
            // The bank recorded its closed days since the oldest batch it
            // took; this payment's batch waited from the day after its own.
            let day = batch?.day();
            let mine: ClosedDays = closed.iter().copied().filter(|(d, _)| *d > day).collect();
            let held: Vec<String> = held
                .iter()
                .filter(|(d, _)| *d > day)
                .map(|(d, pool)| format!("{} on {}", pool.grouped(), day_month(*d)))
                .collect();
            let closed = closed_runs(&mine, "in China");
            match (closed, held.is_empty()) {
                (closed, false) => format!(
                    "held: the EUR pool was below the {} minimum ({}){}; it goes out once it reaches it",
                    minimum.grouped(),
                    held.join(", "),
                    closed.map_or(String::new(), |c| format!("; {c}"))
                ),
                (Some(c), true) => format!("waits: {c}; the next working day is {}", day_month(*today)),
                (None, true) => format!("a day goes out at the first remittance window after it ({at} Beijing)"),
            }
        }
        Why::Approval { took } => format!("SAFE took {took} to approve"),
        Why::HeldPastCutoff { cutoff } => {
            format!("approved after the {cutoff} cut-off or on a closed day: sent at the next working day's window")
        }
        Why::Transit {
            range: (lo, hi),
            value_date,
            ..
        } => {
            let days = match (lo, hi) {
                (1, 1) => "1 TARGET2 business day".to_string(),
                (lo, hi) if lo == hi => format!("{lo} TARGET2 business days"),
                (lo, hi) => format!("{lo} to {hi} TARGET2 business days"),
            };
            format!("value date {}: {days} after sending", day_month(*value_date))
        }
        Why::TierSchedule {
            tier,
            schedule,
            payout_at,
            minimum,
        } => {
            let when = match schedule {
                PayoutSchedule::Daily => format!("daily at {payout_at}"),
                PayoutSchedule::Weekly(w) => format!("weekly on {w:?}s"),
                PayoutSchedule::Monthly(d) => format!("monthly on day {d}"),
            };
            let min = if minimum.is_zero() {
                String::new()
            } else {
                format!(", once the balance reaches {}", minimum.grouped())
            };
            format!("the {tier} tier is paid {when}{min}, on TARGET2 business days for SCT")
        }
        Why::SctNextBusinessDay { closed } => {
            let base = "SCT is credited the next TARGET2 business day".to_string();
            match closed_runs(closed, "for TARGET2") {
                Some(c) => format!("{base}; {c}"),
                None => base,
            }
        }
        Why::SuspenseUntilFixed => {
            "held in suspense until the merchant fixed its account (the end of its fault window)".into()
        }
        Why::ShortfallArrived => "the shortfall came with the next remittance".into(),
        Why::RefundLater => "the merchant refunds later".into(),
        Why::RefundRetried { .. } => "retried until the day's CNY takings could pay it".into(),
    })
}

/// `15 to 21 February are closed (public holidays) in China`, or None when
/// no day was closed.
fn closed_runs(closed: &[(Date, DayKind)], whose: &str) -> Option<String> {
    if closed.is_empty() {
        return None;
    }
    let mut runs: Vec<(Date, Date, BTreeSet<DayKind>)> = Vec::new();
    for &(d, k) in closed {
        match runs.last_mut() {
            Some((_, end, kinds)) if end.tomorrow().ok() == Some(d) => {
                *end = d;
                kinds.insert(k);
            }
            _ => runs.push((d, d, BTreeSet::from([k]))),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|(a, b, kinds)| {
            let what = if kinds.len() > 1 || kinds.contains(&DayKind::Holiday) {
                "closed (public holidays)"
            } else {
                "a weekend"
            };
            let span = match (a == b, a.month() == b.month()) {
                (true, _) => day_month(*a),
                (false, true) => format!("{} to {}", a.day(), day_month(*b)),
                (false, false) => format!("{} to {}", day_month(*a), day_month(*b)),
            };
            let verb = if a == b { "is" } else { "are" };
            format!("{span} {verb} {what} {whose}")
        })
        .collect();
    Some(parts.join(", "))
}

/// `22 February`.
pub(super) fn day_month(d: Date) -> String {
    d.strftime("%-d %B").to_string()
}
