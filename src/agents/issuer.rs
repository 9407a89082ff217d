//! The issuer: the wallet provider (Tenpay). It holds the consumers' CNY
//! balances, authorises against balance, the per-payment and daily limits
//! and its risk rules, debits the wallet and answers the switch.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::zone::Zone;
use crate::engine::{Duration, Probability, Stream};
use crate::scenario::Scenario;
use crate::sim::book::{PaymentState, cardholder_id};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Decline, Msg};

pub struct Issuer {
    /// Each consumer's CNY balance: the sub-ledger of `issuer:wallets`.
    wallets: Vec<Decimal>,
    /// CNY spent on the Beijing day, for the daily limit.
    spent: Vec<(Date, Decimal)>,
    risk: Probability,
    beijing: Zone,
}

impl Issuer {
    /// Opens the wallets with balances drawn from each cardholder's own
    /// stream, and posts their total as top-ups from outside.
    pub fn new(sc: &Scenario) -> Issuer {
        let wallets = (0..sc.cardholders.count)
            .map(|c| {
                sc.cardholders
                    .wallet
                    .draw(&mut Stream::derive(sc.seed, &cardholder_id(c), "wallet"))
                    .amount
            })
            .collect();
        Issuer {
            wallets,
            spent: vec![(sc.start, Decimal::ZERO); sc.cardholders.count as usize],
            risk: Probability::from_share(sc.issuer.risk_decline),
            beijing: Zone::beijing(),
        }
    }

    pub fn total(&self) -> Money {
        Money::cny(self.wallets.iter().sum())
    }

    pub fn handle(&mut self, msg: Msg, cx: &mut Ctx) {
        let Msg::Authorize { payment } = msg else {
            unreachable!("issuer gets {msg:?}")
        };
        let p = &cx.book.payments[payment as usize];
        let (holder, cny, hop) = (p.cardholder as usize, p.cny, Duration(i64::from(p.hops_ms[2])));
        let today = self.beijing.date(cx.now);
        if self.spent[holder].0 != today {
            self.spent[holder] = (today, Decimal::ZERO);
        }
        let limits = &cx.sc.issuer;
        let decline = if cny > limits.limit_per_payment.amount {
            Some(Decline::OverPaymentLimit)
        } else if self.spent[holder].1 + cny > limits.limit_per_day.amount {
            Some(Decline::OverDailyLimit)
        } else if cny > self.wallets[holder] {
            Some(Decline::InsufficientBalance)
        } else if self.risk_says_no(p.risk_bits) {
            Some(Decline::Risk)
        } else {
            None
        };
        match decline {
            Some(reason) => {
                cx.book.payments[payment as usize].state = PaymentState::Declined(reason);
                *cx.tally.declines.entry(reason).or_default() += 1;
                cx.tally.day(today).declined += 1;
                cx.emit(Kind::PaymentDeclined, Party::Issuer, Party::Switch, |_| {
                    vec![("payment", Val::Payment(payment)), ("reason", Val::Code(reason.code()))]
                });
            }
            None => {
                self.wallets[holder] -= cny;
                self.spent[holder].1 += cny;
                cx.transfer(cx.acc.wallets, cx.acc.cny_pool, Money::cny(cny));
                cx.emit(Kind::PaymentAuthorized, Party::Issuer, Party::Switch, |_| {
                    vec![
                        ("payment", Val::Payment(payment)),
                        ("amount", Val::Money(Money::cny(cny))),
                    ]
                });
            }
        }
        cx.send(hop, Addr::Switch, Msg::Authorized { payment, decline });
    }

    fn risk_says_no(&self, bits: u64) -> bool {
        match self.risk {
            Probability::Never => false,
            Probability::Always => true,
            Probability::Below(t) => bits < t,
        }
    }
}
