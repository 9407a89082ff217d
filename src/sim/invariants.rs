//! The spec's invariants, checked at the end of every run (double entry and
//! the calendars are also checked where money moves, by the ledger and the
//! agents). A broken invariant is a bug: the run reports it with exit 1.

use std::collections::BTreeMap;

use crate::domain::money::{Currency, Money};

use super::book::{BatchState, PaymentState, PayoutOutcome, RemittanceState, batch_id, payment_id, payout_id};
use super::world::Outcome;

/// Where the merchants' money (the EUR of completed payments, less refunds)
/// is: each euro in exactly one place.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Places {
    pub awaiting_clearing: Money,
    pub awaiting_conversion: Money,
    pub in_eur_pool: Money,
    pub in_transit: Money,
    pub unreconciled: Money,
    pub awaiting_payout: Money,
    pub owed_by_merchants: Money,
    pub in_suspense: BTreeMap<&'static str, Money>,
    pub payouts_in_flight: Money,
    pub paid_to_merchants: Money,
    pub collected_by_direct_debit: Money,
    pub scheme_fees: Money,
    pub acquirer_margin: Money,
}

impl Places {
    pub fn rows(&self) -> Vec<(String, Money)> {
        let mut rows: Vec<(String, Money)> = vec![
            (
                "awaiting clearing (switch, clearing day open)".into(),
                self.awaiting_clearing,
            ),
            ("awaiting conversion (switch, as CNY)".into(), self.awaiting_conversion),
            ("in the EUR pool (settlement bank)".into(), self.in_eur_pool),
            ("in transit to the acquirer".into(), self.in_transit),
            ("unreconciled at the acquirer (exception)".into(), self.unreconciled),
            ("at the acquirer awaiting payout".into(), self.awaiting_payout),
            ("owed by merchants (negative balances)".into(), self.owed_by_merchants),
        ];
        for (reason, m) in &self.in_suspense {
            rows.push((format!("in suspense: {reason}"), *m));
        }
        rows.extend([
            ("payouts in flight".into(), self.payouts_in_flight),
            ("paid to merchants".into(), self.paid_to_merchants),
            (
                "less: collected back by direct debit".into(),
                self.collected_by_direct_debit,
            ),
            ("scheme fees (switch)".into(), self.scheme_fees),
            ("MDR margin (acquirer)".into(), self.acquirer_margin),
        ]);
        rows
    }

    pub fn total(&self) -> Money {
        self.rows()
            .into_iter()
            .fold(Money::zero(Currency::EUR), |s, (_, m)| s + m)
    }
}

/// What came in for merchants: completed payments less refunds paid.
pub fn merchants_due(o: &Outcome) -> (Money, Money) {
    let completed = o.book.payments.iter().filter(|p| p.state == PaymentState::Completed);
    let gross = completed.fold(Money::zero(Currency::EUR), |s, p| s + Money::eur(p.eur));
    (gross, Money::eur(o.tally.refunded_eur))
}

pub fn places(o: &Outcome) -> Places {
    let zero = Money::zero(Currency::EUR);
    let mut unconverted = zero;
    let mut fees = zero;
    for b in o.book.batches.values() {
        if b.sold.is_none() && matches!(b.state, BatchState::AwaitingConversion | BatchState::Remitting) {
            unconverted += b.net;
        }
        fees += b.fees;
    }
    let bal = |id| o.ledger.balance(id);
    let a = &o.accounts;
    Places {
        awaiting_clearing: o.awaiting_clearing,
        awaiting_conversion: unconverted,
        in_eur_pool: bal(a.eur_pool),
        in_transit: bal(a.in_transit),
        unreconciled: bal(a.unreconciled),
        awaiting_payout: o.awaiting_payout,
        owed_by_merchants: o.owed_by_merchants,
        in_suspense: o.suspense.clone(),
        payouts_in_flight: bal(a.payouts_in_flight),
        paid_to_merchants: bal(a.paid_to_merchants),
        collected_by_direct_debit: bal(a.collected_from_merchants),
        scheme_fees: fees,
        acquirer_margin: bal(a.acquirer_margin),
    }
}

/// Nothing lost, every batch remitted at most once and each payment cleared
/// once, no payment paid out twice, books and book agreeing.
pub fn check_end(o: &Outcome) -> Result<(), String> {
    for (c, sum) in o.ledger.totals() {
        if !sum.is_zero() {
            return Err(format!("double entry: the {c} accounts sum to {sum}, not zero"));
        }
    }
    let (gross, refunded) = merchants_due(o);
    let places = places(o);
    if places.total() != gross - refunded {
        return Err(format!(
            "nothing lost: completed payments less refunds are worth {} but the places hold {}",
            gross - refunded,
            places.total()
        ));
    }
    if let Some(p) = o
        .book
        .payments
        .iter()
        .position(|p| p.state == PaymentState::Completed && p.cny <= rust_decimal::Decimal::ZERO)
    {
        return Err(format!(
            "payment {} completed for {} CNY",
            payment_id(p as u32),
            o.book.payments[p].cny
        ));
    }
    check_batches(o)?;
    check_payouts(o)?;
    let a = &o.accounts;
    let suspense = o.suspense.values().fold(Money::zero(Currency::EUR), |s, m| s + *m);
    let in_transit = o
        .book
        .remittances
        .iter()
        .filter(|r| r.state == RemittanceState::Sent)
        .fold(Money::zero(Currency::EUR), |s, r| s + r.amount - r.short);
    let checks = [
        ("in transit", o.ledger.balance(a.in_transit), in_transit),
        (
            "merchant balances",
            o.ledger.balance(a.merchant_balances),
            o.awaiting_payout + o.owed_by_merchants,
        ),
        ("suspense", o.ledger.balance(a.suspense), suspense),
    ];
    for (what, ledger, book) in checks {
        if ledger != book {
            return Err(format!(
                "nothing lost: the ledger's {what} holds {ledger} but the book says {book}"
            ));
        }
    }
    Ok(())
}

fn check_batches(o: &Outcome) -> Result<(), String> {
    let mut seen = vec![false; o.book.payments.len()];
    for b in o.book.batches.values() {
        if b.remitted_times > 1 {
            return Err(format!(
                "batch {} was remitted {} times",
                batch_id(b.day),
                b.remitted_times
            ));
        }
        let remitted = matches!(
            b.state,
            BatchState::InTransit | BatchState::Received | BatchState::Unreconciled
        );
        if remitted != (b.remitted_times == 1) {
            return Err(format!(
                "batch {} is {:?} but was remitted {} times",
                batch_id(b.day),
                b.state,
                b.remitted_times
            ));
        }
        for line in b.lines.values() {
            for &p in &line.payments {
                if std::mem::replace(&mut seen[p as usize], true) {
                    return Err(format!("payment {} was cleared twice", payment_id(p)));
                }
            }
        }
    }
    Ok(())
}

/// No payment's money reaches its merchant twice: each payment is in at
/// most one payout that settled and stayed settled.
fn check_payouts(o: &Outcome) -> Result<(), String> {
    let mut paid_by: Vec<Option<u32>> = vec![None; o.book.payments.len()];
    for (i, po) in o.book.payouts.iter().enumerate() {
        if po.outcome != PayoutOutcome::Settled {
            continue;
        }
        for &p in &po.payments {
            if let Some(first) = paid_by[p as usize].replace(i as u32) {
                return Err(format!(
                    "payment {} was paid out twice ({} and {})",
                    payment_id(p),
                    payout_id(first),
                    payout_id(i as u32)
                ));
            }
        }
    }
    Ok(())
}
