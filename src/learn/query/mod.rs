//! Answer keys: named queries evaluated on the recorded run, never typed
//! into a lesson. A query is a lesson query of this catalogue
//! (`batch.B20180216.sent`) or any metric of `corridor test --metrics`
//! (`remittance.R0002.value_date`), whose value comes from
//! `report::metrics` so the two never disagree. Where a name has an id, the
//! word `this` stands for the id the stop's event names, so a lesson
//! follows the run when its seed changes. Each answer carries the events
//! that decided it: the trainee's feedback tells them with the reasons
//! their agents recorded.

mod eval;

use std::fmt;

use crate::domain::Date;
use crate::domain::ids::BatchId;
use crate::domain::money::Money;
use crate::messages::Party;
use crate::replay::Recording;
use crate::report::metrics::Metrics;
use crate::scenario::expect::{self, Unit};

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

impl Answer {
    /// How the answer could be read on the explorer's panels before it is
    /// given: a date as the log writes it (`2018-04-24`) and inside a batch
    /// id (`B20180424`); an amount with and without thousands separators
    /// (`1,234.56`, `1234.56`); a word that is an id or a code (it has a
    /// digit: `R0006`, `AC04`). A party, a count or a plain word (`gain`)
    /// is not given away by being on screen: it is there anyway.
    pub fn giveaways(&self) -> Vec<String> {
        match self {
            Answer::Date(d) => vec![d.to_string(), d.to_string().replace('-', "")],
            Answer::Money(m) => {
                let grouped = crate::domain::money::grouped(m.amount());
                let plain = grouped.replace(',', "");
                if plain == grouped {
                    vec![grouped]
                } else {
                    vec![grouped, plain]
                }
            }
            Answer::Word(w) if w.chars().any(|c| c.is_ascii_digit()) => vec![w.clone()],
            Answer::Word(_) | Answer::Count(_) => Vec::new(),
        }
    }
}

/// The first place (a byte range) where `text` shows one of `forms` as a
/// whole value: not inside a longer number (`47.21` is not in `147.21`),
/// nor followed by more digits or letters (`R0006` is not in `R00061`); a
/// letter may come before it (`B20180424` shows `20180424`).
pub fn shown_in(text: &str, forms: &[String]) -> Option<std::ops::Range<usize>> {
    let mut found: Option<std::ops::Range<usize>> = None;
    for form in forms.iter().filter(|f| !f.is_empty()) {
        for (at, _) in text.match_indices(form.as_str()) {
            let before = text[..at].chars().next_back();
            let after = text[at + form.len()..].chars().next();
            let glued_before = before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.');
            let glued_after = after.is_some_and(|c| c.is_ascii_alphanumeric());
            if !glued_before && !glued_after && found.as_ref().is_none_or(|r| at < r.start) {
                found = Some(at..at + form.len());
                break;
            }
        }
    }
    found
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
    /// What the events show together, in words built from the run's own
    /// values (the days a remittance carries, the rates compared), told
    /// after them: the why that no single event's reason says.
    pub notes: Vec<String>,
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
        "batch.ID.requested",
        Shape::Date,
        "the Beijing date China asked to remit batch ID (its remittance's request)",
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
    use super::eval::parse_batch;
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
