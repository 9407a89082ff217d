//! The switch: the wallet scheme (WeChat Pay). It routes the merchant's
//! order, quotes the CNY amount at the transaction-time rate (which fixes the
//! merchant's EUR), closes the Beijing clearing day, takes its scheme fee
//! and publishes the acquirer's statement. It bears the FX risk between the
//! quote and the conversion.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::fx::{eur_to_cny, round_rate};
use crate::domain::money::{Money, round_minor};
use crate::domain::zone::{LocalTime, Zone};
use crate::engine::{Duration, Instant};
use crate::scenario::model::ConvertMode;
use crate::sim::book::{Batch, BatchState, Line, MerchantState, PaymentState};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Decline, Msg};

pub struct Switch {
    beijing: Zone,
    /// Completed payments of clearing days not yet closed, per merchant.
    open_days: BTreeMap<Date, BTreeMap<u32, Line>>,
}

impl Switch {
    pub fn new() -> Switch {
        Switch {
            beijing: Zone::beijing(),
            open_days: BTreeMap::new(),
        }
    }

    /// EUR of payments completed in clearing days not yet closed.
    pub fn awaiting_clearing(&self) -> Money {
        Money::eur(self.open_days.values().flat_map(|d| d.values()).map(|l| l.gross).sum())
    }

    /// The clearing day a payment completed at `t` belongs to. A cut-off of
    /// 00:00 closes the day at its midnight; a later one closes it that
    /// evening, and what follows belongs to the next day.
    pub fn clearing_day(bj: &Zone, cutoff: LocalTime, t: Instant) -> Date {
        let date = bj.date(t);
        let cutoff_today = bj.at(date, cutoff);
        if cutoff.0 == 0 || t < cutoff_today {
            date
        } else {
            date.tomorrow().expect("in range")
        }
    }

    /// When clearing day `day` closes.
    pub fn close_time(bj: &Zone, cutoff: LocalTime, day: Date) -> Instant {
        if cutoff.0 == 0 {
            bj.midnight(day.tomorrow().expect("in range"))
        } else {
            bj.at(day, cutoff)
        }
    }

    pub fn handle(&mut self, msg: Msg, cx: &mut Ctx) {
        match msg {
            Msg::Order { payment } => self.order(payment, cx),
            Msg::Authorized { payment, decline } => self.authorized(payment, decline, cx),
            Msg::CloseClearingDay(day) => self.close(day, cx),
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

    fn order(&mut self, payment: u32, cx: &mut Ctx) {
        let p = &mut cx.book.payments[payment as usize];
        let merchant = p.merchant;
        if cx.book.merchants[merchant as usize].state != MerchantState::Active {
            let reason = Decline::MerchantNotActive;
            cx.book.payments[payment as usize].state = PaymentState::Declined(reason);
            *cx.tally.declines.entry(reason).or_default() += 1;
            cx.tally.day(self.beijing.date(cx.now)).declined += 1;
            cx.emit(Kind::PaymentDeclined, Party::Switch, Party::Merchant(merchant), |_| {
                vec![("payment", Val::Payment(payment)), ("reason", Val::Code(reason.code()))]
            });
            return;
        }
        // The consumer's rate: the market rate plus the scheme's markup. The
        // markup changes what the consumer pays, never the merchant's EUR.
        let rate = round_rate(cx.sc.fx.path.rate_at(cx.now) * (Decimal::ONE + cx.sc.switch.fx_markup));
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
    }

    fn authorized(&mut self, payment: u32, decline: Option<Decline>, cx: &mut Ctx) {
        if decline.is_some() {
            return; // the issuer's decline is already on record; the merchant shows it
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
    }

    /// Closes a clearing day: one statement line per merchant, the scheme
    /// fee per line (rounded half away from zero), the batch to the book.
    fn close(&mut self, day: Date, cx: &mut Ctx) {
        let sw = &cx.sc.switch;
        let next = day.tomorrow().expect("in range");
        cx.at(
            Switch::close_time(&self.beijing, sw.cutoff, next),
            Addr::Switch,
            Msg::CloseClearingDay(next),
        );
        let Some(mut lines) = self.open_days.remove(&day) else {
            return;
        };
        let (mut gross, mut fees, mut cny, mut payments) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, 0u32);
        for line in lines.values_mut() {
            line.fee = round_minor(line.gross * sw.scheme_fee, crate::domain::money::Currency::EUR);
            gross += line.gross;
            fees += line.fee;
            cny += line.cny;
            payments += line.payments.len() as u32;
        }
        let batch = Batch {
            day,
            lines,
            payments,
            gross: Money::eur(gross),
            fees: Money::eur(fees),
            net: Money::eur(gross - fees),
            cny: Money::cny(cny),
            state: BatchState::AwaitingConversion,
            sold: None,
            remittance: None,
            remitted_times: 0,
        };
        let (g, f, n) = (batch.gross, batch.fees, batch.net);
        cx.book.batches.insert(day, batch);
        cx.emit(Kind::ClearingBatchClosed, Party::Switch, Party::Acquirer, |_| {
            vec![
                ("batch", Val::Batch(day)),
                ("date", Val::Date(day)),
                ("payments", Val::Count(u64::from(payments))),
                ("gross", Val::Money(g)),
                ("fees", Val::Money(f)),
                ("net", Val::Money(n)),
            ]
        });
        if sw.convert == ConvertMode::Daily {
            let at = self.beijing.at(next, sw.convert_at).max(cx.now);
            cx.at(at, Addr::SettlementBank, Msg::Convert(day));
        }
    }
}

impl Default for Switch {
    fn default() -> Self {
        Switch::new()
    }
}
