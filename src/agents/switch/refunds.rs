//! Refunds: at the original order's rate, paid only from the switch's
//! unconverted CNY pool of the current clearing day (same-day takings). When
//! that pool is short the refund fails with NOT_ENOUGH and is retried later
//! with the same refund id. The merchant's EUR is netted against its next
//! statement.

use rust_decimal::Decimal;

use super::Switch;
use crate::domain::money::{Currency, Money, round_minor};
use crate::engine::{Duration, Probability};
use crate::scenario::faults::MAX_REFUNDS_PER_PAYMENT;
use crate::scenario::model::add_days;
use crate::sim::book::{PaymentState, RefundState, purpose};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

/// How often one refund is tried before it is left waiting for the end of
/// the run (a bound on events: a one-minute retry would otherwise flood).
const MAX_ATTEMPTS: u32 = 50;

/// A partial refund returns 10% to 50% of the original amount.
const PARTIAL_MIN_PERCENT: u64 = 10;
const PARTIAL_SPAN_PERCENT: u64 = 41;

impl Switch {
    /// Decides, from the payment's own draws, whether and when its merchant
    /// will refund it (whole, or in one to three parts).
    pub(super) fn plan_refunds(&mut self, payment: u32, cx: &mut Ctx) {
        let Some(r) = &cx.sc.refunds else { return };
        let p = &cx.book.payments[payment as usize];
        if !below(p.draw(purpose::REFUND), r.rate) {
            return;
        }
        let parts = if below(p.draw(purpose::REFUND_PARTIAL), r.partial) {
            1 + p.draw(purpose::REFUND_PARTS) % 3
        } else {
            0
        };
        let (lo, hi) = (r.after.0.as_ms(), r.after.1.as_ms());
        let merchant = p.merchant;
        let due: Vec<(i64, u8)> = (0..parts.max(1))
            .map(|part| {
                let span = (hi - lo) as u64 + 1;
                let delay = lo + (p.draw(purpose::REFUND_PART + part) % span) as i64;
                // A whole refund is marked part 255: it refunds what is left.
                (delay, if parts == 0 { u8::MAX } else { part as u8 })
            })
            .collect();
        // A refund due after the run ends is not simulated: it could change
        // nothing the report shows.
        let end = self.beijing.midnight(add_days(cx.sc.horizon(), 1));
        let due: Vec<(i64, u8)> = due
            .into_iter()
            .filter(|(delay, _)| cx.now + Duration(*delay) < end)
            .collect();
        cx.tally.refunds_pending += due.len() as u64;
        for (delay, part) in due {
            cx.send(
                Duration(delay),
                Addr::Merchant(merchant),
                Msg::RefundDue { payment, part },
            );
        }
    }

    /// The amount of a refund part: a whole refund is what is left; a
    /// partial one a share of the original, never above what is left.
    pub fn refund_amount(cx: &Ctx, payment: u32, part: u8) -> Option<Money> {
        let p = &cx.book.payments[payment as usize];
        // What is left counts refunds still waiting for CNY, not only paid ones.
        let left = p.eur - p.refund_asked;
        if p.state != PaymentState::Completed
            || left <= Decimal::ZERO
            || u32::from(p.refunds) >= MAX_REFUNDS_PER_PAYMENT
        {
            return None;
        }
        let eur = if part == u8::MAX {
            left
        } else {
            let percent =
                PARTIAL_MIN_PERCENT + (p.draw(purpose::REFUND_PART + u64::from(part)) >> 32) % PARTIAL_SPAN_PERCENT;
            round_minor(p.eur * Decimal::from(percent) / Decimal::ONE_HUNDRED, Currency::EUR).min(left)
        };
        (eur > Decimal::ZERO).then(|| Money::eur(eur))
    }

    /// Pays a refund from the current clearing day's CNY, or fails it.
    pub(super) fn refund(&mut self, id: u32, cx: &mut Ctx) {
        let r = &cx.book.refunds[id as usize];
        let (payment, eur, cny) = (r.payment, r.eur, r.cny);
        let merchant = cx.book.payments[payment as usize].merchant;
        let day = Switch::clearing_day(&self.beijing, cx.sc.switch.cutoff, cx.now);
        let available: Decimal = self
            .open_days
            .get(&day)
            .map_or(Decimal::ZERO, |d| d.values().map(|l| l.cny).sum());
        if cny.amount > available {
            let r = &mut cx.book.refunds[id as usize];
            r.state = RefundState::Failed;
            r.attempts += 1;
            let attempts = r.attempts;
            cx.tally.refunds_failed += 1;
            let retry = cx.sc.refunds.as_ref().map_or(Duration::from_hours(6), |r| r.retry);
            cx.emit(Kind::RefundFailed, Party::Switch, Party::Merchant(merchant), |_| {
                vec![
                    ("refund", Val::Refund(id)),
                    ("payment", Val::Payment(payment)),
                    ("amount", Val::Money(cny)),
                    ("reason", Val::Code("NOT_ENOUGH")),
                    ("available", Val::Money(Money::cny(available))),
                ]
            });
            // Retried while takings can still come; once the purchases are
            // over, or after the attempts a run allows, it stays waiting.
            let takings_end = Switch::close_time(&self.beijing, cx.sc.switch.cutoff, add_days(cx.sc.last_day(), 1));
            if cx.now + retry < takings_end && attempts < MAX_ATTEMPTS {
                cx.send(retry, Addr::Switch, Msg::RefundRequest { refund: id });
            } else {
                cx.tally.refunds_pending -= 1;
            }
            return;
        }
        let line = self.open_days.entry(day).or_default().entry(merchant).or_default();
        line.refunds += eur.amount;
        line.refund_count += 1;
        line.cny -= cny.amount;
        cx.book.refunds[id as usize].state = RefundState::Completed;
        cx.tally.refunds_pending -= 1;
        let p = &mut cx.book.payments[payment as usize];
        p.refunded += eur.amount;
        p.refunds += 1;
        let holder = p.cardholder;
        cx.transfer(cx.acc.cny_pool, cx.acc.wallets, cny);
        let t = cx.tally.day(day);
        t.refunded_cny += cny.amount;
        cx.tally.refunded_eur += eur.amount;
        cx.emit(Kind::RefundCompleted, Party::Switch, Party::Cardholder(holder), |_| {
            vec![
                ("refund", Val::Refund(id)),
                ("payment", Val::Payment(payment)),
                ("merchant", Val::Merchant(merchant)),
                ("amount", Val::Money(eur)),
                ("cny", Val::Money(cny)),
                ("batch", Val::Batch(day)),
            ]
        });
        cx.send(Duration::ZERO, Addr::Issuer, Msg::RefundCredit { refund: id });
    }
}

fn below(bits: u64, share: Decimal) -> bool {
    Probability::from_share(share).admits(bits)
}
