//! The issuer: the wallet provider (Tenpay). It holds the consumers' CNY
//! balances, authorises against balance, the per-payment and daily limits
//! and its risk rules, debits the wallet and answers the switch; it gives
//! the money back on a reversal and credits refunds.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::{CardholderId, PaymentId, PaymentSet};
use crate::domain::money::Money;
use crate::domain::zone::{Dates, Zone};
use crate::engine::{Duration, Probability, Stream};
use crate::messages::mail::{AuthorizationRequest, Decline, IssuerMsg, SwitchMsg};
use crate::messages::{Body, Party};
use crate::scenario::Scenario;

use super::ctx::Ctx;
use super::draws::{self, purpose};

/// One consumer's account at the issuer, kept together because an
/// authorisation reads all of it (one cache line, not three).
#[derive(Clone, Copy, Debug)]
struct Wallet {
    /// The CNY balance: the sub-ledger of `issuer:wallets`.
    balance: Decimal,
    /// What the linked bank card can still fund (CNY); zero without a card.
    card: Decimal,
    /// CNY spent on the Beijing day `spent_on`, for the daily limit.
    spent: Decimal,
    spent_on: Date,
}

/// The issuer and its wallets.
pub struct Issuer {
    /// Each consumer's wallet, by cardholder index.
    wallets: Vec<Wallet>,
    /// Payments whose wallet debit stands (until a reversal gives it back).
    debited: PaymentSet,
    risk: Probability,
    beijing: Dates,
}

impl Issuer {
    /// Opens the wallets with balances drawn from each cardholder's own
    /// stream.
    pub fn new(sc: &Scenario) -> Issuer {
        let wallets = (0..sc.cardholders.count)
            .map(|c| {
                let id = CardholderId::from_index(c).to_string();
                let balance = sc
                    .cardholders
                    .wallet
                    .draw(&mut Stream::derive(sc.seed, &id, "wallet"))
                    .amount();
                let card = sc.cardholders.linked_card.as_ref().map_or(Decimal::ZERO, |card| {
                    card.draw(&mut Stream::derive(sc.seed, &id, "linked_card")).amount()
                });
                Wallet {
                    balance,
                    card,
                    spent: Decimal::ZERO,
                    spent_on: sc.start,
                }
            })
            .collect();
        Issuer {
            wallets,
            debited: PaymentSet::default(),
            risk: Probability::from_share(sc.issuer.risk_decline),
            beijing: Dates::new(Zone::beijing()),
        }
    }

    /// CNY in all wallets.
    pub fn total(&self) -> Money {
        Money::cny(self.wallets.iter().map(|w| w.balance).sum())
    }

    /// Handles a message for the issuer.
    pub fn handle(&mut self, msg: IssuerMsg, cx: &mut Ctx) {
        match msg {
            IssuerMsg::AuthorizationRequest(r) => self.authorize(r, cx),
            IssuerMsg::ReversalRequest {
                payment,
                cardholder,
                cny,
            } => self.reverse(payment, cardholder, cny, cx),
            IssuerMsg::RefundCredit { cardholder, cny } => self.wallets[cardholder.index()].balance += cny,
        }
    }

    fn authorize(&mut self, r: AuthorizationRequest, cx: &mut Ctx) {
        // The switch stopped waiting before the request arrived: it has told
        // the merchant, so the issuer drops the stale request.
        if cx.now > r.expires_at {
            return;
        }
        let (holder, cny) = (r.cardholder.index(), r.cny);
        let today = self.beijing.date(cx.now);
        let w = &mut self.wallets[holder];
        if w.spent_on != today {
            w.spent_on = today;
            w.spent = Decimal::ZERO;
        }
        let limits = &cx.sc.issuer;
        // A wallet short of the amount is topped up from the linked bank
        // card, as Chinese wallets pay from a bound card when the balance is
        // short; only a card that cannot cover the rest declines.
        let from_card = (cny - w.balance).max(Decimal::ZERO);
        let decline = if cny > limits.limit_per_payment.amount() {
            Some(Decline::OverPaymentLimit)
        } else if w.spent + cny > limits.limit_per_day.amount() {
            Some(Decline::OverDailyLimit)
        } else if from_card > w.card {
            Some(Decline::InsufficientBalance)
        } else if self.risk.admits(r.draw) {
            Some(Decline::Risk)
        } else {
            None
        };
        // An `issuer_timeout` fault: the answer leaves, but too late for the
        // switch, which has given up by then.
        let mut hop = r.answer_latency;
        if let Some(rate) = cx.sc.faults.issuer_timeout(today) {
            if Probability::from_share(rate).admits(draws::derive(r.draw, purpose::TIMEOUT)) {
                hop = cx.sc.switch.timeout + Duration::from_secs(5);
            }
        }
        let payment = r.payment;
        match decline {
            Some(reason) => cx.emit(Party::Issuer, Party::Switch, Body::PaymentDeclined { payment, reason }),
            None => {
                if !from_card.is_zero() {
                    let w = &mut self.wallets[holder];
                    w.card -= from_card;
                    w.balance += from_card;
                    cx.transfer(cx.acc.wallet_top_ups, cx.acc.wallets, Money::cny(from_card));
                }
                let w = &mut self.wallets[holder];
                w.balance -= cny;
                w.spent += cny;
                self.debited.insert(payment);
                cx.transfer(cx.acc.wallets, cx.acc.cny_pool, Money::cny(cny));
                cx.emit(
                    Party::Issuer,
                    Party::Switch,
                    Body::PaymentAuthorized {
                        payment,
                        amount: Money::cny(cny),
                        from_card: Money::cny(from_card),
                    },
                );
            }
        }
        cx.send(
            hop,
            SwitchMsg::AuthorizationResponse {
                payment,
                decline,
                answered_at: cx.now,
            },
        );
    }

    /// The switch gave up on an authorisation: if the wallet was debited,
    /// the money goes back, so the consumer never pays for a payment the
    /// merchant was told failed.
    fn reverse(&mut self, payment: PaymentId, cardholder: CardholderId, cny: Decimal, cx: &mut Ctx) {
        if !self.debited.remove(payment) {
            return;
        }
        let holder = cardholder.index();
        let w = &mut self.wallets[holder];
        w.balance += cny;
        w.spent -= cny;
        cx.tally.reversals += 1;
        cx.transfer(cx.acc.cny_pool, cx.acc.wallets, Money::cny(cny));
        cx.emit(
            Party::Issuer,
            Party::Switch,
            Body::PaymentReversed {
                payment,
                amount: Money::cny(cny),
            },
        );
    }
}
