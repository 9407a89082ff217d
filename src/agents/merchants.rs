//! The merchants: shops in SEPA countries, pricing in EUR, each with an
//! account at its own bank. A merchant applies to the acquirer on its join
//! date, and sees payouts credited to its account.

use crate::domain::money::Money;
use crate::domain::zone::LocalTime;
use crate::engine::Instant;
use crate::scenario::Scenario;
use crate::sim::book::{Book, Merchant, MerchantGroupInfo, MerchantState, PayoutOutcome, Refund, RefundState};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

/// Local time a merchant's application reaches the acquirer.
pub const APPLIES_AT: LocalTime = LocalTime(9 * 3_600_000);

/// Fills the book's merchant register from the scenario's groups. Groups
/// without a join date are active from the start.
pub fn register(sc: &Scenario, book: &mut Book) {
    for (g, group) in sc.merchants.iter().enumerate() {
        book.groups.push(MerchantGroupInfo {
            name: group.name.clone(),
            zone: group.zone.clone(),
            tier: group.tier.clone(),
        });
        for i in 1..=group.count {
            // A merchant a `kyc_fail` fault selects goes through onboarding.
            let m = book.merchants.len() as u32;
            let applied = group.joins.unwrap_or(sc.start);
            let state = if group.joins.is_some() || sc.faults.kyc_fail(m, applied) {
                MerchantState::Pending
            } else {
                MerchantState::Active
            };
            book.merchants.push(Merchant {
                group: g as u32,
                index: i,
                state,
            });
        }
    }
}

/// When each pending merchant applies.
pub fn applications(sc: &Scenario, book: &Book) -> Vec<(Instant, u32)> {
    let mut out = Vec::new();
    for (m, merchant) in book.merchants.iter().enumerate() {
        // A merchant a `kyc_fail` fault selects goes through onboarding,
        // from the first purchase day if its group has no join date.
        if merchant.state == MerchantState::Pending {
            let day = sc.merchants[merchant.group as usize].joins.unwrap_or(sc.start);
            out.push((book.merchant_zone(m as u32).at(day, APPLIES_AT), m as u32));
        }
    }
    out
}

pub fn handle(merchant: u32, msg: Msg, cx: &mut Ctx) {
    match msg {
        Msg::Apply { .. } => {
            cx.emit(
                Kind::MerchantApplied,
                Party::Merchant(merchant),
                Party::Acquirer,
                |_| vec![("merchant", Val::Merchant(merchant))],
            );
            cx.send(crate::engine::Duration::ZERO, Addr::Acquirer, Msg::Apply { merchant });
        }
        Msg::PayoutSettles { payout } => settled(merchant, payout, cx),
        Msg::RefundDue { payment, part } => refund(merchant, payment, part, cx),
        _ => unreachable!("merchant gets {msg:?}"),
    }
}

/// The merchant refunds (part of) a payment: the switch pays it at the
/// original rate. Nothing is left to refund once refunds reach the original
/// amount or the scheme's limit of refunds per order.
fn refund(merchant: u32, payment: u32, part: u8, cx: &mut Ctx) {
    let Some(eur) = crate::agents::switch::Switch::refund_amount(cx, payment, part) else {
        cx.tally.refunds_pending -= 1;
        return;
    };
    // At the original rate; parts are rounded one by one, so the last one
    // takes what is left and none takes the consumer above what they paid.
    let p = &mut cx.book.payments[payment as usize];
    let left_cny = p.cny - p.refund_asked_cny;
    let cny = if eur.amount == p.eur - p.refund_asked {
        left_cny
    } else {
        (eur.amount * p.rate).min(left_cny)
    };
    let cny = Money::cny(cny);
    p.refund_asked += eur.amount;
    p.refund_asked_cny += cny.amount;
    let rate = p.rate;
    let id = cx.book.refunds.len() as u32;
    cx.book.refunds.push(Refund {
        payment,
        eur,
        cny,
        state: RefundState::Requested,
        attempts: 0,
        requested_at: cx.now,
    });
    cx.emit(Kind::RefundRequested, Party::Merchant(merchant), Party::Switch, |_| {
        vec![
            ("refund", Val::Refund(id)),
            ("payment", Val::Payment(payment)),
            ("merchant", Val::Merchant(merchant)),
            ("amount", Val::Money(eur)),
            ("cny", Val::Money(cny)),
            ("rate", Val::Rate(rate)),
        ]
    });
    cx.send(
        crate::engine::Duration::ZERO,
        Addr::Switch,
        Msg::RefundRequest { refund: id },
    );
}

/// A payout reaches the merchant's account: the money leaves the corridor,
/// and every payment it covered has reached its merchant.
fn settled(merchant: u32, payout: u32, cx: &mut Ctx) {
    let po = &mut cx.book.payouts[payout as usize];
    po.settled_at = Some(cx.now);
    po.outcome = PayoutOutcome::Settled;
    let amount: Money = po.amount;
    let returning = po.return_reason.is_some();
    let payments = std::mem::take(&mut po.payments);
    // A payout its bank will return has not really reached the merchant:
    // its payments count when they are paid again.
    for p in payments.iter().filter(|_| !returning) {
        let initiated = cx.book.payments[*p as usize].initiated;
        cx.tally.to_credit_ms.push((cx.now - initiated).as_ms());
    }
    cx.book.payouts[payout as usize].payments = payments;
    cx.transfer(cx.acc.payouts_in_flight, cx.acc.paid_to_merchants, amount);
    let local = cx.sc.acquirer.zone.date(cx.now);
    cx.tally.day(local).paid += amount.amount;
    cx.emit(Kind::PayoutSettled, Party::Acquirer, Party::Merchant(merchant), |_| {
        vec![
            ("payout", Val::Payout(payout)),
            ("merchant", Val::Merchant(merchant)),
            ("amount", Val::Money(amount)),
        ]
    });
}
