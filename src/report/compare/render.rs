//! A comparison written out: text for people (the metrics as a table, the
//! purchases redrawn, the first changed payments) and JSON for programs
//! (values exact, as strings, every changed payment listed).

use serde::Serialize;

use crate::report::sweep::render::plain;
use crate::scenario::expect::{Unit, Value, lookup};

use super::{Comparison, MetricDiff, PaymentOutcome, Purchases, TEXT_LIST_LIMIT};
use crate::report::count;

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
        count(p.a),
        count(p.b),
        count(p.redrawn),
        count(p.dropped)
    ));
    out.push_str(&format!(
        "Payments whose outcome changed (status, refunds or time to credit), of the purchases both made: {}\n",
        count(c.changed.len() as u64)
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
            count((c.changed.len() - TEXT_LIST_LIMIT) as u64)
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
        Unit::Duration => "ms",
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
