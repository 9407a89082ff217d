//! The acquirer: the European institution that really acquires. It checks
//! merchants (KYC/AML) and registers them with the switch, reconciles each
//! remittance against the statements it covers (`reconciliation`), pays
//! merchants their balance less the merchant discount rate and handles
//! rejected and returned payouts (`payouts`), and collects negative balances
//! by SEPA direct debit (`collections`).

mod collections;
mod payouts;
mod reconciliation;

use std::collections::{BTreeSet, VecDeque};

use jiff::civil::date;
use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::reason::Reason;
use crate::engine::{Duration, Stream};
use crate::scenario::Scenario;
use crate::scenario::model::Kyc;
use crate::sim::book::MerchantState;
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

use super::merchants;

/// Money in suspense for one reason: kept apart per reason, so that RR04
/// money never leaves with money whose account was merely fixed.
#[derive(Clone, Debug)]
struct Held {
    reason: Reason,
    amount: Decimal,
    payments: Vec<u32>,
}

/// What the acquirer holds for one merchant.
#[derive(Clone, Debug, Default)]
struct Account {
    /// Awaiting payout; negative when the merchant owes (refunds exceeded
    /// its takings).
    balance: Decimal,
    /// Payments whose money is in the balance, for time-to-credit.
    payments: Vec<u32>,
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
    collecting: Option<u32>,
    debit_blocked_until: Option<Date>,
}

pub struct Acquirer {
    accounts: Vec<Account>,
    /// Merchants with a balance or suspense to act on, in id order.
    attention: BTreeSet<u32>,
    /// Received batches whose money has not been explained yet, oldest first.
    unexplained: VecDeque<Date>,
    /// Open reconciliation exceptions.
    open_exceptions: Vec<u32>,
    seed: u64,
}

/// Delivers `msg` at the acquirer's value time on `day`, the business day a
/// calendar search found; a search that failed is a broken invariant.
fn on_value_date(cx: &mut Ctx, day: Result<Date, crate::domain::calendar::CalendarError>, to: Addr, msg: Msg) {
    match day {
        Ok(d) => {
            let at = cx.sc.acquirer.zone.at(d, cx.sc.acquirer.value_time);
            cx.at(at, to, msg);
        }
        Err(e) => cx.violate(e.to_string()),
    }
}

/// The SCT Inst maximum amount: EUR 15,000 at launch (November 2017),
/// EUR 100,000 from 1 July 2020 (EPC SCT Inst rulebook).
pub fn inst_cap(on: Date) -> Money {
    let eur = if on < date(2020, 7, 1) { 15_000 } else { 100_000 };
    Money::eur(Decimal::from(eur))
}

impl Acquirer {
    pub fn new(sc: &Scenario, merchants: usize) -> Acquirer {
        Acquirer {
            accounts: vec![Account::default(); merchants],
            attention: BTreeSet::new(),
            unexplained: VecDeque::new(),
            open_exceptions: Vec::new(),
            seed: sc.seed,
        }
    }

    /// Merchants' money the acquirer holds awaiting payout (positive
    /// balances), and what merchants owe it (negative balances).
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
    pub fn suspense(&self) -> std::collections::BTreeMap<&'static str, Money> {
        let mut out = std::collections::BTreeMap::new();
        for h in self.accounts.iter().flat_map(|a| &a.held) {
            *out.entry(h.reason.code)
                .or_insert(Money::zero(crate::domain::money::Currency::EUR)) += Money::eur(h.amount);
        }
        out
    }

    /// True when nothing more will happen without new money: no balance to
    /// pay or collect, no debit in flight, nothing unexplained, and suspense
    /// only where compliance must act (RR04).
    pub fn idle(&self) -> bool {
        self.unexplained.is_empty()
            && self.accounts.iter().all(|a| {
                a.balance.is_zero()
                    && a.collecting.is_none()
                    && a.held
                        .iter()
                        .all(|h| crate::domain::reason::needs_compliance_review(h.reason))
            })
    }

    pub fn handle(&mut self, msg: Msg, cx: &mut Ctx) {
        match msg {
            Msg::Apply { merchant } => self.apply(merchant, cx),
            Msg::KycDone { merchant } => self.kyc_done(merchant, cx),
            Msg::RemittanceArrives { remittance } => self.arrives(remittance, cx),
            Msg::PayoutWindow(day) => self.payout_run(day, cx),
            Msg::PayoutRejected { payout } => self.bounced(payout, true, cx),
            Msg::PayoutReturned { payout } => self.bounced(payout, false, cx),
            Msg::DirectDebitSettles { debit } => self.debit_settles(debit, cx),
            Msg::DirectDebitReturned { debit } => self.debit_returned(debit, cx),
            _ => unreachable!("acquirer gets {msg:?}"),
        }
    }

    /// KYC and AML checks take a drawn number of the acquirer's business days.
    fn apply(&mut self, merchant: u32, cx: &mut Ctx) {
        let acq = &cx.sc.acquirer;
        let mut s = Stream::derive(self.seed, &cx.book.merchant_name(merchant), "kyc");
        let days = s.between(i64::from(acq.kyc_days.0), i64::from(acq.kyc_days.1)) as u32;
        let at = if days == 0 {
            cx.now
        } else {
            let today = acq.zone.date(cx.now);
            match acq.calendar.add_business_days(today, days) {
                Ok(d) => acq.zone.at(d, merchants::APPLIES_AT),
                Err(e) => return cx.violate(e.to_string()),
            }
        };
        cx.at(at, Addr::Acquirer, Msg::KycDone { merchant });
    }

    fn kyc_done(&mut self, merchant: u32, cx: &mut Ctx) {
        // A `kyc_fail` fault's dates are those of the application.
        let group = &cx.sc.merchants[cx.book.merchants[merchant as usize].group as usize];
        let applied = group.joins.unwrap_or(cx.sc.start);
        if group.kyc == Kyc::Fail || cx.sc.faults.kyc_fail(merchant, applied) {
            cx.book.merchants[merchant as usize].state = MerchantState::Refused;
            cx.emit(Kind::KycFailed, Party::Acquirer, Party::Merchant(merchant), |_| {
                vec![("merchant", Val::Merchant(merchant))]
            });
            return;
        }
        cx.emit(Kind::KycPassed, Party::Acquirer, Party::Merchant(merchant), |_| {
            vec![("merchant", Val::Merchant(merchant))]
        });
        // Registration with the switch is an API call: a second, say.
        cx.send(Duration::from_secs(1), Addr::Switch, Msg::Register { merchant });
    }
}
