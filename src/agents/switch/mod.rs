//! The switch: the wallet scheme (WeChat Pay). It routes the merchant's
//! order, quotes the CNY amount at the transaction-time rate (which fixes the
//! merchant's EUR), waits for the issuer (and reverses when it gives up),
//! closes the Beijing clearing day with its scheme fee (`clearing`), and pays
//! refunds from its unconverted CNY pool (`refunds`). It bears the FX risk
//! between the quote and the conversion.

mod clearing;
mod refunds;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::fx::{eur_to_cny, round_rate};
use crate::domain::money::Money;
use crate::domain::zone::{LocalTime, Zone};
use crate::engine::{Duration, Instant};
use crate::sim::book::{Line, MerchantState, PaymentState};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Decline, Msg};

const NOON: LocalTime = LocalTime(12 * 3_600_000);

pub struct Switch {
    beijing: Zone,
    /// Completed payments and refunds of clearing days not yet closed, per
    /// merchant: the unconverted same-day takings.
    open_days: BTreeMap<Date, BTreeMap<u32, Line>>,
}

impl Switch {
    pub fn new() -> Switch {
        Switch {
            beijing: Zone::beijing(),
            open_days: BTreeMap::new(),
        }
    }

    /// EUR owed to merchants for clearing days not yet closed.
    pub fn awaiting_clearing(&self) -> Money {
        Money::eur(
            self.open_days
                .values()
                .flat_map(|d| d.values())
                .map(|l| l.gross - l.refunds)
                .sum(),
        )
    }

    /// The clearing day a payment completed at `t` belongs to. Clearing day
    /// D closes at the first cut-off after it starts: an evening cut-off
    /// (12:00 or later) closes D that evening, and what follows belongs to
    /// D+1; a cut-off before noon (00:00 is midnight) closes D the next
    /// morning, so the small hours still belong to D.
    pub fn clearing_day(bj: &Zone, cutoff: LocalTime, t: Instant) -> Date {
        let date = bj.date(t);
        let before_cutoff = t < bj.at(date, cutoff);
        match (cutoff < NOON, before_cutoff) {
            (true, true) => date.yesterday().expect("in range"),
            (true, false) | (false, true) => date,
            (false, false) => date.tomorrow().expect("in range"),
        }
    }

    /// When clearing day `day` closes.
    pub fn close_time(bj: &Zone, cutoff: LocalTime, day: Date) -> Instant {
        if cutoff < NOON {
            bj.at(day.tomorrow().expect("in range"), cutoff)
        } else {
            bj.at(day, cutoff)
        }
    }

    pub fn handle(&mut self, msg: Msg, cx: &mut Ctx) {
        match msg {
            Msg::Order { payment } => self.order(payment, cx),
            Msg::Authorized { payment, decline } => self.authorized(payment, decline, cx),
            Msg::AuthTimeout { payment } => self.timeout(payment, cx),
            Msg::CloseClearingDay(day) => self.close(day, cx),
            Msg::RefundRequest { refund } => self.refund(refund, cx),
            Msg::Register { merchant } => {
                cx.book.merchants[merchant as usize].state = MerchantState::Active;
                cx.emit(
                    Kind::MerchantOnboarded,
                    Party::Switch,
                    Party::Merchant(merchant),
                    |_| vec![("merchant", Val::Merchant(merchant))],
                );
            }
            _ => unreachable!("switch gets {msg:?}"),
        }
    }

    fn decline(&mut self, payment: u32, reason: Decline, cx: &mut Ctx) {
        let merchant = cx.book.payments[payment as usize].merchant;
        cx.book.payments[payment as usize].state = PaymentState::Declined(reason);
        *cx.tally.declines.entry(reason).or_default() += 1;
        cx.tally.day(self.beijing.date(cx.now)).declined += 1;
        cx.emit(Kind::PaymentDeclined, Party::Switch, Party::Merchant(merchant), |_| {
            vec![("payment", Val::Payment(payment)), ("reason", Val::Code(reason.code()))]
        });
    }

    fn order(&mut self, payment: u32, cx: &mut Ctx) {
        let merchant = cx.book.payments[payment as usize].merchant;
        if cx.book.merchants[merchant as usize].state != MerchantState::Active {
            return self.decline(payment, Decline::MerchantNotActive, cx);
        }
        // The consumer's rate: the market rate plus the scheme's markup. The
        // markup changes what the consumer pays, never the merchant's EUR.
        let rate = round_rate(cx.sc.fx.path.rate_at(cx.now) * (Decimal::ONE + cx.sc.switch.fx_markup));
        let p = &mut cx.book.payments[payment as usize];
        let cny = eur_to_cny(Money::eur(p.eur), rate);
        p.rate = rate;
        p.cny = cny.amount;
        p.state = PaymentState::Authorizing;
        let hop = Duration(i64::from(p.hops_ms[1]));
        cx.emit(Kind::AuthorizationRequested, Party::Switch, Party::Issuer, |_| {
            vec![
                ("payment", Val::Payment(payment)),
                ("amount", Val::Money(cny)),
                ("rate", Val::Rate(rate)),
            ]
        });
        cx.send(hop, Addr::Issuer, Msg::Authorize { payment });
        cx.send(cx.sc.switch.timeout, Addr::Switch, Msg::AuthTimeout { payment });
    }

    /// The issuer did not answer in time: the merchant is told the payment
    /// failed, and the authorisation is reversed so the consumer is never
    /// charged for it.
    fn timeout(&mut self, payment: u32, cx: &mut Ctx) {
        let state = cx.book.payments[payment as usize].state;
        if !matches!(state, PaymentState::Authorizing | PaymentState::Authorized) {
            return; // answered in time
        }
        self.decline(payment, Decline::IssuerUnavailable, cx);
        let hop = Duration(i64::from(cx.book.payments[payment as usize].hops_ms[1]));
        cx.emit(Kind::ReversalRequested, Party::Switch, Party::Issuer, |_| {
            vec![("payment", Val::Payment(payment))]
        });
        cx.send(hop, Addr::Issuer, Msg::Reverse { payment });
    }

    fn authorized(&mut self, payment: u32, decline: Option<Decline>, cx: &mut Ctx) {
        // A decline is already on record; a late approval was reversed.
        if decline.is_some() || cx.book.payments[payment as usize].state != PaymentState::Authorized {
            return;
        }
        let p = &mut cx.book.payments[payment as usize];
        p.state = PaymentState::Completed;
        let (merchant, eur, cny) = (p.merchant, p.eur, p.cny);
        let day = Switch::clearing_day(&self.beijing, cx.sc.switch.cutoff, cx.now);
        let line = self.open_days.entry(day).or_default().entry(merchant).or_default();
        line.payments.push(payment);
        line.gross += eur;
        line.cny += cny;
        cx.tally.completed += 1;
        let t = cx.tally.day(day);
        t.payments += 1;
        t.cny_collected += cny;
        cx.emit(Kind::PaymentCompleted, Party::Switch, Party::Merchant(merchant), |_| {
            vec![
                ("payment", Val::Payment(payment)),
                ("merchant", Val::Merchant(merchant)),
                ("amount", Val::Money(Money::eur(eur))),
                ("batch", Val::Batch(day)),
            ]
        });
        self.plan_refunds(payment, cx);
    }
}

impl Default for Switch {
    fn default() -> Self {
        Switch::new()
    }
}
