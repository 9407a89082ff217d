//! Where a stop is in the run: the n-th event that matches a selector (its
//! kind, the ids it names, the local time of day), or the last event at or
//! before an instant. A selector follows the run when the seed changes; a
//! time does not, so lessons prefer selectors.

use crate::domain::zone::LocalTime;
use crate::engine::Instant;
use crate::messages::{Event, Kind};
use crate::replay::Recording;

/// One condition on an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// Its kind.
    Kind(Kind),
    /// It names this payment, batch, remittance or payout (as the log
    /// writes the id).
    Names(String),
    /// It names this merchant (`paris-boutiques/3`).
    Merchant(String),
    /// It names a payout that carries this payment (`P00000001`) to its
    /// merchant.
    Pays(String),
    /// It happened at or after this time of day where its merchant is (the
    /// acquirer's zone for an event with no merchant).
    LocalFrom(LocalTime),
}

/// A stop's instant, as validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// The `nth` (1-based) event satisfying every term.
    Event {
        /// The conditions.
        terms: Vec<Term>,
        /// Which match.
        nth: usize,
    },
    /// The last event at or before this instant.
    Time(Instant),
}

impl At {
    /// The event the stop shows, or None when the run has no such event.
    pub fn find(&self, rec: &Recording) -> Option<usize> {
        match self {
            At::Time(t) => {
                let upto = rec.events.partition_at(|at| at <= *t);
                upto.checked_sub(1)
            }
            At::Event { terms, nth } => (0..rec.events.len())
                .filter(|&i| {
                    // Kinds are read without decoding the event.
                    let kind = rec.events.kind(i);
                    terms.iter().all(|t| !matches!(t, Term::Kind(k) if *k != kind)) && {
                        let e = rec.events.get(i);
                        terms.iter().all(|t| holds(t, &e, rec))
                    }
                })
                .nth(nth - 1),
        }
    }
}

fn holds(t: &Term, e: &Event, rec: &Recording) -> bool {
    match t {
        Term::Kind(k) => e.kind() == *k,
        Term::Names(id) => {
            let b = &e.body;
            b.payment().is_some_and(|x| x.to_string() == *id)
                || b.remittance().is_some_and(|x| x.to_string() == *id)
                || b.payout().is_some_and(|x| x.to_string() == *id)
                || id.strip_prefix('B').is_some_and(|_| {
                    let mut names = false;
                    b.fields(|_, f| {
                        names |= match f {
                            crate::messages::Field::Batch(x) => x.to_string() == *id,
                            crate::messages::Field::Batches(xs) => xs.iter().any(|x| x.to_string() == *id),
                            _ => false,
                        }
                    });
                    names
                })
        }
        Term::Pays(id) => e.body.payout().is_some_and(|po| {
            rec.outcome
                .acquirer()
                .payouts()
                .get(po.index())
                .is_some_and(|p| p.payments.iter().any(|c| c.payment.to_string() == *id))
        }),
        Term::Merchant(name) => e.body.merchant().is_some_and(|m| rec.names().name(m) == *name),
        Term::LocalFrom(from) => {
            let zone = e
                .body
                .merchant()
                .map_or(&rec.scenario.acquirer.zone, |m| rec.names().zone(m));
            let midnight = zone.midnight(zone.date(e.at));
            e.at.0 - midnight.0 >= from.0
        }
    }
}
