//! The issuer: the wallet provider (Tenpay). It holds the consumers' CNY
//! balances, authorises against balance, the per-payment and daily limits
//! and its risk rules, debits the wallet and answers the switch.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::zone::Zone;
use crate::engine::{Duration, Probability, Stream};
use crate::scenario::Scenario;
use crate::sim::book::{PaymentState, cardholder_id, purpose};
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
        match msg {
            Msg::Authorize { payment } => self.authorize(payment, cx),
            Msg::Reverse { payment } => self.reverse(payment, cx),
            Msg::RefundCredit { refund } => {
                let r = &cx.book.refunds[refund as usize];
                let holder = cx.book.payments[r.payment as usize].cardholder as usize;
                self.wallets[holder] += r.cny.amount;
            }
            _ => unreachable!("issuer gets {msg:?}"),
        }
    }

    fn authorize(&mut self, payment: u32, cx: &mut Ctx) {
        let p = &cx.book.payments[payment as usize];
        if p.state != PaymentState::Authorizing {
            return; // the switch gave up before the request arrived: nothing to debit
        }
        let (holder, cny, mut hop) = (p.cardholder as usize, p.cny, Duration(i64::from(p.hops_ms[2])));
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
        // An `issuer_timeout` fault: the answer leaves, but too late for the
        // switch, which has given up by then.
        if let Some(rate) = cx.sc.faults.issuer_timeout(today) {
            if Probability::from_share(rate).admits(p.draw(purpose::TIMEOUT)) {
                hop = cx.sc.switch.timeout + Duration::from_secs(5);
            }
        }
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
                let p = &mut cx.book.payments[payment as usize];
                p.state = PaymentState::Authorized;
                p.debited = true;
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

    /// The switch gave up on an authorisation: if the wallet was debited,
    /// the money goes back, so the consumer never pays for a payment the
    /// merchant was told failed.
    fn reverse(&mut self, payment: u32, cx: &mut Ctx) {
        let p = &mut cx.book.payments[payment as usize];
        if !p.debited {
            return;
        }
        p.debited = false;
        let (holder, cny) = (p.cardholder as usize, p.cny);
        self.wallets[holder] += cny;
        self.spent[holder].1 -= cny;
        cx.tally.reversals += 1;
        cx.transfer(cx.acc.cny_pool, cx.acc.wallets, Money::cny(cny));
        cx.emit(Kind::PaymentReversed, Party::Issuer, Party::Switch, |_| {
            vec![
                ("payment", Val::Payment(payment)),
                ("amount", Val::Money(Money::cny(cny))),
            ]
        });
    }

    fn risk_says_no(&self, bits: u64) -> bool {
        self.risk.admits(bits)
    }
}
