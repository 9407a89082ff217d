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
    /// The switch asked the issuer.
    Authorizing,
    /// The issuer approved and debited the wallet; its answer is on its way.
    Authorized,
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
    /// EUR refunded so far, and how many refunds; EUR asked for in refunds
    /// (paid or still waiting), which never exceeds the payment.
    pub refunded: Decimal,
    pub refunds: u8,
    pub refund_asked: Decimal,
    pub refund_asked_cny: Decimal,
    /// The issuer holds this payment's CNY debited from the wallet (until a
    /// reversal gives it back).
    pub debited: bool,
}

impl Payment {
    /// A further independent draw for this payment (a timeout, a refund),
    /// derived from its risk draw with SplitMix64 so that adding a purpose
    /// never shifts the cardholder's stream.
    pub fn draw(&self, purpose: u64) -> u64 {
        let mut z = self.risk_bits ^ purpose.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Purposes of [`Payment::draw`].
pub mod purpose {
    pub const TIMEOUT: u64 = 1;
    pub const REFUND: u64 = 2;
    pub const REFUND_PARTIAL: u64 = 3;
    pub const REFUND_PARTS: u64 = 4;
    /// Each part's delay and share use `REFUND_PART + part`.
    pub const REFUND_PART: u64 = 100;
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
    /// Refunds netted against this statement (EUR, at the original rates).
    pub refunds: Decimal,
    pub refund_count: u32,
    /// CNY collected less CNY refunded.
    pub cny: Decimal,
    pub fee: Decimal,
}

impl Line {
    /// What the statement owes the merchant's acquirer.
    pub fn net(&self) -> Decimal {
        self.gross - self.refunds - self.fee
    }
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
    pub refunds: Money,
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
    /// What the statements it covers owe, plus any earlier shortfall it
    /// carries: what it should deliver.
    pub amount: Money,
    /// An earlier remittance's shortfall this one makes good.
    pub carried: Money,
    /// What went missing on the way (a `remittance_short` fault).
    pub short: Money,
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
    pub outcome: PayoutOutcome,
    /// Set at sending when the merchant's bank will return it (a fault).
    pub return_reason: Option<crate::domain::reason::Reason>,
    /// When a reject or return brought it back.
    pub bounced_at: Option<Instant>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutOutcome {
    InFlight,
    Settled,
    /// pacs.002 before settlement.
    Rejected(crate::domain::reason::Reason),
    /// pacs.004 after settlement.
    Returned(crate::domain::reason::Reason),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundState {
    Requested,
    /// NOT_ENOUGH in the CNY pool; retried with the same id.
    Failed,
    Completed,
}

/// A refund of (part of) a payment, at its original rate (`RF000001`).
#[derive(Clone, Debug)]
pub struct Refund {
    pub payment: u32,
    pub eur: Money,
    pub cny: Money,
    pub state: RefundState,
    pub attempts: u32,
    pub requested_at: Instant,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectDebitState {
    Sent,
    Settled,
    Returned(crate::domain::reason::Reason),
}

/// A SEPA direct debit (pacs.003) collecting a merchant's negative balance
/// (`DD000001`).
#[derive(Clone, Debug)]
pub struct DirectDebit {
    pub merchant: u32,
    pub amount: Money,
    pub state: DirectDebitState,
    pub sent_at: Instant,
}

/// A reconciliation exception: a remittance that did not match its
/// statements (`E0001`).
#[derive(Clone, Debug)]
pub struct Exception {
    pub remittance: u32,
    pub expected: Money,
    pub received: Money,
    pub opened_at: Instant,
    pub resolved_at: Option<Instant>,
    pub resolved_by: Option<u32>,
}

#[derive(Default, Clone, Debug)]
pub struct Book {
    pub payments: Vec<Payment>,
    pub groups: Vec<MerchantGroupInfo>,
    pub merchants: Vec<Merchant>,
    pub batches: BTreeMap<Date, Batch>,
    pub remittances: Vec<Remittance>,
    pub payouts: Vec<Payout>,
    pub refunds: Vec<Refund>,
    pub direct_debits: Vec<DirectDebit>,
    pub exceptions: Vec<Exception>,
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
pub fn refund_id(r: u32) -> String {
    format!("RF{:06}", r + 1)
}
pub fn direct_debit_id(d: u32) -> String {
    format!("DD{:06}", d + 1)
}
pub fn exception_id(e: u32) -> String {
    format!("E{:04}", e + 1)
}
