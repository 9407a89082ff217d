//! The end of the clearing day: one statement line per merchant (payments
//! less refunds), the scheme fee per line, the batch into the book, and the
//! T+1 conversion booked with the settlement bank.

use rust_decimal::Decimal;

use super::Switch;
use crate::domain::Date;
use crate::domain::money::{Currency, Money, round_minor};
use crate::scenario::model::ConvertMode;
use crate::sim::book::{Batch, BatchState};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

impl Switch {
    /// Closes `day`: the fee is taken on what the merchant keeps after
    /// refunds, so a refund returns its share of the fee (rounded half away
    /// from zero, per line).
    pub(super) fn close(&mut self, day: Date, cx: &mut Ctx) {
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
        let zero = Decimal::ZERO;
        let (mut gross, mut refunds, mut fees, mut cny, mut payments) = (zero, zero, zero, zero, 0u32);
        for line in lines.values_mut() {
            line.fee = round_minor((line.gross - line.refunds) * sw.scheme_fee, Currency::EUR);
            gross += line.gross;
            refunds += line.refunds;
            fees += line.fee;
            cny += line.cny;
            payments += line.payments.len() as u32;
        }
        let batch = Batch {
            day,
            lines,
            payments,
            gross: Money::eur(gross),
            refunds: Money::eur(refunds),
            fees: Money::eur(fees),
            net: Money::eur(gross - refunds - fees),
            cny: Money::cny(cny),
            state: BatchState::AwaitingConversion,
            sold: None,
            remittance: None,
            remitted_times: 0,
        };
        let (g, r, f, n) = (batch.gross, batch.refunds, batch.fees, batch.net);
        cx.book.batches.insert(day, batch);
        cx.emit(Kind::ClearingBatchClosed, Party::Switch, Party::Acquirer, |_| {
            let mut fields = vec![
                ("batch", Val::Batch(day)),
                ("date", Val::Date(day)),
                ("payments", Val::Count(u64::from(payments))),
                ("gross", Val::Money(g)),
            ];
            if !r.is_zero() {
                fields.push(("refunds", Val::Money(r)));
            }
            fields.extend([("fees", Val::Money(f)), ("net", Val::Money(n))]);
            fields
        });
        if sw.convert == ConvertMode::Daily {
            let at = self.beijing.at(next, sw.convert_at).max(cx.now);
            cx.at(at, Addr::SettlementBank, Msg::Convert(day));
        }
    }
}
