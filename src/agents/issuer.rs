//! The issuer: the wallet provider (Tenpay). It holds the consumers' CNY
//! balances, authorises against balance, the per-payment and daily limits
//! and its risk rules, debits the wallet and answers the switch; it gives
//! the money back on a reversal and credits refunds.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::{CardholderId, PaymentId, PaymentSet};
use crate::domain::money::{Currency, Money};
use crate::domain::zone::{Dates, Zone};
use crate::engine::{Duration, Probability, Stream};
use crate::messages::mail::{AuthorizationRequest, Decline, IssuerMsg, SwitchMsg};
use crate::messages::{Body, Party};
use crate::scenario::Scenario;

use super::ctx::Ctx;
use super::draws::{self, purpose};

/// One consumer's account at the issuer, kept together because an
/// authorisation reads all of it: 32 bytes, in fen, so that two wallets
/// share a cache line and a million wallets take 32 MB.
#[derive(Clone, Copy, Debug)]
struct Wallet {
    /// The CNY balance in fen: the sub-ledger of `issuer:wallets`.
    balance: i64,
    /// What the linked bank card can still fund, in fen; zero without a
    /// card.
    card: i64,
    /// Fen spent on the Beijing day `spent_on`, for the daily limit.
    spent: i64,
    spent_on: Date,
}

/// `d` yuan in fen. CNY amounts reach the issuer in whole fen (`Money`
/// rounds to the fen); a limit beyond what 64 bits of fen hold saturates,
/// which no wallet comes near.
fn fen(d: Decimal) -> i64 {
    match d.scale() {
        s @ 0..=2 => d
            .mantissa()
            .saturating_mul(10i128.pow(2 - s))
            .clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
        _ => fen(d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)),
    }
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
                    .draw_minor(&mut Stream::derive(sc.seed, &id, "wallet"));
                let card = sc.cardholders.linked_card.as_ref().map_or(0, |card| {
                    card.draw_minor(&mut Stream::derive(sc.seed, &id, "linked_card"))
                });
                Wallet {
                    balance,
                    card,
                    spent: 0,
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
        Money::from_minor(self.wallets.iter().map(|w| w.balance).sum(), Currency::CNY)
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
            IssuerMsg::RefundCredit { cardholder, cny } => self.wallets[cardholder.index()].balance += fen(cny),
        }
    }

    fn authorize(&mut self, r: AuthorizationRequest, cx: &mut Ctx) {
        // The switch stopped waiting before the request arrived: it has told
        // the merchant, so the issuer drops the stale request.
        if cx.now > r.expires_at {
            return;
        }
        let (holder, cny) = (r.cardholder.index(), fen(r.cny));
        let today = self.beijing.date(cx.now);
        let w = &mut self.wallets[holder];
        if w.spent_on != today {
            w.spent_on = today;
            w.spent = 0;
        }
        let limits = &cx.sc.issuer;
        // A wallet short of the amount is topped up from the linked bank
        // card, as Chinese wallets pay from a bound card when the balance is
        // short; only a card that cannot cover the rest declines.
        let from_card = (cny - w.balance).max(0);
        let decline = if cny > fen(limits.limit_per_payment.amount()) {
            Some(Decline::OverPaymentLimit)
        } else if w.spent.saturating_add(cny) > fen(limits.limit_per_day.amount()) {
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
                if from_card != 0 {
                    let w = &mut self.wallets[holder];
                    w.card -= from_card;
                    w.balance += from_card;
                    cx.transfer(
                        cx.acc.wallet_top_ups,
                        cx.acc.wallets,
                        Money::from_minor(from_card, Currency::CNY),
                    );
                }
                let w = &mut self.wallets[holder];
                w.balance -= cny;
                w.spent += cny;
                self.debited.insert(payment);
                cx.transfer(cx.acc.wallets, cx.acc.cny_pool, Money::cny(r.cny));
                cx.emit(
                    Party::Issuer,
                    Party::Switch,
                    Body::PaymentAuthorized {
                        payment,
                        amount: Money::cny(r.cny),
                        // Nothing from the card is written as it always
                        // was, the zero of no scale.
                        from_card: match from_card {
                            0 => Money::cny(Decimal::ZERO),
                            fen => Money::from_minor(fen, Currency::CNY),
                        },
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
        w.balance += fen(cny);
        w.spent -= fen(cny);
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

#[cfg(test)]
mod tests {
    use super::fen;
    use rust_decimal::Decimal;

    #[test]
    fn yuan_are_read_as_fen_whatever_their_scale() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(fen(d("4125.10")), 412_510);
        assert_eq!(fen(d("4125.1")), 412_510);
        assert_eq!(fen(d("50000")), 5_000_000);
        assert_eq!(fen(d("-0.01")), -1);
        assert_eq!(fen(d("1.005")), 101);
        assert_eq!(fen(Decimal::MAX), i64::MAX);
    }
}
