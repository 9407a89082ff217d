//! The spec's invariants, checked at the end of every run (double entry and
//! the calendars are also checked where money moves, by the ledger and the
//! agents). They hold the agents' records against each other and against
//! the ledger, reading them through the agents' views. A broken invariant is
//! a bug: the run reports it with exit 1.

use std::collections::BTreeMap;

use crate::agents::settlement_bank::{BatchState, RemittanceState};
use crate::domain::ids::{BatchId, RemittanceId};
use crate::domain::money::{Currency, Money};

use super::outcome::Outcome;

/// Where the merchants' money (the EUR of completed payments, less refunds)
/// is: each euro in exactly one place.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Places {
    /// Completed payments less refunds of clearing days the switch has not
    /// closed yet.
    pub awaiting_clearing: Money,
    /// The net of closed statements whose CNY the settlement bank has not
    /// converted yet (still CNY in the switch's pool).
    pub awaiting_conversion: Money,
    /// Converted EUR at the settlement bank, not yet remitted (a
    /// `remittance_short` shortfall the bank still owes included).
    pub in_eur_pool: Money,
    /// Negative statements the settlement bank carries against its next
    /// purchase (zero or negative): what merchants' refunds overdrew.
    pub carried_negative_statements: Money,
    /// Remitted EUR before its value date.
    pub in_transit: Money,
    /// EUR the acquirer received that explains no whole batch yet (an open
    /// reconciliation exception).
    pub unreconciled: Money,
    /// Merchants' positive balances at the acquirer, after the MDR.
    pub awaiting_payout: Money,
    /// Merchants' negative balances (refunds above takings), as a negative
    /// amount.
    pub owed_by_merchants: Money,
    /// Rejected or returned payouts held for merchants, by ISO reason code
    /// (`AC04`, `RR04`, …).
    pub in_suspense: BTreeMap<&'static str, Money>,
    /// Payouts sent, not yet credited.
    pub payouts_in_flight: Money,
    /// Payouts credited to merchants' accounts, less those returned.
    pub paid_to_merchants: Money,
    /// Collected back from merchants by SEPA direct debit, less returned
    /// debits, as a negative amount.
    pub collected_by_direct_debit: Money,
    /// The switch's scheme fee on every closed statement.
    pub scheme_fees: Money,
    /// The acquirer's MDR less the scheme fee, on every batch it credited.
    pub acquirer_margin: Money,
}

impl Places {
    /// The places as the report lists them, with their labels.
    pub fn rows(&self) -> Vec<(String, Money)> {
        let mut rows: Vec<(String, Money)> = vec![
            (
                "awaiting clearing (switch, clearing day open)".into(),
                self.awaiting_clearing,
            ),
            ("awaiting conversion (switch, as CNY)".into(), self.awaiting_conversion),
            ("in the EUR pool (settlement bank)".into(), self.in_eur_pool),
        ];
        // Listed only when there is one: most runs never net below zero.
        if !self.carried_negative_statements.is_zero() {
            rows.push((
                "owed by merchants: negative statements carried".into(),
                self.carried_negative_statements,
            ));
        }
        rows.extend([
            ("in transit to the acquirer".into(), self.in_transit),
            ("unreconciled at the acquirer (exception)".into(), self.unreconciled),
            ("at the acquirer awaiting payout".into(), self.awaiting_payout),
            ("owed by merchants (negative balances)".into(), self.owed_by_merchants),
        ]);
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

    /// The sum of every place (EUR).
    pub fn total(&self) -> Money {
        self.rows()
            .into_iter()
            .fold(Money::zero(Currency::EUR), |s, (_, m)| s + m)
    }
}

/// What came in for merchants: EUR of completed payments, and EUR of
/// refunds paid.
pub fn merchants_due(o: &Outcome) -> (Money, Money) {
    (o.switch().totals().completed_eur, Money::eur(o.tally.refunded_eur))
}

/// Where the merchants' money is at the end of the run.
pub fn places(o: &Outcome) -> Places {
    let zero = Money::zero(Currency::EUR);
    let mut unconverted = zero;
    let mut fees = zero;
    let bank = o.bank().batches();
    for (day, b) in o.switch().batches() {
        if bank.get(day).is_none_or(|pb| pb.sold.is_none()) {
            unconverted += b.net;
        }
        fees += b.fees;
    }
    let bal = |id| o.ledger.balance(id);
    let a = &o.accounts;
    Places {
        awaiting_clearing: o.awaiting_clearing(),
        awaiting_conversion: unconverted,
        in_eur_pool: bal(a.eur_pool),
        carried_negative_statements: o.bank().carried(),
        in_transit: bal(a.in_transit),
        unreconciled: bal(a.unreconciled),
        awaiting_payout: o.awaiting_payout(),
        owed_by_merchants: o.owed_by_merchants(),
        in_suspense: o.suspense(),
        payouts_in_flight: bal(a.payouts_in_flight),
        paid_to_merchants: bal(a.paid_to_merchants),
        collected_by_direct_debit: bal(a.collected_from_merchants),
        scheme_fees: fees,
        acquirer_margin: bal(a.acquirer_margin),
    }
}

/// Nothing lost, every batch remitted at most once and each payment cleared
/// once, no payment paid out twice, the ledger and the agents' records
/// agreeing. The error names what broke.
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
    if let Some((id, cny)) = o.switch().totals().completed_without_cny {
        return Err(format!("payment {id} completed for {} CNY", cny.amount()));
    }
    check_batches(o)?;
    let a = &o.accounts;
    let suspense = o.suspense().values().fold(Money::zero(Currency::EUR), |s, m| s + *m);
    let in_transit = o
        .bank()
        .remittances()
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            r.state == RemittanceState::Sent && !o.acquirer().has_received(RemittanceId::from_index(*i as u32))
        })
        .fold(Money::zero(Currency::EUR), |s, (_, r)| s + r.amount - r.short);
    let checks = [
        ("in transit", o.ledger.balance(a.in_transit), in_transit),
        (
            "merchant balances",
            o.ledger.balance(a.merchant_balances),
            o.awaiting_payout() + o.owed_by_merchants(),
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
    for (day, b) in o.bank().batches() {
        if b.remitted_times > 1 {
            return Err(format!(
                "batch {} was remitted {} times",
                BatchId(*day),
                b.remitted_times
            ));
        }
        let remitted = b.state == BatchState::Sent;
        if remitted != (b.remitted_times == 1) {
            return Err(format!(
                "batch {} is {:?} but was remitted {} times",
                BatchId(*day),
                b.state,
                b.remitted_times
            ));
        }
    }
    // No payment cleared twice: the switch checks it as each day closes.
    Ok(())
}
