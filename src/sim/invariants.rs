//! The spec's invariants, checked at the end of every run (double entry and
//! the calendars are also checked where money moves, by the ledger and the
//! agents). A broken invariant is a bug: the run reports it with exit 1.

use std::collections::BTreeMap;

use crate::domain::money::{Currency, Money};

use super::book::{BatchState, PaymentState, batch_id, payment_id};
use super::world::Outcome;

/// Where the merchants' money (the EUR of completed payments) is.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Places {
    pub awaiting_clearing: Money,
    pub awaiting_conversion: Money,
    pub in_eur_pool: Money,
    pub remitting: Money,
    pub in_transit: Money,
    pub unreconciled: Money,
    pub awaiting_payout: Money,
    pub payouts_in_flight: Money,
    pub paid_to_merchants: Money,
    pub scheme_fees: Money,
    pub acquirer_margin: Money,
}

impl Places {
    pub fn rows(&self) -> Vec<(&'static str, Money)> {
        vec![
            ("awaiting clearing (switch, clearing day open)", self.awaiting_clearing),
            ("awaiting conversion (switch, as CNY)", self.awaiting_conversion),
            ("in the EUR pool (settlement bank)", self.in_eur_pool),
            ("remittance awaiting approval or send", self.remitting),
            ("in transit to the acquirer", self.in_transit),
            ("unreconciled at the acquirer", self.unreconciled),
            ("at the acquirer awaiting payout", self.awaiting_payout),
            ("payouts in flight", self.payouts_in_flight),
            ("paid to merchants", self.paid_to_merchants),
            ("scheme fees (switch)", self.scheme_fees),
            ("MDR margin (acquirer)", self.acquirer_margin),
        ]
    }

    pub fn total(&self) -> Money {
        self.rows()
            .into_iter()
            .fold(Money::zero(Currency::EUR), |s, (_, m)| s + m)
    }
}

/// Places computed from the book (batch states and claims), to compare
/// with the ledger's balances.
pub fn places(o: &Outcome) -> Places {
    let zero = Money::zero(Currency::EUR);
    let mut by_state: BTreeMap<u8, Money> = BTreeMap::new();
    let mut fees = zero;
    for b in o.book.batches.values() {
        let k = b.state as u8;
        *by_state.entry(k).or_insert(zero) += b.net;
        fees += b.fees;
    }
    let get = |s: BatchState| by_state.get(&(s as u8)).copied().unwrap_or(zero);
    let bal = |id| o.ledger.balance(id);
    Places {
        awaiting_clearing: o.awaiting_clearing,
        awaiting_conversion: get(BatchState::AwaitingConversion),
        in_eur_pool: get(BatchState::InPool),
        remitting: get(BatchState::Remitting),
        in_transit: get(BatchState::InTransit),
        unreconciled: get(BatchState::Unreconciled),
        awaiting_payout: o.awaiting_payout,
        payouts_in_flight: bal(o.accounts.payouts_in_flight),
        paid_to_merchants: bal(o.accounts.paid_to_merchants),
        scheme_fees: fees,
        acquirer_margin: bal(o.accounts.acquirer_margin),
    }
}

/// Nothing lost, every batch remitted at most once and each payment cleared
/// once, books and book agreeing.
pub fn check_end(o: &Outcome) -> Result<(), String> {
    for (c, sum) in o.ledger.totals() {
        if !sum.is_zero() {
            return Err(format!("double entry: the {c} accounts sum to {sum}, not zero"));
        }
    }
    let completed = o.book.payments.iter().filter(|p| p.state == PaymentState::Completed);
    let gross = completed.fold(Money::zero(Currency::EUR), |s, p| s + Money::eur(p.eur));
    let places = places(o);
    if places.total() != gross {
        return Err(format!(
            "nothing lost: completed payments are worth {gross} but the places hold {}",
            places.total()
        ));
    }
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
    let a = &o.accounts;
    // Converted EUR stays in the pool while its remittance is approved.
    let converted = o
        .book
        .batches
        .values()
        .filter(|b| b.state == BatchState::InPool || (b.state == BatchState::Remitting && b.sold.is_some()));
    let pool = converted.fold(Money::zero(Currency::EUR), |s, b| s + b.net);
    let checks = [
        ("EUR pool", o.ledger.balance(a.eur_pool), pool),
        ("in transit", o.ledger.balance(a.in_transit), places.in_transit),
        (
            "merchant balances",
            o.ledger.balance(a.merchant_balances),
            places.awaiting_payout,
        ),
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
