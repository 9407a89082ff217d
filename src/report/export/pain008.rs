//! `pain.008.001.08`, Customer Direct Debit Initiation: what the acquirer
//! sends its bank for one direct-debit run (every SEPA Core direct debit
//! sent at one `payout_at` window, collecting merchants' negative
//! balances). One payment information block per due date and sequence
//! type, one transaction per direct debit with its id (`DD000001`) as
//! end-to-end id.
//!
//! - **Mandate**: each merchant signs one recurrent SDD Core mandate with
//!   its merchant agreement, so the mandate is signed on the day the
//!   merchant applies to the acquirer: its group's `joins` date, else the
//!   scenario's start (the day `Merchants` applies). Its id is
//!   `MNDT-000001` for the directory's first merchant, `MNDT-000002` for
//!   the second, ...: deterministic, unique, at most 35 characters.
//! - **Sequence type** (SDD Core rulebook, attribute AT-21): the mandate is
//!   recurrent, so a merchant's first direct debit of the run is `FRST` and
//!   every later one `RCUR`. Since EPC016-06 SDD Core rulebook v9.0 (in
//!   force 20 November 2016) a first collection may also be sent as `RCUR`;
//!   `FRST` stays valid under every version and tells the debtor bank more.
//! - **Due date** (`ReqdColltnDt`): the day the acquirer booked the
//!   collection (its `Collected` booking); for one not yet collected when
//!   the run ended, the day the dated SDD Core presentation time
//!   ([`SDD_CORE_PRESENTATION_DAYS`]) gives on the acquirer's calendar.
//! - **Creditor scheme id** ([`creditor_id`]): the SEPA creditor identifier
//!   of the acquirer, in the EPC's format: its IBAN's country, two ISO 7064
//!   mod 97-10 check digits, creditor business code `ZZZ` and a national
//!   identifier (the acquirer's BIC bank code and the last eight characters
//!   of its IBAN), so it is as deterministic as the IBAN.
//!
//! [`SDD_CORE_PRESENTATION_DAYS`]: crate::domain::rules::SDD_CORE_PRESENTATION_DAYS

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::pain001::decimal;
use super::xml::Doc;
use super::{File, iso};
use crate::agents::acquirer::Entry;
use crate::domain::Date;
use crate::domain::ids::DirectDebitId;
use crate::domain::rules::SDD_CORE_PRESENTATION_DAYS;
use crate::engine::Instant;
use crate::scenario::Scenario;
use crate::world::Outcome;

/// A direct debit as the file writes it.
struct Collection {
    id: DirectDebitId,
    due: Date,
    sequence: &'static str,
}

/// One file per direct-debit run, `pain.008-DATE.xml` (DATE the
/// acquirer-local day it was sent).
pub(super) fn files(sc: &Scenario, o: &Outcome) -> Vec<File> {
    let acq = o.acquirer();
    let mut collected: BTreeMap<DirectDebitId, Date> = BTreeMap::new();
    for b in acq.bookings() {
        if let Entry::Collected { direct_debit } = b.entry {
            collected.entry(direct_debit).or_insert(sc.acquirer.zone.date(b.at));
        }
    }
    let mut debited = BTreeSet::new();
    let mut runs: BTreeMap<Instant, Vec<Collection>> = BTreeMap::new();
    for (i, dd) in acq.direct_debits().iter().enumerate() {
        let id = DirectDebitId::from_index(i as u32);
        let sent_on = sc.acquirer.zone.date(dd.sent_at);
        let due = collected.get(&id).copied().unwrap_or_else(|| {
            SDD_CORE_PRESENTATION_DAYS
                .on(sent_on)
                .ok()
                .and_then(|days| sc.acquirer.calendar.add_business_days(sent_on, *days).ok())
                .unwrap_or(sent_on)
        });
        let sequence = if debited.insert(dd.merchant) { "FRST" } else { "RCUR" };
        runs.entry(dd.sent_at)
            .or_default()
            .push(Collection { id, due, sequence });
    }
    runs.into_iter().map(|(at, c)| run_file(sc, o, at, &c)).collect()
}

fn run_file(sc: &Scenario, o: &Outcome, at: Instant, run: &[Collection]) -> File {
    let acq = &sc.acquirer;
    let date = acq.zone.date(at);
    let debits = o.acquirer().direct_debits();
    let total: Decimal = run.iter().map(|c| debits[c.id.index()].amount.amount()).sum();
    let mut d = Doc::iso20022("pain.008.001.08");
    d.open("CstmrDrctDbtInitn");
    d.open("GrpHdr");
    d.text("MsgId", &format!("DDRUN-{}", date.strftime("%Y%m%d")));
    d.text("CreDtTm", &iso(&acq.zone, at));
    d.text("NbOfTxs", &run.len().to_string());
    d.text("CtrlSum", &decimal(total));
    d.path("InitgPty/Nm", &acq.name);
    d.close("GrpHdr");
    let mut blocks: BTreeMap<(Date, &str), Vec<&Collection>> = BTreeMap::new();
    for c in run {
        blocks.entry((c.due, c.sequence)).or_default().push(c);
    }
    for ((due, sequence), block) in blocks {
        payment_information(&mut d, sc, o, date, due, sequence, &block);
    }
    d.close("CstmrDrctDbtInitn");
    File {
        name: format!("pain.008-{date}.xml"),
        bytes: d.finish(),
    }
}

fn payment_information(
    d: &mut Doc,
    sc: &Scenario,
    o: &Outcome,
    date: Date,
    due: Date,
    sequence: &str,
    block: &[&Collection],
) {
    let debits = o.acquirer().direct_debits();
    let acquirer = &o.directory.institutions().acquirer;
    let total: Decimal = block.iter().map(|c| debits[c.id.index()].amount.amount()).sum();
    d.open("PmtInf");
    d.text(
        "PmtInfId",
        &format!(
            "DDRUN-{}-{}-{sequence}",
            date.strftime("%Y%m%d"),
            due.strftime("%Y%m%d")
        ),
    );
    d.text("PmtMtd", "DD");
    d.text("NbOfTxs", &block.len().to_string());
    d.text("CtrlSum", &decimal(total));
    d.open("PmtTpInf");
    d.path("SvcLvl/Cd", "SEPA");
    d.path("LclInstrm/Cd", "CORE");
    d.text("SeqTp", sequence);
    d.close("PmtTpInf");
    d.text("ReqdColltnDt", &due.to_string());
    d.path("Cdtr/Nm", &sc.acquirer.name);
    d.path("CdtrAcct/Id/IBAN", acquirer.iban.as_str());
    d.path("CdtrAgt/FinInstnId/BICFI", acquirer.bic.as_str());
    d.text("ChrgBr", "SLEV");
    d.open("CdtrSchmeId");
    d.open("Id");
    d.open("PrvtId");
    d.open("Othr");
    d.text("Id", &creditor_id(acquirer.iban.as_str(), acquirer.bic.as_str()));
    d.path("SchmeNm/Prtry", "SEPA");
    d.close("Othr");
    d.close("PrvtId");
    d.close("Id");
    d.close("CdtrSchmeId");
    for c in block {
        transaction(d, sc, o, c);
    }
    d.close("PmtInf");
}

fn transaction(d: &mut Doc, sc: &Scenario, o: &Outcome, c: &Collection) {
    let dd = &o.acquirer().direct_debits()[c.id.index()];
    let account = o.directory.account(dd.merchant);
    let name = o.directory.name(dd.merchant);
    let signed = sc.merchants[o.directory.group_index(dd.merchant)]
        .joins
        .unwrap_or(sc.start);
    d.open("DrctDbtTxInf");
    d.path("PmtId/EndToEndId", &c.id.to_string());
    let ccy = dd.amount.currency().to_string();
    d.text_with("InstdAmt", &[("Ccy", ccy.as_str())], &decimal(dd.amount.amount()));
    d.open("DrctDbtTx");
    d.open("MndtRltdInf");
    d.text("MndtId", &mandate_id(dd.merchant.index()));
    d.text("DtOfSgntr", &signed.to_string());
    d.close("MndtRltdInf");
    d.close("DrctDbtTx");
    d.path("DbtrAgt/FinInstnId/BICFI", account.bic.as_str());
    d.path("Dbtr/Nm", &name);
    d.path("DbtrAcct/Id/IBAN", account.iban.as_str());
    d.path("RmtInf/Ustrd", &format!("Negative balance of {name} {}", c.id));
    d.close("DrctDbtTxInf");
}

/// `MNDT-000001`: the mandate of the directory's merchant at `index`.
fn mandate_id(index: usize) -> String {
    format!("MNDT-{:06}", index + 1)
}

/// The SEPA creditor identifier for the account `iban` at `bic`: the
/// IBAN's country and a national identifier of the BIC's bank code and
/// the IBAN's last eight characters, through [`sepa_creditor_id`].
fn creditor_id(iban: &str, bic: &str) -> String {
    let national = format!("{}{}", &bic[..4], &iban[iban.len().saturating_sub(8)..]);
    sepa_creditor_id(&iban[..2], &national)
}

/// `DE98ZZZ09999999999`: the country, ISO 7064 mod 97-10 check digits over
/// the national identifier then the country and `00` (letters as 10 to 35,
/// the business code left out, as the EPC's creditor identifier format
/// says), the business code `ZZZ` and the national identifier.
fn sepa_creditor_id(country: &str, national: &str) -> String {
    let mut rem: u32 = 0;
    for ch in format!("{national}{country}00").chars() {
        let v = ch.to_digit(36).expect("alphanumeric");
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("{country}{:02}ZZZ{national}", 98 - rem)
}

#[cfg(test)]
mod tests {
    use super::{creditor_id, sepa_creditor_id};

    #[test]
    fn creditor_ids_carry_mod_97_check_digits() {
        // The Deutsche Bundesbank's example creditor identifier.
        assert_eq!(sepa_creditor_id("DE", "09999999999"), "DE98ZZZ09999999999");
        let lu = creditor_id("LU359510560047457305", "SQASLUGW");
        assert!(lu.starts_with("LU") && lu.ends_with("ZZZSQAS47457305"), "{lu}");
    }
}
