//! The world: set-up, the delivery loop, and the end of the run.

use crate::agents::acquirer::Acquirer;
use crate::agents::cardholders::Cardholders;
use crate::agents::issuer::Issuer;
use crate::agents::merchants;
use crate::agents::regulator::Regulator;
use crate::agents::settlement_bank::SettlementBank;
use crate::agents::switch::Switch;
use crate::domain::Date;
use crate::domain::ledger::Ledger;
use crate::domain::money::Money;
use crate::domain::zone::Zone;
use crate::engine::{EventQueue, Instant};
use crate::scenario::Scenario;
use crate::scenario::model::add_days;

use super::book::{Book, MerchantState};
use super::ctx::{Accounts, Ctx, Log, Tally, Violation};
use super::event::{EventSink, Kind, Party, Val};
use super::invariants;
use super::message::{Addr, Msg};

/// The most deliveries pending at once; a scenario that needs more stops
/// with an error rather than exhausting memory.
pub const QUEUE_LIMIT: usize = 20_000_000;

/// Everything a run leaves behind for reports.
pub struct Outcome {
    pub book: Book,
    pub ledger: Ledger,
    pub accounts: Accounts,
    pub tally: Tally,
    pub events: u64,
    pub started: Instant,
    pub ended: Instant,
    /// Money still waiting for its clearing day to close.
    pub awaiting_clearing: Money,
    /// Money the acquirer holds for merchants, and what merchants owe it.
    pub awaiting_payout: Money,
    pub owed_by_merchants: Money,
    /// Money held in suspense, by ISO reason code.
    pub suspense: std::collections::BTreeMap<&'static str, Money>,
    /// CNY put into wallets at the start.
    pub wallets_funded: Money,
    pub violation: Option<Violation>,
    pub io_error: Option<std::io::Error>,
}

struct Agents {
    cardholders: Cardholders,
    issuer: Issuer,
    switch: Switch,
    bank: SettlementBank,
    regulator: Regulator,
    acquirer: Acquirer,
}

/// How closely a run checks itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Checks {
    /// Verify after every delivery that each currency's accounts sum to
    /// zero (every posting is checked anyway; this re-adds all accounts, so
    /// property tests use it and ordinary runs check at each midnight).
    pub books_after_every_event: bool,
    /// Keep a journal of every posting in the outcome's ledger, for replay.
    pub journal: bool,
}

/// Runs `sc` to its end, sending events to `sink` if given.
pub fn run(sc: &Scenario, sink: Option<&mut dyn EventSink>) -> Outcome {
    run_with(sc, sink, Checks::default())
}

/// As [`run`], with extra checks.
pub fn run_with(sc: &Scenario, sink: Option<&mut dyn EventSink>, checks: Checks) -> Outcome {
    let bj = Zone::beijing();
    let mut book = Book::default();
    merchants::register(sc, &mut book);
    let first_day = sc.merchants.iter().filter_map(|g| g.joins).fold(sc.start, Date::min);
    let started = bj.midnight(first_day);
    let end = bj.midnight(add_days(sc.horizon(), 1));
    let mut queue = EventQueue::new(started, QUEUE_LIMIT);
    let mut ledger = Ledger::new();
    if checks.journal {
        ledger.keep_journal();
    }
    let acc = Accounts::open(&mut ledger);
    let mut tally = Tally::default();
    let mut log = Log {
        seq: 0,
        sink,
        io_error: None,
        violation: None,
        last_kind: "start",
    };
    let mut agents = Agents {
        cardholders: Cardholders::new(sc),
        issuer: Issuer::new(sc),
        switch: Switch::new(),
        bank: SettlementBank::new(sc),
        regulator: Regulator::new(sc),
        acquirer: Acquirer::new(sc, book.merchants.len()),
    };
    let wallets_funded = agents.issuer.total();
    let funding = [(acc.wallet_top_ups, -wallets_funded), (acc.wallets, wallets_funded)];
    let _ = ledger.post(&funding);
    ledger.journal(started, 0, &funding);
    {
        let mut cx = Ctx {
            now: started,
            sc,
            queue: &mut queue,
            ledger: &mut ledger,
            acc: &acc,
            book: &mut book,
            tally: &mut tally,
            log: &mut log,
        };
        start(sc, &bj, first_day, &mut cx);
    }
    let mut ended = started;
    while let Some(next) = queue.peek_time() {
        if next >= end || log.violation.is_some() || log.io_error.is_some() {
            break;
        }
        let d = queue.pop().expect("peeked");
        ended = d.at;
        let mut cx = Ctx {
            now: d.at,
            sc,
            queue: &mut queue,
            ledger: &mut ledger,
            acc: &acc,
            book: &mut book,
            tally: &mut tally,
            log: &mut log,
        };
        match d.to {
            Addr::Cardholders => agents.cardholders.handle(d.msg, &mut cx),
            Addr::Merchant(m) => merchants::handle(m, d.msg, &mut cx),
            Addr::Issuer => agents.issuer.handle(d.msg, &mut cx),
            Addr::Switch => agents.switch.handle(d.msg, &mut cx),
            Addr::SettlementBank => agents.bank.handle(d.msg, &mut cx),
            Addr::Regulator => agents.regulator.handle(d.msg, &mut cx),
            Addr::Acquirer => agents.acquirer.handle(d.msg, &mut cx),
            Addr::World => {
                let Msg::DayTick(day) = d.msg else { unreachable!() };
                if day_tick(sc, &bj, day, &agents, &mut cx) {
                    break;
                }
            }
        }
        if checks.books_after_every_event {
            if let Some((c, sum)) = ledger.totals().into_iter().find(|(_, s)| !s.is_zero()) {
                let seq = log.seq.saturating_sub(1);
                log.violation.get_or_insert(Violation {
                    seq,
                    kind: log.last_kind,
                    at: ended,
                    message: format!("double entry: the {c} accounts sum to {sum}, not zero"),
                });
            }
        }
    }
    let mut outcome = Outcome {
        awaiting_clearing: agents.switch.awaiting_clearing(),
        awaiting_payout: agents.acquirer.balances().0,
        owed_by_merchants: agents.acquirer.balances().1,
        suspense: agents.acquirer.suspense(),
        book,
        ledger,
        accounts: acc,
        tally,
        events: log.seq,
        started,
        ended,
        wallets_funded,
        violation: log.violation,
        io_error: log.io_error,
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
fn start(sc: &Scenario, bj: &Zone, first_day: Date, cx: &mut Ctx) {
    for m in 0..cx.book.merchants.len() as u32 {
        if cx.book.merchants[m as usize].state == MerchantState::Active {
            cx.emit(Kind::MerchantOnboarded, Party::Switch, Party::Merchant(m), |_| {
                vec![
                    ("merchant", Val::Merchant(m)),
                    ("reason", Val::Code("active_before_start")),
                ]
            });
        }
    }
    for (at, m) in merchants::applications(sc, cx.book) {
        cx.at(at, Addr::Merchant(m), Msg::Apply { merchant: m });
    }
    cx.at(
        Cardholders::plan_time(sc.start),
        Addr::Cardholders,
        Msg::PlanDay(sc.start),
    );
    let first_close = Switch::close_time(bj, sc.switch.cutoff, add_days(first_day, -1));
    let first_close_day = if first_close < cx.now {
        first_day
    } else {
        add_days(first_day, -1)
    };
    cx.at(
        Switch::close_time(bj, sc.switch.cutoff, first_close_day),
        Addr::Switch,
        Msg::CloseClearingDay(first_close_day),
    );
    cx.at(
        bj.at(first_day, sc.settlement_bank.remit_at),
        Addr::SettlementBank,
        Msg::RemitWindow(first_day),
    );
    let acq = &sc.acquirer;
    let acq_first = acq.zone.date(cx.now);
    cx.at(
        acq.zone.at(acq_first, acq.payout_at),
        Addr::Acquirer,
        Msg::PayoutWindow(acq_first),
    );
    cx.at(
        bj.midnight(add_days(first_day, 1)),
        Addr::World,
        Msg::DayTick(add_days(first_day, 1)),
    );
}

/// Midnight in Beijing: checks the books, and ends the run once purchases
/// are over and every euro has reached a merchant. Returns true to stop.
fn day_tick(sc: &Scenario, bj: &Zone, day: Date, agents: &Agents, cx: &mut Ctx) -> bool {
    cx.at(
        bj.midnight(add_days(day, 1)),
        Addr::World,
        Msg::DayTick(add_days(day, 1)),
    );
    if let Some((c, sum)) = cx.ledger.totals().into_iter().find(|(_, s)| !s.is_zero()) {
        cx.violate(format!("double entry: the {c} accounts sum to {sum}, not zero"));
        return true;
    }
    // Purchases in the westernmost zone can end after Beijing's midnight.
    if day <= add_days(sc.last_day(), 1) {
        return false;
    }
    agents.switch.awaiting_clearing().is_zero()
        && agents.acquirer.idle()
        && cx.tally.refunds_pending == 0
        && cx.tally.returns_pending == 0
        && cx.ledger.balance(cx.acc.eur_pool).is_zero()
        && cx.ledger.balance(cx.acc.payouts_in_flight).is_zero()
        && cx
            .book
            .batches
            .values()
            .all(|b| b.state == super::book::BatchState::Received || b.state == super::book::BatchState::Unreconciled)
}
