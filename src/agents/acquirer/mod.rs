//! The acquirer: the European institution that really acquires. It owns the
//! merchants' accounts, payouts, direct debits and reconciliation
//! exceptions. It checks merchants (KYC/AML) and registers them with the
//! switch, reconciles each remittance against the statements it covers
//! (`reconciliation`), pays merchants their balance less the merchant
//! discount rate and handles rejected and returned payouts (`payouts`), and
//! collects negative balances by SEPA direct debit (`collections`).

mod bookings;
mod collections;
mod payouts;
mod reconciliation;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::calendar::CalendarError;
use crate::domain::ids::{MerchantId, PayoutId, RemittanceId};
use crate::domain::money::{Currency, Money};
use crate::domain::reason::{Reason, needs_compliance_review};
use crate::domain::rules::{SCT_INST_MAXIMUM, Unsourced};
use crate::engine::{Duration, Stream};
use crate::messages::mail::{AcquirerMsg, CardholdersMsg, SwitchMsg};
use crate::messages::statement::{Cleared, ClearedList, Statement};
use crate::messages::{Body, Envelope, Party};
use crate::scenario::Scenario;
use crate::scenario::model::Kyc;

use super::Retention;
use super::ctx::Ctx;
use super::merchants::APPLIES_AT;

pub use bookings::{Booking, Entry, mdr_on};
pub use collections::{DirectDebit, DirectDebitState};
pub use payouts::{Payout, PayoutOutcome, last_scheduled, payout_scheme};
pub use reconciliation::Exception;

/// Money in suspense for one reason: kept apart per reason, so that RR04
/// money never leaves with money whose account was merely fixed.
#[derive(Clone, Debug)]
struct Held {
    reason: Reason,
    amount: Decimal,
    payments: Vec<Cleared>,
}

/// What the acquirer holds for one merchant.
#[derive(Clone, Debug, Default)]
struct Account {
    /// Awaiting payout; negative when the merchant owes (refunds exceeded
    /// its takings).
    balance: Decimal,
    /// Payments whose money is in the balance, for time-to-credit.
    payments: ClearedList,
    /// Whether some of `payments` came back from a rejected or returned
    /// payout.
    repays: bool,
    /// The acquirer date the balance became positive, and the last payout
    /// date of the tier already used: money waits for a payout date after
    /// it arrived.
    waiting_since: Option<Date>,
    last_due: Option<Date>,
    /// Pay at the next run whatever the schedule (money back from suspense).
    pay_now: bool,
    /// Payouts sent so far: the lane of the merchant's payout stream.
    payouts: u32,
    /// Money back from a rejected or returned payout, with its reason.
    held: Vec<Held>,
    /// Payouts wait while the merchant's account details are wrong (the
    /// merchant fixes them when its fault window ends).
    blocked_until: Option<Date>,
    /// A direct debit in flight, and collections held after a return.
    collecting: Option<crate::domain::ids::DirectDebitId>,
    debit_blocked_until: Option<Date>,
}

/// The acquirer and its records.
pub struct Acquirer {
    accounts: Vec<Account>,
    /// Merchants with a balance or suspense to act on, in id order.
    attention: BTreeSet<MerchantId>,
    /// Statements received with a remittance, by clearing day.
    received: BTreeMap<Date, Arc<Statement>>,
    /// Remittances received.
    remittances: BTreeSet<RemittanceId>,
    /// Received batches whose money has not been explained yet, oldest first.
    unexplained: VecDeque<Date>,
    /// Open reconciliation exceptions.
    open_exceptions: Vec<crate::domain::ids::ExceptionId>,
    exceptions: Vec<Exception>,
    payouts: Vec<Payout>,
    /// The payments of payouts in flight, packed, under
    /// [`Retention::InFlight`] (their `payments` is empty meanwhile).
    in_flight: BTreeMap<PayoutId, ClearedList>,
    direct_debits: Vec<DirectDebit>,
    /// Every change to a merchant's balance or suspense, in booking order
    /// (none under [`Retention::InFlight`]).
    bookings: Vec<Booking>,
    /// Settled payouts whose pacs.004 return is still on its way.
    returns_pending: u64,
    seed: u64,
    /// Whether received statements keep their per-payment lists once
    /// credited, and payouts theirs once settled for good.
    retention: Retention,
    /// Payments a payout that stays settled carried: no payment is paid
    /// out twice.
    paid_out: crate::domain::ids::PaymentSet,
}

/// Delivers `msg` at the acquirer's value time on `day`, the business day a
/// calendar search found; a search that failed is a broken invariant.
fn on_value_date(cx: &mut Ctx, day: Result<Date, CalendarError>, msg: impl Into<Envelope>) {
    match day {
        Ok(d) => {
            let at = cx.sc.acquirer.zone.at(d, cx.sc.acquirer.value_time);
            cx.at(at, msg);
        }
        Err(e) => cx.violate(e.to_string()),
    }
}

/// The SCT Inst scheme's maximum amount on `on`, from the dated table
/// [`SCT_INST_MAXIMUM`]: EUR 15,000 from the launch (21 November 2017),
/// EUR 100,000 from 1 July 2020, none from 5 October 2025 (the 2025
/// rulebook, under the Instant Payments Regulation). None: no scheme
/// maximum; an error for a date the table does not cover.
pub fn inst_cap(on: Date) -> Result<Option<Money>, Unsourced> {
    Ok(SCT_INST_MAXIMUM.on(on)?.map(|eur| Money::eur(Decimal::from(eur))))
}

impl Acquirer {
    /// An acquirer with an empty account for each of `merchants`, keeping
    /// the statements' per-payment lists once credited as `retention` says.
    pub fn new(sc: &Scenario, merchants: usize, retention: Retention) -> Acquirer {
        Acquirer {
            accounts: vec![Account::default(); merchants],
            attention: BTreeSet::new(),
            received: BTreeMap::new(),
            remittances: BTreeSet::new(),
            unexplained: VecDeque::new(),
            open_exceptions: Vec::new(),
            exceptions: Vec::new(),
            payouts: Vec::new(),
            in_flight: BTreeMap::new(),
            direct_debits: Vec::new(),
            bookings: Vec::new(),
            returns_pending: 0,
            seed: sc.seed,
            retention,
            paid_out: crate::domain::ids::PaymentSet::default(),
        }
    }

    /// Payouts, by id.
    pub fn payouts(&self) -> &[Payout] {
        &self.payouts
    }

    /// Direct debits, by id.
    pub fn direct_debits(&self) -> &[DirectDebit] {
        &self.direct_debits
    }

    /// Records a change to a merchant's balance or suspense, for its
    /// statement of account: only in a run that keeps every record (the
    /// bank files, the explorer and `explain` read them; a report does not).
    fn book(&mut self, booking: Booking) {
        if self.retention.keeps_all() {
            self.bookings.push(booking);
        }
    }

    /// As [`Acquirer::book`] for the credit of a statement line carrying
    /// `payments`, which a payment's story reads.
    fn book_line(&mut self, booking: Booking, payments: &[Cleared]) {
        if self.retention.keeps_any(payments) {
            self.bookings.push(booking);
        }
    }

    /// Every change the acquirer made to a merchant's balance or suspense,
    /// in the order it made them (so in time order): the merchants'
    /// statements of account. Empty in a run under
    /// [`Retention::InFlight`].
    pub fn bookings(&self) -> &[Booking] {
        &self.bookings
    }

    /// Reconciliation exceptions, by id.
    pub fn exceptions(&self) -> &[Exception] {
        &self.exceptions
    }

    /// Statements received, by clearing day.
    pub fn received(&self) -> &BTreeMap<Date, Arc<Statement>> {
        &self.received
    }

    /// True once remittance `r` has arrived.
    pub fn has_received(&self, r: RemittanceId) -> bool {
        self.remittances.contains(&r)
    }

    /// Merchants' money the acquirer holds awaiting payout (positive
    /// balances), and what merchants owe it (negative balances), in EUR.
    pub fn balances(&self) -> (Money, Money) {
        let (mut held, mut owed) = (Decimal::ZERO, Decimal::ZERO);
        for a in &self.accounts {
            if a.balance.is_sign_negative() {
                owed += a.balance;
            } else {
                held += a.balance;
            }
        }
        (Money::eur(held), Money::eur(owed))
    }

    /// Money in suspense, by reason code.
    pub fn suspense(&self) -> BTreeMap<&'static str, Money> {
        let mut out = BTreeMap::new();
        for h in self.accounts.iter().flat_map(|a| &a.held) {
            *out.entry(h.reason.code).or_insert(Money::zero(Currency::EUR)) += Money::eur(h.amount);
        }
        out
    }

    /// True when nothing more will happen without new money: no balance to
    /// pay or collect, no debit in flight, nothing unexplained, no return on
    /// its way, and suspense only where compliance must act (RR04).
    pub fn idle(&self) -> bool {
        self.unexplained.is_empty()
            && self.returns_pending == 0
            && self.accounts.iter().all(|a| {
                a.balance.is_zero()
                    && a.collecting.is_none()
                    && a.held.iter().all(|h| needs_compliance_review(h.reason))
            })
    }

    /// Handles a message for the acquirer.
    pub fn handle(&mut self, msg: AcquirerMsg, cx: &mut Ctx) {
        match msg {
            AcquirerMsg::Apply { merchant } => self.apply(merchant, cx),
            AcquirerMsg::KycDone { merchant } => self.kyc_done(merchant, cx),
            AcquirerMsg::RemittanceArrives(advice) => self.arrives(*advice, cx),
            AcquirerMsg::PayoutWindow(day) => self.payout_run(day, cx),
            AcquirerMsg::PayoutSettles(payout) => self.settled(payout, cx),
            AcquirerMsg::PayoutRejected(payout) => self.bounced(payout, true, cx),
            AcquirerMsg::PayoutReturned(payout) => self.bounced(payout, false, cx),
            AcquirerMsg::DirectDebitSettles(debit) => self.debit_settles(debit, cx),
            AcquirerMsg::DirectDebitReturned(debit) => self.debit_returned(debit, cx),
        }
    }

    /// KYC and AML checks take a drawn number of the acquirer's business days.
    fn apply(&mut self, merchant: MerchantId, cx: &mut Ctx) {
        let acq = &cx.sc.acquirer;
        let mut s = Stream::derive(self.seed, &cx.merchants.name(merchant), "kyc");
        let days = s.between(i64::from(acq.kyc_days.0), i64::from(acq.kyc_days.1)) as u32;
        let at = if days == 0 {
            cx.now
        } else {
            let today = acq.zone.date(cx.now);
            match acq.calendar.add_business_days(today, days) {
                Ok(d) => acq.zone.at(d, APPLIES_AT),
                Err(e) => return cx.violate(e.to_string()),
            }
        };
        cx.at(at, AcquirerMsg::KycDone { merchant });
    }

    fn kyc_done(&mut self, merchant: MerchantId, cx: &mut Ctx) {
        // A `kyc_fail` fault's dates are those of the application.
        let group = &cx.sc.merchants[cx.merchants.group_index(merchant)];
        let applied = group.joins.unwrap_or(cx.sc.start);
        if group.kyc == Kyc::Fail || cx.sc.faults.kyc_fail(merchant, applied) {
            cx.emit(Party::Acquirer, Party::Merchant(merchant), Body::KycFailed { merchant });
            // The merchant already shows the code it applied with: shoppers
            // try it, and its payments decline `merchant_not_active`.
            return cx.send(Duration::ZERO, CardholdersMsg::Accepting { merchant });
        }
        cx.emit(Party::Acquirer, Party::Merchant(merchant), Body::KycPassed { merchant });
        // Registration with the switch is an API call: a second, say.
        cx.send(Duration::from_secs(1), SwitchMsg::Register { merchant });
    }

    fn payout(&self, id: PayoutId) -> &Payout {
        &self.payouts[id.index()]
    }
}
