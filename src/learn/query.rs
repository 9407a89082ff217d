//! Answer keys: named queries evaluated on the recorded run, never typed
//! into a lesson. A query is a lesson query of this catalogue
//! (`batch.B20180216.sent`) or any metric of `corridor test --metrics`
//! (`remittance.R0002.value_date`), whose value comes from
//! `report::metrics` so the two never disagree. Where a name has an id, the
//! word `this` stands for the id the stop's event names, so a lesson
//! follows the run when its seed changes. Each answer carries the events
//! that decided it: the trainee's feedback tells them with the reasons
//! their agents recorded.

use std::fmt;

use crate::agents::acquirer::PayoutOutcome;
use crate::domain::Date;
use crate::domain::ids::{BatchId, ExceptionId, PaymentId, PayoutId, RemittanceId};
use crate::domain::money::Money;
use crate::domain::zone::Zone;
use crate::messages::{Body, Kind, Party};
use crate::replay::Recording;
use crate::report::metrics::Metrics;
use crate::scenario::expect::{self, Unit, Value};

/// The value of an answer key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A calendar date, typed `2018-02-22`.
    Date(Date),
    /// An amount, exact to the minor unit.
    Money(Money),
    /// A whole number of things.
    Count(u64),
    /// A word: a party, a message, a code, an id.
    Word(String),
}

impl fmt::Display for Answer {
    /// `2018-02-22`, `1,234.56 EUR`, `3`, `issuer`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Date(d) => write!(f, "{d}"),
            Answer::Money(m) => f.write_str(&m.grouped()),
            Answer::Count(n) => write!(f, "{n}"),
            Answer::Word(w) => f.write_str(w),
        }
    }
}

/// An answer key's value on the run and the events that decided it (their
/// indexes in the recording, in time order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// The right answer.
    pub value: Answer,
    /// The events the feedback tells, with their recorded reasons.
    pub events: Vec<usize>,
    /// The clearing batch the question is about, if any (it narrows which
    /// closed days a remittance window's reason tells).
    pub batch: Option<BatchId>,
}

/// What a query's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A date.
    Date,
    /// An amount.
    Money,
    /// A count.
    Count,
    /// A word; `party` when it is one of the agents (choices are generated).
    Word {
        /// The word names an agent.
        party: bool,
    },
}

/// One lesson query: `ID` stands for an id of the run or `this`.
pub struct Query {
    /// `batch.ID.sent`.
    pub name: &'static str,
    /// What its values are.
    pub shape: Shape,
    /// What it means, one line.
    pub meaning: &'static str,
}

const fn q(name: &'static str, shape: Shape, meaning: &'static str) -> Query {
    Query { name, shape, meaning }
}

/// The lesson queries, besides every metric of `corridor test --metrics`.
pub const QUERIES: &[Query] = &[
    q(
        "payment.ID.eur",
        Shape::Money,
        "the merchant's EUR for payment ID, fixed at the transaction-time rate",
    ),
    q(
        "payment.ID.cny",
        Shape::Money,
        "the CNY the wallet was debited for payment ID",
    ),
    q(
        "payment.ID.rate",
        Shape::Word { party: false },
        "the consumer's rate of payment ID, CNY per EUR",
    ),
    q(
        "payment.ID.clearing_day",
        Shape::Date,
        "the Beijing clearing day payment ID falls in",
    ),
    q(
        "payment.ID.debited_by",
        Shape::Word { party: true },
        "the party that debited the consumer's wallet",
    ),
    q(
        "payment.ID.credited",
        Shape::Date,
        "the date (acquirer's zone) the merchant's account was credited with payment ID",
    ),
    q(
        "batch.ID.sent",
        Shape::Date,
        "the Beijing date the remittance carrying batch ID left the settlement bank",
    ),
    q(
        "batch.ID.value_date",
        Shape::Date,
        "the value date of the remittance carrying batch ID",
    ),
    q(
        "batch.ID.remittance",
        Shape::Word { party: false },
        "the remittance that carries batch ID",
    ),
    q(
        "remittance.ID.amount",
        Shape::Money,
        "the EUR remittance ID delivered to the acquirer",
    ),
    q(
        "exception.ID.shortfall",
        Shape::Money,
        "the EUR reconciliation exception ID was short",
    ),
    q(
        "payout.ID.message",
        Shape::Word { party: false },
        "what comes back for payout ID: pacs.002 (a reject), pacs.004 (a return) or nothing",
    ),
    q(
        "payout.ID.reason",
        Shape::Word { party: false },
        "the reason code of payout ID's reject or return, or none",
    ),
    q(
        "payout.ID.released",
        Shape::Date,
        "the date (acquirer's zone) payout ID's money left suspense",
    ),
    q(
        "refund.ID.failures",
        Shape::Count,
        "how many times refund ID failed NOT_ENOUGH before it was paid",
    ),
    q(
        "direct_debit.ID.amount",
        Shape::Money,
        "the EUR direct debit ID collected from the merchant",
    ),
    q(
        "batch.ID.paid_to",
        Shape::Word { party: true },
        "the party the remittance carrying batch ID pays",
    ),
    q(
        "exception.ID.resolved_by",
        Shape::Word { party: false },
        "the remittance that brought exception ID's missing EUR",
    ),
    q(
        "direct_debit.ID.outcome",
        Shape::Word { party: false },
        "collected, or returned with its reason code (returned AM04)",
    ),
    q(
        "switch.fx_outcome",
        Shape::Word { party: false },
        "gain, loss or even: the switch's FX result over the run",
    ),
];

/// The party names a party-valued answer takes, left to right as the
/// sequence diagram draws them.
pub const PARTIES: [&str; 7] = [
    "cardholder",
    "merchant",
    "issuer",
    "switch",
    "settlement bank",
    "regulator",
    "acquirer",
];

/// A query as validated: a lesson query, or a metric of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    /// The name as written (`batch.this.sent`).
    pub written: String,
    /// The catalogue entry's pattern (`batch.ID.sent`, or the metric's).
    pattern: &'static str,
    /// The word in the id's place (`this`, `B20180216`, or empty).
    id: String,
    /// What its values are.
    pub shape: Shape,
    metric: bool,
}

/// `name` read against the catalogue, or the message: an unknown query
/// names the nearest one.
pub fn parse(name: &str) -> Result<Asked, String> {
    let lesson = QUERIES.iter().find_map(|q| matches(q.name, name).map(|id| (q, id)));
    if let Some((q, id)) = lesson {
        return Ok(Asked {
            written: name.to_string(),
            pattern: q.name,
            id: id.to_string(),
            shape: q.shape,
            metric: false,
        });
    }
    if let Some((m, id)) = expect::lookup(name) {
        let shape = match m.unit {
            Unit::Count => Shape::Count,
            Unit::Date => Shape::Date,
            Unit::Money(_) => Shape::Money,
            Unit::Duration => Shape::Word { party: false },
        };
        return Ok(Asked {
            written: name.to_string(),
            pattern: m.name,
            id: id.to_string(),
            shape,
            metric: true,
        });
    }
    let mut names: Vec<String> = QUERIES.iter().map(|q| q.name.to_string()).collect();
    names.extend(expect::METRICS.iter().map(|m| m.name.to_string()));
    // Compare with `this` in the id's place, as lessons usually write it.
    let shown: Vec<String> = names.iter().map(|n| n.replace("ID", "this")).collect();
    let mut message = format!("unknown query `{name}`");
    match crate::scenario::nearest(name, &shown) {
        Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
        None => message.push('.'),
    }
    message.push_str(" Queries: ");
    message.push_str(&QUERIES.iter().map(|q| q.name).collect::<Vec<_>>().join(", "));
    message.push_str(", and every metric of `corridor test --metrics`");
    Err(message)
}

/// `batch.ID.sent` against `batch.this.sent`: `Some("this")`.
fn matches<'a>(pattern: &str, name: &'a str) -> Option<&'a str> {
    let Some((head, tail)) = pattern.split_once("ID") else {
        return (pattern == name).then_some("");
    };
    let word = name.strip_prefix(head)?.strip_suffix(tail)?;
    (!word.is_empty() && !word.contains('.')).then_some(word)
}

/// What a query is evaluated against: the run, its metrics, and the event
/// of the stop that asks (for `this`).
pub struct Context<'a> {
    /// The recorded run.
    pub rec: &'a Recording,
    /// Its metrics, computed once.
    pub metrics: &'a Metrics,
    /// The stop's event.
    pub event: usize,
}

impl Asked {
    /// The query's value on the run, or why it has none (a message for the
    /// trainer: the lesson does not fit the run).
    pub fn eval(&self, cx: &Context<'_>) -> Result<Fact, String> {
        let id = self.resolve(cx)?;
        if self.metric {
            return self.metric_fact(cx, &id);
        }
        let rec = cx.rec;
        let fact = |value, events, batch| Ok(Fact { value, events, batch });
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        match self.pattern {
            "payment.ID.eur" | "payment.ID.cny" | "payment.ID.rate" | "payment.ID.debited_by" => {
                let p = parse_id(&id, PaymentId::parse, "a payment id like P00000042")?;
                let asked = find(
                    rec,
                    |b| matches!(b, Body::AuthorizationRequested { payment, .. } if *payment == p),
                );
                let authorised = find(
                    rec,
                    |b| matches!(b, Body::PaymentAuthorized { payment, .. } if *payment == p),
                );
                let completed = find(
                    rec,
                    |b| matches!(b, Body::PaymentCompleted { payment, .. } if *payment == p),
                );
                match (self.pattern, asked, authorised, completed) {
                    ("payment.ID.eur", Some(a), _, Some(c)) => match &rec.events[c].body {
                        Body::PaymentCompleted { amount, .. } => fact(Answer::Money(*amount), vec![a, c], None),
                        _ => none("no such payment"),
                    },
                    ("payment.ID.cny", Some(a), Some(d), _) => match &rec.events[a].body {
                        Body::AuthorizationRequested { amount, .. } => fact(Answer::Money(*amount), vec![a, d], None),
                        _ => none("no such payment"),
                    },
                    ("payment.ID.rate", Some(a), _, _) => match &rec.events[a].body {
                        Body::AuthorizationRequested { rate, .. } => {
                            fact(Answer::Word(rate.to_string()), vec![a], None)
                        }
                        _ => none("no such payment"),
                    },
                    ("payment.ID.debited_by", _, Some(d), _) => {
                        fact(Answer::Word(party(rec.events[d].from).into()), vec![d], None)
                    }
                    _ => none(&format!("payment {id} was not completed")),
                }
            }
            "payment.ID.clearing_day" => {
                let p = parse_id(&id, PaymentId::parse, "a payment id like P00000042")?;
                let Some(c) = find(
                    rec,
                    |b| matches!(b, Body::PaymentCompleted { payment, .. } if *payment == p),
                ) else {
                    return none(&format!("payment {id} was not completed"));
                };
                let Body::PaymentCompleted { batch, .. } = rec.events[c].body else {
                    return none("no such payment");
                };
                let mut events = vec![c];
                events.extend(find(
                    rec,
                    |b| matches!(b, Body::ClearingBatchClosed { batch: d, .. } if *d == batch),
                ));
                fact(Answer::Date(batch.day()), events, Some(batch))
            }
            "payment.ID.credited" => {
                let p = parse_id(&id, PaymentId::parse, "a payment id like P00000042")?;
                let payouts = rec.outcome.acquirer().payouts();
                let settled = payouts
                    .iter()
                    .enumerate()
                    .filter(|(_, po)| po.outcome == PayoutOutcome::Settled)
                    .find(|(_, po)| po.payments.iter().any(|c| c.payment == p))
                    .map(|(i, _)| PayoutId::from_index(i as u32));
                let Some(po) = settled else {
                    return none(&format!("payment {id} was never credited to its merchant"));
                };
                let sent = find(rec, |b| matches!(b, Body::PayoutSent { payout, .. } if *payout == po));
                let Some(s) = find(
                    rec,
                    |b| matches!(b, Body::PayoutSettled { payout, .. } if *payout == po),
                ) else {
                    return none(&format!("payment {id} was never credited to its merchant"));
                };
                let date = rec.scenario.acquirer.zone.date(rec.events[s].at);
                fact(Answer::Date(date), sent.into_iter().chain([s]).collect(), None)
            }
            "batch.ID.sent" | "batch.ID.value_date" | "batch.ID.remittance" | "batch.ID.paid_to" => {
                let b = parse_batch(&id)?;
                let requested = rec.events.iter().rposition(|e| {
                    matches!(e.kind(), Kind::RemittanceRequested | Kind::RemittanceExtended) && e.body.names_batch(b)
                });
                let Some(s) = find(rec, |x| matches!(x, Body::RemittanceSent { .. }) && x.names_batch(b)) else {
                    return none(&format!("batch {id} never left China"));
                };
                let Body::RemittanceSent {
                    remittance, value_date, ..
                } = &rec.events[s].body
                else {
                    return none("no such batch");
                };
                let received = find(
                    rec,
                    |x| matches!(x, Body::RemittanceReceived { remittance: r, .. } if r == remittance),
                );
                let value = match self.pattern {
                    "batch.ID.sent" => Answer::Date(Zone::beijing().date(rec.events[s].at)),
                    "batch.ID.value_date" => Answer::Date(*value_date),
                    "batch.ID.paid_to" => Answer::Word(party(rec.events[s].to).into()),
                    _ => Answer::Word(remittance.to_string()),
                };
                let events = match self.pattern {
                    "batch.ID.value_date" | "batch.ID.paid_to" => [Some(s), received].into_iter().flatten().collect(),
                    _ => requested.into_iter().chain([s]).collect(),
                };
                fact(value, events, Some(b))
            }
            "remittance.ID.amount" => {
                let r = parse_id(&id, RemittanceId::parse, "a remittance id like R0002")?;
                let Some(i) = find(
                    rec,
                    |b| matches!(b, Body::RemittanceReceived { remittance, .. } if *remittance == r),
                ) else {
                    return none(&format!("remittance {id} never arrived"));
                };
                let Body::RemittanceReceived { amount, .. } = rec.events[i].body else {
                    return none("no such remittance");
                };
                fact(Answer::Money(amount), remittance_events(rec, r), None)
            }
            "exception.ID.resolved_by" => {
                let x = parse_id(&id, ExceptionId::parse, "an exception id like E0001")?;
                let Some(i) = find(
                    rec,
                    |b| matches!(b, Body::ExceptionResolved { exception, .. } if *exception == x),
                ) else {
                    return none(&format!("exception {id} was never resolved"));
                };
                let Body::ExceptionResolved { remittance, .. } = rec.events[i].body else {
                    return none("no such exception");
                };
                fact(Answer::Word(remittance.to_string()), vec![i], None)
            }
            "exception.ID.shortfall" => {
                let x = parse_id(&id, ExceptionId::parse, "an exception id like E0001")?;
                let Some(i) = find(
                    rec,
                    |b| matches!(b, Body::ReconciliationFailed { exception, .. } if *exception == x),
                ) else {
                    return none(&format!("no exception {id}"));
                };
                let Body::ReconciliationFailed { expected, amount, .. } = rec.events[i].body else {
                    return none("no such exception");
                };
                let resolved = find(
                    rec,
                    |b| matches!(b, Body::ExceptionResolved { exception, .. } if *exception == x),
                );
                fact(
                    Answer::Money(expected - amount),
                    [Some(i), resolved].into_iter().flatten().collect(),
                    None,
                )
            }
            "payout.ID.message" | "payout.ID.reason" | "payout.ID.released" => self.payout(cx, &id),
            "refund.ID.failures" => {
                let is = |b: &Body| b.refund().is_some_and(|r| r.to_string() == id);
                let failed: Vec<usize> = (0..rec.events.len())
                    .filter(|&i| rec.events[i].kind() == Kind::RefundFailed && is(&rec.events[i].body))
                    .collect();
                let Some(done) = find(rec, |b| matches!(b, Body::RefundCompleted { .. }) && is(b)) else {
                    return none(&format!("refund {id} was never paid"));
                };
                let mut events: Vec<usize> = failed.iter().copied().take(1).collect();
                events.push(done);
                fact(Answer::Count(failed.len() as u64), events, None)
            }
            "direct_debit.ID.outcome" => {
                let is = |b: &Body| b.direct_debit().is_some_and(|d| d.to_string() == id);
                let Some(sent) = find(rec, |b| matches!(b, Body::DirectDebitSent { .. }) && is(b)) else {
                    return none(&format!("no direct debit {id}"));
                };
                let returned = find(rec, |b| matches!(b, Body::DirectDebitReturned { .. }) && is(b));
                let settled = find(rec, |b| matches!(b, Body::DirectDebitSettled { .. }) && is(b));
                let word = match returned.map(|i| &rec.events[i].body) {
                    Some(Body::DirectDebitReturned { reason, .. }) => format!("returned {}", reason.code),
                    _ => "collected".to_string(),
                };
                fact(
                    Answer::Word(word),
                    [Some(sent), settled, returned].into_iter().flatten().collect(),
                    None,
                )
            }
            "direct_debit.ID.amount" => {
                let is = |b: &Body| b.direct_debit().is_some_and(|d| d.to_string() == id);
                let Some(i) = find(rec, |b| matches!(b, Body::DirectDebitSent { .. }) && is(b)) else {
                    return none(&format!("no direct debit {id}"));
                };
                let Body::DirectDebitSent { amount, .. } = rec.events[i].body else {
                    return none("no such direct debit");
                };
                let settled = find(rec, |b| matches!(b, Body::DirectDebitSettled { .. }) && is(b));
                fact(
                    Answer::Money(amount),
                    [Some(i), settled].into_iter().flatten().collect(),
                    None,
                )
            }
            _ => {
                // switch.fx_outcome: the sign of the switch's FX result.
                let Some(Value::Money(result)) = cx.metrics.get("switch.fx_result").copied() else {
                    return none("the switch has no FX result");
                };
                let word = if result.is_positive() {
                    "gain"
                } else if result.is_negative() {
                    "loss"
                } else {
                    "even"
                };
                // The biggest purchase tells the story: the one that carried
                // the most CNY across the rate's move.
                let converted: Vec<usize> = (0..rec.events.len())
                    .filter_map(|i| match &rec.events[i].body {
                        Body::FxConverted { sold, .. } => Some((sold.amount(), i)),
                        _ => None,
                    })
                    .max()
                    .map(|(_, i)| i)
                    .into_iter()
                    .collect();
                fact(Answer::Word(word.into()), converted, None)
            }
        }
    }

    fn payout(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let po = parse_id(id, PayoutId::parse, "a payout id like PO000003")?;
        let Some(payout) = rec.outcome.acquirer().payouts().get(po.index()) else {
            return Err(format!("`{}`: no payout {id} in this run", self.written));
        };
        let sent = find(rec, |b| matches!(b, Body::PayoutSent { payout, .. } if *payout == po));
        let bounced = find(
            rec,
            |b| matches!(b, Body::PayoutRejected { payout, .. } | Body::PayoutReturned { payout, .. } if *payout == po),
        );
        let (message, reason) = match bounced.map(|i| &rec.events[i].body) {
            Some(Body::PayoutRejected { reason, .. }) => ("pacs.002", reason.code.to_string()),
            Some(Body::PayoutReturned { reason, .. }) => ("pacs.004", reason.code.to_string()),
            _ => ("nothing", "none".to_string()),
        };
        let events: Vec<usize> = [sent, bounced].into_iter().flatten().collect();
        match self.pattern {
            "payout.ID.message" => Ok(Fact {
                value: Answer::Word(message.into()),
                events,
                batch: None,
            }),
            "payout.ID.reason" => Ok(Fact {
                value: Answer::Word(reason),
                events,
                batch: None,
            }),
            _ => {
                let after =
                    bounced.ok_or_else(|| format!("`{}`: payout {id} was never rejected or returned", self.written))?;
                let released = (after..rec.events.len()).find(|&i| {
                    matches!(&rec.events[i].body, Body::SuspenseReleased { merchant, .. } if *merchant == payout.merchant)
                });
                let Some(r) = released else {
                    return Err(format!(
                        "`{}`: payout {id}'s money never left suspense in this run",
                        self.written
                    ));
                };
                let date = rec.scenario.acquirer.zone.date(rec.events[r].at);
                Ok(Fact {
                    value: Answer::Date(date),
                    events: events.into_iter().chain([r]).collect(),
                    batch: None,
                })
            }
        }
    }

    fn metric_fact(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let name = if self.id.is_empty() {
            self.written.clone()
        } else {
            self.pattern.replacen(
                self.pattern
                    .split('.')
                    .find(|w| w.chars().all(|c| c.is_ascii_uppercase()))
                    .unwrap_or("ID"),
                id,
                1,
            )
        };
        let value = cx
            .metrics
            .get(&name)
            .ok_or_else(|| format!("`{}`: metric `{name}` has no value in this run", self.written))?;
        let events = RemittanceId::parse(id).map_or_else(Vec::new, |r| remittance_events(cx.rec, r));
        let value = match value {
            Value::Count(n) => Answer::Count(*n),
            Value::Money(m) => Answer::Money(*m),
            Value::Date(d) => Answer::Date(*d),
            Value::Duration(d) => Answer::Word(d.to_string()),
        };
        Ok(Fact {
            value,
            events,
            batch: None,
        })
    }

    /// The id the query is about: as written, or the stop's event's for `this`.
    fn resolve(&self, cx: &Context<'_>) -> Result<String, String> {
        if self.id != "this" {
            return Ok(self.id.clone());
        }
        let e = &cx.rec.events[cx.event];
        let what = self.pattern.split('.').next().unwrap_or_default();
        let found = match what {
            "payment" => e.body.payment().map(|x| x.to_string()),
            "batch" => e.body.first_batch().map(|x| x.to_string()),
            "remittance" => e.body.remittance().map(|x| x.to_string()),
            "payout" => e.body.payout().map(|x| x.to_string()),
            "exception" => e.body.exception().map(|x| x.to_string()),
            "merchant" => e.body.merchant().map(|m| cx.rec.names().name(m)),
            "refund" => e.body.refund().map(|x| x.to_string()),
            "direct_debit" => e.body.direct_debit().map(|x| x.to_string()),
            _ => None,
        };
        found.ok_or_else(|| {
            format!(
                "`{}`: the stop's event ({}) names no {}; stop at an event that does, or write the id",
                self.written,
                e.kind().name(),
                what.replace('_', " ")
            )
        })
    }
}

fn parse_id<T>(id: &str, parse: fn(&str) -> Option<T>, like: &str) -> Result<T, String> {
    parse(id).ok_or_else(|| format!("`{id}` is not {like}"))
}

fn parse_batch(id: &str) -> Result<BatchId, String> {
    let bad = || format!("`{id}` is not a clearing batch id like B20180216");
    let digits = id.strip_prefix('B').ok_or_else(bad)?;
    if digits.len() != 8 {
        return Err(bad());
    }
    let dashed = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
    dashed.parse::<Date>().map(BatchId).map_err(|_| bad())
}

/// The first event whose body `hit` accepts.
fn find(rec: &Recording, hit: impl Fn(&Body) -> bool) -> Option<usize> {
    rec.events.iter().position(|e| hit(&e.body))
}

/// A remittance's request, sending and arrival.
fn remittance_events(rec: &Recording, r: RemittanceId) -> Vec<usize> {
    (0..rec.events.len())
        .filter(|&i| {
            let e = &rec.events[i];
            matches!(
                e.kind(),
                Kind::RemittanceRequested | Kind::RemittanceSent | Kind::RemittanceReceived
            ) && e.body.remittance() == Some(r)
        })
        .collect()
}

/// The agent's name as [`PARTIES`] writes it.
pub fn party(p: Party) -> &'static str {
    match p {
        Party::Cardholder(_) => "cardholder",
        Party::Merchant(_) => "merchant",
        Party::Issuer => "issuer",
        Party::Switch => "switch",
        Party::SettlementBank => "settlement bank",
        Party::Regulator => "regulator",
        Party::Acquirer => "acquirer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_take_an_id_or_this() {
        assert_eq!(parse("batch.this.sent").unwrap().id, "this");
        assert_eq!(parse("batch.B20180216.sent").unwrap().id, "B20180216");
        assert_eq!(parse("remittance.R0002.value_date").unwrap().shape, Shape::Date);
        assert!(parse("switch.fx_outcome").is_ok());
        assert!(
            parse("batch.this.snet")
                .unwrap_err()
                .starts_with("unknown query `batch.this.snet`; did you mean `batch.this.sent`?")
        );
        assert_eq!(parse_batch("B20180216").unwrap().to_string(), "B20180216");
        assert!(parse_batch("B2018021").is_err());
    }
}
