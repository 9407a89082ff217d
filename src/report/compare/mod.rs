//! Two runs side by side (`corridor diff`, and the explorer's comparison):
//! every metric of `corridor test --metrics` in both runs with its
//! difference, the payments whose outcome changed, and how many purchases
//! the change redrew. Each cardholder draws its purchases from its own
//! random stream (common random numbers), so a change to one setting
//! should leave the purchases as they were; the redrawn count tells a
//! setting's effect from noise: 0 means every difference below is the
//! change's doing, not a different crowd of shoppers.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::agents::acquirer::PayoutOutcome;
use crate::agents::switch::PaymentState;
use crate::domain::ids::PaymentId;
use crate::domain::money::Money;
use crate::engine::Duration;
use crate::scenario::expect::Value;
use crate::world::Outcome;

use super::Report;
use super::metrics::{self, Metrics};

mod render;

pub use render::{json, text};

/// How many changed payments the text lists; the JSON lists them all.
pub const TEXT_LIST_LIMIT: usize = 20;

/// One run to compare: what to call it, and its outcome and report.
pub struct Side<'a> {
    /// `spring-festival-2018.toml (bundled)`, or with its changes:
    /// `... with --set settlement_bank.minimum=5000 EUR`.
    pub label: String,
    /// The finished run.
    pub outcome: &'a Outcome,
    /// `Report::new` of the same run.
    pub report: &'a Report,
}

/// Two runs compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The first run's label.
    pub a: String,
    /// The second run's label.
    pub b: String,
    /// Every metric either run has, in name order.
    pub metrics: Vec<MetricDiff>,
    /// The purchases of both runs, and how many the change redrew.
    pub purchases: Purchases,
    /// The purchases both runs made whose payment's status, refunded
    /// amount or time to credit differ, in the second run's id order.
    pub changed: Vec<ChangedPayment>,
}

/// One metric in both runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricDiff {
    /// `payments.completed`.
    pub metric: String,
    /// Its value in the first run; None when it has none there (a
    /// remittance the run did not make).
    pub a: Option<Value>,
    /// Its value in the second run.
    pub b: Option<Value>,
}

impl MetricDiff {
    /// `b - a` in the metric's unit, signed (`+12`, `-1,234.50 EUR`,
    /// `+2d 04h 00m`, `-1d` for dates); None when either side has no value.
    pub fn difference(&self) -> Option<String> {
        let signed = |negative: bool, zero: bool, text: String| match (zero, negative) {
            (true, _) => "0".to_string(),
            (false, true) => text,
            (false, false) => format!("+{text}"),
        };
        Some(match (self.a?, self.b?) {
            (Value::Count(a), Value::Count(b)) => {
                let d = i128::from(b) - i128::from(a);
                signed(d < 0, d == 0, d.to_string())
            }
            (Value::Duration(a), Value::Duration(b)) => {
                let d = b.0 - a.0;
                signed(d < 0, d == 0, Duration(d).to_string())
            }
            (Value::Money(a), Value::Money(b)) if a.currency() == b.currency() => {
                let d: Money = b - a;
                signed(d.amount().is_sign_negative(), d.amount().is_zero(), d.to_string())
            }
            (Value::Date(a), Value::Date(b)) => {
                let days = b.since(a).map_or(0, |s| i64::from(s.get_days()));
                signed(days < 0, days == 0, format!("{days}d"))
            }
            _ => return None,
        })
    }

    /// Whether the two runs differ on it.
    pub fn differs(&self) -> bool {
        self.a != self.b
    }
}

/// The purchases of both runs, each as (cardholder, merchant, instant, EUR
/// amount): the payments their cardholders initiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Purchases {
    /// Purchases made in the first run.
    pub a: u64,
    /// Purchases made in the second run.
    pub b: u64,
    /// Purchases of the second run that the first did not make
    /// identically: the change redrew them.
    pub redrawn: u64,
    /// Purchases of the first run that the second did not make.
    pub dropped: u64,
}

/// A payment's outcome in one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentOutcome {
    /// `completed`, `declined INSUFFICIENT_BALANCE`, `in flight`.
    pub status: String,
    /// The merchant's price.
    pub eur: Money,
    /// EUR refunded to the consumer.
    pub refunded: Money,
    /// From scan to the merchant's credit, when it was credited (the last
    /// credit that stayed, after a returned payout was paid again).
    pub to_credit: Option<Duration>,
}

/// A purchase both runs made whose payment's outcome differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedPayment {
    /// Its payment's id in the first run (`P00000042`).
    pub a_id: PaymentId,
    /// Its payment's id in the second run: the same unless purchases
    /// redrawn before it shifted the ids.
    pub b_id: PaymentId,
    /// Its outcome in the first run.
    pub a: PaymentOutcome,
    /// Its outcome in the second run.
    pub b: PaymentOutcome,
}

/// Compares two runs.
pub fn compare(a: &Side<'_>, b: &Side<'_>) -> Comparison {
    let (ma, mb) = (
        metrics::metrics(a.outcome, a.report),
        metrics::metrics(b.outcome, b.report),
    );
    let (pairs, purchases) = pair(a.outcome, b.outcome);
    Comparison {
        a: a.label.clone(),
        b: b.label.clone(),
        metrics: metric_diffs(&ma, &mb),
        purchases,
        changed: changed(a.outcome, b.outcome, &pairs),
    }
}

fn metric_diffs(a: &Metrics, b: &Metrics) -> Vec<MetricDiff> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| MetricDiff {
            metric: name.clone(),
            a: a.get(name).copied(),
            b: b.get(name).copied(),
        })
        .collect()
}

/// A purchase as the cardholder planned it: (cardholder, merchant, instant
/// in ms, EUR price).
type PurchaseKey = (u64, usize, i64, rust_decimal::Decimal);

/// Each run's purchases by what was bought, with the payment ids that
/// bought it (one, but for the same purchase made twice at one instant).
fn purchase_ids(o: &Outcome) -> BTreeMap<PurchaseKey, Vec<PaymentId>> {
    let mut keys: BTreeMap<PurchaseKey, Vec<PaymentId>> = BTreeMap::new();
    for (id, p) in o.switch().payments() {
        let key = (p.cardholder.number(), p.merchant.index(), p.initiated.0, p.eur.amount());
        keys.entry(key).or_default().push(id);
    }
    keys
}

/// The purchases both runs made (paired by what was bought, not by id: a
/// purchase redrawn earlier in the run shifts every later id), and the
/// counts of those only one run made.
fn pair(a: &Outcome, b: &Outcome) -> (Vec<(PaymentId, PaymentId)>, Purchases) {
    let (ka, kb) = (purchase_ids(a), purchase_ids(b));
    let count = |k: &BTreeMap<PurchaseKey, Vec<PaymentId>>| k.values().map(|v| v.len() as u64).sum::<u64>();
    let mut pairs = Vec::new();
    for (key, ids_b) in &kb {
        let ids_a = ka.get(key).map_or(&[][..], Vec::as_slice);
        pairs.extend(ids_a.iter().copied().zip(ids_b.iter().copied()));
    }
    let paired = pairs.len() as u64;
    let (in_a, in_b) = (count(&ka), count(&kb));
    pairs.sort_by_key(|&(_, idb)| idb);
    let purchases = Purchases {
        a: in_a,
        b: in_b,
        redrawn: in_b - paired,
        dropped: in_a - paired,
    };
    (pairs, purchases)
}

fn outcomes(o: &Outcome) -> BTreeMap<PaymentId, PaymentOutcome> {
    let mut credited: BTreeMap<PaymentId, Duration> = BTreeMap::new();
    for po in o.acquirer().payouts() {
        let (PayoutOutcome::Settled, None, Some(at)) = (po.outcome, po.return_reason, po.settled_at) else {
            continue;
        };
        for c in &po.payments {
            credited.insert(c.payment, Duration(at.0 - c.initiated.0));
        }
    }
    o.switch()
        .payments()
        .map(|(id, p)| {
            let status = match p.state {
                PaymentState::Completed => "completed".to_string(),
                PaymentState::Declined(d) => format!("declined {}", d.code()),
                PaymentState::Authorizing => "in flight".to_string(),
            };
            let outcome = PaymentOutcome {
                status,
                eur: p.eur,
                refunded: p.refunded,
                to_credit: credited.get(&id).copied(),
            };
            (id, outcome)
        })
        .collect()
}

fn changed(a: &Outcome, b: &Outcome, pairs: &[(PaymentId, PaymentId)]) -> Vec<ChangedPayment> {
    let (oa, ob) = (outcomes(a), outcomes(b));
    pairs
        .iter()
        .filter_map(|&(ida, idb)| {
            let (x, y) = (oa.get(&ida)?, ob.get(&idb)?);
            (x != y).then(|| ChangedPayment {
                a_id: ida,
                b_id: idb,
                a: x.clone(),
                b: y.clone(),
            })
        })
        .collect()
}

impl std::fmt::Display for PaymentOutcome {
    /// `completed, 123.45 EUR, credited after 8d 02h 13m`, with
    /// `(12.00 EUR refunded)` after the price when there were refunds.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}", self.status, self.eur)?;
        if !self.refunded.amount().is_zero() {
            write!(f, " ({} refunded)", self.refunded)?;
        }
        match self.to_credit {
            Some(d) => write!(f, ", credited after {d}"),
            None => write!(f, ", not credited"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(a: Value, b: Value) -> Option<String> {
        MetricDiff {
            metric: "m".into(),
            a: Some(a),
            b: Some(b),
        }
        .difference()
    }

    #[test]
    fn a_difference_is_signed_in_the_metric_s_unit() {
        assert_eq!(diff(Value::Count(7), Value::Count(4)).as_deref(), Some("-3"));
        assert_eq!(diff(Value::Count(4), Value::Count(4)).as_deref(), Some("0"));
        let eur = |cents: i64| Value::Money(Money::eur(rust_decimal::Decimal::new(cents, 2)));
        assert_eq!(diff(eur(100), eur(350)).as_deref(), Some("+2.50 EUR"));
        let hours = |h: i64| Value::Duration(Duration(h * 3_600_000));
        assert_eq!(diff(hours(30), hours(1)).as_deref(), Some("-1d 05h 00m"));
        let date = |d: &str| Value::Date(d.parse().expect("a date"));
        assert_eq!(diff(date("2018-02-15"), date("2018-02-23")).as_deref(), Some("+8d"));
        let missing = MetricDiff {
            metric: "m".into(),
            a: Some(Value::Count(1)),
            b: None,
        };
        assert_eq!(missing.difference(), None);
        assert!(missing.differs());
    }
}
