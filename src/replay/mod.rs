//! A run kept in memory so it can be replayed at any instant, backwards as
//! well as forwards: every event, and every posting of the ledger with
//! checkpoints of the balances. The explorer and `explain` read it; the
//! simulation is deterministic, so this is exactly the run `corridor run`
//! reports.

mod events;
pub mod story;

pub use events::Events;

use rust_decimal::Decimal;

use crate::domain::ledger::Journal;
use crate::engine::Instant;
use crate::messages::{Directory, Event, EventSink};
use crate::scenario::Scenario;
use crate::world::{Checks, Outcome, run_observed, run_with};

/// Balances are checkpointed every this many postings.
const CHECKPOINT_EVERY: usize = 4096;

/// Keeps the events of a run, with the reasons the agents recorded: every
/// one, or (for one payment's story) those about no payment in particular
/// and those about that payment.
#[derive(Default)]
pub struct Collector {
    /// The events, in the order the run recorded them.
    pub events: Events,
    /// Keep only events that name no payment or name this one.
    pub only: Option<crate::domain::ids::PaymentId>,
}

impl EventSink for Collector {
    fn record(&mut self, _seq: u64, event: &Event) -> std::io::Result<()> {
        // Only a story's recording asks which payment an event names.
        let keep = match self.only {
            Some(p) => event.body.payment().is_none_or(|q| q == p),
            None => true,
        };
        if keep {
            self.events.push(event);
        }
        Ok(())
    }
}

/// A recorded run: the scenario, the outcome, every event and the ledger's
/// journal.
pub struct Recording {
    /// The scenario run.
    pub scenario: Scenario,
    /// What the run left behind: the agents' records, the ledger, statistics.
    pub outcome: Outcome,
    /// Every event, in log order (an event's index is its `seq`), packed.
    pub events: Events,
    journal: Journal,
    /// (postings applied, balances after them), from the empty ledger.
    checkpoints: Vec<(usize, Vec<Decimal>)>,
}

impl Recording {
    /// Runs the scenario and keeps everything.
    pub fn record(sc: &Scenario) -> Recording {
        Recording::record_observed(sc, &mut |_| {})
    }

    /// As [`Recording::record`], telling `observe` how far the run has come
    /// (for the explorer's what-if progress); the run is the same.
    pub fn record_observed(sc: &Scenario, observe: &mut dyn FnMut(crate::world::Progress)) -> Recording {
        let mut collector = Collector::default();
        let mut outcome = run_observed(
            sc,
            Some(&mut collector),
            Checks {
                journal: true,
                ..Checks::default()
            },
            observe,
        );
        let mut journal = outcome.ledger.take_journal();
        journal.shrink_to_fit();
        let mut events = collector.events;
        events.shrink_to_fit();
        let accounts = outcome.ledger.len();
        let mut balances = vec![Decimal::ZERO; accounts];
        let mut checkpoints = vec![(0, balances.clone())];
        for i in 0..journal.len() {
            for (id, amount) in journal.legs(i) {
                balances[id.index()] += amount;
            }
            if (i + 1) % CHECKPOINT_EVERY == 0 {
                checkpoints.push((i + 1, balances.clone()));
            }
        }
        Recording {
            scenario: sc.clone(),
            outcome,
            events,
            journal,
            checkpoints,
        }
    }

    /// Runs the scenario keeping only what one payment's story reads: the
    /// events that name no payment (batches, remittances, payouts, ...) and
    /// those of `payment`, and of the agents' records only those
    /// [`Retention::Payment`](crate::world::Retention::Payment) keeps; no
    /// journal. Much smaller than [`Recording::record`]
    /// on a large run, for `explain`. An event's index here is not its
    /// `seq`, and balances are not kept (the explorer records in full).
    pub fn record_for_payment(sc: &Scenario, payment: crate::domain::ids::PaymentId) -> Recording {
        let mut collector = Collector {
            only: Some(payment),
            ..Collector::default()
        };
        let checks = Checks {
            payments: crate::world::Retention::Payment(payment),
            ..Checks::default()
        };
        let outcome = run_with(sc, Some(&mut collector), checks);
        let accounts = outcome.ledger.len();
        let mut events = collector.events;
        events.shrink_to_fit();
        Recording {
            scenario: sc.clone(),
            outcome,
            events,
            journal: Journal::default(),
            checkpoints: vec![(0, vec![Decimal::ZERO; accounts])],
        }
    }

    /// Every account's balance at `t` (after everything posted at `t`).
    pub fn balances_at(&self, t: Instant) -> Vec<Decimal> {
        self.balances_upto(self.journal.partition_point(|at, _| at <= t))
    }

    /// Every account's balance just after event `i` (postings made while
    /// handling it included), so stepping through events at one instant
    /// shows the money move one message at a time.
    pub fn balances_after_event(&self, i: usize) -> Vec<Decimal> {
        self.balances_upto(self.journal.partition_point(|_, events| events <= i as u64 + 1))
    }

    /// Every account's balance as the log's event `i` is recorded: the
    /// postings of the handlers before it, and those its own sender made
    /// before sending it, but nothing its receiver did with it. The course
    /// shows this beside event `i` in the log, so the money panel and the
    /// log show the same instant.
    pub fn balances_as_recorded(&self, i: usize) -> Vec<Decimal> {
        self.balances_upto(self.journal.partition_point(|_, events| events <= i as u64))
    }

    /// Every account's balance at each of `times` (in increasing order),
    /// in one pass over the journal.
    pub fn sample(&self, times: &[Instant]) -> Vec<Vec<Decimal>> {
        let mut balances = self.checkpoints[0].1.clone();
        let mut next = 0;
        let mut out = Vec::with_capacity(times.len());
        for t in times {
            while next < self.journal.len() && self.journal.at(next) <= *t {
                for (id, amount) in self.journal.legs(next) {
                    balances[id.index()] += amount;
                }
                next += 1;
            }
            out.push(balances.clone());
        }
        out
    }

    fn balances_upto(&self, upto: usize) -> Vec<Decimal> {
        let (start, base) = &self.checkpoints[self.checkpoints.partition_point(|(n, _)| *n <= upto) - 1];
        let mut balances = base.clone();
        for i in *start..upto {
            for (id, amount) in self.journal.legs(i) {
                balances[id.index()] += amount;
            }
        }
        balances
    }

    /// The merchants' names and zones.
    pub fn names(&self) -> &Directory {
        &self.outcome.directory
    }

    /// EUR of completed payments, and of refunds paid.
    pub fn merchants_due(&self) -> (crate::domain::money::Money, crate::domain::money::Money) {
        crate::world::invariants::merchants_due(&self.outcome)
    }

    /// The run's first and last instants.
    pub fn span(&self) -> (Instant, Instant) {
        (self.outcome.started, self.outcome.ended)
    }
}
