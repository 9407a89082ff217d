//! Collections: a merchant whose balance went negative (refunds exceeded its
//! takings) is collected by SEPA direct debit (pacs.003), credited the next
//! TARGET2 business day. Its bank may return the debit up to five business
//! days later (AM04, MD01, MS02); the debt then stays on the books, visible,
//! and is collected again once the merchant's fault window is over (or
//! netted against its next statements).

use super::{Acquirer, on_value_date};
use crate::domain::Date;
use crate::domain::money::Money;
use crate::engine::Stream;
use crate::sim::book::{DirectDebit, DirectDebitState, direct_debit_id};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

impl Acquirer {
    /// Sends a direct debit for what the merchant owes, on a TARGET2 day.
    pub(super) fn collect(&mut self, merchant: u32, today: Date, open: bool, cx: &mut Ctx) {
        let a = &mut self.accounts[merchant as usize];
        if !open || a.collecting.is_some() || a.debit_blocked_until.is_some_and(|d| d >= today) {
            return;
        }
        let amount = Money::eur(-a.balance);
        let id = cx.book.direct_debits.len() as u32;
        a.collecting = Some(id);
        cx.book.direct_debits.push(DirectDebit {
            merchant,
            amount,
            state: DirectDebitState::Sent,
            sent_at: cx.now,
        });
        cx.emit(
            Kind::DirectDebitSent,
            Party::Acquirer,
            Party::Merchant(merchant),
            |_| debit_fields(id, merchant, amount),
        );
        let day = cx.sc.acquirer.calendar.next_open_after(today);
        on_value_date(cx, day, Addr::Acquirer, Msg::DirectDebitSettles { debit: id });
    }

    pub(super) fn debit_settles(&mut self, id: u32, cx: &mut Ctx) {
        let d = &mut cx.book.direct_debits[id as usize];
        d.state = DirectDebitState::Settled;
        let (merchant, amount, sent) = (d.merchant, d.amount, d.sent_at);
        let a = &mut self.accounts[merchant as usize];
        a.balance += amount.amount;
        cx.transfer(cx.acc.collected_from_merchants, cx.acc.merchant_balances, amount);
        cx.emit(
            Kind::DirectDebitSettled,
            Party::Merchant(merchant),
            Party::Acquirer,
            |_| debit_fields(id, merchant, amount),
        );
        let acq = &cx.sc.acquirer;
        let sent_on = acq.zone.date(sent);
        let Some(_) = cx.sc.faults.direct_debit_return(merchant, sent_on) else {
            self.accounts[merchant as usize].collecting = None;
            return;
        };
        // The merchant's bank returns it within five business days.
        let mut s = Stream::lane(
            self.seed,
            Stream::stream_id(&cx.book.merchant_name(merchant), "direct_debit"),
            id,
        );
        let days = s.between(1, 5) as u32;
        let day = acq.calendar.add_business_days(acq.zone.date(cx.now), days);
        on_value_date(cx, day, Addr::Acquirer, Msg::DirectDebitReturned { debit: id });
    }

    pub(super) fn debit_returned(&mut self, id: u32, cx: &mut Ctx) {
        let d = &cx.book.direct_debits[id as usize];
        let (merchant, amount) = (d.merchant, d.amount);
        let sent_on = cx.sc.acquirer.zone.date(d.sent_at);
        let Some(reason) = cx.sc.faults.direct_debit_return(merchant, sent_on) else {
            return cx.violate(format!("direct debit {} returned without a fault", direct_debit_id(id)));
        };
        cx.book.direct_debits[id as usize].state = DirectDebitState::Returned(reason);
        let until = cx.sc.faults.direct_debit_fault_end(merchant, sent_on);
        let a = &mut self.accounts[merchant as usize];
        a.balance -= amount.amount;
        a.collecting = None;
        a.debit_blocked_until = until;
        self.attention.insert(merchant);
        cx.transfer(cx.acc.merchant_balances, cx.acc.collected_from_merchants, amount);
        cx.emit(
            Kind::DirectDebitReturned,
            Party::Merchant(merchant),
            Party::Acquirer,
            |_| {
                let mut f = debit_fields(id, merchant, amount);
                f.extend([
                    ("reason", Val::Code(reason.code)),
                    ("description", Val::Code(reason.description)),
                ]);
                f
            },
        );
    }
}

/// What every direct-debit event names.
fn debit_fields(id: u32, merchant: u32, amount: Money) -> Vec<(&'static str, Val)> {
    vec![
        ("direct_debit", Val::DirectDebit(id)),
        ("merchant", Val::Merchant(merchant)),
        ("amount", Val::Money(amount)),
    ]
}
