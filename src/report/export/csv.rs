//! CSV for spreadsheets and DuckDB: one row per payment, payout and
//! remittance, with a header row; instants ISO 8601 with offset, amounts
//! plain decimals beside a currency column. Fields with a comma, a quote or
//! a line break are quoted (RFC 4180).

use super::pain001::decimal;
use super::{File, iso, payout_id, statements_paid};
use crate::agents::acquirer::PayoutOutcome;
use crate::agents::settlement_bank::RemittanceState;
use crate::agents::switch::PaymentState;
use crate::domain::ids::RemittanceId;
use crate::domain::zone::Zone;
use crate::world::Outcome;

/// `payments.csv`, `payouts.csv` and `remittances.csv`.
pub(super) fn files(o: &Outcome) -> Vec<File> {
    vec![payments(o), payouts(o), remittances(o)]
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn table(name: &str, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> File {
    let mut out = header.join(",") + "\n";
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    File {
        name: name.into(),
        bytes: out.into_bytes(),
    }
}

fn payments(o: &Outcome) -> File {
    let header = [
        "payment",
        "initiated_at",
        "merchant",
        "cardholder",
        "state",
        "amount",
        "currency",
        "wallet_amount",
        "wallet_currency",
        "rate",
    ];
    let rows = o.switch().payments().map(|(id, p)| {
        let state = match &p.state {
            PaymentState::Authorizing => "authorizing".to_string(),
            PaymentState::Completed => "completed".to_string(),
            PaymentState::Declined(d) => format!(
                "declined:{}",
                serde_json::to_value(d).map_or_else(|_| String::new(), |v| v.as_str().unwrap_or("").to_string())
            ),
        };
        vec![
            id.to_string(),
            iso(o.directory.zone(p.merchant), p.initiated),
            o.directory.name(p.merchant),
            p.cardholder.to_string(),
            state,
            decimal(p.eur.amount()),
            p.eur.currency().to_string(),
            decimal(p.cny.amount()),
            p.cny.currency().to_string(),
            p.rate.to_string(),
        ]
    });
    table("payments.csv", &header, rows)
}

fn payouts(o: &Outcome) -> File {
    let header = [
        "payout",
        "merchant",
        "iban",
        "bic",
        "scheme",
        "amount",
        "currency",
        "sent_at",
        "settled_at",
        "outcome",
        "reason",
        "bounced_at",
        "statements",
    ];
    let paid = statements_paid(o);
    let zone = |m| o.directory.zone(m).clone();
    let rows = o.acquirer().payouts().iter().enumerate().map(|(i, po)| {
        let z: Zone = zone(po.merchant);
        let account = o.directory.account(po.merchant);
        let (outcome, reason) = match po.outcome {
            PayoutOutcome::InFlight => ("in_flight", ""),
            PayoutOutcome::Settled => ("settled", ""),
            PayoutOutcome::Rejected(r) => ("rejected", r.code),
            PayoutOutcome::Returned(r) => ("returned", r.code),
        };
        let statements: Vec<String> = paid[i].iter().map(|b| b.to_string()).collect();
        vec![
            payout_id(i).to_string(),
            o.directory.name(po.merchant),
            account.iban.to_string(),
            account.bic.to_string(),
            po.scheme.code().to_string(),
            decimal(po.amount.amount()),
            po.amount.currency().to_string(),
            iso(&z, po.sent_at),
            po.settled_at.map_or_else(String::new, |t| iso(&z, t)),
            outcome.to_string(),
            reason.to_string(),
            po.bounced_at.map_or_else(String::new, |t| iso(&z, t)),
            statements.join(" "),
        ]
    });
    table("payouts.csv", &header, rows)
}

fn remittances(o: &Outcome) -> File {
    let header = [
        "remittance",
        "statements",
        "amount",
        "currency",
        "short",
        "state",
        "requested_at",
        "sent_at",
        "value_date",
    ];
    let beijing = Zone::beijing();
    let rows = o.bank().remittances().iter().enumerate().map(|(i, r)| {
        let state = match r.state {
            RemittanceState::AwaitingApproval => "awaiting_approval",
            RemittanceState::Approved => "approved",
            RemittanceState::Rejected => "rejected",
            RemittanceState::Sent => "sent",
        };
        let batches: Vec<String> = r.batches.iter().map(|b| b.to_string()).collect();
        vec![
            RemittanceId::from_index(i as u32).to_string(),
            batches.join(" "),
            decimal(r.amount.amount()),
            r.amount.currency().to_string(),
            decimal(r.short.amount()),
            state.to_string(),
            iso(&beijing, r.requested_at),
            r.sent_at.map_or_else(String::new, |t| iso(&beijing, t)),
            r.value_date.map_or_else(String::new, |d| d.to_string()),
        ]
    });
    table("remittances.csv", &header, rows)
}
