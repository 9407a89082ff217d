//! The event log's filter: `kind:payout_sent`, `agent:acquirer`,
//! `merchant:paris-boutiques/3`, `payment:P00000042`; several terms must all
//! hold. An empty filter shows everything.

use crate::domain::ids::{MerchantId, PaymentId};
use crate::messages::{Event, Kind, Party};
use crate::replay::Recording;

#[derive(Clone, Debug, PartialEq)]
enum Term {
    Kind(Kind),
    Agent(&'static str),
    Merchant(MerchantId),
    Payment(PaymentId),
}

/// The log's filter: the terms typed, all of which an event must satisfy.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// The filter as typed (`kind:payout_sent merchant:paris-boutiques/3`).
    pub text: String,
    terms: Vec<Term>,
}

const AGENTS: [&str; 7] = [
    "cardholder",
    "merchant",
    "issuer",
    "switch",
    "settlement_bank",
    "acquirer",
    "regulator",
];

fn agent_of(p: Party) -> &'static str {
    match p {
        Party::Cardholder(_) => "cardholder",
        Party::Merchant(_) => "merchant",
        Party::Issuer => "issuer",
        Party::Switch => "switch",
        Party::SettlementBank => "settlement_bank",
        Party::Acquirer => "acquirer",
        Party::Regulator => "regulator",
    }
}

impl Filter {
    /// None for an empty text (no filter), or what was wrong with it.
    pub fn parse(text: &str, rec: &Recording) -> Result<Option<Filter>, String> {
        let mut terms = Vec::new();
        for word in text.split_whitespace() {
            let (key, value) = word
                .split_once(':')
                .ok_or_else(|| format!("`{word}`: write key:value, with key kind, agent, merchant or payment"))?;
            terms.push(match key {
                "kind" => {
                    Term::Kind(
                        Kind::ALL.iter().copied().find(|k| k.name() == value).ok_or_else(|| {
                            format!("`{value}` is not an event kind (e.g. payout_sent, remittance_sent)")
                        })?,
                    )
                }
                "agent" => Term::Agent(
                    AGENTS
                        .iter()
                        .copied()
                        .find(|a| *a == value)
                        .ok_or_else(|| format!("`{value}` is not an agent: use one of {}", AGENTS.join(", ")))?,
                ),
                "merchant" => Term::Merchant(
                    rec.names()
                        .by_name(value)
                        .ok_or_else(|| format!("`{value}` is not a merchant: write it like paris-boutiques/3"))?,
                ),
                "payment" => Term::Payment(
                    PaymentId::parse(value).ok_or_else(|| format!("`{value}` is not a payment id like P00000042"))?,
                ),
                other => {
                    return Err(format!(
                        "`{other}` is not a filter key: use kind, agent, merchant or payment"
                    ));
                }
            });
        }
        Ok((!terms.is_empty()).then(|| Filter {
            text: text.to_string(),
            terms,
        }))
    }

    /// True when event `e` satisfies every term.
    pub fn admits(&self, e: &Event) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Kind(k) => e.kind() == *k,
            Term::Agent(a) => agent_of(e.from) == *a || agent_of(e.to) == *a,
            Term::Merchant(m) => {
                matches!(e.from, Party::Merchant(x) if x == *m)
                    || matches!(e.to, Party::Merchant(x) if x == *m)
                    || e.body.merchant() == Some(*m)
            }
            Term::Payment(p) => e.body.payment() == Some(*p),
        })
    }
}
