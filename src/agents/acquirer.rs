//! The acquirer: the European institution that really acquires. It checks
//! merchants (KYC/AML) and registers them with the switch, receives the
//! remittance on its value date, reconciles it against the statements it
//! covers, and pays each merchant its balance less the merchant discount
//! rate, by SEPA credit transfer (next business day) or SCT Inst (seconds,
//! any day, up to the scheme's cap).

use std::collections::BTreeSet;

use jiff::civil::date;
use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::money::{Currency, Money, round_minor};
use crate::engine::{Duration, Stream};
use crate::scenario::Scenario;
use crate::scenario::model::{Kyc, PayoutSchedule, Scheme};
use crate::sim::book::{BatchState, MerchantState, Payout, RemittanceState, payout_id};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

use super::{draw_duration, merchants};

/// What the acquirer holds for one merchant.
#[derive(Clone, Debug, Default)]
struct Account {
    balance: Decimal,
    /// Payments whose money is in the balance, for time-to-credit.
    payments: Vec<u32>,
    /// The last scheduled payout date honoured.
    last_payout: Option<Date>,
}

pub struct Acquirer {
    accounts: Vec<Account>,
    /// Merchants with money to pay, in id order.
    owed: BTreeSet<u32>,
    seed: u64,
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
            owed: BTreeSet::new(),
            seed: sc.seed,
        }
    }

    /// Merchants' money the acquirer holds awaiting payout.
    pub fn awaiting_payout(&self) -> Money {
        Money::eur(self.accounts.iter().map(|a| a.balance).sum())
    }

    pub fn handle(&mut self, msg: Msg, cx: &mut Ctx) {
        match msg {
            Msg::Apply { merchant } => self.apply(merchant, cx),
            Msg::KycDone { merchant } => self.kyc_done(merchant, cx),
            Msg::RemittanceArrives { remittance } => self.arrives(remittance, cx),
            Msg::PayoutWindow(day) => self.payouts(day, cx),
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
        if merchants::kyc_of(cx.sc, cx.book, merchant) == Kyc::Fail {
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

    /// The remittance arrives on its value date and is reconciled against
    /// the statements (clearing batches) it covers. Nothing is paid from
    /// money that cannot be explained.
    fn arrives(&mut self, id: u32, cx: &mut Ctx) {
        let r = &mut cx.book.remittances[id as usize];
        r.state = RemittanceState::Received;
        let (amount, value_date, batches) = (r.amount, r.value_date, r.batches.clone());
        let acq = &cx.sc.acquirer;
        let today = acq.zone.date(cx.now);
        if Some(today) != value_date || !acq.calendar.is_open(today).unwrap_or(false) {
            cx.violate(format!(
                "calendars: remittance R{:04} credited on {today}, not an open value date",
                id + 1
            ));
        }
        cx.tally.day(today).arrived += amount.amount;
        cx.emit(Kind::RemittanceReceived, Party::SettlementBank, Party::Acquirer, |_| {
            vec![
                ("remittance", Val::Remittance(id)),
                ("amount", Val::Money(amount)),
                ("value_date", Val::Date(today)),
            ]
        });
        let expected = batches
            .iter()
            .fold(Money::zero(Currency::EUR), |s, d| s + cx.book.batches[d].net);
        if expected != amount {
            for d in &batches {
                cx.book.batches.get_mut(d).expect("batch").state = BatchState::Unreconciled;
            }
            cx.transfer(cx.acc.in_transit, cx.acc.unreconciled, amount);
            cx.emit(Kind::ReconciliationFailed, Party::Acquirer, Party::Acquirer, |_| {
                vec![
                    ("remittance", Val::Remittance(id)),
                    ("amount", Val::Money(amount)),
                    ("expected", Val::Money(expected)),
                ]
            });
            return;
        }
        let (mut credited, mut margin) = (Decimal::ZERO, Decimal::ZERO);
        for d in &batches {
            let b = cx.book.batches.get_mut(d).expect("batch");
            b.state = BatchState::Received;
            for (&merchant, line) in &b.lines {
                let tier = &cx.sc.tiers[cx.book.groups[cx.book.merchants[merchant as usize].group as usize]
                    .tier
                    .as_str()];
                let mdr = round_minor(line.gross * tier.mdr, Currency::EUR);
                let credit = line.gross - mdr;
                credited += credit;
                margin += mdr - line.fee;
                let account = &mut self.accounts[merchant as usize];
                account.balance += credit;
                account.payments.extend_from_slice(&line.payments);
                self.owed.insert(merchant);
            }
        }
        let a = cx.acc.clone();
        cx.post(&[
            (a.in_transit, -amount),
            (a.merchant_balances, Money::eur(credited)),
            (a.acquirer_margin, Money::eur(margin)),
        ]);
        cx.emit(Kind::ReconciliationMatched, Party::Acquirer, Party::Acquirer, |_| {
            vec![
                ("remittance", Val::Remittance(id)),
                ("batches", Val::Batches(batches)),
                ("amount", Val::Money(amount)),
                ("credited", Val::Money(Money::eur(credited))),
            ]
        });
    }

    /// The daily payout run: each merchant whose tier is due and whose
    /// balance reaches the tier's minimum is paid all of it.
    fn payouts(&mut self, today: Date, cx: &mut Ctx) {
        let acq = &cx.sc.acquirer;
        let next = today.tomorrow().expect("in range");
        cx.at(
            acq.zone.at(next, acq.payout_at),
            Addr::Acquirer,
            Msg::PayoutWindow(next),
        );
        let open = match acq.calendar.is_open(today) {
            Ok(o) => o,
            Err(e) => return cx.violate(e.to_string()),
        };
        let cap = acq.inst_cap.unwrap_or_else(|| inst_cap(today));
        for merchant in self.owed.clone() {
            let account = &self.accounts[merchant as usize];
            let tier = &cx.sc.tiers[cx.book.merchant_tier(merchant)];
            let Some(due) = last_scheduled(tier.payout, today) else {
                continue;
            };
            let amount = Money::eur(account.balance);
            if account.last_payout >= Some(due)
                || amount < tier.minimum
                || !amount.amount.is_sign_positive()
                || amount.is_zero()
            {
                continue;
            }
            let scheme = if acq.scheme == Scheme::SctInst && amount <= cap {
                Scheme::SctInst
            } else {
                Scheme::Sct
            };
            if scheme == Scheme::Sct && !open {
                continue; // SCT waits for a TARGET2 business day
            }
            self.pay(merchant, amount, scheme, due, today, cx);
        }
    }

    fn pay(&mut self, merchant: u32, amount: Money, scheme: Scheme, due: Date, today: Date, cx: &mut Ctx) {
        let account = &mut self.accounts[merchant as usize];
        account.balance = Decimal::ZERO;
        account.last_payout = Some(due);
        self.owed.remove(&merchant);
        let id = cx.book.payouts.len() as u32;
        if scheme == Scheme::Sct && !cx.sc.acquirer.calendar.is_open(today).unwrap_or(false) {
            cx.violate(format!(
                "calendars: SCT payout {} sent on {today}, a closed day",
                payout_id(id)
            ));
        }
        let payments = std::mem::take(&mut account.payments);
        cx.book.payouts.push(Payout {
            merchant,
            amount,
            scheme,
            payments,
            sent_at: cx.now,
            settled_at: None,
        });
        cx.transfer(cx.acc.merchant_balances, cx.acc.payouts_in_flight, amount);
        cx.emit(Kind::PayoutSent, Party::Acquirer, Party::Merchant(merchant), |_| {
            vec![
                ("payout", Val::Payout(id)),
                ("merchant", Val::Merchant(merchant)),
                ("amount", Val::Money(amount)),
                ("scheme", Val::Code(scheme.code())),
            ]
        });
        let acq = &cx.sc.acquirer;
        let at = match scheme {
            Scheme::SctInst => {
                // The merchant's own stream, one lane per payout id.
                let mut s = Stream::lane(
                    self.seed,
                    Stream::stream_id(&cx.book.merchant_name(merchant), "payout"),
                    id,
                );
                cx.now + draw_duration(&mut s, acq.inst_latency)
            }
            // SCT: credited the next acquirer business day (pacs.008, D+1 at the latest).
            Scheme::Sct => match acq.calendar.next_open_after(today) {
                Ok(d) => acq.zone.at(d, acq.value_time),
                Err(e) => return cx.violate(e.to_string()),
            },
        };
        cx.at(at, Addr::Merchant(merchant), Msg::PayoutSettles { payout: id });
    }
}

/// The latest date on or before `today` that the schedule pays on.
fn last_scheduled(schedule: PayoutSchedule, today: Date) -> Option<Date> {
    match schedule {
        PayoutSchedule::Daily => Some(today),
        PayoutSchedule::Weekly(w) => {
            let back = (i64::from(today.weekday().to_monday_zero_offset()) - i64::from(w.to_monday_zero_offset()))
                .rem_euclid(7);
            Some(crate::scenario::model::add_days(today, -back))
        }
        PayoutSchedule::Monthly(d) => {
            let this = date(today.year(), today.month(), d);
            if this <= today {
                Some(this)
            } else {
                let prev = crate::scenario::model::add_days(date(today.year(), today.month(), 1), -1);
                Some(date(prev.year(), prev.month(), d))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_find_their_last_date() {
        use jiff::civil::Weekday::Monday;
        // 2018-02-14 is a Wednesday.
        let wed = date(2018, 2, 14);
        assert_eq!(
            last_scheduled(PayoutSchedule::Weekly(Monday), wed),
            Some(date(2018, 2, 12))
        );
        assert_eq!(
            last_scheduled(PayoutSchedule::Weekly(Monday), date(2018, 2, 12)),
            Some(date(2018, 2, 12))
        );
        assert_eq!(last_scheduled(PayoutSchedule::Monthly(1), wed), Some(date(2018, 2, 1)));
        assert_eq!(
            last_scheduled(PayoutSchedule::Monthly(20), wed),
            Some(date(2018, 1, 20))
        );
    }

    #[test]
    fn the_inst_cap_follows_the_rulebook() {
        assert_eq!(inst_cap(date(2018, 2, 14)).to_string(), "15000.00 EUR");
        assert_eq!(inst_cap(date(2020, 7, 1)).to_string(), "100000.00 EUR");
    }
}
