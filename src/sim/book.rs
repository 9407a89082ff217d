//! The record of the run: payments, merchants, clearing batches,
//! remittances and payouts, indexed by their ids. Agents own their
//! behaviour; the book is the shared register they write to, like the
//! databases behind a real corridor.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::scenario::model::Scheme;

use super::message::Decline;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentState {
    Initiated,
    Authorizing,
    Completed,
    Declined(Decline),
}

/// One purchase. EUR is the merchant's price; CNY what the consumer paid at
/// `rate` (the switch's quote, markup included).
#[derive(Clone, Debug)]
pub struct Payment {
    pub cardholder: u32,
    pub merchant: u32,
    pub eur: Decimal,
    pub cny: Decimal,
    pub rate: Decimal,
    pub initiated: Instant,
    /// Network latency of the three online hops, drawn by the cardholder.
    pub hops_ms: [u32; 3],
    /// The issuer's risk draw, drawn by the cardholder's stream so that it
    /// does not depend on other payments.
    pub risk_bits: u64,
    pub state: PaymentState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MerchantState {
    /// Applied or not yet applied; cannot accept.
    Pending,
    /// KYC failed: never activated.
    Refused,
    Active,
}

#[derive(Clone, Debug)]
pub struct MerchantGroupInfo {
    pub name: String,
    pub zone: Zone,
    pub tier: String,
}

#[derive(Clone, Debug)]
pub struct Merchant {
    pub group: u32,
    /// 1-based index within the group (`paris-boutiques/3`).
    pub index: u32,
    pub state: MerchantState,
}

/// One merchant's lines of a clearing batch: its statement for the day.
#[derive(Clone, Debug, Default)]
pub struct Line {
    pub payments: Vec<u32>,
    pub gross: Decimal,
    pub cny: Decimal,
    pub fee: Decimal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchState {
    /// Closed; its CNY waits in the switch's pool.
    AwaitingConversion,
    /// Converted; its EUR is in the pool at the settlement bank.
    InPool,
    /// Covered by a remittance that is being approved or sent.
    Remitting,
    /// Sent; in transit until the value date.
    InTransit,
    /// Received and reconciled by the acquirer.
    Received,
    /// Received but could not be reconciled.
    Unreconciled,
}

/// A clearing day's batch (`B20180214`).
#[derive(Clone, Debug)]
pub struct Batch {
    pub day: Date,
    pub lines: BTreeMap<u32, Line>,
    pub payments: u32,
    pub gross: Money,
    pub fees: Money,
    pub net: Money,
    pub cny: Money,
    pub state: BatchState,
    /// CNY paid for the batch's EUR, and the bank's rate.
    pub sold: Option<(Money, Decimal)>,
    pub remittance: Option<u32>,
    pub remitted_times: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemittanceState {
    AwaitingApproval,
    Approved,
    Rejected,
    Sent,
    Received,
}

/// A remittance of the EUR pool to the acquirer (`R0001`).
#[derive(Clone, Debug)]
pub struct Remittance {
    pub batches: Vec<Date>,
    pub amount: Money,
    pub state: RemittanceState,
    pub requested_at: Instant,
    pub sent_at: Option<Instant>,
    pub value_date: Option<Date>,
}

/// A payout to one merchant (`PO000001`).
#[derive(Clone, Debug)]
pub struct Payout {
    pub merchant: u32,
    pub amount: Money,
    pub scheme: Scheme,
    pub payments: Vec<u32>,
    pub sent_at: Instant,
    pub settled_at: Option<Instant>,
}

#[derive(Default, Clone, Debug)]
pub struct Book {
    pub payments: Vec<Payment>,
    pub groups: Vec<MerchantGroupInfo>,
    pub merchants: Vec<Merchant>,
    pub batches: BTreeMap<Date, Batch>,
    pub remittances: Vec<Remittance>,
    pub payouts: Vec<Payout>,
}

impl Book {
    pub fn merchant_zone(&self, merchant: u32) -> &Zone {
        &self.groups[self.merchants[merchant as usize].group as usize].zone
    }

    pub fn merchant_tier(&self, merchant: u32) -> &str {
        &self.groups[self.merchants[merchant as usize].group as usize].tier
    }

    /// `paris-boutiques/3`.
    pub fn merchant_name(&self, merchant: u32) -> String {
        let m = &self.merchants[merchant as usize];
        format!("{}/{}", self.groups[m.group as usize].name, m.index)
    }

    /// The merchant with a `GROUP/N` name.
    pub fn merchant_by_name(&self, name: &str) -> Option<u32> {
        let (group, n) = name.rsplit_once('/')?;
        let n: u32 = n.parse().ok()?;
        self.merchants
            .iter()
            .position(|m| m.index == n && self.groups[m.group as usize].name == group)
            .map(|i| i as u32)
    }
}

/// Ids as the spec writes them.
pub fn payment_id(p: u32) -> String {
    format!("P{:08}", p + 1)
}
pub fn cardholder_id(c: u32) -> String {
    format!("C{:06}", c + 1)
}
pub fn batch_id(d: Date) -> String {
    format!("B{:04}{:02}{:02}", d.year(), d.month(), d.day())
}
pub fn remittance_id(r: u32) -> String {
    format!("R{:04}", r + 1)
}
pub fn payout_id(p: u32) -> String {
    format!("PO{:06}", p + 1)
}
