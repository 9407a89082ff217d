//! What an agent is handed while it handles one delivery: the clock, the
//! scenario, the merchants' directory, a way to send typed messages, the
//! ledger to post on, the run's statistics to add to, and the event log.
//! It holds no agent's records: each agent keeps its own and learns of
//! another's changes only through messages.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ledger::{AccountId, Ledger};
use crate::domain::money::{Currency, Money};
use crate::engine::{Duration, EventQueue, Instant};
use crate::messages::mail::Decline;
use crate::messages::{Body, Directory, Envelope, Event, EventSink, Kind, Party, Why};
use crate::scenario::Scenario;

/// The ledger accounts of the corridor, opened once per run. Each is named
/// `owner:what` on the ledger; only its owner posts to it.
#[derive(Clone, Debug)]
pub struct Accounts {
    /// Outside money that funded the wallets (CNY).
    pub wallet_top_ups: AccountId,
    /// The issuer's liability to consumers: their CNY balances.
    pub wallets: AccountId,
    /// CNY the switch collected and has not converted.
    pub cny_pool: AccountId,
    /// The switch's CNY left after converting: scheme fee and FX result.
    pub switch_result: AccountId,
    /// The FX market's side of the settlement bank's conversions, in CNY:
    /// the CNY the bank sold. Out of the corridor.
    pub fx_market_cny: AccountId,
    /// The FX market's side in EUR: the EUR the bank bought for the pool
    /// (a negative balance). Out of the corridor.
    pub fx_market_eur: AccountId,
    /// Converted EUR held at the settlement bank, not yet remitted.
    pub eur_pool: AccountId,
    /// Remitted EUR before its value date.
    pub in_transit: AccountId,
    /// Received EUR the acquirer could not reconcile yet.
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
    /// Opens the corridor's accounts on an empty ledger, in a fixed order
    /// (the explorer's money panel reads them by id).
    pub fn open(l: &mut Ledger) -> Accounts {
        use Currency::{CNY, EUR};
        Accounts {
            wallet_top_ups: l.open("outside:wallet_top_ups", CNY),
            wallets: l.open_holding("issuer:wallets", CNY),
            cny_pool: l.open_holding("switch:cny_pool", CNY),
            switch_result: l.open("switch:result", CNY),
            fx_market_cny: l.open("fx_market:cny", CNY),
            fx_market_eur: l.open("fx_market:eur", EUR),
            eur_pool: l.open_holding("settlement_bank:eur_pool", EUR),
            in_transit: l.open_holding("transit:remittances", EUR),
            unreconciled: l.open_holding("acquirer:unreconciled", EUR),
            merchant_balances: l.open("acquirer:merchant_balances", EUR),
            acquirer_margin: l.open("acquirer:margin", EUR),
            payouts_in_flight: l.open_holding("transit:payouts", EUR),
            suspense: l.open_holding("acquirer:suspense", EUR),
            collected_from_merchants: l.open("outside:collected_from_merchants", EUR),
            paid_to_merchants: l.open("outside:paid_to_merchants", EUR),
        }
    }
}

/// One row of the report's per-day table (Beijing dates, except `arrived`
/// and `paid`, which are the acquirer's dates). Amounts: `cny_collected` and
/// `refunded_cny` in CNY, the others in EUR.
#[derive(Clone, Debug, Default)]
pub struct DayTally {
    /// Payments completed, on their clearing day (added by the switch).
    pub payments: u64,
    /// Payments declined, on the Beijing date of the decline: the issuer's
    /// answer, or the switch's own refusal (added by the switch).
    pub declined: u64,
    /// CNY of completed payments, on their clearing day (the switch).
    pub cny_collected: Decimal,
    /// EUR the settlement bank bought, on the Beijing date of the
    /// conversion.
    pub eur_converted: Decimal,
    /// EUR the settlement bank sent, on the Beijing date it left (less any
    /// `remittance_short`).
    pub remitted: Decimal,
    /// EUR of remittances credited to the acquirer, on the value date (the
    /// acquirer's date).
    pub arrived: Decimal,
    /// EUR of payouts credited to merchants, on the acquirer's date of the
    /// credit (returned ones included).
    pub paid: Decimal,
    /// EUR of credited payouts the merchant's bank sent back (pacs.004), on
    /// the acquirer's date of the return: `paid` less `returned` is what
    /// stayed with merchants.
    pub returned: Decimal,
    /// CNY of refunds paid back to wallets, on the clearing day they were
    /// paid from (the switch).
    pub refunded_cny: Decimal,
}

/// The run's statistics for reports: agents add to them and never read
/// them, so no decision depends on them.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// The per-day table, by date (see [`DayTally`] for whose date each
    /// column uses).
    pub days: BTreeMap<Date, DayTally>,
    /// Declined payments per decline reason (the switch adds them).
    pub declines: BTreeMap<Decline, u64>,
    /// Purchase to merchant credit, one per paid payment, in ms (exact,
    /// in a byte or two each).
    pub to_credit_ms: super::credit_times::CreditTimes,
    /// Payments the cardholders initiated (`payment_initiated`), whatever
    /// became of them.
    pub initiated: u64,
    /// Payments the issuer approved in time (`payment_completed`).
    pub completed: u64,
    /// EUR of refunds paid.
    pub refunded_eur: Decimal,
    /// NOT_ENOUGH failures (a refund tried three times counts three).
    pub refunds_failed: u64,
    /// Wallet debits the issuer reversed because the switch gave up waiting
    /// (added by the issuer).
    pub reversals: u64,
    /// The most EUR the settlement bank's pool held at once (after a
    /// conversion, before remitting), as an amount in EUR.
    pub eur_pool_peak: Decimal,
}

impl Tally {
    /// The row of day `d`, created empty.
    pub fn day(&mut self, d: Date) -> &mut DayTally {
        self.days.entry(d).or_default()
    }
}

/// The first broken invariant: the run stops there.
#[derive(Clone, Debug)]
pub struct Violation {
    /// The offending event's `seq`.
    pub seq: u64,
    /// The offending event's kind (or `end of run`).
    pub kind: &'static str,
    /// The simulated instant of the delivery in which it broke (UTC).
    pub at: Instant,
    /// What broke, named first (`double entry: …`, `calendars: …`,
    /// `nothing lost: …`).
    pub message: String,
}

/// Emits events in order; numbers them even when nobody listens, so `seq`
/// is the same with the log on or off.
pub struct Log<'s> {
    /// The `seq` the next event gets: 0, 1, 2, … in the order applied.
    pub seq: u64,
    /// Where events go (the JSON Lines writer, the explorer); None when
    /// nobody listens.
    pub sink: Option<&'s mut dyn EventSink>,
    /// The sink's first error: the run stops.
    pub io_error: Option<std::io::Error>,
    /// The first broken invariant: the world stops the run once it is set.
    pub violation: Option<Violation>,
    /// The kind of the last event emitted (`start` before any), which a
    /// violation is reported against.
    pub last_kind: &'static str,
    /// The first event of the delivery being handled: its `seq` (the next
    /// `seq` when the delivery began) and, once emitted, its kind. A broken
    /// invariant found when the delivery ends is the work of this event.
    pub delivery: (u64, Option<&'static str>),
    /// Accounts that hold money and went below zero during this delivery,
    /// checked again when the delivery ends.
    pub overdrawn: Vec<AccountId>,
}

impl Log<'_> {
    /// A log that starts numbering at 0 and writes to `sink` if given.
    pub fn new(sink: Option<&mut dyn EventSink>) -> Log<'_> {
        Log {
            seq: 0,
            sink,
            io_error: None,
            violation: None,
            last_kind: "start",
            delivery: (0, None),
            overdrawn: Vec::new(),
        }
    }

    /// A delivery begins: its first event will be the next one.
    pub fn begin_delivery(&mut self) {
        self.delivery = (self.seq, None);
    }

    /// A delivery ended: an account that holds money and is still below
    /// zero breaks the books' invariant, charged to the delivery's first
    /// event (the decision that moved the money), or to the last event if
    /// the delivery emitted none.
    pub fn end_delivery(&mut self, ledger: &Ledger, at: Instant) {
        if self.overdrawn.is_empty() {
            return;
        }
        let still = self.overdrawn.drain(..).find(|id| ledger.balance(*id).is_negative());
        let Some(id) = still else {
            return;
        };
        if self.violation.is_some() {
            return;
        }
        let balance = ledger.balance(id);
        let (seq, kind) = match self.delivery {
            (seq, Some(kind)) => (seq, kind),
            _ => (self.seq.saturating_sub(1), self.last_kind),
        };
        self.violation = Some(Violation {
            seq,
            kind,
            at,
            message: format!("no overdraft: {} is {balance}", ledger.name(id)),
        });
    }
}

/// The queue of deliveries: every message is an [`Envelope`] addressed by its
/// type.
pub type Queue = EventQueue<(), Envelope>;

/// An agent's view of the world while it handles one delivery.
pub struct Ctx<'a, 's> {
    /// The simulated instant of this delivery (UTC, ms).
    pub now: Instant,
    /// The validated scenario: parameters, calendars, FX path, faults.
    pub sc: &'a Scenario,
    /// The merchants' directory: ids (`GROUP/N`), groups, tiers, time zones.
    pub merchants: &'a Directory,
    /// Deliveries to come; schedule through [`Ctx::send`] or [`Ctx::at`],
    /// which turn a full queue into a broken invariant.
    pub queue: &'a mut Queue,
    /// The double-entry ledger: read balances here, move money through
    /// [`Ctx::post`] or [`Ctx::transfer`].
    pub ledger: &'a mut Ledger,
    /// The corridor's ledger accounts, opened once per run.
    pub acc: &'a Accounts,
    /// The run's statistics, only ever added to.
    pub tally: &'a mut Tally,
    /// The event log and the run's first broken invariant.
    pub log: &'a mut Log<'s>,
}

impl Ctx<'_, '_> {
    /// Sends `msg` to the agent its type addresses, after `delay`.
    pub fn send(&mut self, delay: Duration, msg: impl Into<Envelope>) {
        self.at(self.now + delay, msg);
    }

    /// A place in the order of deliveries, for a timer set later with
    /// [`Ctx::at_reserved`].
    pub fn reserve(&mut self) -> crate::engine::Ticket {
        self.queue.reserve()
    }

    /// Delivers `msg` at `at` in the place `ticket` reserved, as if it had
    /// been scheduled when the ticket was taken; a full queue is a broken
    /// invariant.
    pub fn at_reserved(&mut self, at: Instant, ticket: crate::engine::Ticket, msg: impl Into<Envelope>) {
        if let Err(full) = self.queue.schedule_reserved(at, ticket, (), msg.into()) {
            self.violate(format!(
                "the event queue reached its limit of {} pending deliveries",
                full.limit
            ));
        }
    }

    /// Delivers `msg` at `at`; a full queue is a broken invariant.
    pub fn at(&mut self, at: Instant, msg: impl Into<Envelope>) {
        if let Err(full) = self.queue.schedule(at, (), msg.into()) {
            self.violate(format!(
                "the event queue reached its limit of {} pending deliveries",
                full.limit
            ));
        }
    }

    /// Records an event.
    pub fn emit(&mut self, from: Party, to: Party, body: Body) {
        self.record(from, to, body, None::<fn() -> Why>);
    }

    /// Records an event with the reason the agent decided its timing; the
    /// reason is only built when someone listens.
    pub fn emit_because(&mut self, from: Party, to: Party, body: Body, why: impl FnOnce() -> Why) {
        self.record(from, to, body, Some(why));
    }

    /// Records an event with a reason the agent has only sometimes (a
    /// refund that was retried, a remittance that was held).
    pub fn emit_if_because(&mut self, from: Party, to: Party, body: Body, why: Option<Why>) {
        self.record(from, to, body, why.map(|w| move || w));
    }

    fn record(&mut self, from: Party, to: Party, body: Body, why: Option<impl FnOnce() -> Why>) {
        let seq = self.log.seq;
        self.log.seq += 1;
        let kind: Kind = body.kind();
        self.log.last_kind = kind.name();
        if seq == self.log.delivery.0 {
            self.log.delivery.1 = Some(kind.name());
        }
        if let Some(sink) = self.log.sink.as_deref_mut() {
            let event = Event {
                at: self.now,
                from,
                to,
                body,
                why: why.map(|w| Box::new(w())),
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
            Ok(()) => {
                self.ledger.journal(self.now, self.log.seq, legs);
                if let Some((id, _)) = self.ledger.overdrawn(legs) {
                    if !self.log.overdrawn.contains(&id) {
                        self.log.overdrawn.push(id);
                    }
                }
            }
            Err(e) => self.violate(format!("double entry: {e}")),
        }
    }

    /// Moves `amount` from one account to another.
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn an_overdrawn_pool_is_charged_to_the_deliverys_first_event() {
        let mut ledger = Ledger::new();
        let outside = ledger.open("outside", Currency::EUR);
        let pool = ledger.open_holding("settlement_bank:eur_pool", Currency::EUR);
        let ten = Money::eur(Decimal::TEN);
        ledger.transfer(pool, outside, ten).unwrap();
        let mut log = Log::new(None);
        log.seq = 7;
        log.begin_delivery();
        log.delivery.1 = Some("fx_converted");
        log.seq = 9;
        log.last_kind = "remittance_held";
        log.overdrawn.push(pool);
        log.end_delivery(&ledger, Instant(0));
        let v = log.violation.expect("overdraft found");
        assert_eq!((v.seq, v.kind), (7, "fx_converted"));
        assert_eq!(v.message, "no overdraft: settlement_bank:eur_pool is -10.00 EUR");
    }

    #[test]
    fn a_pool_overdrawn_for_an_instant_within_a_delivery_is_not_a_violation() {
        let mut ledger = Ledger::new();
        let pool = ledger.open_holding("switch:cny_pool", Currency::CNY);
        let mut log = Log::new(None);
        log.begin_delivery();
        log.overdrawn.push(pool);
        log.end_delivery(&ledger, Instant(0));
        assert!(log.violation.is_none());
        assert!(log.overdrawn.is_empty());
    }
}
