//! Refunds: at the original order's rate, paid only from the switch's
//! unconverted CNY pool of the current clearing day (same-day takings). When
//! that pool is short the refund fails with NOT_ENOUGH and is retried later
//! with the same refund id. The merchant's EUR is netted against its next
//! statement.

use rust_decimal::Decimal;

use super::Switch;
use crate::domain::ids::{BatchId, MerchantId, PaymentId, RefundId};
use crate::domain::money::{Currency, Money};
use crate::engine::{Duration, Instant, Probability};
use crate::messages::mail::{IssuerMsg, MerchantMsg, RefundPart, RefundRequest, Sale, SwitchMsg};
use crate::messages::{Body, Party, Why};
use crate::scenario::model::add_days;

use super::super::ctx::Ctx;
use super::super::draws::{derive, purpose};

/// How often one refund is tried before it is left waiting for the end of
/// the run (a bound on events: a one-minute retry would otherwise flood).
const MAX_ATTEMPTS: u32 = 50;

/// Where a refund stands at the switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundState {
    /// Asked by the merchant and being tried against the CNY pool.
    Requested,
    /// NOT_ENOUGH in the CNY pool; retried with the same id after
    /// `refunds.retry` (6 h by default) while purchases go on, at most 50
    /// times; after that it stays here.
    Failed,
    /// Paid: the CNY went back to the wallet from the pool, and the EUR is
    /// netted against the merchant's line of that clearing day.
    Completed,
}

/// A refund of (part of) a payment, at its original rate (`RF000001`).
#[derive(Clone, Debug)]
pub struct Refund {
    /// The payment refunded (`P00000001`).
    pub payment: PaymentId,
    /// The merchant refunding (`GROUP/N`), who asked for it.
    pub merchant: MerchantId,
    /// EUR taken back from the merchant: what is left of the sale, or a part
    /// of 10% to 50% of its price (to the cent, half away from zero), never
    /// above what is left.
    pub eur: Money,
    /// CNY back to the consumer: `eur` at the payment's original rate, never
    /// more than what is left of what the consumer paid.
    pub cny: Money,
    /// Where it stands; changed only by the switch.
    pub state: RefundState,
    /// Attempts that failed with NOT_ENOUGH so far (0 if paid at once).
    pub attempts: u32,
    /// When the merchant asked for it (UTC).
    pub requested_at: Instant,
}

impl Switch {
    /// Decides, from the payment's own draws, whether and when its merchant
    /// will refund it (whole, or in one to three parts), and sets the
    /// merchant's timers: how many refunds of it were planned.
    pub(super) fn plan_refunds(&mut self, payment: PaymentId, cx: &mut Ctx) -> u8 {
        let Some(r) = &cx.sc.refunds else { return 0 };
        let p = self.book.get(payment).expect("completed");
        if !below(derive(p.draw, purpose::REFUND), r.rate) {
            return 0;
        }
        let parts = if below(derive(p.draw, purpose::REFUND_PARTIAL), r.partial) {
            1 + derive(p.draw, purpose::REFUND_PARTS) % 3
        } else {
            0
        };
        let (lo, hi) = (r.after.0.as_ms(), r.after.1.as_ms());
        let due: Vec<(i64, RefundPart)> = (0..parts.max(1))
            .map(|part| {
                let span = (hi - lo) as u64 + 1;
                let delay = lo + (derive(p.draw, purpose::REFUND_PART + part) % span) as i64;
                let part = if parts == 0 {
                    RefundPart::Whole
                } else {
                    RefundPart::Partial(part as u8)
                };
                (delay, part)
            })
            .collect();
        // A refund due after the run ends is not simulated: it could change
        // nothing the report shows.
        let end = self.beijing.midnight(add_days(cx.sc.horizon(), 1));
        let sale = Sale {
            payment,
            eur: p.eur.amount(),
            cny: p.cny.amount(),
            rate: p.rate,
            draw: p.draw,
        };
        let merchant = p.merchant;
        let now = cx.now;
        let mut planned = 0;
        for (delay, part) in due.into_iter().filter(|(delay, _)| now + Duration(*delay) < end) {
            self.refunds_planned += 1;
            planned += 1;
            cx.send(Duration(delay), MerchantMsg::RefundDue { merchant, sale, part });
        }
        planned
    }

    /// A merchant asks for a refund: recorded under the merchant's id and
    /// tried at once.
    pub(super) fn refund_requested(&mut self, r: RefundRequest, cx: &mut Ctx) {
        debug_assert_eq!(r.refund.index(), self.refunds.len(), "refund ids are given in order");
        self.refunds.push(Refund {
            payment: r.payment,
            merchant: r.merchant,
            eur: r.eur,
            cny: r.cny,
            state: RefundState::Requested,
            attempts: 0,
            requested_at: cx.now,
        });
        self.refunds_open += 1;
        self.refund(r.refund, cx);
    }

    /// Pays a refund from the current clearing day's CNY, or fails it.
    pub(super) fn refund(&mut self, id: RefundId, cx: &mut Ctx) {
        let r = &self.refunds[id.index()];
        let (payment, merchant, eur, cny) = (r.payment, r.merchant, r.eur, r.cny);
        let day = self.clearing_day_of(cx.sc.switch.cutoff, cx.now);
        let available = self
            .open_days
            .get(&day)
            .into_iter()
            .flat_map(|d| d.lines())
            .fold(Money::zero(Currency::CNY), |sum, l| sum + l.cny);
        if cny > available {
            let r = &mut self.refunds[id.index()];
            r.state = RefundState::Failed;
            r.attempts += 1;
            let attempts = r.attempts;
            cx.tally.refunds_failed += 1;
            let retry = cx.sc.refunds.as_ref().map_or(Duration::from_hours(6), |r| r.retry);
            cx.emit(
                Party::Switch,
                Party::Merchant(merchant),
                Body::RefundFailed {
                    refund: id,
                    payment,
                    amount: cny,
                    available,
                },
            );
            // Retried while takings can still come; once the purchases are
            // over, or after the attempts a run allows, it stays waiting.
            let takings_end = Switch::close_time(&self.beijing, cx.sc.switch.cutoff, add_days(cx.sc.last_day(), 1));
            if cx.now + retry < takings_end && attempts < MAX_ATTEMPTS {
                cx.send(retry, SwitchMsg::RefundRetry(id));
            } else {
                self.refunds_open -= 1;
            }
            return;
        }
        let (line, _) = self.open_days.entry(day).or_default().entry(merchant);
        line.refunds += eur;
        line.refund_count += 1;
        line.cny -= cny;
        let attempts = self.refunds[id.index()].attempts;
        self.refunds[id.index()].state = RefundState::Completed;
        self.refunds_open -= 1;
        let p = self.payment_mut(payment);
        p.refunded += eur;
        p.refunds += 1;
        let cardholder = p.cardholder;
        self.book.refund_paid(payment);
        cx.transfer(cx.acc.cny_pool, cx.acc.wallets, cny);
        cx.tally.day(day).refunded_cny += cny.amount();
        cx.tally.refunded_eur += eur.amount();
        let body = Body::RefundCompleted {
            refund: id,
            payment,
            merchant,
            amount: eur,
            cny,
            batch: BatchId(day),
        };
        let retried = (attempts > 0).then_some(Why::RefundRetried { attempts });
        cx.emit_if_because(Party::Switch, Party::Cardholder(cardholder), body, retried);
        cx.send(
            Duration::ZERO,
            IssuerMsg::RefundCredit {
                cardholder,
                cny: cny.amount(),
            },
        );
    }
}

fn below(bits: u64, share: Decimal) -> bool {
    Probability::from_share(share).admits(bits)
}
