//! The settlement bank: the switch's partner bank in China. It owns the EUR
//! pool and the remittances. It converts the switch's CNY into EUR (every
//! calendar day at T+1, or in one consolidated purchase at remittance), and
//! remits the EUR pool to the acquirer on a Chinese bank working day once it
//! reaches the minimum: day T goes out on the first working day strictly
//! after T, so days pile up over a holiday. Each remittance may need the
//! regulator's approval; work not finished by the cut-off waits for the next
//! working day.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::fx::round_rate;
use crate::domain::ids::{BatchId, RemittanceId};
use crate::domain::money::{Currency, Money};
use crate::domain::zone::Zone;
use crate::engine::{Duration, Instant, Stream};
use crate::messages::event::Hold;
use crate::messages::mail::{AcquirerMsg, RegulatorMsg, RemittanceAdvice, SettlementBankMsg};
use crate::messages::statement::Statement;
use crate::messages::{Body, Party, Why};
use crate::scenario::Scenario;
use crate::scenario::model::ConvertMode;

use super::ctx::Ctx;
use super::{Retention, retained};

/// Where a clearing batch's money stands at the bank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchState {
    /// Its CNY waits in the switch's pool for the consolidated purchase.
    AwaitingConversion,
    /// Converted; its EUR is in the pool.
    InPool,
    /// Covered by a remittance that is being approved or sent.
    Remitting,
    /// Sent to the acquirer.
    Sent,
}

/// A clearing batch as the bank handles it.
#[derive(Clone, Debug)]
pub struct PoolBatch {
    /// The switch's statement of the clearing day (`B20180214`): `net` is
    /// the EUR owed the acquirer, `cny` the CNY collected for it.
    pub statement: Arc<Statement>,
    /// Where its money stands; changed only by the settlement bank.
    pub state: BatchState,
    /// CNY paid for the batch's EUR, and the bank's rate (CNY per EUR).
    pub sold: Option<(Money, Decimal)>,
    /// The remittance covering it; None until one does, and again after the
    /// regulator refused that remittance.
    pub remittance: Option<RemittanceId>,
    /// Remittances that sent it: 0 or 1, as every batch is remitted exactly
    /// once (spec); more is a broken invariant.
    pub remitted_times: u32,
}

/// Where a remittance stands at the bank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemittanceState {
    /// Waiting for the regulator's (SAFE's) decision; later clearing days
    /// join it at each window meanwhile.
    AwaitingApproval,
    /// Approved, or approval is off (`approval = "none"`): sent at once
    /// before the bank's cut-off on a working day, else at the next working
    /// day's window.
    Approved,
    /// Refused by the regulator: never sent; its batches went back to the
    /// pool for the next window.
    Rejected,
    /// Sent: its EUR has left the pool for the acquirer.
    Sent,
}

/// A remittance of the EUR pool to the acquirer (`R0001`).
#[derive(Clone, Debug)]
pub struct Remittance {
    /// The clearing batches it covers, oldest first (`B20180214`).
    pub batches: Vec<BatchId>,
    /// What the statements it covers owe, plus any earlier shortfall it
    /// carries: what it should deliver.
    pub amount: Money,
    /// An earlier remittance's shortfall this one makes good.
    pub carried: Money,
    /// What went missing on the way (a `remittance_short` fault).
    pub short: Money,
    /// Where it stands; changed only by the settlement bank.
    pub state: RemittanceState,
    /// When the bank opened it: its `remit_at` window (Beijing time) on a
    /// working day of its calendar (`CN` by default).
    pub requested_at: Instant,
    /// When it left, on a working day of the bank's calendar: at once if
    /// approved before the bank's cut-off, else at a later `remit_at`
    /// window. None until sent.
    pub sent_at: Option<Instant>,
    /// The acquirer business day it is credited: `transit` acquirer business
    /// days after the acquirer-local sending date, never before the previous
    /// remittance's. None until sent.
    pub value_date: Option<Date>,
}

/// The settlement bank and its records.
pub struct SettlementBank {
    beijing: Zone,
    transit: Stream,
    batches: BTreeMap<Date, PoolBatch>,
    remittances: Vec<Remittance>,
    /// The remittance being approved or waiting to be sent, if any: one at
    /// a time, later days wait for the next window.
    in_progress: Option<RemittanceId>,
    /// A shortfall the bank has yet to send (left in the EUR pool).
    owed: Money,
    /// Statements that netted below zero (refunds above takings), not yet
    /// netted against a later purchase: zero or negative EUR.
    carried: Money,
    /// The value date of the last remittance sent.
    last_value_date: Option<Date>,
    /// Windows since the last remittance at which the pool was held below
    /// the minimum, with what it held.
    held: Vec<(Date, Money)>,
    /// Whether statements keep their per-payment lists once remitted.
    retention: Retention,
}

impl SettlementBank {
    /// A bank with its transit-time stream, keeping the statements'
    /// per-payment lists after remitting them as `retention` says.
    pub fn new(sc: &Scenario, retention: Retention) -> SettlementBank {
        SettlementBank {
            beijing: Zone::beijing(),
            transit: Stream::derive(sc.seed, "settlement_bank", "transit"),
            batches: BTreeMap::new(),
            remittances: Vec::new(),
            in_progress: None,
            owed: Money::zero(Currency::EUR),
            carried: Money::zero(Currency::EUR),
            last_value_date: None,
            held: Vec::new(),
            retention,
        }
    }

    /// The batches the bank has been handed, by clearing day.
    pub fn batches(&self) -> &BTreeMap<Date, PoolBatch> {
        &self.batches
    }

    /// The remittances, by id.
    pub fn remittances(&self) -> &[Remittance] {
        &self.remittances
    }

    /// EUR the merchants owe through statements that netted below zero,
    /// carried against the bank's next purchase: zero or negative.
    pub fn carried(&self) -> Money {
        self.carried
    }

    /// Handles a message for the bank.
    pub fn handle(&mut self, msg: SettlementBankMsg, cx: &mut Ctx) {
        match msg {
            SettlementBankMsg::Convert(statement) => {
                let day = self.receive(statement);
                self.convert(&[day], cx);
            }
            SettlementBankMsg::Statement(statement) => {
                self.receive(statement);
            }
            SettlementBankMsg::RemitWindow(day) => self.window(day, cx),
            SettlementBankMsg::ApprovalDecision { remittance, granted } => self.decided(remittance, granted, cx),
            SettlementBankMsg::SendRemittance(remittance) => self.send(remittance, true, cx),
        }
    }

    /// Takes a closed day's statement into the bank's register, its CNY
    /// not yet converted.
    fn receive(&mut self, statement: Arc<Statement>) -> Date {
        let day = statement.day;
        self.batches.insert(
            day,
            PoolBatch {
                statement,
                state: BatchState::AwaitingConversion,
                sold: None,
                remittance: None,
                remitted_times: 0,
            },
        );
        day
    }

    /// Buys the EUR the batches owe the acquirer, at the market rate plus the
    /// bank's spread, and books what CNY is left as the switch's result.
    /// A statement that nets below zero (its refunds exceed its takings in
    /// EUR) buys nothing and is never sold back: its debt is carried and
    /// nets against the next purchase, as scheme settlement nets a negative
    /// position against the next one.
    fn convert(&mut self, days: &[Date], cx: &mut Ctx) {
        let rate = round_rate(cx.sc.fx.path.rate_at(cx.now) * (Decimal::ONE + cx.sc.settlement_bank.fx_spread));
        let (mut sold, mut bought) = (Money::zero(Currency::CNY), Money::zero(Currency::EUR));
        for day in days {
            let b = self.batches.get_mut(day).expect("batch handed over");
            let owed = b.statement.net + self.carried;
            let (net, carried) = if owed.is_negative() {
                (Money::zero(Currency::EUR), owed)
            } else {
                (owed, Money::zero(Currency::EUR))
            };
            self.carried = carried;
            let cny = Money::cny(net.amount() * rate);
            b.sold = Some((cny, rate));
            if b.state == BatchState::AwaitingConversion {
                b.state = BatchState::InPool;
            }
            let residual = b.statement.cny - cny;
            sold += cny;
            bought += net;
            let a = cx.acc;
            cx.post(&[
                (a.cny_pool, -cny),
                (a.fx_market_cny, cny),
                (a.fx_market_eur, -net),
                (a.eur_pool, net),
            ]);
            cx.transfer(a.cny_pool, a.switch_result, residual);
        }
        let carried = self.carried;
        cx.tally.day(self.beijing.date(cx.now)).eur_converted += bought.amount();
        // The pool only grows here, at a conversion, so its peak is seen here.
        let pool = cx.ledger.balance(cx.acc.eur_pool).amount();
        cx.tally.eur_pool_peak = cx.tally.eur_pool_peak.max(pool);
        let convert = cx.sc.switch.convert;
        let convert_at = cx.sc.switch.convert_at;
        cx.emit_because(
            Party::SettlementBank,
            Party::Switch,
            Body::FxConverted {
                batches: days.iter().map(|d| BatchId(*d)).collect(),
                sold,
                bought,
                rate,
            },
            || match convert {
                _ if carried.is_negative() => Why::NegativeNetCarried { carried },
                ConvertMode::Daily => Why::ConvertedNextDay { at: convert_at },
                ConvertMode::AtRemittance => Why::ConvertedAtRemittance,
            },
        );
    }

    /// Why the days `batches` go out at today's window: the window's time,
    /// and the bank's closed days since the oldest of them.
    fn window_why<'a>(
        sc: &'a Scenario,
        batches: &[Date],
        today: Date,
        held: Vec<(Date, Money)>,
    ) -> impl FnOnce() -> Why + use<'a> {
        let bank = &sc.settlement_bank;
        let oldest = batches.first().copied();
        move || {
            let closed = match (oldest.and_then(|d| d.tomorrow().ok()), today.yesterday().ok()) {
                (Some(from), Some(to)) => bank.calendar.closed_between(from, to),
                _ => Vec::new(),
            };
            Why::RemitWindow {
                at: bank.remit_at,
                today,
                closed,
                held,
                minimum: bank.minimum,
            }
        }
    }

    /// The daily remittance window: on a working day, every batch of a day
    /// strictly before today goes out together, if the pool reaches the
    /// minimum.
    fn window(&mut self, today: Date, cx: &mut Ctx) {
        let bank = &cx.sc.settlement_bank;
        let next = today.tomorrow().expect("in range");
        cx.at(
            self.beijing.at(next, bank.remit_at),
            SettlementBankMsg::RemitWindow(next),
        );
        match bank.calendar.is_open(today) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => return cx.violate(e.to_string()),
        }
        // A remittance approved after yesterday's cut-off goes out first; one
        // still waiting for its approval takes the days that became ready.
        if let Some(id) = self.in_progress {
            match self.remittances[id.index()].state {
                RemittanceState::Approved => self.send(id, true, cx),
                _ => return self.extend(id, today, cx),
            }
        }
        let batches = self.ready(today, cx);
        let statements = batches
            .iter()
            .fold(Money::zero(Currency::EUR), |s, d| s + self.batches[d].statement.net);
        let amount = statements + self.owed;
        if batches.is_empty() && self.owed.is_zero() {
            return;
        }
        let bank = &cx.sc.settlement_bank;
        // A shortfall the bank owes goes out at the next window whatever the
        // minimum: it is making good an error, not sending a new pool.
        // Nothing, or less than nothing (a statement that netted below
        // zero), is never sent, whatever the minimum.
        if !amount.is_positive() || (amount < bank.minimum && self.owed.is_zero()) {
            let minimum = bank.minimum;
            self.held.push((today, amount));
            return cx.emit(
                Party::SettlementBank,
                Party::Switch,
                Body::RemittanceHeld(Hold::BelowMinimum {
                    batches: batches.iter().map(|d| BatchId(*d)).collect(),
                    amount,
                    minimum,
                }),
            );
        }
        let id = RemittanceId::from_index(self.remittances.len() as u32);
        for d in &batches {
            let b = self.batches.get_mut(d).expect("ready batch");
            b.state = BatchState::Remitting;
            b.remittance = Some(id);
        }
        let carried = self.owed;
        self.remittances.push(Remittance {
            batches: batches.iter().map(|d| BatchId(*d)).collect(),
            amount,
            carried,
            short: Money::zero(Currency::EUR),
            state: RemittanceState::AwaitingApproval,
            requested_at: cx.now,
            sent_at: None,
            value_date: None,
        });
        self.in_progress = Some(id);
        let why = Self::window_why(cx.sc, &batches, today, std::mem::take(&mut self.held));
        cx.emit_because(
            Party::Switch,
            Party::SettlementBank,
            Body::RemittanceRequested {
                remittance: id,
                batches: batches.iter().map(|d| BatchId(*d)).collect(),
                amount,
                carried_shortfall: carried,
            },
            why,
        );
        if cx.sc.settlement_bank.approval.is_some() {
            cx.emit(
                Party::SettlementBank,
                Party::Regulator,
                Body::ApprovalRequested { remittance: id, amount },
            );
            cx.send(Duration::ZERO, RegulatorMsg::ApprovalRequest { remittance: id });
        } else {
            self.remittances[id.index()].state = RemittanceState::Approved;
            self.send_or_hold(id, cx);
        }
    }

    /// Batches of days strictly before `today` that are ready to go.
    fn ready(&self, today: Date, cx: &Ctx) -> Vec<Date> {
        let ready = match cx.sc.switch.convert {
            ConvertMode::Daily => BatchState::InPool,
            ConvertMode::AtRemittance => BatchState::AwaitingConversion,
        };
        self.batches
            .range(..today)
            .filter(|(_, b)| b.state == ready)
            .map(|(d, _)| *d)
            .collect()
    }

    /// While the regulator sits on a remittance, later clearing days join
    /// it: one remittance still covers each batch exactly once.
    fn extend(&mut self, id: RemittanceId, today: Date, cx: &mut Ctx) {
        let batches = self.ready(today, cx);
        if batches.is_empty() {
            return;
        }
        let mut added = Money::zero(Currency::EUR);
        for d in &batches {
            let b = self.batches.get_mut(d).expect("ready batch");
            b.state = BatchState::Remitting;
            b.remittance = Some(id);
            added += b.statement.net;
        }
        let r = &mut self.remittances[id.index()];
        r.batches.extend(batches.iter().map(|d| BatchId(*d)));
        r.amount += added;
        let amount = r.amount;
        let why = Self::window_why(cx.sc, &batches, today, Vec::new());
        cx.emit_because(
            Party::SettlementBank,
            Party::Regulator,
            Body::RemittanceExtended {
                remittance: id,
                batches: batches.iter().map(|d| BatchId(*d)).collect(),
                amount,
            },
            why,
        );
    }

    fn decided(&mut self, id: RemittanceId, granted: bool, cx: &mut Ctx) {
        if granted {
            let r = &mut self.remittances[id.index()];
            r.state = RemittanceState::Approved;
            let took = cx.now - r.requested_at;
            cx.emit_because(
                Party::Regulator,
                Party::SettlementBank,
                Body::ApprovalGranted { remittance: id },
                || Why::Approval { took },
            );
            self.send_or_hold(id, cx);
            return;
        }
        // Refused: the batches go back to the pool and wait for the next window.
        let r = &mut self.remittances[id.index()];
        r.state = RemittanceState::Rejected;
        let back = match cx.sc.switch.convert {
            ConvertMode::Daily => BatchState::InPool,
            ConvertMode::AtRemittance => BatchState::AwaitingConversion,
        };
        for d in &r.batches {
            let b = self.batches.get_mut(&d.day()).expect("remitted batch");
            b.state = back;
            b.remittance = None;
        }
        self.in_progress = None;
        cx.emit(
            Party::Regulator,
            Party::SettlementBank,
            Body::ApprovalRejected { remittance: id },
        );
    }

    /// Sends now if today is a working day before the cut-off; otherwise
    /// holds until the next working day's window.
    fn send_or_hold(&mut self, id: RemittanceId, cx: &mut Ctx) {
        let bank = &cx.sc.settlement_bank;
        let today = self.beijing.date(cx.now);
        let open = match bank.calendar.is_open(today) {
            Ok(open) => open,
            Err(e) => return cx.violate(e.to_string()),
        };
        if open && cx.now < self.beijing.at(today, bank.cutoff) {
            return self.send(id, false, cx);
        }
        let next = match bank.calendar.next_open_after(today) {
            Ok(d) => d,
            Err(e) => return cx.violate(e.to_string()),
        };
        let (cutoff, until) = (bank.cutoff, self.beijing.at(next, bank.remit_at));
        cx.emit(
            Party::SettlementBank,
            Party::Acquirer,
            Body::RemittanceHeld(Hold::PastCutoff {
                remittance: id,
                cutoff,
                next,
            }),
        );
        cx.at(until, SettlementBankMsg::SendRemittance(id));
    }

    /// Sends an approved remittance; `held` when it waited for this window.
    fn send(&mut self, id: RemittanceId, held: bool, cx: &mut Ctx) {
        if self.remittances[id.index()].state != RemittanceState::Approved {
            return; // already sent by the window that ran first
        }
        let bank = &cx.sc.settlement_bank;
        let today = self.beijing.date(cx.now);
        if !bank.calendar.is_open(today).unwrap_or(false) {
            cx.violate(format!(
                "calendars: remittance {id} would leave on {today}, a closed day of {}",
                bank.calendar.name
            ));
        }
        let days: Vec<Date> = self.remittances[id.index()].batches.iter().map(|b| b.day()).collect();
        if cx.sc.switch.convert == ConvertMode::AtRemittance {
            self.convert(&days, cx);
        }
        let bank = &cx.sc.settlement_bank;
        let amount = self.remittances[id.index()].amount;
        // A `remittance_short` fault: part of the money does not go; the
        // bank still owes it and sends it with its next remittance.
        let short = cx
            .sc
            .faults
            .remittance_short(today)
            .map_or(Money::zero(Currency::EUR), |s| s.min(amount));
        let sent = amount - short;
        self.owed = short;
        self.remittances[id.index()].short = short;
        cx.transfer(cx.acc.eur_pool, cx.acc.in_transit, sent);
        let acq = &cx.sc.acquirer;
        let range = bank.transit_days;
        let days_in_transit = self.transit.between(i64::from(range.0), i64::from(range.1)) as u32;
        // Transfers through the same correspondent chain arrive in the order
        // sent: a remittance never overtakes the one before it.
        let value_date = match acq.calendar.add_business_days(acq.zone.date(cx.now), days_in_transit) {
            Ok(d) => d.max(self.last_value_date.unwrap_or(d)),
            Err(e) => return cx.violate(e.to_string()),
        };
        self.last_value_date = Some(value_date);
        let mut statements = Vec::with_capacity(days.len());
        for d in &days {
            let b = self.batches.get_mut(d).expect("remitted batch");
            b.state = BatchState::Sent;
            b.remitted_times += 1;
            statements.push(Arc::clone(&b.statement));
            // The acquirer reads the per-payment lists; the bank does not.
            b.statement = retained(&b.statement, self.retention);
            if b.remitted_times > 1 {
                cx.violate(format!("batch {} remitted twice", BatchId(*d)));
            }
        }
        let r = &mut self.remittances[id.index()];
        r.state = RemittanceState::Sent;
        r.sent_at = Some(cx.now);
        r.value_date = Some(value_date);
        let batches = r.batches.clone();
        self.in_progress = None;
        cx.tally.day(today).remitted += sent.amount();
        let body = Body::RemittanceSent {
            remittance: id,
            batches,
            amount: sent,
            value_date,
        };
        let why = held.then_some(Why::HeldPastCutoff { cutoff: bank.cutoff });
        cx.emit_if_because(Party::SettlementBank, Party::Acquirer, body, why);
        let advice = RemittanceAdvice {
            remittance: id,
            statements,
            expected: amount,
            received: sent,
            value_date,
            transit: Why::Transit {
                days: days_in_transit,
                range,
                value_date,
            },
        };
        cx.at(
            acq.zone.at(value_date, acq.value_time),
            AcquirerMsg::RemittanceArrives(Box::new(advice)),
        );
    }
}
