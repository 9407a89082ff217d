//! The world: one run of the corridor. It owns the clock, the queue, the
//! agents, the ledger and the statistics, delivers each message to the agent
//! its type addresses in (time, sequence) order, and decides when the run
//! ends. It reads no file and no clock; events go to whatever
//! [`EventSink`] the caller gives it.

pub mod invariants;
mod outcome;

pub use outcome::Outcome;

pub use crate::agents::Retention;
use crate::agents::acquirer::Acquirer;
use crate::agents::cardholders::Cardholders;
use crate::agents::ctx::{Accounts, Ctx, Log, Queue, Tally, Violation};
use crate::agents::issuer::Issuer;
use crate::agents::merchants::Merchants;
use crate::agents::regulator::Regulator;
use crate::agents::settlement_bank::SettlementBank;
use crate::agents::switch::Switch;
use crate::domain::Date;
use crate::domain::ledger::Ledger;
use crate::domain::zone::Zone;
use crate::engine::EventQueue;
use crate::messages::mail::{AcquirerMsg, CardholdersMsg, MerchantMsg, SettlementBankMsg, SwitchMsg, WorldMsg};
use crate::messages::{Body, Directory, Envelope, EventSink, Party};
use crate::scenario::Scenario;
use crate::scenario::model::add_days;

use outcome::Agents;

/// The most deliveries pending at once; a scenario that needs more stops
/// with an error rather than exhausting memory.
pub const QUEUE_LIMIT: usize = 20_000_000;

/// How closely a run checks itself, and which records it keeps for
/// reading after the end.
#[derive(Clone, Copy, Debug, Default)]
pub struct Checks {
    /// Verify after every delivery that each currency's accounts sum to
    /// zero (every posting is checked anyway; this re-adds all accounts, so
    /// property tests use it and ordinary runs check at each midnight).
    pub books_after_every_event: bool,
    /// Keep a journal of every posting in the outcome's ledger, for replay.
    pub journal: bool,
    /// Which payment records the switch keeps once final: all of them
    /// (the default, for replay and bank files) or only those still in
    /// flight (a run that only reports).
    pub payments: Retention,
}

impl Checks {
    /// A run whose records nobody reads after its report (`run` without
    /// bank files, `test`, `sweep`, `bench`): the default checks, and
    /// payment records only while they are in flight, so memory follows
    /// the payments in flight. The report is the same.
    pub const REPORT_ONLY: Checks = Checks {
        books_after_every_event: false,
        journal: false,
        payments: Retention::InFlight,
    };
}

/// Runs `sc` to its end, sending events to `sink` if given.
pub fn run(sc: &Scenario, sink: Option<&mut dyn EventSink>) -> Outcome {
    run_with(sc, sink, Checks::default())
}

/// The parts of a run every delivery needs.
struct Run<'a, 's> {
    sc: &'a Scenario,
    directory: Directory,
    queue: Queue,
    ledger: Ledger,
    acc: Accounts,
    tally: Tally,
    log: Log<'s>,
}

impl<'s> Run<'_, 's> {
    fn cx(&mut self, now: crate::engine::Instant) -> Ctx<'_, 's> {
        Ctx {
            now,
            sc: self.sc,
            merchants: &self.directory,
            queue: &mut self.queue,
            ledger: &mut self.ledger,
            acc: &self.acc,
            tally: &mut self.tally,
            log: &mut self.log,
        }
    }
}

/// As [`run`], with extra checks.
pub fn run_with(sc: &Scenario, sink: Option<&mut dyn EventSink>, checks: Checks) -> Outcome {
    run_observed(sc, sink, checks, &mut |_| {})
}

/// Deliveries between two calls of a run's observer.
const OBSERVE_EVERY: u64 = 1 << 16;

/// How far a run has come, in simulated time (UTC instants).
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Where the run started.
    pub started: crate::engine::Instant,
    /// The instant reached.
    pub now: crate::engine::Instant,
    /// The latest the run can end (the end of its drain days); it may stop
    /// earlier, once every euro has reached a merchant.
    pub end: crate::engine::Instant,
}

/// As [`run_with`], calling `observe` every 65,536 deliveries with how far
/// the run has come (for a progress bar). The observer sees time only: it
/// cannot change the run.
pub fn run_observed(
    sc: &Scenario,
    sink: Option<&mut dyn EventSink>,
    checks: Checks,
    observe: &mut dyn FnMut(Progress),
) -> Outcome {
    let bj = Zone::beijing();
    let directory = Directory::new(sc);
    let first_day = sc.merchants.iter().filter_map(|g| g.joins).fold(sc.start, Date::min);
    let started = bj.midnight(first_day);
    let end = bj.midnight(add_days(sc.horizon(), 1));
    let mut ledger = Ledger::new();
    if checks.journal {
        ledger.keep_journal();
    }
    let acc = Accounts::open(&mut ledger);
    let merchants = Merchants::new(sc, &directory);
    let mut agents = Agents {
        cardholders: Cardholders::new(sc, &merchants.active_before_start()),
        switch: Switch::new(merchants.active_before_start(), checks.payments),
        merchants,
        issuer: Issuer::new(sc),
        bank: SettlementBank::new(sc, checks.payments),
        regulator: Regulator::new(sc),
        acquirer: Acquirer::new(sc, directory.len(), checks.payments),
    };
    let wallets_funded = agents.issuer.total();
    let funding = [(acc.wallet_top_ups, -wallets_funded), (acc.wallets, wallets_funded)];
    let _ = ledger.post(&funding);
    ledger.journal(started, 0, &funding);
    let mut w = Run {
        sc,
        directory,
        queue: EventQueue::new(started, QUEUE_LIMIT),
        ledger,
        acc,
        tally: Tally::default(),
        log: Log::new(sink),
    };
    start(sc, &bj, first_day, &agents, &mut w.cx(started));
    let mut ended = started;
    let mut delivered = 0u64;
    loop {
        // The cardholders' next scan waits outside the queue in the place it
        // reserved: it goes first when its (time, place) is the smaller.
        let queued = w.queue.peek_place();
        let scan = agents.cardholders.next_scan().filter(|s| queued.is_none_or(|q| *s < q));
        let Some((next, _)) = scan.or(queued) else {
            break;
        };
        if next >= end || w.log.violation.is_some() || w.log.io_error.is_some() {
            break;
        }
        let msg = if scan.is_some() {
            w.queue.advance_to(next);
            None
        } else {
            Some(w.queue.pop().expect("peeked").msg)
        };
        ended = next;
        delivered += 1;
        if delivered % OBSERVE_EVERY == 0 {
            observe(Progress {
                started,
                now: ended,
                end,
            });
        }
        w.log.begin_delivery();
        let cx = &mut w.cx(next);
        match msg {
            None => agents.cardholders.scan(cx),
            Some(Envelope::Cardholders(m)) => agents.cardholders.handle(m, cx),
            Some(Envelope::Merchant(m)) => agents.merchants.handle(m, cx),
            Some(Envelope::Issuer(m)) => agents.issuer.handle(m, cx),
            Some(Envelope::Switch(m)) => agents.switch.handle(m, cx),
            Some(Envelope::SettlementBank(m)) => agents.bank.handle(m, cx),
            Some(Envelope::Regulator(m)) => agents.regulator.handle(m, cx),
            Some(Envelope::Acquirer(m)) => agents.acquirer.handle(m, cx),
            Some(Envelope::World(WorldMsg::DayTick(day))) => {
                if day_tick(sc, &bj, day, &agents, cx) {
                    break;
                }
            }
        }
        w.log.end_delivery(&w.ledger, ended);
        if checks.books_after_every_event {
            if let Some((c, sum)) = w.ledger.totals().into_iter().find(|(_, s)| !s.is_zero()) {
                let seq = w.log.seq.saturating_sub(1);
                w.log.violation.get_or_insert(Violation {
                    seq,
                    kind: w.log.last_kind,
                    at: ended,
                    message: format!("double entry: the {c} accounts sum to {sum}, not zero"),
                });
            }
        }
    }
    let mut outcome = Outcome {
        agents,
        directory: w.directory,
        ledger: w.ledger,
        accounts: w.acc,
        tally: w.tally,
        events: w.log.seq,
        started,
        ended,
        wallets_funded,
        violation: w.log.violation,
        io_error: w.log.io_error,
    };
    if outcome.violation.is_none() {
        if let Err(message) = invariants::check_end(&outcome) {
            outcome.violation = Some(Violation {
                seq: outcome.events.saturating_sub(1),
                kind: "end of run",
                at: ended,
                message,
            });
        }
    }
    outcome
}

/// The first timers of every agent, and the merchants already active.
fn start(sc: &Scenario, bj: &Zone, first_day: Date, agents: &Agents, cx: &mut Ctx) {
    for (m, active) in agents.merchants.active_before_start().into_iter().enumerate() {
        if active {
            let merchant = crate::domain::ids::MerchantId::from_index(m as u32);
            cx.emit(
                Party::Switch,
                Party::Merchant(merchant),
                Body::MerchantOnboarded {
                    merchant,
                    before_start: true,
                },
            );
        }
    }
    for (at, merchant) in agents.merchants.applications(sc, cx.merchants) {
        cx.at(at, MerchantMsg::Apply { merchant });
    }
    cx.at(Cardholders::plan_time(sc.start), CardholdersMsg::PlanDay(sc.start));
    let first_close = Switch::close_time(bj, sc.switch.cutoff, add_days(first_day, -1));
    let first_close_day = if first_close < cx.now {
        first_day
    } else {
        add_days(first_day, -1)
    };
    cx.at(
        Switch::close_time(bj, sc.switch.cutoff, first_close_day),
        SwitchMsg::CloseClearingDay(first_close_day),
    );
    cx.at(
        bj.at(first_day, sc.settlement_bank.remit_at),
        SettlementBankMsg::RemitWindow(first_day),
    );
    let acq = &sc.acquirer;
    let acq_first = acq.zone.date(cx.now);
    cx.at(
        acq.zone.at(acq_first, acq.payout_at),
        AcquirerMsg::PayoutWindow(acq_first),
    );
    cx.at(
        bj.midnight(add_days(first_day, 1)),
        WorldMsg::DayTick(add_days(first_day, 1)),
    );
}

/// Midnight in Beijing: checks the books, and ends the run once purchases
/// are over and every euro has reached a merchant. Returns true to stop.
fn day_tick(sc: &Scenario, bj: &Zone, day: Date, agents: &Agents, cx: &mut Ctx) -> bool {
    cx.at(bj.midnight(add_days(day, 1)), WorldMsg::DayTick(add_days(day, 1)));
    if let Some((c, sum)) = cx.ledger.totals().into_iter().find(|(_, s)| !s.is_zero()) {
        cx.violate(format!("double entry: the {c} accounts sum to {sum}, not zero"));
        return true;
    }
    // Purchases in the westernmost zone can end after Beijing's midnight.
    if day <= add_days(sc.last_day(), 1) {
        return false;
    }
    let refunds = agents.switch.refunds_pending(agents.merchants.refund_timers_handled());
    agents.switch.awaiting_clearing().is_zero()
        && agents.acquirer.idle()
        && refunds == 0
        && cx.ledger.balance(cx.acc.eur_pool).is_zero()
        && cx.ledger.balance(cx.acc.payouts_in_flight).is_zero()
        && agents.acquirer.received().len() == agents.switch.batches().len()
}
