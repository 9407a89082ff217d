//! The daily payout run. A merchant is paid its whole balance, less nothing
//! more (the MDR was taken at reconciliation), when its tier is due and the
//! balance reaches the tier's minimum; by SCT on TARGET2 business days
//! (credited the next one) or SCT Inst on any day within seconds, up to its
//! cap. A payout the merchant's bank rejects (pacs.002) or returns (pacs.004)
//! comes back into suspense with its reason, and is paid again once the
//! merchant has fixed its account: never automatically for RR04.

use rust_decimal::Decimal;

use super::{Acquirer, Held, inst_cap, on_value_date};
use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::reason::needs_compliance_review;
use crate::engine::{Duration, Stream};
use crate::scenario::faults::FaultKind;
use crate::scenario::model::{PayoutSchedule, Scheme, add_days};
use crate::sim::book::{Payout, PayoutOutcome, payout_id};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

use super::super::draw_duration;

/// A pacs.002 reject comes back the same day, a couple of hours later.
const REJECT_AFTER: Duration = Duration::from_hours(2);

impl Acquirer {
    pub(super) fn payout_run(&mut self, today: Date, cx: &mut Ctx) {
        let acq = &cx.sc.acquirer;
        let next = today.tomorrow().expect("in range");
        cx.at(
            acq.zone.at(next, acq.payout_at),
            Addr::Acquirer,
            Msg::PayoutWindow(next),
        );
        let open = match acq.calendar.is_open(today) {
            Ok(o) => o,
            Err(e) => return cx.violate(e.to_string()),
        };
        for merchant in self.attention.clone() {
            self.release_suspense(merchant, today, cx);
            let a = &self.accounts[merchant as usize];
            if a.balance.is_sign_negative() && !a.balance.is_zero() {
                self.collect(merchant, today, open, cx);
            } else if a.balance > Decimal::ZERO && a.blocked_until.is_none_or(|d| d < today) {
                self.maybe_pay(merchant, today, open, cx);
            }
            let a = &self.accounts[merchant as usize];
            if a.balance.is_zero() && a.held.is_empty() && a.collecting.is_none() {
                self.attention.remove(&merchant);
            }
        }
    }

    /// Pays the merchant if its tier has a payout date between the day its
    /// money started waiting and today that has not been used yet, and the
    /// balance reaches the minimum. A date that falls on a closed day rolls
    /// to the next day SCT can go; money that arrives after a payout date
    /// waits for the next one; a balance below the minimum waits too.
    fn maybe_pay(&mut self, merchant: u32, today: Date, open: bool, cx: &mut Ctx) {
        let tier = &cx.sc.tiers[cx.book.merchant_tier(merchant)];
        let a = &mut self.accounts[merchant as usize];
        let due = last_scheduled(tier.payout, today);
        let waiting_since = a.waiting_since.unwrap_or(today);
        if !a.pay_now && (due < waiting_since || a.last_due == Some(due)) {
            return;
        }
        let amount = Money::eur(a.balance);
        let cap = cx.sc.acquirer.inst_cap.unwrap_or_else(|| inst_cap(today));
        let scheme = if cx.sc.acquirer.scheme == Scheme::SctInst && amount <= cap {
            Scheme::SctInst
        } else {
            Scheme::Sct
        };
        if scheme == Scheme::Sct && !open {
            return; // SCT waits for a TARGET2 business day; the date stays due
        }
        a.last_due = Some(due);
        if amount >= tier.minimum || a.pay_now {
            a.pay_now = false;
            self.pay(merchant, amount, scheme, today, cx);
        }
    }

    fn pay(&mut self, merchant: u32, amount: Money, scheme: Scheme, today: Date, cx: &mut Ctx) {
        let a = &mut self.accounts[merchant as usize];
        a.balance = Decimal::ZERO;
        a.waiting_since = None;
        let lane = a.payouts;
        a.payouts += 1;
        let payments = std::mem::take(&mut a.payments);
        let id = cx.book.payouts.len() as u32;
        let acq = &cx.sc.acquirer;
        if scheme == Scheme::Sct && !acq.calendar.is_open(today).unwrap_or(false) {
            cx.violate(format!(
                "calendars: SCT payout {} sent on {today}, a closed day",
                payout_id(id)
            ));
        }
        let fault = cx.sc.faults.payout(merchant, today).cloned();
        let return_reason = match fault {
            Some(FaultKind::PayoutReturn(r)) => Some(r),
            _ => None,
        };
        cx.book.payouts.push(Payout {
            merchant,
            amount,
            scheme,
            payments,
            sent_at: cx.now,
            settled_at: None,
            outcome: PayoutOutcome::InFlight,
            return_reason,
            bounced_at: None,
        });
        cx.transfer(cx.acc.merchant_balances, cx.acc.payouts_in_flight, amount);
        cx.emit(Kind::PayoutSent, Party::Acquirer, Party::Merchant(merchant), |_| {
            vec![
                ("payout", Val::Payout(id)),
                ("merchant", Val::Merchant(merchant)),
                ("amount", Val::Money(amount)),
                ("scheme", Val::Code(scheme.code())),
            ]
        });
        // The merchant's own stream, one lane per payout of that merchant.
        let mut s = Stream::lane(
            self.seed,
            Stream::stream_id(&cx.book.merchant_name(merchant), "payout"),
            lane,
        );
        let settles = match scheme {
            Scheme::SctInst => cx.now + draw_duration(&mut s, acq.inst_latency),
            // SCT: credited the next acquirer business day (pacs.008, D+1 at the latest).
            Scheme::Sct => match acq.calendar.next_open_after(today) {
                Ok(d) => acq.zone.at(d, acq.value_time),
                Err(e) => return cx.violate(e.to_string()),
            },
        };
        if let Some(FaultKind::PayoutReject(_)) = fault {
            return cx.send(REJECT_AFTER, Addr::Acquirer, Msg::PayoutRejected { payout: id });
        }
        cx.at(settles, Addr::Merchant(merchant), Msg::PayoutSettles { payout: id });
        if return_reason.is_some() {
            // pacs.004 within three TARGET2 business days of settlement.
            cx.tally.returns_pending += 1;
            let days = s.between(1, 3) as u32;
            let settled_on = acq.zone.date(settles);
            let day = acq.calendar.add_business_days(settled_on, days);
            on_value_date(cx, day, Addr::Acquirer, Msg::PayoutReturned { payout: id });
        }
    }

    /// A payout came back: rejected before settlement, or returned after it.
    /// The money waits in suspense with its reason; payouts to the merchant
    /// stop until it has fixed its account.
    pub(super) fn bounced(&mut self, id: u32, rejected: bool, cx: &mut Ctx) {
        let merchant = cx.book.payouts[id as usize].merchant;
        let reason = match cx
            .sc
            .faults
            .payout(merchant, cx.sc.acquirer.zone.date(cx.book.payouts[id as usize].sent_at))
        {
            Some(FaultKind::PayoutReject(r) | FaultKind::PayoutReturn(r)) => *r,
            _ => return cx.violate(format!("payout {} bounced without a fault", payout_id(id))),
        };
        let po = &mut cx.book.payouts[id as usize];
        po.outcome = if rejected {
            PayoutOutcome::Rejected(reason)
        } else {
            PayoutOutcome::Returned(reason)
        };
        po.bounced_at = Some(cx.now);
        let (amount, payments) = (po.amount, po.payments.clone());
        let from = if rejected {
            cx.acc.payouts_in_flight
        } else {
            cx.acc.paid_to_merchants
        };
        cx.transfer(from, cx.acc.suspense, amount);
        if !rejected {
            cx.tally.returns_pending -= 1;
        }
        let until = cx
            .sc
            .faults
            .payout_fault_end(merchant, cx.sc.acquirer.zone.date(cx.book.payouts[id as usize].sent_at));
        let a = &mut self.accounts[merchant as usize];
        match a.held.iter_mut().find(|h| h.reason == reason) {
            Some(h) => {
                h.amount += amount.amount;
                h.payments.extend(payments);
            }
            None => a.held.push(Held {
                reason,
                amount: amount.amount,
                payments,
            }),
        }
        a.blocked_until = until.max(a.blocked_until);
        self.attention.insert(merchant);
        let kind = if rejected {
            Kind::PayoutRejected
        } else {
            Kind::PayoutReturned
        };
        cx.emit(kind, Party::Merchant(merchant), Party::Acquirer, |_| {
            vec![
                ("payout", Val::Payout(id)),
                ("merchant", Val::Merchant(merchant)),
                ("amount", Val::Money(amount)),
                ("reason", Val::Code(reason.code)),
                ("description", Val::Code(reason.description)),
            ]
        });
    }

    /// Once the merchant's fault window is over, suspense goes back to its
    /// balance to be paid again, except RR04, which waits for compliance.
    fn release_suspense(&mut self, merchant: u32, today: Date, cx: &mut Ctx) {
        let a = &mut self.accounts[merchant as usize];
        if a.blocked_until.is_some_and(|d| d >= today) {
            return;
        }
        let (release, keep): (Vec<Held>, Vec<Held>) = std::mem::take(&mut a.held)
            .into_iter()
            .partition(|h| !needs_compliance_review(h.reason));
        a.held = keep;
        for h in release {
            let a = &mut self.accounts[merchant as usize];
            let amount = Money::eur(h.amount);
            a.balance += h.amount;
            let mut payments = h.payments;
            payments.append(&mut a.payments);
            a.payments = payments;
            a.blocked_until = None;
            // Paid at once: the merchant has waited long enough.
            a.pay_now = true;
            cx.transfer(cx.acc.suspense, cx.acc.merchant_balances, amount);
            let reason = h.reason;
            cx.emit(
                Kind::SuspenseReleased,
                Party::Acquirer,
                Party::Merchant(merchant),
                |_| {
                    vec![
                        ("merchant", Val::Merchant(merchant)),
                        ("amount", Val::Money(amount)),
                        ("reason", Val::Code(reason.code)),
                    ]
                },
            );
        }
    }
}

/// The latest date on or before `today` that the schedule pays on.
pub fn last_scheduled(schedule: PayoutSchedule, today: Date) -> Date {
    match schedule {
        PayoutSchedule::Daily => today,
        PayoutSchedule::Weekly(w) => {
            let back = (i64::from(today.weekday().to_monday_zero_offset()) - i64::from(w.to_monday_zero_offset()))
                .rem_euclid(7);
            add_days(today, -back)
        }
        PayoutSchedule::Monthly(d) => {
            let this = jiff::civil::date(today.year(), today.month(), d);
            if this <= today {
                this
            } else {
                let prev = add_days(jiff::civil::date(today.year(), today.month(), 1), -1);
                jiff::civil::date(prev.year(), prev.month(), d)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Weekday::Monday, date};

    #[test]
    fn schedules_find_their_last_date() {
        // 2018-02-14 is a Wednesday.
        let wed = date(2018, 2, 14);
        assert_eq!(last_scheduled(PayoutSchedule::Weekly(Monday), wed), date(2018, 2, 12));
        assert_eq!(
            last_scheduled(PayoutSchedule::Weekly(Monday), date(2018, 2, 12)),
            date(2018, 2, 12)
        );
        assert_eq!(last_scheduled(PayoutSchedule::Monthly(1), wed), date(2018, 2, 1));
        assert_eq!(last_scheduled(PayoutSchedule::Monthly(20), wed), date(2018, 1, 20));
        assert_eq!(
            last_scheduled(PayoutSchedule::Monthly(20), date(2018, 1, 5)),
            date(2017, 12, 20)
        );
        assert_eq!(last_scheduled(PayoutSchedule::Daily, wed), wed);
    }

    #[test]
    fn the_inst_cap_follows_the_rulebook() {
        assert_eq!(inst_cap(date(2018, 2, 14)).to_string(), "15000.00 EUR");
        assert_eq!(inst_cap(date(2020, 7, 1)).to_string(), "100000.00 EUR");
    }
}
