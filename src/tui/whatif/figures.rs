//! The comparison as the what-if screen shows it: the headline figures,
//! and what changed about a payment in a few words.

use crate::report::compare::{self, Comparison, MetricDiff};

/// The comparison's headline figures: (what, the metric in both runs), the
/// declines by reason only for reasons either run has.
pub fn headline(c: &Comparison) -> Vec<(String, &MetricDiff)> {
    let get = |name: &str| c.metrics.iter().find(|m| m.metric == name);
    let mut out = Vec::new();
    let mut push = |what: String, name: &str| {
        if let Some(m) = get(name) {
            out.push((what, m));
        }
    };
    push("payments completed".into(), "payments.completed");
    push("payments declined".into(), "payments.declined");
    let zero = Some(crate::scenario::expect::Value::Count(0));
    for m in &c.metrics {
        if let Some(reason) = m.metric.strip_prefix("payments.declined.") {
            if m.a != zero || m.b != zero {
                push(format!("  {}", reason.replace('_', " ")), &m.metric);
            }
        }
    }
    push("time to credit, p50".into(), "time_to_credit.p50");
    push("time to credit, p95".into(), "time_to_credit.p95");
    push("EUR in suspense".into(), "eur.suspense");
    push("peak EUR pool".into(), "eur.pool_peak");
    push("switch's FX result".into(), "switch.fx_result");
    push("exceptions open".into(), "exceptions.open");
    push("remittances".into(), "remittances.count");
    push("paid to merchants".into(), "eur.paid");
    out
}

/// What changed about a payment, only what differs: `completed ->
/// declined RISK`, `credited after 2d 21h 58m -> 3d 21h 58m`.
pub fn what_changed(c: &compare::ChangedPayment) -> String {
    let mut parts = Vec::new();
    if c.a.status != c.b.status {
        parts.push(format!("{} -> {}", c.a.status, c.b.status));
    }
    if c.a.eur != c.b.eur {
        parts.push(format!("{} -> {}", c.a.eur, c.b.eur));
    }
    if c.a.refunded != c.b.refunded {
        parts.push(format!("refunded {} -> {}", c.a.refunded, c.b.refunded));
    }
    match (c.a.to_credit, c.b.to_credit) {
        (a, b) if a == b => {}
        (Some(a), Some(b)) => parts.push(format!("credited after {a} -> {b}")),
        (a, b) => {
            let t = |d: Option<crate::engine::Duration>| {
                d.map_or("not credited".to_string(), |d| format!("credited after {d}"))
            };
            parts.push(format!("{} -> {}", t(a), t(b)));
        }
    }
    parts.join("; ")
}
