//! `camt.053.001.08`, Bank to Customer Statement: what the acquirer's bank
//! reports of the acquirer's EUR settlement account, one statement per
//! TARGET2 business day with a movement on it.
//!
//! **The acquirer's EUR settlement account** is the money the acquirer has
//! received and not yet paid out. In the ledger it is the sum of four
//! accounts ([`settlement_accounts`]): `unreconciled` (received, not yet
//! explained), `merchant_balances` (owed to merchants, negative where a
//! merchant owes), `acquirer_margin` (the MDR kept) and `suspense`
//! (payouts that came back). A payout leaves it when sent (into
//! `payouts_in_flight`, which is the bank's, not the acquirer's, money);
//! reconciliation and suspense released to a merchant's balance move money
//! inside it and are no entries. So every movement on it is one of:
//!
//! | entry | ledger | credit/debit | bank transaction code |
//! |---|---|---|---|
//! | remittance received (`R0001`) | `in_transit` → `unreconciled` | CRDT | PMNT/RCDT/XBCT |
//! | payout sent (`PO000001`) | `merchant_balances` → `payouts_in_flight` | DBIT | PMNT/ICDT/ESCT |
//! | payout rejected, pacs.002 | `payouts_in_flight` → `suspense` | CRDT | PMNT/ICDT/RRTN |
//! | payout returned, pacs.004 | `paid_to_merchants` → `suspense` | CRDT | PMNT/ICDT/RRTN |
//! | direct debit collected (`DD000001`) | `collected_from_merchants` → `merchant_balances` | CRDT | PMNT/IDDT/ESDD |
//! | direct debit returned | `merchant_balances` → `collected_from_merchants` | DBIT | PMNT/IDDT/UPDD |
//!
//! Everything is read from the run's records: remittances from the
//! settlement bank's (those the acquirer received, at their value date,
//! less any shortfall), payouts from the acquirer's (sent at `sent_at`,
//! back at `bounced_at` with their reason) and direct debits from the
//! acquirer's bookings (`Collected`, `DebitReturned`). An entry booked on a
//! day the acquirer's calendar (TARGET2 by default) is closed, such as an
//! SCT Inst payout on a Saturday, is reported on the next business day's
//! statement with its own value date.
//!
//! A statement is created (`CreDtTm`) at the last second of its business
//! day in the acquirer's zone, `2018-02-14T23:59:59+01:00` in Luxembourg:
//! after the day's last entry, and the same on every run.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::pain001::decimal;
use super::xml::Doc;
use super::{File, iso, payout_id};
use crate::agents::acquirer::{Entry, PayoutOutcome};
use crate::domain::Date;
use crate::domain::ids::{DirectDebitId, RemittanceId};
use crate::domain::ledger::AccountId;
use crate::engine::{Duration, Instant};
use crate::scenario::Scenario;
use crate::scenario::model::add_days;
use crate::world::Outcome;

/// The ledger accounts that make up the acquirer's EUR settlement account
/// (money received and not yet paid out): `unreconciled`,
/// `merchant_balances`, `acquirer_margin` and `suspense`. The last
/// statement's closing balance is the sum of their balances at the end of
/// the run.
pub fn settlement_accounts(o: &Outcome) -> [AccountId; 4] {
    let a = &o.accounts;
    [a.unreconciled, a.merchant_balances, a.acquirer_margin, a.suspense]
}

/// One movement on the settlement account.
struct Movement {
    /// When it was booked: None for a remittance (credited at the start of
    /// its value date), else the instant.
    at: Option<Instant>,
    /// The day it took value (acquirer-local).
    value: Date,
    /// Signed: positive a credit.
    amount: Decimal,
    /// The run's id it leads back to (`R0001`, `PO000001`, `DD000001`).
    reference: String,
    /// Domain, family, sub-family of the bank transaction code.
    code: [&'static str; 3],
    /// A pacs.002/pacs.004/SDD return reason code.
    reason: Option<&'static str>,
    /// A line of text for people.
    info: String,
}

/// Every movement of the run, in booking order.
fn movements(sc: &Scenario, o: &Outcome) -> Vec<Movement> {
    let zone = &sc.acquirer.zone;
    let acq = o.acquirer();
    let mut out = Vec::new();
    for (i, r) in o.bank().remittances().iter().enumerate() {
        let id = RemittanceId::from_index(i as u32);
        let Some(value) = r.value_date.filter(|_| acq.has_received(id)) else {
            continue;
        };
        let batches: Vec<String> = r.batches.iter().map(|b| b.to_string()).collect();
        out.push(Movement {
            at: None,
            value,
            amount: (r.amount - r.short).amount(),
            reference: id.to_string(),
            code: ["PMNT", "RCDT", "XBCT"],
            reason: None,
            info: format!("Remittance {id} for {}", batches.join(" ")),
        });
    }
    for (i, po) in acq.payouts().iter().enumerate() {
        let id = payout_id(i).to_string();
        out.push(Movement {
            at: Some(po.sent_at),
            value: zone.date(po.sent_at),
            amount: -po.amount.amount(),
            reference: id.clone(),
            code: ["PMNT", "ICDT", "ESCT"],
            reason: None,
            info: format!(
                "Payout {id} to {} ({})",
                o.directory.name(po.merchant),
                po.scheme.code()
            ),
        });
        let (reason, what) = match po.outcome {
            PayoutOutcome::Rejected(r) => (r, "rejected (pacs.002)"),
            PayoutOutcome::Returned(r) => (r, "returned (pacs.004)"),
            _ => continue,
        };
        let at = po.bounced_at.expect("a payout that came back has its instant");
        out.push(Movement {
            at: Some(at),
            value: zone.date(at),
            amount: po.amount.amount(),
            reference: id.clone(),
            code: ["PMNT", "ICDT", "RRTN"],
            reason: Some(reason.code),
            info: format!("Payout {id} {what}: {} {}", reason.code, reason.name),
        });
    }
    for b in acq.bookings() {
        let (dd, reason): (DirectDebitId, _) = match b.entry {
            Entry::Collected { direct_debit } => (direct_debit, None),
            Entry::DebitReturned { direct_debit, reason } => (direct_debit, Some(reason)),
            _ => continue,
        };
        let amount = acq.direct_debits()[dd.index()].amount.amount();
        let who = o.directory.name(b.merchant);
        out.push(match reason {
            None => Movement {
                at: Some(b.at),
                value: zone.date(b.at),
                amount,
                reference: dd.to_string(),
                code: ["PMNT", "IDDT", "ESDD"],
                reason: None,
                info: format!("Direct debit {dd} collected from {who}"),
            },
            Some(r) => Movement {
                at: Some(b.at),
                value: zone.date(b.at),
                amount: -amount,
                reference: dd.to_string(),
                code: ["PMNT", "IDDT", "UPDD"],
                reason: Some(r.code),
                info: format!("Direct debit {dd} returned by {who}: {} {}", r.code, r.name),
            },
        });
    }
    out.sort_by_key(|m| (m.value, m.at));
    out
}

/// The business day of the acquirer's calendar a movement of `day` is
/// reported on: `day` itself when open, else the next open day.
fn business_day(sc: &Scenario, day: Date) -> Date {
    let mut d = day;
    while !sc.acquirer.calendar.is_open(d).unwrap_or(true) {
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    d
}

/// One file per business day with a movement, `camt.053-DATE.xml`.
pub(super) fn files(sc: &Scenario, o: &Outcome) -> Vec<File> {
    let mut days: BTreeMap<Date, Vec<Movement>> = BTreeMap::new();
    for m in movements(sc, o) {
        days.entry(business_day(sc, m.value)).or_default().push(m);
    }
    let mut balance = Decimal::ZERO;
    let mut out = Vec::with_capacity(days.len());
    for (n, (day, entries)) in days.into_iter().enumerate() {
        let opening = balance;
        balance += entries.iter().map(|m| m.amount).sum::<Decimal>();
        out.push(statement(sc, o, n + 1, day, opening, balance, &entries));
    }
    out
}

fn statement(
    sc: &Scenario,
    o: &Outcome,
    seq: usize,
    day: Date,
    opening: Decimal,
    closing: Decimal,
    entries: &[Movement],
) -> File {
    let acquirer = &o.directory.institutions().acquirer;
    let stamp = day.strftime("%Y%m%d").to_string();
    let mut d = Doc::iso20022("camt.053.001.08");
    d.open("BkToCstmrStmt");
    d.open("GrpHdr");
    d.text("MsgId", &format!("STMT-{stamp}"));
    d.text("CreDtTm", &created(sc, day));
    d.close("GrpHdr");
    d.open("Stmt");
    d.text("Id", &format!("STMT-{stamp}-EUR"));
    d.text("ElctrncSeqNb", &seq.to_string());
    d.open("Acct");
    d.path("Id/IBAN", acquirer.iban.as_str());
    d.text("Ccy", "EUR");
    d.text("Nm", &sc.acquirer.name);
    d.path("Svcr/FinInstnId/BICFI", acquirer.bic.as_str());
    d.close("Acct");
    balance(&mut d, "OPBD", opening, day);
    balance(&mut d, "CLBD", closing, day);
    let (credits, debits): (Vec<Decimal>, Vec<Decimal>) =
        entries.iter().map(|m| m.amount).partition(|a| indicator(*a) == "CRDT");
    d.open("TxsSummry");
    d.open("TtlNtries");
    d.text("NbOfNtries", &entries.len().to_string());
    d.close("TtlNtries");
    for (name, list) in [("TtlCdtNtries", &credits), ("TtlDbtNtries", &debits)] {
        d.open(name);
        d.text("NbOfNtries", &list.len().to_string());
        d.text("Sum", &decimal(list.iter().map(|a| a.abs()).sum()));
        d.close(name);
    }
    d.close("TxsSummry");
    for (i, m) in entries.iter().enumerate() {
        entry(&mut d, &stamp, i + 1, day, m);
    }
    d.close("Stmt");
    d.close("BkToCstmrStmt");
    File {
        name: format!("camt.053-{day}.xml"),
        bytes: d.finish(),
    }
}

/// The statement's creation time (`CreDtTm`): the last second of its
/// business day in the acquirer's zone, `2018-02-14T23:59:59+01:00` for a
/// Luxembourg acquirer, once every entry of the day is booked. It comes
/// from the day alone, never the wall clock, so a run writes the same bytes
/// every time.
fn created(sc: &Scenario, day: Date) -> String {
    let zone = &sc.acquirer.zone;
    let next_midnight = zone.midnight(add_days(day, 1));
    iso(zone, next_midnight + Duration::from_secs(-1))
}

fn balance(d: &mut Doc, code: &str, amount: Decimal, day: Date) {
    d.open("Bal");
    d.path("Tp/CdOrPrtry/Cd", code);
    d.text_with("Amt", &[("Ccy", "EUR")], &decimal(amount.abs()));
    d.text("CdtDbtInd", indicator(amount));
    d.path("Dt/Dt", &day.to_string());
    d.close("Bal");
}

fn indicator(amount: Decimal) -> &'static str {
    if amount.is_sign_negative() && !amount.is_zero() {
        "DBIT"
    } else {
        "CRDT"
    }
}

fn entry(d: &mut Doc, stamp: &str, n: usize, day: Date, m: &Movement) {
    let amount = decimal(m.amount.abs());
    d.open("Ntry");
    d.text("NtryRef", &m.reference);
    d.text_with("Amt", &[("Ccy", "EUR")], &amount);
    d.text("CdtDbtInd", indicator(m.amount));
    d.path("Sts/Cd", "BOOK");
    d.path("BookgDt/Dt", &day.to_string());
    d.path("ValDt/Dt", &m.value.to_string());
    d.text("AcctSvcrRef", &format!("{stamp}-{n:05}"));
    let [domain, family, sub] = m.code;
    d.open("BkTxCd");
    d.open("Domn");
    d.text("Cd", domain);
    d.open("Fmly");
    d.text("Cd", family);
    d.text("SubFmlyCd", sub);
    d.close("Fmly");
    d.close("Domn");
    d.close("BkTxCd");
    d.open("NtryDtls");
    d.open("TxDtls");
    d.open("Refs");
    d.text("EndToEndId", &m.reference);
    d.close("Refs");
    d.text_with("Amt", &[("Ccy", "EUR")], &amount);
    d.text("CdtDbtInd", indicator(m.amount));
    if let Some(code) = m.reason {
        d.open("RtrInf");
        d.path("Rsn/Cd", code);
        d.close("RtrInf");
    }
    d.text("AddtlTxInf", &m.info);
    d.close("TxDtls");
    d.close("NtryDtls");
    d.close("Ntry");
}
