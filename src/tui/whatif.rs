//! What if: rerun the scenario with another seed or with some of its faults
//! switched off (or back on), and compare with the run the explorer opened.

use crate::domain::ids::{MerchantId, PaymentId};
use crate::engine::Duration;
use crate::messages::Directory;
use crate::replay::Recording;
use crate::report::Report;
use crate::scenario::Scenario;
use crate::world::Outcome;

/// Reloads the scenario with another seed (the FX path is seeded too).
pub type Reload = Box<dyn Fn(u64) -> Result<Scenario, String>>;

/// One line of the comparison.
#[derive(Clone, Debug)]
pub struct Row {
    /// What is compared (`money in suspense (EUR)`).
    pub what: &'static str,
    /// Its value in the run opened (`-` where there is none).
    pub base: String,
    /// Its value in the what-if run.
    pub changed: String,
}

/// The what-if's settings and its last comparison.
pub struct WhatIf {
    /// The seed the rerun uses (the scenario's own at first).
    pub seed: u64,
    /// The scenario's faults, each on or off.
    pub faults: Vec<(String, bool)>,
    /// The last comparison, once a rerun ran.
    pub rows: Option<Vec<Row>>,
    /// What the last comparison ran with, for its title.
    pub ran: Option<String>,
}

impl WhatIf {
    /// The scenario's own seed, every fault on, nothing compared yet.
    pub fn new(sc: &Scenario) -> WhatIf {
        let faults = sc.faults.all.iter().map(|f| (label(f, sc), true)).collect();
        WhatIf {
            seed: sc.seed,
            faults,
            rows: None,
            ran: None,
        }
    }

    /// Switches fault `i` (0-based) off or back on.
    pub fn toggle(&mut self, i: usize) {
        if let Some(f) = self.faults.get_mut(i) {
            f.1 = !f.1;
        }
    }

    /// `seed 7, 1 fault off` (or `all faults on`, or just the seed for a
    /// scenario without faults): what a rerun would change.
    pub fn settings(&self) -> String {
        let off = self.faults.iter().filter(|(_, on)| !on).count();
        match (self.faults.len(), off) {
            (0, _) => format!("seed {}", self.seed),
            (_, 0) => format!("seed {}, all faults on", self.seed),
            (_, 1) => format!("seed {}, 1 fault off", self.seed),
            (_, n) => format!("seed {}, {n} faults off", self.seed),
        }
    }

    /// Runs the changed scenario, recording it so the explorer can open it,
    /// and compares it with the recorded one.
    pub fn run(&mut self, base: &Recording, reload: &Reload) -> Result<Recording, String> {
        let mut sc = if self.seed == base.scenario.seed {
            base.scenario.clone()
        } else {
            reload(self.seed)?
        };
        let mut keep = self.faults.iter().map(|(_, on)| *on);
        sc.faults.all.retain(|_| keep.next().unwrap_or(true));
        let changed = Recording::record(&sc);
        self.rows = Some(compare(base, &changed.outcome, &sc));
        self.ran = Some(self.settings());
        Ok(changed)
    }
}

/// `payout_reject RR04 paris-boutiques/7, 2018-03-08 to 2018-03-08`.
fn label(f: &crate::scenario::faults::Fault, sc: &Scenario) -> String {
    use crate::scenario::faults::FaultKind::*;
    let detail = match &f.kind {
        PayoutReject(r) | PayoutReturn(r) | DirectDebitReturn(r) => r.code.to_string(),
        ApprovalDelay(d) => d.to_string(),
        RemittanceShort(m) => m.to_string(),
        IssuerTimeout(r) => format!("{}%", (*r * rust_decimal::Decimal::ONE_HUNDRED).normalize()),
        ApprovalReject | KycFail => String::new(),
    };
    let names = Directory::new(sc);
    let who = match f.merchants {
        Some((lo, hi)) if lo == hi => names.name(MerchantId::from_index(lo)),
        Some((lo, _)) => names
            .name(MerchantId::from_index(lo))
            .rsplit_once('/')
            .map_or(String::new(), |(g, _)| g.to_string()),
        None => String::new(),
    };
    let words: Vec<String> = [f.kind.name().to_string(), detail, who]
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect();
    format!("{}, {} to {}", words.join(" "), f.from, f.until)
}

fn compare(base: &Recording, changed: &Outcome, sc: &Scenario) -> Vec<Row> {
    let a = Report::new(&base.scenario, &base.outcome);
    let b = Report::new(sc, changed);
    let (na, nb) = (
        base.outcome.cardholders().initiated(),
        changed.cardholders().initiated(),
    );
    // A payment's outcome: who paid whom, what, how it ended, what came
    // back, and how long its merchant waited for the money.
    let (credited_a, credited_b) = (base.outcome.credited_at(), changed.credited_at());
    let waited = |credited: &[Option<crate::engine::Instant>], p: PaymentId, from| {
        credited.get(p.index()).copied().flatten().map(|t| t - from)
    };
    let differ = (0..na.max(nb))
        .map(PaymentId::from_index)
        .filter(
            |&p| match (base.outcome.switch().payment(p), changed.switch().payment(p)) {
                (Some(x), Some(y)) => {
                    (x.cardholder, x.merchant, x.eur, x.cny, x.state, x.refunded)
                        != (y.cardholder, y.merchant, y.eur, y.cny, y.state, y.refunded)
                        || waited(&credited_a, p, x.initiated) != waited(&credited_b, p, y.initiated)
                }
                (None, None) => false,
                _ => true,
            },
        )
        .count();
    let time = |r: &Report, f: fn(&crate::report::model::ToCredit) -> i64| {
        r.to_credit
            .as_ref()
            .map_or("-".to_string(), |t| Duration(f(t)).to_string())
    };
    let suspense = |r: &Report| {
        r.money
            .places
            .in_suspense
            .values()
            .fold(rust_decimal::Decimal::ZERO, |s, m| s + m.amount())
    };
    let row = |what, base: String, changed: String| Row { what, base, changed };
    vec![
        row("payments changed", "-".into(), format!("{differ} of {}", na.max(nb))),
        row(
            "payments completed",
            a.payments.completed.to_string(),
            b.payments.completed.to_string(),
        ),
        row(
            "time to merchant, median",
            time(&a, |t| t.median_ms),
            time(&b, |t| t.median_ms),
        ),
        row("time to merchant, p95", time(&a, |t| t.p95_ms), time(&b, |t| t.p95_ms)),
        row(
            "money in suspense (EUR)",
            crate::report::amount(suspense(&a)),
            crate::report::amount(suspense(&b)),
        ),
        row(
            "switch's FX result (CNY)",
            crate::report::amount(a.fx.fx_result_cny.amount()),
            crate::report::amount(b.fx.fx_result_cny.amount()),
        ),
        row(
            "remittances",
            a.remittances.len().to_string(),
            b.remittances.len().to_string(),
        ),
        row(
            "paid to merchants (EUR)",
            crate::report::amount(a.money.places.paid_to_merchants.amount()),
            crate::report::amount(b.money.places.paid_to_merchants.amount()),
        ),
    ]
}
