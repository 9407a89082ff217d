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
use crate::scenario::expect::{Value, lookup};
use crate::world::Outcome;

use super::Report;
use super::metrics::{self, Metrics};
use super::sweep::render::plain;

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

/// The comparison for people: the two runs, every metric with its
/// difference (a `*` marks those that differ), the purchases redrawn and
/// the payments whose outcome changed (the first [`TEXT_LIST_LIMIT`]).
pub fn text(c: &Comparison) -> String {
    let mut out = format!("A: {}\nB: {}\n\n", c.a, c.b);
    let show = |v: Option<Value>| v.map_or("-".to_string(), |v| v.to_string());
    let mut rows = vec![["metric".to_string(), "A".into(), "B".into(), "B - A".into()]];
    for m in &c.metrics {
        let mark = if m.differs() { " *" } else { "" };
        rows.push([
            format!("{}{mark}", m.metric),
            show(m.a),
            show(m.b),
            m.difference().unwrap_or_else(|| "-".into()),
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let line = format!(
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}",
            r[0],
            r[1],
            r[2],
            r[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let differ = c.metrics.iter().filter(|m| m.differs()).count();
    out.push_str(&format!("\n{differ} of {} metrics differ (*).\n", c.metrics.len()));
    let p = &c.purchases;
    out.push_str(&format!(
        "Purchases: {} in A, {} in B; the change redrew {} of B's (and {} of A's were not made in B). \
         The rest are the same purchases (cardholder, merchant, time, amount): their differences are the change's effect.\n",
        super::count(p.a),
        super::count(p.b),
        super::count(p.redrawn),
        super::count(p.dropped)
    ));
    out.push_str(&format!(
        "Payments whose outcome changed (status, refunds or time to credit), of the purchases both made: {}\n",
        super::count(c.changed.len() as u64)
    ));
    for ch in c.changed.iter().take(TEXT_LIST_LIMIT) {
        let ids = match ch.a_id == ch.b_id {
            true => format!("{}", ch.a_id),
            false => format!("{} (in B {})", ch.a_id, ch.b_id),
        };
        out.push_str(&format!("  {ids}\n    A: {}\n    B: {}\n", ch.a, ch.b));
    }
    if c.changed.len() > TEXT_LIST_LIMIT {
        out.push_str(&format!(
            "  ... and {} more (--format json lists them all)\n",
            super::count((c.changed.len() - TEXT_LIST_LIMIT) as u64)
        ));
    }
    out
}

#[derive(Serialize)]
struct Doc<'a> {
    a: &'a str,
    b: &'a str,
    metrics: Vec<DocMetric>,
    purchases: Purchases,
    changed: DocChanged,
}

#[derive(Serialize)]
struct DocMetric {
    metric: String,
    unit: &'static str,
    a: Option<String>,
    b: Option<String>,
    /// `b - a` as a plain number in the unit (days for dates).
    difference: Option<String>,
}

#[derive(Serialize)]
struct DocChanged {
    count: usize,
    payments: Vec<DocPayment>,
}

#[derive(Serialize)]
struct DocPayment {
    a_payment: String,
    b_payment: String,
    a: DocOutcome,
    b: DocOutcome,
}

#[derive(Serialize)]
struct DocOutcome {
    status: String,
    eur: String,
    refunded: String,
    to_credit_ms: Option<i64>,
}

/// The comparison as JSON: values exact, as strings in the metric's unit
/// as `corridor sweep` writes them (durations in ms, amounts plain
/// decimals, dates ISO 8601), every changed payment listed.
pub fn json(c: &Comparison) -> String {
    let doc = Doc {
        a: &c.a,
        b: &c.b,
        metrics: c.metrics.iter().map(doc_metric).collect(),
        purchases: c.purchases,
        changed: DocChanged {
            count: c.changed.len(),
            payments: c
                .changed
                .iter()
                .map(|ch| DocPayment {
                    a_payment: ch.a_id.to_string(),
                    b_payment: ch.b_id.to_string(),
                    a: doc_outcome(&ch.a),
                    b: doc_outcome(&ch.b),
                })
                .collect(),
        },
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("a comparison always serializes");
    out.push('\n');
    out
}

fn doc_metric(m: &MetricDiff) -> DocMetric {
    let unit = lookup(&m.metric).map_or("count", |(metric, _)| match metric.unit {
        crate::scenario::expect::Unit::Duration => "ms",
        u => u.name(),
    });
    let difference = match (m.a, m.b) {
        (Some(Value::Count(a)), Some(Value::Count(b))) => Some((i128::from(b) - i128::from(a)).to_string()),
        (Some(Value::Duration(a)), Some(Value::Duration(b))) => Some((b.0 - a.0).to_string()),
        (Some(Value::Money(a)), Some(Value::Money(b))) if a.currency() == b.currency() => {
            Some(plain(Value::Money(b - a)))
        }
        (Some(Value::Date(a)), Some(Value::Date(b))) => {
            Some(b.since(a).map_or(0, |s| i64::from(s.get_days())).to_string())
        }
        _ => None,
    };
    DocMetric {
        metric: m.metric.clone(),
        unit,
        a: m.a.map(plain),
        b: m.b.map(plain),
        difference,
    }
}

fn doc_outcome(o: &PaymentOutcome) -> DocOutcome {
    DocOutcome {
        status: o.status.clone(),
        eur: plain(Value::Money(o.eur)),
        refunded: plain(Value::Money(o.refunded)),
        to_credit_ms: o.to_credit.map(|d| d.0),
    }
}
