//! `pain.001.001.09`, Customer Credit Transfer Initiation: what the acquirer
//! sends its bank for one payout run (every payout sent at one `payout_at`
//! window). A payment information block per execution date and scheme
//! (SCT as service level `SEPA`, SCT Inst as `INST`), one transaction per
//! payout: the payout id as end-to-end id, the merchant's name, IBAN and
//! BIC, the amount, and the statements it pays as remittance text.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::xml::Doc;
use super::{File, iso, payout_id, statements_paid};
use crate::agents::acquirer::Payout;
use crate::domain::ids::BatchId;
use crate::engine::Instant;
use crate::scenario::Scenario;
use crate::scenario::model::Scheme;
use crate::world::Outcome;

/// Amounts as the schema writes them: two decimals, rounded half away
/// from zero (payouts are whole cents already).
pub(super) fn decimal(d: Decimal) -> String {
    format!(
        "{:.2}",
        d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    )
}

/// One file per payout run, named by the run's execution date.
pub(super) fn files(sc: &Scenario, o: &Outcome) -> Vec<File> {
    let paid = statements_paid(o);
    let mut runs: BTreeMap<Instant, Vec<usize>> = BTreeMap::new();
    for (i, po) in o.acquirer().payouts().iter().enumerate() {
        runs.entry(po.sent_at).or_default().push(i);
    }
    runs.into_iter()
        .map(|(at, ids)| run_file(sc, o, at, &ids, &paid))
        .collect()
}

fn run_file(sc: &Scenario, o: &Outcome, at: Instant, ids: &[usize], paid: &[Vec<BatchId>]) -> File {
    let acq = &sc.acquirer;
    let date = acq.zone.date(at);
    let payouts = o.acquirer().payouts();
    let total: Decimal = ids.iter().map(|&i| payouts[i].amount.amount()).sum();
    let mut d = Doc::iso20022("pain.001.001.09");
    d.open("CstmrCdtTrfInitn");
    d.open("GrpHdr");
    d.text("MsgId", &format!("PAYRUN-{}", date.strftime("%Y%m%d")));
    d.text("CreDtTm", &iso(&acq.zone, at));
    d.text("NbOfTxs", &ids.len().to_string());
    d.text("CtrlSum", &decimal(total));
    d.path("InitgPty/Nm", &acq.name);
    d.close("GrpHdr");
    for scheme in [Scheme::Sct, Scheme::SctInst] {
        let block: Vec<usize> = ids.iter().copied().filter(|&i| payouts[i].scheme == scheme).collect();
        if !block.is_empty() {
            payment_information(&mut d, sc, o, date, scheme, &block, paid);
        }
    }
    d.close("CstmrCdtTrfInitn");
    File {
        name: format!("pain.001-{date}.xml"),
        bytes: d.finish(),
    }
}

fn payment_information(
    d: &mut Doc,
    sc: &Scenario,
    o: &Outcome,
    date: crate::domain::Date,
    scheme: Scheme,
    ids: &[usize],
    paid: &[Vec<BatchId>],
) {
    let payouts = o.acquirer().payouts();
    let acquirer = &o.directory.institutions().acquirer;
    let total: Decimal = ids.iter().map(|&i| payouts[i].amount.amount()).sum();
    let level = if scheme == Scheme::SctInst { "INST" } else { "SEPA" };
    d.open("PmtInf");
    d.text(
        "PmtInfId",
        &format!("PAYRUN-{}-{}", date.strftime("%Y%m%d"), scheme.code()),
    );
    d.text("PmtMtd", "TRF");
    d.text("NbOfTxs", &ids.len().to_string());
    d.text("CtrlSum", &decimal(total));
    d.path("PmtTpInf/SvcLvl/Cd", level);
    d.path("ReqdExctnDt/Dt", &date.to_string());
    d.path("Dbtr/Nm", &sc.acquirer.name);
    d.path("DbtrAcct/Id/IBAN", acquirer.iban.as_str());
    d.path("DbtrAgt/FinInstnId/BICFI", acquirer.bic.as_str());
    d.text("ChrgBr", "SLEV");
    for &i in ids {
        transaction(d, o, i, &payouts[i], &paid[i]);
    }
    d.close("PmtInf");
}

fn transaction(d: &mut Doc, o: &Outcome, i: usize, po: &Payout, paid: &[BatchId]) {
    let account = o.directory.account(po.merchant);
    d.open("CdtTrfTxInf");
    d.path("PmtId/EndToEndId", &payout_id(i).to_string());
    d.open("Amt");
    let ccy = po.amount.currency().to_string();
    d.text_with("InstdAmt", &[("Ccy", ccy.as_str())], &decimal(po.amount.amount()));
    d.close("Amt");
    d.path("CdtrAgt/FinInstnId/BICFI", account.bic.as_str());
    d.path("Cdtr/Nm", &o.directory.name(po.merchant));
    d.path("CdtrAcct/Id/IBAN", account.iban.as_str());
    d.path("RmtInf/Ustrd", &remittance_text(paid));
    d.close("CdtTrfTxInf");
}

/// `Statements B20180213 B20180214`, at most 140 characters as the schema
/// allows: a long list ends with the count of those left out.
fn remittance_text(paid: &[BatchId]) -> String {
    let mut text = String::from(if paid.len() == 1 { "Statement" } else { "Statements" });
    for (n, b) in paid.iter().enumerate() {
        let more = format!(" and {} more", paid.len() - n);
        if text.len() + 10 + more.len() > 140 && n + 1 < paid.len() {
            return text + &more;
        }
        text.push(' ');
        text.push_str(&b.to_string());
    }
    if paid.is_empty() {
        text = "Balance from earlier statements".into();
    }
    text
}
