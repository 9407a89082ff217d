//! The end of the clearing day: one statement line per merchant (payments
//! less refunds), the scheme fee per line, and the statement handed to the
//! settlement bank: for its T+1 conversion (daily), or to hold as CNY until
//! the remittance's consolidated purchase.

use std::sync::Arc;

use super::Switch;
use crate::domain::Date;
use crate::domain::ids::BatchId;
use crate::domain::money::{Currency, Money};
use crate::engine::Duration;
use crate::messages::mail::{SettlementBankMsg, SwitchMsg};
use crate::messages::statement::Statement;
use crate::messages::{Body, Party, Why};
use crate::scenario::model::ConvertMode;

use super::super::ctx::Ctx;
use super::super::retained;

impl Switch {
    /// Closes `day`: the fee is taken on what the merchant keeps after
    /// refunds, so a refund returns its share of the fee (rounded half away
    /// from zero, per line).
    pub(super) fn close(&mut self, day: Date, cx: &mut Ctx) {
        let sw = &cx.sc.switch;
        let next = day.tomorrow().expect("in range");
        cx.at(
            Switch::close_time(&self.beijing, sw.cutoff, next),
            SwitchMsg::CloseClearingDay(next),
        );
        let Some(open) = self.open_days.remove(&day) else {
            return;
        };
        let (mut lines, cleared) = open.close();
        let zero = Money::zero(Currency::EUR);
        let (mut gross, mut refunds, mut fees, mut payments) = (zero, zero, zero, 0u32);
        let mut cny = Money::zero(Currency::CNY);
        for line in lines.values_mut() {
            line.fee = (line.gross - line.refunds).times(sw.scheme_fee);
            gross += line.gross;
            refunds += line.refunds;
            fees += line.fee;
            cny += line.cny;
        }
        for list in cleared.values() {
            payments += list.len() as u32;
            for c in list.iter() {
                if !self.cleared.insert(c.payment) {
                    cx.violate(format!("payment {} was cleared twice", c.payment));
                }
            }
        }
        let statement = Arc::new(Statement {
            day,
            lines: Arc::new(lines),
            cleared,
            payments,
            gross,
            refunds,
            fees,
            net: gross - refunds - fees,
            cny,
        });
        // The lists travel with the statement to the acquirer; the switch
        // keeps them only if the run keeps every record.
        self.batches.insert(day, retained(&statement, self.book.retention()));
        let cutoff = sw.cutoff;
        cx.emit_because(
            Party::Switch,
            Party::Acquirer,
            Body::ClearingBatchClosed {
                batch: BatchId(day),
                payments: u64::from(payments),
                gross: statement.gross,
                refunds: statement.refunds,
                fees: statement.fees,
                net: statement.net,
            },
            || Why::ClearingCutoff { cutoff },
        );
        match sw.convert {
            ConvertMode::Daily => {
                let at = self.beijing.at(next, sw.convert_at).max(cx.now);
                cx.at(at, SettlementBankMsg::Convert(statement));
            }
            ConvertMode::AtRemittance => cx.send(Duration::ZERO, SettlementBankMsg::Statement(statement)),
        }
    }
}
