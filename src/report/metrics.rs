//! The named metrics of a run (`payments.completed`, `time_to_credit.p95`,
//! `remittance.R0003.value_date`, …) with their values in their units, and
//! the check of a scenario's `[[expect]]` tables against them. The names,
//! units and meanings are the catalogue in `scenario::expect`; this module
//! computes them, from the report's own figures where the report has them,
//! so a metric never disagrees with the report beside it.

use std::collections::BTreeMap;

use crate::agents::acquirer::PayoutOutcome;
use crate::domain::money::Money;
use crate::engine::Duration;
use crate::scenario::Scenario;
use crate::scenario::expect::{DECLINE_REASONS, Expectation, Value};
use crate::world::Outcome;

use super::Report;

/// Every metric of one run, by full name, in name order. A metric with no
/// value in this run (`time_to_credit.p50` when nothing was paid, a
/// remittance that never left) is absent.
pub type Metrics = BTreeMap<String, Value>;

/// Computes the run's metrics; `report` is `Report::new(sc, o)` of the same run.
pub fn metrics(o: &Outcome, report: &Report) -> Metrics {
    let mut m = Metrics::new();
    let count = |m: &mut Metrics, k: &str, n: u64| m.insert(k.to_string(), Value::Count(n));
    let p = &report.payments;
    count(&mut m, "payments.initiated", p.initiated);
    count(&mut m, "payments.completed", p.completed);
    count(&mut m, "payments.declined", p.declined.values().sum());
    count(&mut m, "payments.in_flight", p.in_flight);
    for reason in DECLINE_REASONS {
        let n = p.declined.get(reason).copied().unwrap_or(0);
        count(&mut m, &format!("payments.declined.{reason}"), n);
    }
    if let Some(t) = &report.to_credit {
        for (k, ms) in [("p50", t.median_ms), ("p95", t.p95_ms), ("max", t.max_ms)] {
            m.insert(format!("time_to_credit.{k}"), Value::Duration(Duration(ms)));
        }
    }
    if let Some(mean) = mean_ms(o.tally.to_credit_ms.sum(), o.tally.to_credit_ms.len()) {
        m.insert("time_to_credit.mean".into(), Value::Duration(Duration(mean)));
    }
    let money = |m: &mut Metrics, k: &str, v: Money| m.insert(k.to_string(), Value::Money(v));
    let places = &report.money.places;
    money(&mut m, "eur.due", report.money.due);
    money(&mut m, "eur.paid", places.paid_to_merchants);
    let suspense = places.in_suspense.values().fold(Money::eur(0.into()), |a, b| a + *b);
    money(&mut m, "eur.suspense", suspense);
    money(&mut m, "eur.pool_peak", Money::eur(o.tally.eur_pool_peak));
    money(&mut m, "eur.in_transit", places.in_transit);
    money(&mut m, "eur.in_pool", places.in_eur_pool);
    money(&mut m, "switch.fx_result", report.fx.fx_result_cny);
    count(&mut m, "remittances.count", report.remittances.len() as u64);
    let open = report
        .failures
        .exceptions
        .iter()
        .filter(|e| e.resolved.is_none())
        .count();
    count(&mut m, "exceptions.open", open as u64);
    for (name, paid) in merchants_paid(o) {
        money(&mut m, &format!("merchant.{name}.paid"), paid);
    }
    let beijing = crate::domain::zone::Zone::beijing();
    for r in &report.remittances {
        let id = &r.remittance;
        if let Some(d) = r.value_date.as_deref().and_then(|d| d.parse().ok()) {
            m.insert(format!("remittance.{id}.value_date"), Value::Date(d));
        }
        if let Some(sent) = r.sent {
            m.insert(format!("remittance.{id}.sent"), Value::Date(beijing.date(sent.0)));
        }
        count(&mut m, &format!("remittance.{id}.batches"), r.batches.len() as u64);
    }
    m
}

/// The mean of `n` values summing to `sum` ms, to the millisecond, half
/// away from zero (exact integer arithmetic); none for no values. Every
/// mean here is of positive times.
fn mean_ms(sum: i128, n: u64) -> Option<i64> {
    let n = i128::from(n);
    if n == 0 {
        return None;
    }
    let (q, r) = (sum.div_euclid(n), sum.rem_euclid(n));
    let mean = if 2 * r >= n { q + 1 } else { q };
    i64::try_from(mean).ok()
}

/// EUR credited to each merchant and not returned, every merchant listed.
fn merchants_paid(o: &Outcome) -> BTreeMap<String, Money> {
    let mut paid: Vec<Money> = vec![Money::eur(0.into()); o.directory.len()];
    for p in o.acquirer().payouts() {
        if p.outcome == PayoutOutcome::Settled {
            paid[p.merchant.index()] += p.amount;
        }
    }
    o.directory
        .ids()
        .map(|id| (o.directory.name(id), paid[id.index()]))
        .collect()
}

/// An expectation that did not hold, with what the run gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// The expectation as validated (its line included).
    pub expectation: Expectation,
    /// The run's value; None when the metric has none in this run.
    pub actual: Option<Value>,
}

impl std::fmt::Display for Broken {
    /// `expected payments.completed at_least 9000, got 8123`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let actual = self
            .actual
            .map_or("no value in this run".to_string(), |v| v.to_string());
        write!(f, "expected {}, got {actual}", self.expectation)
    }
}

/// The scenario's expectations that the metrics break, in file order.
pub fn check(sc: &Scenario, metrics: &Metrics) -> Vec<Broken> {
    sc.expect
        .iter()
        .filter_map(|e| {
            let actual = metrics.get(&e.metric).copied();
            let holds = actual.is_some_and(|a| e.op.holds(&a, &e.value));
            (!holds).then(|| Broken {
                expectation: e.clone(),
                actual,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::messages::mail::Decline;
    use crate::scenario::expect::DECLINE_REASONS;

    #[test]
    fn the_catalogue_knows_every_decline_reason() {
        // A new variant makes this match fail to compile: add it to
        // Decline::ALL and to DECLINE_REASONS.
        for d in Decline::ALL {
            match d {
                Decline::MerchantNotActive
                | Decline::OverPaymentLimit
                | Decline::OverDailyLimit
                | Decline::InsufficientBalance
                | Decline::Risk
                | Decline::IssuerUnavailable
                | Decline::InvalidAmount => {}
            }
        }
        let codes: Vec<&str> = Decline::ALL.iter().map(|d| d.code()).collect();
        assert_eq!(codes, DECLINE_REASONS);
    }
}
