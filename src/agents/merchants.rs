//! The merchants: shops in SEPA countries, pricing in EUR, each with an
//! account at its own bank. A merchant applies to the acquirer on its join
//! date, and refunds its own sales (at the original rate, whole or in up to
//! three parts, never more than the sale). It owns its refund requests and
//! numbers them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::ids::{MerchantId, PaymentId, RefundId};
use crate::domain::money::{Currency, Money, round_minor};
use crate::domain::zone::LocalTime;
use crate::engine::{Duration, Instant};
use crate::messages::mail::{AcquirerMsg, MerchantMsg, RefundPart, RefundRequest, Sale, SwitchMsg};
use crate::messages::{Body, Directory, Party, Why};
use crate::scenario::Scenario;
use crate::scenario::faults::MAX_REFUNDS_PER_PAYMENT;
use crate::scenario::model::Kyc;

use super::ctx::Ctx;
use super::draws::{derive, purpose};

/// Local time a merchant's application reaches the acquirer.
pub const APPLIES_AT: LocalTime = LocalTime(9 * 3_600_000);

/// A partial refund returns 10% to 50% of the original amount.
const PARTIAL_MIN_PERCENT: u64 = 10;
const PARTIAL_SPAN_PERCENT: u64 = 41;

/// What a merchant has asked to refund of one sale: EUR and CNY asked
/// (paid or still waiting for CNY), and how many refunds.
#[derive(Clone, Copy, Debug, Default)]
struct Asked {
    eur: Decimal,
    cny: Decimal,
    count: u32,
}

/// All merchants: their applications and their refunds.
pub struct Merchants {
    /// Merchants that go through onboarding during the run.
    onboarding: Vec<bool>,
    asked: BTreeMap<PaymentId, Asked>,
    refunds_requested: u32,
    /// Refund timers handled, asked for or found with nothing left.
    refund_timers: u64,
}

impl Merchants {
    /// The merchants of `sc`: a group with a join date applies that day;
    /// one with `kyc = "fail"`, or a merchant a `kyc_fail` fault selects,
    /// applies on the first purchase day (and fails); every other merchant
    /// was onboarded before the run.
    pub fn new(sc: &Scenario, directory: &Directory) -> Merchants {
        let onboarding = directory
            .ids()
            .map(|m| {
                let group = &sc.merchants[directory.group_index(m)];
                group.joins.is_some()
                    || group.kyc == Kyc::Fail
                    || sc.faults.kyc_fail(m, group.joins.unwrap_or(sc.start))
            })
            .collect();
        Merchants {
            onboarding,
            asked: BTreeMap::new(),
            refunds_requested: 0,
            refund_timers: 0,
        }
    }

    /// Merchants onboarded before the run: the switch knows them from the
    /// start.
    pub fn active_before_start(&self) -> Vec<bool> {
        self.onboarding.iter().map(|o| !o).collect()
    }

    /// When each merchant that goes through onboarding applies.
    pub fn applications(&self, sc: &Scenario, directory: &Directory) -> Vec<(Instant, MerchantId)> {
        directory
            .ids()
            .filter(|m| self.onboarding[m.index()])
            .map(|m| {
                let day = sc.merchants[directory.group_index(m)].joins.unwrap_or(sc.start);
                (directory.zone(m).at(day, APPLIES_AT), m)
            })
            .collect()
    }

    /// Refund timers the merchants have handled.
    pub fn refund_timers_handled(&self) -> u64 {
        self.refund_timers
    }

    /// Handles a message for a merchant.
    pub fn handle(&mut self, msg: MerchantMsg, cx: &mut Ctx) {
        match msg {
            MerchantMsg::Apply { merchant } => {
                cx.emit(
                    Party::Merchant(merchant),
                    Party::Acquirer,
                    Body::MerchantApplied { merchant },
                );
                cx.send(Duration::ZERO, AcquirerMsg::Apply { merchant });
            }
            MerchantMsg::RefundDue { merchant, sale, part } => self.refund(merchant, sale, part, cx),
        }
    }

    /// The merchant refunds (part of) a sale: the switch pays it at the
    /// original rate. Nothing is left to refund once refunds reach the
    /// original amount or the scheme's limit of refunds per order.
    fn refund(&mut self, merchant: MerchantId, sale: Sale, part: RefundPart, cx: &mut Ctx) {
        self.refund_timers += 1;
        let asked = self.asked.get(&sale.payment).copied().unwrap_or_default();
        let Some(eur) = refund_amount(&sale, &asked, part) else {
            return;
        };
        // At the original rate; parts are rounded one by one, so the last one
        // takes what is left and none takes the consumer above what they paid.
        let left_cny = sale.cny - asked.cny;
        let cny = if eur.amount() == sale.eur - asked.eur {
            left_cny
        } else {
            (eur.amount() * sale.rate).min(left_cny)
        };
        let cny = Money::cny(cny);
        let a = self.asked.entry(sale.payment).or_default();
        a.eur += eur.amount();
        a.cny += cny.amount();
        a.count += 1;
        let refund = RefundId::from_index(self.refunds_requested);
        self.refunds_requested += 1;
        cx.emit_because(
            Party::Merchant(merchant),
            Party::Switch,
            Body::RefundRequested {
                refund,
                payment: sale.payment,
                merchant,
                amount: eur,
                cny,
                rate: sale.rate,
            },
            || Why::RefundLater,
        );
        cx.send(
            Duration::ZERO,
            SwitchMsg::RefundRequest(RefundRequest {
                refund,
                payment: sale.payment,
                merchant,
                eur,
                cny,
            }),
        );
    }
}

/// The amount of a refund part: a whole refund is what is left; a partial
/// one 10% to 50% of the original (from the sale's own draw), never above
/// what is left. What is left counts refunds still waiting for CNY, not only
/// paid ones. None when nothing is left or the order has had its refunds.
fn refund_amount(sale: &Sale, asked: &Asked, part: RefundPart) -> Option<Money> {
    let left = sale.eur - asked.eur;
    if left <= Decimal::ZERO || asked.count >= MAX_REFUNDS_PER_PAYMENT {
        return None;
    }
    let eur = match part {
        RefundPart::Whole => left,
        RefundPart::Partial(part) => {
            let draw = derive(sale.draw, purpose::REFUND_PART + u64::from(part));
            let percent = PARTIAL_MIN_PERCENT + (draw >> 32) % PARTIAL_SPAN_PERCENT;
            round_minor(sale.eur * Decimal::from(percent) / Decimal::ONE_HUNDRED, Currency::EUR).min(left)
        }
    };
    (eur > Decimal::ZERO).then(|| Money::eur(eur))
}
