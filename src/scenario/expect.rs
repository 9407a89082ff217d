//! The metrics a run is measured by, and the `[[expect]]` tables that state
//! what a scenario must keep showing. This is the catalogue: every metric's
//! name, unit and meaning, and how a value in its unit is written. Computing
//! the metrics from a run is the report's job (`report::metrics`); naming
//! them here lets validation refuse an unknown metric with the nearest name.

use std::fmt;

use crate::domain::Date;
use crate::domain::money::{Currency, Money};
use crate::engine::Duration;

/// What a metric counts or measures, and so how its values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A whole number of things (`"9000"` or `9000`).
    Count,
    /// A span of simulated time (`"12d"`, `"4h"`).
    Duration,
    /// An amount in this currency (`"1234.56 EUR"`).
    Money(Currency),
    /// A calendar date (`2018-02-26`).
    Date,
}

impl Unit {
    /// The unit as `corridor test --metrics` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Duration => "duration",
            Unit::Money(Currency::EUR) => "EUR",
            Unit::Money(_) => "CNY",
            Unit::Date => "date",
        }
    }

    /// Reads `text` as a value of this unit, or says how to write one.
    pub fn parse(self, text: &str) -> Result<Value, String> {
        match self {
            Unit::Count => text
                .trim()
                .parse::<u64>()
                .map(Value::Count)
                .map_err(|_| format!("`{text}` is not a count: write a whole number, like \"9000\"")),
            Unit::Duration => super::values::duration(text).map(Value::Duration),
            Unit::Money(c) => super::values::money(text).and_then(|m| {
                if m.currency() == c {
                    Ok(Value::Money(m))
                } else {
                    Err(format!("`{text}` is in {}: this metric is in {c}", m.currency()))
                }
            }),
            Unit::Date => super::values::date(text).map(Value::Date),
        }
    }
}

/// A metric's value in its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A count.
    Count(u64),
    /// A duration (milliseconds inside).
    Duration(Duration),
    /// An amount, exact.
    Money(Money),
    /// A date.
    Date(Date),
}

impl Value {
    /// The order of two values of one unit; None across units or
    /// currencies, which validation never lets an expectation compare.
    pub fn compare(&self, other: &Value) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Value::Count(a), Value::Count(b)) => Some(a.cmp(b)),
            (Value::Duration(a), Value::Duration(b)) => Some(a.cmp(b)),
            (Value::Money(a), Value::Money(b)) if a.currency() == b.currency() => Some(a.amount().cmp(&b.amount())),
            (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    /// `9000`, `11d 04h 13m`, `1234.56 EUR`, `2018-02-26`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Duration(d) => write!(f, "{d}"),
            Value::Money(m) => write!(f, "{m}"),
            Value::Date(d) => write!(f, "{d}"),
        }
    }
}

/// One metric of the catalogue. `name` may hold one placeholder in
/// capitals (`REASON`, `ID`), standing for a dotless word of the run.
pub struct Metric {
    /// `payments.completed`, `merchant.ID.paid`.
    pub name: &'static str,
    /// Its unit.
    pub unit: Unit,
    /// What it means, one line.
    pub meaning: &'static str,
}

const fn m(name: &'static str, unit: Unit, meaning: &'static str) -> Metric {
    Metric { name, unit, meaning }
}

/// Every metric, in the order `corridor test --metrics` lists them.
pub const METRICS: &[Metric] = &[
    m(
        "payments.initiated",
        Unit::Count,
        "payments the cardholders started, whatever became of them",
    ),
    m(
        "payments.completed",
        Unit::Count,
        "payments the issuer approved in time",
    ),
    m("payments.declined", Unit::Count, "payments declined, all reasons"),
    m(
        "payments.declined.REASON",
        Unit::Count,
        "payments declined for REASON (risk, insufficient_balance, ...)",
    ),
    m(
        "payments.in_flight",
        Unit::Count,
        "payments still unanswered when the run ended",
    ),
    m(
        "time_to_credit.p50",
        Unit::Duration,
        "median time from purchase to merchant credit, over paid payments",
    ),
    m(
        "time_to_credit.p95",
        Unit::Duration,
        "95th percentile (nearest rank) of purchase to merchant credit",
    ),
    m(
        "time_to_credit.max",
        Unit::Duration,
        "the longest purchase to merchant credit",
    ),
    m(
        "time_to_credit.mean",
        Unit::Duration,
        "the mean time from scan to the merchant's account over the payments paid out, to the millisecond (half away from zero)",
    ),
    m(
        "eur.due",
        Unit::Money(Currency::EUR),
        "EUR merchants are owed: completed payments less refunds",
    ),
    m(
        "eur.paid",
        Unit::Money(Currency::EUR),
        "EUR credited to merchants' accounts, less payouts returned",
    ),
    m(
        "eur.suspense",
        Unit::Money(Currency::EUR),
        "EUR of rejected or returned payouts held for merchants at the end",
    ),
    m(
        "eur.pool_peak",
        Unit::Money(Currency::EUR),
        "the most EUR the settlement bank's pool held at once, before remitting",
    ),
    m(
        "eur.in_pool",
        Unit::Money(Currency::EUR),
        "EUR converted and held in the settlement bank's pool at the end, not yet remitted",
    ),
    m(
        "eur.in_transit",
        Unit::Money(Currency::EUR),
        "EUR remitted, before its value date, at the end",
    ),
    m(
        "switch.fx_result",
        Unit::Money(Currency::CNY),
        "the switch's FX result in CNY: collected less paid for EUR less the scheme fee",
    ),
    m(
        "remittances.count",
        Unit::Count,
        "remittances the settlement bank requested",
    ),
    m(
        "exceptions.open",
        Unit::Count,
        "reconciliation exceptions still open at the end",
    ),
    m(
        "merchant.ID.paid",
        Unit::Money(Currency::EUR),
        "EUR credited to merchant ID (GROUP/N), less returns",
    ),
    m(
        "remittance.ID.value_date",
        Unit::Date,
        "the value date of remittance ID (R0001); none while unsent",
    ),
    m(
        "remittance.ID.sent",
        Unit::Date,
        "the Beijing date remittance ID left the settlement bank; none while unsent",
    ),
    m(
        "remittance.ID.batches",
        Unit::Count,
        "clearing batches remittance ID carries",
    ),
];

/// The decline reasons `payments.declined.REASON` takes: the event log's
/// codes (a test in `report::metrics` keeps them in step with the switch).
pub const DECLINE_REASONS: &[&str] = &[
    "merchant_not_active",
    "over_payment_limit",
    "over_daily_limit",
    "insufficient_balance",
    "risk",
    "issuer_unavailable",
    "invalid_amount",
];

/// The catalogue entry `name` is an instance of, with the word that fills
/// its placeholder (empty for a fixed name).
pub fn lookup(name: &str) -> Option<(&'static Metric, &str)> {
    METRICS.iter().find_map(|m| matches(m.name, name).map(|word| (m, word)))
}

/// `payments.declined.REASON` against `payments.declined.risk`: `Some("risk")`.
fn matches<'a>(pattern: &str, name: &'a str) -> Option<&'a str> {
    let Some((head, tail)) = pattern.split_once(|c: char| c.is_ascii_uppercase()) else {
        return (pattern == name).then_some("");
    };
    // The placeholder runs to the next dot of the pattern.
    let tail = tail.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let word = name.strip_prefix(head)?.strip_suffix(tail)?;
    (!word.is_empty()).then_some(word)
}

/// A named metric that is not in the catalogue: the message, with the
/// nearest name when one is close.
pub fn unknown(name: &str) -> String {
    let names: Vec<String> = METRICS.iter().map(|m| m.name.to_string()).collect();
    let mut message = format!("unknown metric `{name}`");
    match super::nearest(name, &names) {
        Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
        None => message.push('.'),
    }
    message.push_str(" See `corridor test --metrics`");
    message
}

/// How an expectation compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `at_least`: actual >= expected.
    AtLeast,
    /// `at_most`: actual <= expected.
    AtMost,
    /// `equals`: actual == expected.
    Equals,
}

impl Op {
    /// The key as written in the file.
    pub fn key(self) -> &'static str {
        match self {
            Op::AtLeast => "at_least",
            Op::AtMost => "at_most",
            Op::Equals => "equals",
        }
    }

    /// Whether `actual` satisfies it against `expected`.
    pub fn holds(self, actual: &Value, expected: &Value) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        matches!(
            (self, actual.compare(expected)),
            (Op::AtLeast, Some(Greater | Equal)) | (Op::AtMost, Some(Less | Equal)) | (Op::Equals, Some(Equal))
        )
    }
}

/// One `[[expect]]` table, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// The metric's full name, `remittance.R0003.value_date`.
    pub metric: String,
    /// The comparison.
    pub op: Op,
    /// The value, in the metric's unit.
    pub value: Value,
    /// The value as the file wrote it (`12d`), for messages.
    pub written: String,
    /// 1-based line of the `metric` key in the file (0 until placed).
    pub line: usize,
    /// Byte offset of the `metric` key, for placing it.
    pub offset: usize,
}

impl fmt::Display for Expectation {
    /// `payments.completed at_least 9000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.metric, self.op.key(), self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_a_placeholder_match_one_word() {
        assert_eq!(
            lookup("payments.declined.risk").map(|(m, w)| (m.name, w)),
            Some(("payments.declined.REASON", "risk"))
        );
        assert_eq!(
            lookup("merchant.paris-boutiques/3.paid").map(|(_, w)| w),
            Some("paris-boutiques/3")
        );
        assert_eq!(lookup("payments.declined").map(|(_, w)| w), Some(""));
        assert!(lookup("merchant..paid").is_none());
        assert!(lookup("payments.complete").is_none());
    }

    #[test]
    fn an_unknown_metric_names_the_nearest() {
        assert_eq!(
            unknown("payments.complete"),
            "unknown metric `payments.complete`; did you mean `payments.completed`? See `corridor test --metrics`"
        );
    }

    #[test]
    fn values_are_read_in_their_unit() {
        assert_eq!(Unit::Duration.parse("12d").unwrap().to_string(), "12d 00h 00m");
        assert_eq!(
            Unit::Money(Currency::EUR).parse("12.5 EUR").unwrap().to_string(),
            "12.50 EUR"
        );
        assert!(Unit::Money(Currency::EUR).parse("12.5 CNY").is_err());
        assert!(Unit::Count.parse("-1").is_err());
        assert_eq!(Unit::Date.parse("2018-02-26").unwrap().to_string(), "2018-02-26");
    }
}
