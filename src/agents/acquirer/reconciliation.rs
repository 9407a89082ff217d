//! Reconciliation: each remittance is matched against the statements
//! (clearing batches) it covers, plus any earlier shortfall it makes good.
//! Batches are explained oldest first, each only once its full amount is
//! there; money that explains no whole batch waits, unreconciled, in an
//! exception until the rest arrives. Nothing is paid from money that cannot
//! be explained.

use rust_decimal::Decimal;

use super::Acquirer;
use crate::domain::money::{Currency, Money, round_minor};
use crate::sim::book::{BatchState, Exception, RemittanceState};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};

impl Acquirer {
    pub(super) fn arrives(&mut self, id: u32, cx: &mut Ctx) {
        let r = &mut cx.book.remittances[id as usize];
        r.state = RemittanceState::Received;
        let (expected, received, value_date, batches) = (r.amount, r.amount - r.short, r.value_date, r.batches.clone());
        let acq = &cx.sc.acquirer;
        let today = acq.zone.date(cx.now);
        if Some(today) != value_date || !acq.calendar.is_open(today).unwrap_or(false) {
            cx.violate(format!(
                "calendars: remittance {} credited on {today}, not an open value date",
                crate::sim::book::remittance_id(id)
            ));
        }
        cx.tally.day(today).arrived += received.amount;
        cx.emit(Kind::RemittanceReceived, Party::SettlementBank, Party::Acquirer, |_| {
            vec![
                ("remittance", Val::Remittance(id)),
                ("amount", Val::Money(received)),
                ("value_date", Val::Date(today)),
            ]
        });
        cx.transfer(cx.acc.in_transit, cx.acc.unreconciled, received);
        for d in &batches {
            cx.book.batches.get_mut(d).expect("batch").state = BatchState::Unreconciled;
        }
        self.unexplained.extend(&batches);
        let matched = expected == received;
        let credited = self.explain(cx);
        if matched {
            cx.emit(Kind::ReconciliationMatched, Party::Acquirer, Party::Acquirer, |_| {
                vec![
                    ("remittance", Val::Remittance(id)),
                    ("batches", Val::Batches(batches)),
                    ("amount", Val::Money(received)),
                    ("credited", Val::Money(credited)),
                ]
            });
        }
        if expected != received {
            let e = cx.book.exceptions.len() as u32;
            cx.book.exceptions.push(Exception {
                remittance: id,
                expected,
                received,
                opened_at: cx.now,
                resolved_at: None,
                resolved_by: None,
            });
            self.open_exceptions.push(e);
            cx.emit(Kind::ReconciliationFailed, Party::Acquirer, Party::Acquirer, |_| {
                vec![
                    ("remittance", Val::Remittance(id)),
                    ("exception", Val::Exception(e)),
                    ("expected", Val::Money(expected)),
                    ("amount", Val::Money(received)),
                    ("shortfall", Val::Money(expected - received)),
                    ("credited", Val::Money(credited)),
                ]
            });
        }
        if self.unexplained.is_empty() {
            for e in std::mem::take(&mut self.open_exceptions) {
                let x = &mut cx.book.exceptions[e as usize];
                x.resolved_at = Some(cx.now);
                x.resolved_by = Some(id);
                let shortfall = x.expected - x.received;
                cx.emit(Kind::ExceptionResolved, Party::Acquirer, Party::Acquirer, |_| {
                    vec![
                        ("exception", Val::Exception(e)),
                        ("remittance", Val::Remittance(id)),
                        ("amount", Val::Money(shortfall)),
                    ]
                });
            }
        }
    }

    /// Credits, oldest first, every unexplained batch whose whole amount is
    /// in the unreconciled money. Returns what was credited.
    fn explain(&mut self, cx: &mut Ctx) -> Money {
        let mut cash = cx.ledger.balance(cx.acc.unreconciled);
        let mut credited = Money::zero(Currency::EUR);
        while let Some(&day) = self.unexplained.front() {
            let net = cx.book.batches[&day].net;
            if net > cash {
                break;
            }
            self.unexplained.pop_front();
            cash -= net;
            credited += self.credit_batch(day, cx);
        }
        credited
    }

    /// The statement lines of one batch go to the merchants' balances, less
    /// each merchant's MDR (rounded half away from zero); the acquirer keeps
    /// the MDR less the scheme fee.
    fn credit_batch(&mut self, day: crate::domain::Date, cx: &mut Ctx) -> Money {
        let today = cx.sc.acquirer.zone.date(cx.now);
        let b = cx.book.batches.get_mut(&day).expect("batch");
        b.state = BatchState::Received;
        let (mut credited, mut margin) = (Decimal::ZERO, Decimal::ZERO);
        for (&merchant, line) in &b.lines {
            let group = cx.book.merchants[merchant as usize].group as usize;
            let tier = &cx.sc.tiers[cx.book.groups[group].tier.as_str()];
            let kept = line.gross - line.refunds;
            let mdr = round_minor(kept * tier.mdr, Currency::EUR);
            let credit = kept - mdr;
            credited += credit;
            margin += mdr - line.fee;
            let account = &mut self.accounts[merchant as usize];
            if account.balance <= Decimal::ZERO && account.balance + credit > Decimal::ZERO {
                account.waiting_since = Some(today);
            }
            account.balance += credit;
            account.payments.extend_from_slice(&line.payments);
            self.attention.insert(merchant);
        }
        let net = b.net;
        let a = cx.acc.clone();
        cx.post(&[
            (a.unreconciled, -net),
            (a.merchant_balances, Money::eur(credited)),
            (a.acquirer_margin, Money::eur(margin)),
        ]);
        Money::eur(credited)
    }
}
