//! The report's account of what went wrong and how it was resolved:
//! reconciliation exceptions, bounced payouts (and when they were paid
//! again), direct debits, refunds that waited for CNY, issuer timeouts.

use serde::Serialize;

use crate::agents::acquirer::{DirectDebitState, PayoutOutcome};
use crate::agents::switch::RefundState;
use crate::domain::ids::{DirectDebitId, ExceptionId, PayoutId};
use crate::domain::money::Money;
use crate::domain::zone::Zone;
use crate::world::Outcome;

#[derive(Serialize, schemars::JsonSchema)]
pub struct Failures {
    pub reversals: u64,
    pub refunds: RefundSummary,
    pub exceptions: Vec<ExceptionRow>,
    pub bounced_payouts: Vec<BounceRow>,
    pub direct_debits: Vec<DebitRow>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct RefundSummary {
    pub requested: u64,
    pub completed: u64,
    pub not_enough_failures: u64,
    pub waiting: u64,
    pub refunded_eur: Money,
    pub refunded_cny: Money,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ExceptionRow {
    pub exception: String,
    pub remittance: String,
    pub expected: Money,
    pub received: Money,
    pub shortfall: Money,
    pub opened: String,
    pub resolved: Option<String>,
    pub resolved_by: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct BounceRow {
    pub payout: String,
    pub merchant: String,
    pub amount: Money,
    pub how: &'static str,
    pub reason: &'static str,
    pub description: &'static str,
    pub sent: String,
    pub came_back: String,
    /// The later payout that paid the merchant, if any.
    pub paid_again_by: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct DebitRow {
    pub direct_debit: String,
    pub merchant: String,
    pub amount: Money,
    pub sent: String,
    pub state: String,
}

pub fn failures(o: &Outcome, acquirer: &Zone) -> Failures {
    let local = |t| acquirer.local(t);
    let refunds = o.switch().refunds();
    let completed = refunds.iter().filter(|r| r.state == RefundState::Completed);
    let refunded_cny = completed
        .clone()
        .fold(Money::zero(crate::domain::money::Currency::CNY), |s, r| s + r.cny);
    let exceptions = o
        .acquirer()
        .exceptions()
        .iter()
        .enumerate()
        .map(|(i, e)| ExceptionRow {
            exception: ExceptionId::from_index(i as u32).to_string(),
            remittance: e.remittance.to_string(),
            expected: e.expected,
            received: e.received,
            shortfall: e.expected - e.received,
            opened: local(e.opened_at),
            resolved: e.resolved_at.map(local),
            resolved_by: e.resolved_by.map(|r| r.to_string()),
        })
        .collect();
    let payouts = o.acquirer().payouts();
    let bounced_payouts = payouts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let (how, reason) = match p.outcome {
                PayoutOutcome::Rejected(r) => ("rejected (pacs.002)", r),
                PayoutOutcome::Returned(r) => ("returned (pacs.004)", r),
                _ => return None,
            };
            let again = payouts.iter().enumerate().skip(i + 1).find(|(_, q)| {
                q.merchant == p.merchant
                    && q.outcome == PayoutOutcome::Settled
                    && q.payments.iter().any(|x| p.payments.contains(x))
            });
            Some(BounceRow {
                payout: PayoutId::from_index(i as u32).to_string(),
                merchant: o.directory.name(p.merchant),
                amount: p.amount,
                how,
                reason: reason.code,
                description: reason.description,
                sent: local(p.sent_at),
                came_back: p.bounced_at.map_or_else(String::new, local),
                paid_again_by: again.map(|(j, q)| {
                    format!(
                        "{} on {}",
                        PayoutId::from_index(j as u32),
                        q.settled_at.map_or_else(String::new, local)
                    )
                }),
            })
        })
        .collect();
    let direct_debits = o
        .acquirer()
        .direct_debits()
        .iter()
        .enumerate()
        .map(|(i, d)| DebitRow {
            direct_debit: DirectDebitId::from_index(i as u32).to_string(),
            merchant: o.directory.name(d.merchant),
            amount: d.amount,
            sent: local(d.sent_at),
            state: match d.state {
                DirectDebitState::Sent => "in flight".into(),
                DirectDebitState::Settled => "collected".into(),
                DirectDebitState::Returned(r) => format!("returned {} ({})", r.code, r.description),
            },
        })
        .collect();
    Failures {
        reversals: o.tally.reversals,
        refunds: RefundSummary {
            requested: refunds.len() as u64,
            completed: completed.count() as u64,
            not_enough_failures: o.tally.refunds_failed,
            waiting: refunds.iter().filter(|r| r.state != RefundState::Completed).count() as u64,
            refunded_eur: Money::eur(o.tally.refunded_eur),
            refunded_cny,
        },
        exceptions,
        bounced_payouts,
        direct_debits,
    }
}
