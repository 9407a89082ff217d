//! What an agent sees while it handles one delivery: the clock, the
//! scenario, the queue to send on, the books, and the event log.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ledger::{AccountId, Ledger};
use crate::domain::money::{Currency, Money};
use crate::engine::{Duration, EventQueue, Instant};
use crate::scenario::Scenario;

use super::book::Book;
use super::event::{Event, EventSink, Kind, Party, Val};
use super::message::{Addr, Decline, Msg};

/// The ledger accounts of the corridor, opened once per run.
#[derive(Clone, Debug)]
pub struct Accounts {
    /// Outside money that funded the wallets.
    pub wallet_top_ups: AccountId,
    /// The issuer's liability to consumers (their CNY balances).
    pub wallets: AccountId,
    /// CNY the switch collected and has not converted.
    pub cny_pool: AccountId,
    /// The switch's CNY left after converting: scheme fee and FX result.
    pub switch_result: AccountId,
    /// The FX market's side of the settlement bank's conversions.
    pub fx_market_cny: AccountId,
    pub fx_market_eur: AccountId,
    /// Converted EUR held at the settlement bank, not yet remitted.
    pub eur_pool: AccountId,
    /// Remitted EUR before its value date.
    pub in_transit: AccountId,
    /// Received EUR the acquirer could not reconcile.
    pub unreconciled: AccountId,
    /// Merchants' balances at the acquirer, awaiting payout.
    pub merchant_balances: AccountId,
    /// The acquirer's margin: MDR less the scheme fee.
    pub acquirer_margin: AccountId,
    /// Payouts sent, not yet credited.
    pub payouts_in_flight: AccountId,
    /// Payouts rejected or returned, held for the merchant with a reason.
    pub suspense: AccountId,
    /// What direct debits took from merchants' accounts: out of the corridor.
    pub collected_from_merchants: AccountId,
    /// Credited to merchants' bank accounts: out of the corridor.
    pub paid_to_merchants: AccountId,
}

impl Accounts {
    pub fn open(l: &mut Ledger) -> Accounts {
        use Currency::{CNY, EUR};
        Accounts {
            wallet_top_ups: l.open("outside:wallet_top_ups", CNY),
            wallets: l.open("issuer:wallets", CNY),
            cny_pool: l.open("switch:cny_pool", CNY),
            switch_result: l.open("switch:result", CNY),
            fx_market_cny: l.open("fx_market:cny", CNY),
            fx_market_eur: l.open("fx_market:eur", EUR),
            eur_pool: l.open("settlement_bank:eur_pool", EUR),
            in_transit: l.open("transit:remittances", EUR),
            unreconciled: l.open("acquirer:unreconciled", EUR),
            merchant_balances: l.open("acquirer:merchant_balances", EUR),
            acquirer_margin: l.open("acquirer:margin", EUR),
            payouts_in_flight: l.open("transit:payouts", EUR),
            suspense: l.open("acquirer:suspense", EUR),
            collected_from_merchants: l.open("outside:collected_from_merchants", EUR),
            paid_to_merchants: l.open("outside:paid_to_merchants", EUR),
        }
    }
}

/// One row of the per-day table.
#[derive(Clone, Debug, Default)]
pub struct DayTally {
    pub payments: u64,
    pub declined: u64,
    pub cny_collected: Decimal,
    pub eur_converted: Decimal,
    pub remitted: Decimal,
    pub arrived: Decimal,
    pub paid: Decimal,
    pub refunded_cny: Decimal,
}

/// What the report needs that the books do not keep.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub days: BTreeMap<Date, DayTally>,
    pub declines: BTreeMap<Decline, u64>,
    /// Purchase to merchant credit, one per paid payment, in ms.
    pub to_credit_ms: Vec<i64>,
    pub initiated: u64,
    pub completed: u64,
    pub refunded_eur: Decimal,
    pub refunds_failed: u64,
    /// Refunds planned or failed, not yet paid: the run waits for them.
    pub refunds_pending: u64,
    /// Settled payouts whose pacs.004 return is still on its way.
    pub returns_pending: u64,
    pub reversals: u64,
}

impl Tally {
    pub fn day(&mut self, d: Date) -> &mut DayTally {
        self.days.entry(d).or_default()
    }
}

/// The first broken invariant: the run stops there.
#[derive(Clone, Debug)]
pub struct Violation {
    pub seq: u64,
    /// The kind of the offending event (the last one recorded).
    pub kind: &'static str,
    pub at: Instant,
    pub message: String,
}

/// Emits events in order; numbers them even when nobody listens, so `seq`
/// is the same with the log on or off.
pub struct Log<'s> {
    pub seq: u64,
    pub sink: Option<&'s mut dyn EventSink>,
    pub io_error: Option<std::io::Error>,
    pub violation: Option<Violation>,
    pub last_kind: &'static str,
}

impl Log<'_> {
    pub fn listening(&self) -> bool {
        self.sink.is_some()
    }
}

pub struct Ctx<'a, 's> {
    pub now: Instant,
    pub sc: &'a Scenario,
    pub queue: &'a mut EventQueue<Addr, Msg>,
    pub ledger: &'a mut Ledger,
    pub acc: &'a Accounts,
    pub book: &'a mut Book,
    pub tally: &'a mut Tally,
    pub log: &'a mut Log<'s>,
}

impl Ctx<'_, '_> {
    /// Sends `msg` to `to` after `delay`.
    pub fn send(&mut self, delay: Duration, to: Addr, msg: Msg) {
        self.at(self.now + delay, to, msg);
    }

    /// Delivers `msg` to `to` at `at`.
    pub fn at(&mut self, at: Instant, to: Addr, msg: Msg) {
        if let Err(full) = self.queue.schedule(at, to, msg) {
            self.violate(format!(
                "the event queue reached its limit of {} pending deliveries",
                full.limit
            ));
        }
    }

    /// Records an event; `fields` is only built when someone listens.
    pub fn emit(&mut self, kind: Kind, from: Party, to: Party, fields: impl FnOnce(&Book) -> Vec<(&'static str, Val)>) {
        let seq = self.log.seq;
        self.log.seq += 1;
        self.log.last_kind = kind.name();
        if let Some(sink) = self.log.sink.as_deref_mut() {
            let event = Event {
                at: self.now,
                kind,
                from,
                to,
                fields: fields(self.book),
            };
            if let Err(e) = sink.record(seq, &event) {
                if self.log.io_error.is_none() {
                    self.log.io_error = Some(e);
                }
            }
        }
    }

    /// Moves money on the ledger; a refused posting is a broken invariant.
    pub fn post(&mut self, legs: &[(AccountId, Money)]) {
        match self.ledger.post(legs) {
            Ok(()) => self.ledger.journal(self.now, self.log.seq, legs),
            Err(e) => self.violate(format!("double entry: {e}")),
        }
    }

    pub fn transfer(&mut self, from: AccountId, to: AccountId, amount: Money) {
        self.post(&[(from, -amount), (to, amount)]);
    }

    /// Records the first broken invariant, against the last event emitted.
    pub fn violate(&mut self, message: String) {
        if self.log.violation.is_none() {
            self.log.violation = Some(Violation {
                seq: self.log.seq.saturating_sub(1),
                kind: self.log.last_kind,
                at: self.now,
                message,
            });
        }
    }
}
