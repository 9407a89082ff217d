//! The daily payout run. A merchant is paid its whole balance, less nothing
//! more (the MDR was taken at reconciliation), when its tier is due and the
//! balance reaches the tier's minimum; by SCT on TARGET2 business days
//! (credited the next one) or SCT Inst on any day within seconds, up to its
//! cap (the scenario's, else the scheme maximum of the day, none from
//! October 2025). A payout the merchant's bank rejects (pacs.002) or returns
//! (pacs.004; SCT only, SCT Inst has no return) comes back into suspense
//! with its reason, and is paid again once the merchant has fixed its
//! account: never automatically for RR04.

use rust_decimal::Decimal;

use super::{Acquirer, Booking, Entry, Held, inst_cap, on_value_date};
use crate::domain::Date;
use crate::domain::ids::{MerchantId, PayoutId};
use crate::domain::money::Money;
use crate::domain::reason::{Reason, needs_compliance_review};
use crate::domain::rules::{SCT_EXECUTION_DAYS, Unsourced};
use crate::engine::{Duration, Instant, Stream};
use crate::messages::mail::AcquirerMsg;
use crate::messages::statement::Cleared;
use crate::messages::{Body, Party, Why};
use crate::scenario::faults::FaultKind;
use crate::scenario::model::{self, PayoutSchedule, Scheme, add_days};

use super::super::Retention;
use super::super::ctx::Ctx;
use super::super::draw_duration;

/// A pacs.002 reject comes back the same day, a couple of hours later.
const REJECT_AFTER: Duration = Duration::from_hours(2);

/// How a payout ended, or that it has not yet. Only the acquirer changes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutOutcome {
    /// Sent; not yet credited, rejected or returned.
    InFlight,
    /// Credited to the merchant's account: SCT at the acquirer's value time
    /// on its next business day (pacs.008, D+1 at the latest), SCT Inst
    /// within the drawn `inst_latency`. A `payout_return` fault can still
    /// turn an SCT into `Returned`.
    Settled,
    /// pacs.002 before settlement: an SCT rejected two hours after sending
    /// (e.g. AC01 wrong IBAN), an SCT Inst within its execution time, also
    /// for a `payout_return` fault (SCT Inst has no return); the money is in
    /// suspense. Reasons: [`RTransaction::SctReject`] and
    /// [`RTransaction::SctInstReject`].
    ///
    /// [`RTransaction::SctReject`]: crate::domain::reason::RTransaction::SctReject
    /// [`RTransaction::SctInstReject`]: crate::domain::reason::RTransaction::SctInstReject
    Rejected(Reason),
    /// pacs.004 after settlement: an SCT returned 1 to 3 acquirer business
    /// days after the credit (e.g. AC04 closed, MD07 deceased; reasons:
    /// [`RTransaction::SctReturn`]); the money is in suspense.
    ///
    /// [`RTransaction::SctReturn`]: crate::domain::reason::RTransaction::SctReturn
    Returned(Reason),
}

/// A payout to one merchant, a SEPA credit transfer (`PO000001`).
#[derive(Clone, Debug)]
pub struct Payout {
    /// The merchant paid (`GROUP/N`).
    pub merchant: MerchantId,
    /// The merchant's whole balance at the payout run, in EUR: the MDR was
    /// already taken at reconciliation.
    pub amount: Money,
    /// SCT, or SCT Inst when `acquirer.scheme = "SCT_INST"` and `amount` is
    /// within the cap (`acquirer.inst_cap`, else [`inst_cap`] on the day).
    pub scheme: Scheme,
    /// The payments whose money it carries. A run that only reports
    /// ([`Retention::InFlight`](crate::agents::Retention)) empties the list
    /// once the payout settled for good, unless it pays again money a
    /// bounced payout carried (the failure report follows that money), and
    /// leaves it empty while the payout is in flight (the acquirer keeps it
    /// packed meanwhile).
    pub payments: Vec<Cleared>,
    /// Whether it carries money a rejected or returned payout carried.
    pub repays: bool,
    /// When the acquirer sent it: its `payout_at` window (UTC instant).
    pub sent_at: Instant,
    /// When it was credited to the merchant's account; None while in flight,
    /// and for ever if rejected.
    pub settled_at: Option<Instant>,
    /// How it ended; changed only by the acquirer.
    pub outcome: PayoutOutcome,
    /// Set at sending when the merchant's bank will return it (a fault).
    pub return_reason: Option<Reason>,
    /// When a reject or return brought it back.
    pub bounced_at: Option<Instant>,
    /// Why it is credited when it is, as decided at sending.
    pub credit_why: Option<Why>,
}

impl Acquirer {
    /// The daily payout window, at `acquirer.payout_at` on the acquirer's
    /// date `today`, every calendar day (the next one is scheduled first).
    /// For each merchant needing attention: suspense whose fault window is
    /// over goes back to its balance, a negative balance is collected by
    /// direct debit, a positive one is paid when its tier is due. SCT payouts
    /// and direct debits wait for an open day of the acquirer's calendar
    /// (TARGET2 by default); a calendar error is a broken invariant.
    pub(super) fn payout_run(&mut self, today: Date, cx: &mut Ctx) {
        let acq = &cx.sc.acquirer;
        let next = today.tomorrow().expect("in range");
        cx.at(acq.zone.at(next, acq.payout_at), AcquirerMsg::PayoutWindow(next));
        let open = match acq.calendar.is_open(today) {
            Ok(o) => o,
            Err(e) => return cx.violate(e.to_string()),
        };
        for merchant in self.attention.clone() {
            self.release_suspense(merchant, today, cx);
            let a = &self.accounts[merchant.index()];
            if a.balance.is_sign_negative() && !a.balance.is_zero() {
                self.collect(merchant, today, open, cx);
            } else if a.balance > Decimal::ZERO && a.blocked_until.is_none_or(|d| d < today) {
                self.maybe_pay(merchant, today, open, cx);
            }
            let a = &self.accounts[merchant.index()];
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
    fn maybe_pay(&mut self, merchant: MerchantId, today: Date, open: bool, cx: &mut Ctx) {
        let tier_name = cx.merchants.tier(merchant);
        let tier = &cx.sc.tiers[tier_name];
        let a = &mut self.accounts[merchant.index()];
        let due = last_scheduled(tier.payout, today);
        let waiting_since = a.waiting_since.unwrap_or(today);
        if !a.pay_now && (due < waiting_since || a.last_due == Some(due)) {
            return;
        }
        let amount = Money::eur(a.balance);
        let scheme = match payout_scheme(&cx.sc.acquirer, amount, today) {
            Ok(s) => s,
            Err(e) => return cx.violate(e.to_string()),
        };
        if scheme == Scheme::Sct && !open {
            return; // SCT waits for a TARGET2 business day; the date stays due
        }
        a.last_due = Some(due);
        if amount >= tier.minimum || a.pay_now {
            a.pay_now = false;
            let why = Why::TierSchedule {
                tier: tier_name.to_string(),
                schedule: tier.payout,
                payout_at: cx.sc.acquirer.payout_at,
                minimum: tier.minimum,
            };
            self.pay(merchant, amount, scheme, today, why, cx);
        }
    }

    fn pay(&mut self, merchant: MerchantId, amount: Money, scheme: Scheme, today: Date, why: Why, cx: &mut Ctx) {
        let a = &mut self.accounts[merchant.index()];
        a.balance = Decimal::ZERO;
        a.waiting_since = None;
        let lane = a.payouts;
        a.payouts += 1;
        let waiting = std::mem::take(&mut a.payments);
        let repays = std::mem::take(&mut a.repays);
        let id = PayoutId::from_index(self.payouts.len() as u32);
        let acq = &cx.sc.acquirer;
        if scheme == Scheme::Sct && !acq.calendar.is_open(today).unwrap_or(false) {
            cx.violate(format!("calendars: SCT payout {id} sent on {today}, a closed day"));
        }
        // SCT Inst has no return: a bank that would return an SCT refuses
        // the instant credit instead, within the execution time.
        let (rejected, return_reason) = match (cx.sc.faults.payout(merchant, today), scheme) {
            (Some(FaultKind::PayoutReject(_)), _) | (Some(FaultKind::PayoutReturn(_)), Scheme::SctInst) => (true, None),
            (Some(FaultKind::PayoutReturn(r)), Scheme::Sct) => (false, Some(*r)),
            _ => (false, None),
        };
        // A run that lets records go keeps a payout's payments packed while
        // it is in flight (a weekly run sends a week of payments at once).
        let payments = if self.retention == Retention::InFlight {
            self.in_flight.insert(id, waiting);
            Vec::new()
        } else {
            waiting.to_vec()
        };
        self.payouts.push(Payout {
            merchant,
            amount,
            scheme,
            payments,
            repays,
            sent_at: cx.now,
            settled_at: None,
            outcome: PayoutOutcome::InFlight,
            return_reason,
            bounced_at: None,
            credit_why: None,
        });
        cx.transfer(cx.acc.merchant_balances, cx.acc.payouts_in_flight, amount);
        let entry = Entry::PaidOut { payout: id };
        self.book(Booking::balance(merchant, cx.now, entry, -amount));
        cx.emit_because(
            Party::Acquirer,
            Party::Merchant(merchant),
            Body::PayoutSent {
                payout: id,
                merchant,
                amount,
                scheme,
            },
            || why,
        );
        // The merchant's own stream, one lane per payout of that merchant.
        let mut s = Stream::lane(
            self.seed,
            Stream::stream_id(&cx.merchants.name(merchant), "payout"),
            lane,
        );
        let (settles, credit_why) = match scheme {
            Scheme::SctInst => (cx.now + draw_duration(&mut s, acq.inst_latency), None),
            // SCT: credited the next acquirer business day (pacs.008, D+1 at
            // the latest: the maximum execution time of the dated table).
            Scheme::Sct => match SCT_EXECUTION_DAYS
                .on(today)
                .map_err(|e| e.to_string())
                .and_then(|days| acq.calendar.add_business_days(today, *days).map_err(|e| e.to_string()))
            {
                Ok(d) => {
                    let closed = match (today.tomorrow(), d.yesterday()) {
                        (Ok(from), Ok(to)) => acq.calendar.closed_between(from, to),
                        _ => Vec::new(),
                    };
                    (acq.zone.at(d, acq.value_time), Some(Why::SctNextBusinessDay { closed }))
                }
                Err(e) => return cx.violate(e),
            },
        };
        self.payouts[id.index()].credit_why = credit_why;
        if rejected {
            // pacs.002: an SCT two hours later, an SCT Inst within its
            // execution time (when it would have been credited).
            return match scheme {
                Scheme::Sct => cx.send(REJECT_AFTER, AcquirerMsg::PayoutRejected(id)),
                Scheme::SctInst => cx.at(settles, AcquirerMsg::PayoutRejected(id)),
            };
        }
        cx.at(settles, AcquirerMsg::PayoutSettles(id));
        if return_reason.is_some() {
            // pacs.004 within three TARGET2 business days of settlement.
            self.returns_pending += 1;
            let days = s.between(1, 3) as u32;
            let settled_on = acq.zone.date(settles);
            let day = acq.calendar.add_business_days(settled_on, days);
            on_value_date(cx, day, AcquirerMsg::PayoutReturned(id));
        }
    }

    /// A payout reaches the merchant's account: the money leaves the
    /// corridor, and every payment it covered has reached its merchant.
    pub(super) fn settled(&mut self, id: PayoutId, cx: &mut Ctx) {
        self.unpack(id);
        let po = &mut self.payouts[id.index()];
        po.settled_at = Some(cx.now);
        po.outcome = PayoutOutcome::Settled;
        let (merchant, amount) = (po.merchant, po.amount);
        // A payout its bank will return has not really reached the merchant:
        // its payments count when they are paid again.
        if po.return_reason.is_none() {
            for p in &po.payments {
                cx.tally.to_credit_ms.push((cx.now - p.initiated).as_ms());
                if !self.paid_out.insert(p.payment) {
                    cx.violate(format!("payment {} was paid out twice (again by {id})", p.payment));
                }
            }
            // Its payments have reached their merchant for good.
            if !po.repays && !self.retention.keeps_any(&po.payments) {
                po.payments = Vec::new();
            }
        }
        // The reason travels once, with the credit's event.
        let why = po.credit_why.take();
        cx.transfer(cx.acc.payouts_in_flight, cx.acc.paid_to_merchants, amount);
        let local = cx.sc.acquirer.zone.date(cx.now);
        cx.tally.day(local).paid += amount.amount();
        let body = Body::PayoutSettled {
            payout: id,
            merchant,
            amount,
        };
        cx.emit_if_because(Party::Acquirer, Party::Merchant(merchant), body, why);
    }

    /// Gives payout `id` its list of payments back if it was kept packed.
    fn unpack(&mut self, id: PayoutId) {
        if let Some(waiting) = self.in_flight.remove(&id) {
            self.payouts[id.index()].payments = waiting.to_vec();
        }
    }

    /// A payout came back: rejected before settlement, or returned after it.
    /// The money waits in suspense with its reason; payouts to the merchant
    /// stop until it has fixed its account.
    pub(super) fn bounced(&mut self, id: PayoutId, rejected: bool, cx: &mut Ctx) {
        let (merchant, sent_on) = {
            let po = self.payout(id);
            (po.merchant, cx.sc.acquirer.zone.date(po.sent_at))
        };
        let reason = match cx.sc.faults.payout(merchant, sent_on) {
            Some(FaultKind::PayoutReject(r) | FaultKind::PayoutReturn(r)) => *r,
            _ => return cx.violate(format!("payout {id} bounced without a fault")),
        };
        self.unpack(id);
        let po = &mut self.payouts[id.index()];
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
            self.returns_pending -= 1;
            cx.tally.day(cx.sc.acquirer.zone.date(cx.now)).returned += amount.amount();
        }
        let until = cx.sc.faults.payout_fault_end(merchant, sent_on);
        let a = &mut self.accounts[merchant.index()];
        match a.held.iter_mut().find(|h| h.reason == reason) {
            Some(h) => {
                h.amount += amount.amount();
                h.payments.extend(payments);
            }
            None => a.held.push(Held {
                reason,
                amount: amount.amount(),
                payments,
            }),
        }
        a.blocked_until = until.max(a.blocked_until);
        self.attention.insert(merchant);
        self.book(Booking {
            merchant,
            at: cx.now,
            entry: Entry::Bounced {
                payout: id,
                reason,
                returned: !rejected,
            },
            balance: Money::zero(amount.currency()),
            suspense: amount,
        });
        let body = if rejected {
            Body::PayoutRejected {
                payout: id,
                merchant,
                amount,
                reason,
            }
        } else {
            Body::PayoutReturned {
                payout: id,
                merchant,
                amount,
                reason,
            }
        };
        cx.emit(Party::Merchant(merchant), Party::Acquirer, body);
    }

    /// Once the merchant's fault window is over, suspense goes back to its
    /// balance to be paid again, except RR04, which waits for compliance.
    fn release_suspense(&mut self, merchant: MerchantId, today: Date, cx: &mut Ctx) {
        let a = &mut self.accounts[merchant.index()];
        if a.blocked_until.is_some_and(|d| d >= today) {
            return;
        }
        let (release, keep): (Vec<Held>, Vec<Held>) = std::mem::take(&mut a.held)
            .into_iter()
            .partition(|h| !needs_compliance_review(h.reason));
        a.held = keep;
        for h in release {
            let a = &mut self.accounts[merchant.index()];
            let amount = Money::eur(h.amount);
            a.balance += h.amount;
            // The money back from suspense waited longest: its payments
            // come first.
            let later = a.payments.take();
            a.payments.extend(&h.payments);
            a.payments.extend(&later);
            a.repays = true;
            a.blocked_until = None;
            // Paid at once: the merchant has waited long enough.
            a.pay_now = true;
            cx.transfer(cx.acc.suspense, cx.acc.merchant_balances, amount);
            self.book(Booking {
                merchant,
                at: cx.now,
                entry: Entry::Released { reason: h.reason },
                balance: amount,
                suspense: -amount,
            });
            cx.emit_because(
                Party::Acquirer,
                Party::Merchant(merchant),
                Body::SuspenseReleased {
                    merchant,
                    amount,
                    reason: h.reason,
                },
                || Why::SuspenseUntilFixed,
            );
        }
    }
}

/// The scheme a payout of `amount` sent on `on` (acquirer date) goes by:
/// SCT under `scheme = "SCT"`; under `"SCT_INST"`, SCT Inst up to the cap
/// (`inst_cap` if the scenario sets one, else the scheme maximum of the day,
/// [`inst_cap`]: none from 5 October 2025) and SCT above it. Errors for a
/// date the scheme maximum's table does not cover (validation refuses such
/// a scenario first).
pub fn payout_scheme(acq: &model::Acquirer, amount: Money, on: Date) -> Result<Scheme, Unsourced> {
    if acq.scheme == Scheme::Sct {
        return Ok(Scheme::Sct);
    }
    let cap = match acq.inst_cap {
        Some(own) => Some(own),
        None => inst_cap(on)?,
    };
    Ok(if cap.is_none_or(|c| amount <= c) {
        Scheme::SctInst
    } else {
        Scheme::Sct
    })
}

/// The latest date on or before `today` that the schedule pays on (the
/// acquirer's dates; a tier's `payout` key). Never fails: `monthly:N` is
/// validated to 1..=28, so the date exists in every month.
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
        let cap = |d| inst_cap(d).unwrap().map(|m| m.to_string());
        assert_eq!(cap(date(2018, 2, 14)).as_deref(), Some("15000.00 EUR"));
        assert_eq!(cap(date(2020, 7, 1)).as_deref(), Some("100000.00 EUR"));
        assert_eq!(cap(date(2026, 3, 1)), None);
        assert!(inst_cap(date(2017, 11, 20)).is_err());
    }
}
