//! The settlement bank: the switch's partner bank in China. It converts the
//! switch's CNY into EUR (every calendar day at T+1, or in one consolidated
//! purchase at remittance), and remits the EUR pool to the acquirer on a
//! Chinese bank working day once it reaches the minimum: day T goes out on
//! the first working day strictly after T, so days pile up over a holiday.
//! Each remittance may need the regulator's approval; work not finished by
//! the cut-off waits for the next working day.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::fx::round_rate;
use crate::domain::money::{Currency, Money};
use crate::domain::zone::Zone;
use crate::engine::Stream;
use crate::scenario::Scenario;
use crate::scenario::model::ConvertMode;
use crate::sim::book::{BatchState, Remittance, RemittanceState};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

pub struct SettlementBank {
    beijing: Zone,
    transit: Stream,
    /// The remittance being approved or waiting to be sent, if any: one at
    /// a time, later days wait for the next window.
    in_progress: Option<u32>,
    /// A shortfall the bank has yet to send (left in the EUR pool).
    owed: Money,
    /// The value date of the last remittance sent.
    last_value_date: Option<Date>,
}

impl SettlementBank {
    pub fn new(sc: &Scenario) -> SettlementBank {
        SettlementBank {
            beijing: Zone::beijing(),
            transit: Stream::derive(sc.seed, "settlement_bank", "transit"),
            in_progress: None,
            owed: Money::zero(Currency::EUR),
            last_value_date: None,
        }
    }

    pub fn handle(&mut self, msg: Msg, cx: &mut Ctx) {
        match msg {
            Msg::Convert(day) => self.convert(&[day], cx),
            Msg::RemitWindow(day) => self.window(day, cx),
            Msg::ApprovalDecision { remittance, granted } => self.decided(remittance, granted, cx),
            Msg::SendRemittance { remittance } => self.send(remittance, cx),
            _ => unreachable!("settlement bank gets {msg:?}"),
        }
    }

    /// Buys the EUR the batches owe the acquirer, at the market rate plus the
    /// bank's spread, and books what CNY is left as the switch's result.
    fn convert(&mut self, days: &[Date], cx: &mut Ctx) {
        let rate = round_rate(cx.sc.fx.path.rate_at(cx.now) * (Decimal::ONE + cx.sc.settlement_bank.fx_spread));
        let (mut sold, mut bought) = (Money::zero(Currency::CNY), Money::zero(Currency::EUR));
        for day in days {
            let b = cx.book.batches.get_mut(day).expect("batch exists");
            let cny = Money::cny(b.net.amount * rate);
            b.sold = Some((cny, rate));
            if b.state == BatchState::AwaitingConversion {
                b.state = BatchState::InPool;
            }
            let (net, residual) = (b.net, b.cny - cny);
            sold += cny;
            bought += net;
            let a = cx.acc.clone();
            cx.post(&[
                (a.cny_pool, -cny),
                (a.fx_market_cny, cny),
                (a.fx_market_eur, -net),
                (a.eur_pool, net),
            ]);
            cx.transfer(a.cny_pool, a.switch_result, residual);
        }
        cx.tally.day(self.beijing.date(cx.now)).eur_converted += bought.amount;
        let days = days.to_vec();
        cx.emit(Kind::FxConverted, Party::SettlementBank, Party::Switch, |_| {
            vec![
                ("batches", Val::Batches(days)),
                ("sold", Val::Money(sold)),
                ("bought", Val::Money(bought)),
                ("rate", Val::Rate(rate)),
            ]
        });
    }

    /// The daily remittance window: on a working day, every batch of a day
    /// strictly before today goes out together, if the pool reaches the
    /// minimum.
    fn window(&mut self, today: Date, cx: &mut Ctx) {
        let bank = &cx.sc.settlement_bank;
        let next = today.tomorrow().expect("in range");
        cx.at(
            self.beijing.at(next, bank.remit_at),
            Addr::SettlementBank,
            Msg::RemitWindow(next),
        );
        match bank.calendar.is_open(today) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => return cx.violate(e.to_string()),
        }
        // A remittance approved after yesterday's cut-off goes out first; one
        // still waiting for its approval takes the days that became ready.
        if let Some(id) = self.in_progress {
            match cx.book.remittances[id as usize].state {
                RemittanceState::Approved => self.send(id, cx),
                _ => return self.extend(id, today, cx),
            }
        }
        let batches = self.ready(today, cx);
        let statements = batches
            .iter()
            .fold(Money::zero(Currency::EUR), |s, d| s + cx.book.batches[d].net);
        let amount = statements + self.owed;
        if batches.is_empty() && self.owed.is_zero() {
            return;
        }
        // A shortfall the bank owes goes out at the next window whatever the
        // minimum: it is making good an error, not sending a new pool.
        if amount < bank.minimum && self.owed.is_zero() {
            let minimum = bank.minimum;
            cx.emit(Kind::RemittanceHeld, Party::SettlementBank, Party::Switch, |_| {
                vec![
                    ("batches", Val::Batches(batches)),
                    ("amount", Val::Money(amount)),
                    ("reason", Val::Text(format!("below the minimum of {minimum}"))),
                ]
            });
            return;
        }
        let id = cx.book.remittances.len() as u32;
        for d in &batches {
            let b = cx.book.batches.get_mut(d).expect("batch exists");
            b.state = BatchState::Remitting;
            b.remittance = Some(id);
        }
        let carried = self.owed;
        cx.book.remittances.push(Remittance {
            batches: batches.clone(),
            amount,
            carried,
            short: Money::zero(Currency::EUR),
            state: RemittanceState::AwaitingApproval,
            requested_at: cx.now,
            sent_at: None,
            value_date: None,
        });
        self.in_progress = Some(id);
        cx.emit(Kind::RemittanceRequested, Party::Switch, Party::SettlementBank, |_| {
            let mut f = vec![
                ("remittance", Val::Remittance(id)),
                ("batches", Val::Batches(batches)),
                ("amount", Val::Money(amount)),
            ];
            if !carried.is_zero() {
                f.push(("carried_shortfall", Val::Money(carried)));
            }
            f
        });
        if bank.approval.is_some() {
            cx.emit(Kind::ApprovalRequested, Party::SettlementBank, Party::Regulator, |_| {
                vec![("remittance", Val::Remittance(id)), ("amount", Val::Money(amount))]
            });
            cx.send(
                crate::engine::Duration::ZERO,
                Addr::Regulator,
                Msg::ApprovalRequest { remittance: id },
            );
        } else {
            cx.book.remittances[id as usize].state = RemittanceState::Approved;
            self.send_or_hold(id, cx);
        }
    }

    /// Batches of days strictly before `today` that are ready to go.
    fn ready(&self, today: Date, cx: &Ctx) -> Vec<Date> {
        let ready = match cx.sc.switch.convert {
            ConvertMode::Daily => BatchState::InPool,
            ConvertMode::AtRemittance => BatchState::AwaitingConversion,
        };
        cx.book
            .batches
            .range(..today)
            .filter(|(_, b)| b.state == ready)
            .map(|(d, _)| *d)
            .collect()
    }

    /// While the regulator sits on a remittance, later clearing days join
    /// it: one remittance still covers each batch exactly once.
    fn extend(&mut self, id: u32, today: Date, cx: &mut Ctx) {
        let batches = self.ready(today, cx);
        if batches.is_empty() {
            return;
        }
        let mut added = Money::zero(Currency::EUR);
        for d in &batches {
            let b = cx.book.batches.get_mut(d).expect("batch exists");
            b.state = BatchState::Remitting;
            b.remittance = Some(id);
            added += b.net;
        }
        let r = &mut cx.book.remittances[id as usize];
        r.batches.extend(&batches);
        r.amount += added;
        let amount = r.amount;
        cx.emit(
            Kind::RemittanceExtended,
            Party::SettlementBank,
            Party::Regulator,
            |_| {
                vec![
                    ("remittance", Val::Remittance(id)),
                    ("batches", Val::Batches(batches)),
                    ("amount", Val::Money(amount)),
                ]
            },
        );
    }

    fn decided(&mut self, id: u32, granted: bool, cx: &mut Ctx) {
        if granted {
            cx.book.remittances[id as usize].state = RemittanceState::Approved;
            cx.emit(Kind::ApprovalGranted, Party::Regulator, Party::SettlementBank, |_| {
                vec![("remittance", Val::Remittance(id))]
            });
            self.send_or_hold(id, cx);
            return;
        }
        // Refused: the batches go back to the pool and wait for the next window.
        let r = &mut cx.book.remittances[id as usize];
        r.state = RemittanceState::Rejected;
        let back = match cx.sc.switch.convert {
            ConvertMode::Daily => BatchState::InPool,
            ConvertMode::AtRemittance => BatchState::AwaitingConversion,
        };
        for d in r.batches.clone() {
            let b = cx.book.batches.get_mut(&d).expect("batch exists");
            b.state = back;
            b.remittance = None;
        }
        self.in_progress = None;
        cx.emit(Kind::ApprovalRejected, Party::Regulator, Party::SettlementBank, |_| {
            vec![("remittance", Val::Remittance(id))]
        });
    }

    /// Sends now if today is a working day before the cut-off; otherwise
    /// holds until the next working day's window.
    fn send_or_hold(&mut self, id: u32, cx: &mut Ctx) {
        let bank = &cx.sc.settlement_bank;
        let today = self.beijing.date(cx.now);
        let open = match bank.calendar.is_open(today) {
            Ok(open) => open,
            Err(e) => return cx.violate(e.to_string()),
        };
        if open && cx.now < self.beijing.at(today, bank.cutoff) {
            return self.send(id, cx);
        }
        let next = match bank.calendar.next_open_after(today) {
            Ok(d) => d,
            Err(e) => return cx.violate(e.to_string()),
        };
        let (cutoff, until) = (bank.cutoff, self.beijing.at(next, bank.remit_at));
        cx.emit(Kind::RemittanceHeld, Party::SettlementBank, Party::Acquirer, |_| {
            vec![
                ("remittance", Val::Remittance(id)),
                (
                    "reason",
                    Val::Text(format!(
                        "approved after the {cutoff} cut-off or on a closed day: goes out on {next}"
                    )),
                ),
            ]
        });
        cx.at(until, Addr::SettlementBank, Msg::SendRemittance { remittance: id });
    }

    fn send(&mut self, id: u32, cx: &mut Ctx) {
        if cx.book.remittances[id as usize].state != RemittanceState::Approved {
            return; // already sent by the window that ran first
        }
        let bank = &cx.sc.settlement_bank;
        let today = self.beijing.date(cx.now);
        if !bank.calendar.is_open(today).unwrap_or(false) {
            cx.violate(format!(
                "calendars: remittance {} would leave on {today}, a closed day of {}",
                crate::sim::book::remittance_id(id),
                bank.calendar.name
            ));
        }
        let batches = cx.book.remittances[id as usize].batches.clone();
        if cx.sc.switch.convert == ConvertMode::AtRemittance {
            self.convert(&batches, cx);
        }
        let amount = cx.book.remittances[id as usize].amount;
        // A `remittance_short` fault: part of the money does not go; the
        // bank still owes it and sends it with its next remittance.
        let short = cx
            .sc
            .faults
            .remittance_short(today)
            .map_or(Money::zero(Currency::EUR), |s| s.min(amount));
        let sent = amount - short;
        self.owed = short;
        cx.book.remittances[id as usize].short = short;
        cx.transfer(cx.acc.eur_pool, cx.acc.in_transit, sent);
        let acq = &cx.sc.acquirer;
        let days = self
            .transit
            .between(i64::from(bank.transit_days.0), i64::from(bank.transit_days.1)) as u32;
        // Transfers through the same correspondent chain arrive in the order
        // sent: a remittance never overtakes the one before it.
        let value_date = match acq.calendar.add_business_days(acq.zone.date(cx.now), days) {
            Ok(d) => d.max(self.last_value_date.unwrap_or(d)),
            Err(e) => return cx.violate(e.to_string()),
        };
        self.last_value_date = Some(value_date);
        for d in &batches {
            let b = cx.book.batches.get_mut(d).expect("batch exists");
            b.state = BatchState::InTransit;
            b.remitted_times += 1;
            if b.remitted_times > 1 {
                let msg = format!("batch {} remitted twice", crate::sim::book::batch_id(*d));
                cx.violate(msg);
            }
        }
        let r = &mut cx.book.remittances[id as usize];
        r.state = RemittanceState::Sent;
        r.sent_at = Some(cx.now);
        r.value_date = Some(value_date);
        self.in_progress = None;
        cx.tally.day(today).remitted += sent.amount;
        cx.emit(Kind::RemittanceSent, Party::SettlementBank, Party::Acquirer, |_| {
            vec![
                ("remittance", Val::Remittance(id)),
                ("batches", Val::Batches(batches)),
                ("amount", Val::Money(sent)),
                ("value_date", Val::Date(value_date)),
            ]
        });
        cx.at(
            acq.zone.at(value_date, acq.value_time),
            Addr::Acquirer,
            Msg::RemittanceArrives { remittance: id },
        );
    }
}
