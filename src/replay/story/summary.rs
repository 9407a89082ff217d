//! The lines above a story's diagram: how the payment ended (paid, declined
//! and why, or unanswered), what the merchant nets of it after the
//! acquirer's MDR, and whose local time each lane shows.

use std::collections::BTreeSet;

use crate::agents::acquirer::{Booking, Entry, mdr_on};
use crate::agents::switch::{Payment, PaymentState};
use crate::domain::ids::PaymentId;
use crate::domain::zone::Zone;
use crate::messages::{Body, Party};

use super::words::{offset, percent, place};
use super::{Lane, Recording, Step};

/// The title and the lines on how payment `p` ended. `credited` is the
/// acquirer's booking of the statement line the payment is on, if it was
/// credited before the run ended.
pub(super) fn outcome(
    rec: &Recording,
    p: PaymentId,
    pay: &Payment,
    credited: Option<&Booking>,
) -> (String, Vec<String>) {
    let merchant = rec.names().name(pay.merchant);
    let price = pay.eur.grouped();
    match pay.state {
        PaymentState::Completed => {
            let title = format!(
                "{p}: {price} at {merchant}, paid by {} with {} at {} CNY/EUR",
                pay.cardholder,
                pay.cny.grouped(),
                pay.rate
            );
            (title, vec![nets(rec, pay, &merchant, credited)])
        }
        PaymentState::Declined(reason) => {
            // Who declined is who sent the decline: the issuer, or the switch
            // (merchant not active, issuer unavailable, invalid amount).
            let by = (0..rec.events.len())
                .filter(|&i| {
                    rec.events.payment(i) == Some(p) && rec.events.kind(i) == crate::messages::Kind::PaymentDeclined
                })
                .map(|i| rec.events.get(i))
                .find(|e| matches!(e.body, Body::PaymentDeclined { payment, .. } if payment == p))
                .map_or("the switch", |e| match e.from {
                    Party::Issuer => "the issuer",
                    _ => "the switch",
                });
            let title = format!(
                "{p}: {price} at {merchant}, declined by {by}: {}",
                reason.code().replace('_', " ")
            );
            let asked = if pay.cny.is_zero() {
                String::new()
            } else {
                format!(
                    " (it would have cost {} {} at {} CNY/EUR)",
                    pay.cardholder,
                    pay.cny.grouped(),
                    pay.rate
                )
            };
            let lines = vec![
                format!("Why: {}.", reason.meaning()),
                format!("Nothing was paid: no money moved{asked}, and the merchant gets nothing."),
            ];
            (title, lines)
        }
        PaymentState::Authorizing => (
            format!("{p}: {price} at {merchant} from {}, unanswered", pay.cardholder),
            vec!["The run ended before the issuer's answer reached the switch.".into()],
        ),
    }
}

/// What the merchant nets of a completed payment after the acquirer's MDR,
/// at the rate the acquirer booked for its statement line (the tier's rate
/// if the line was not credited before the run ended).
fn nets(rec: &Recording, pay: &Payment, merchant: &str, credited: Option<&Booking>) -> String {
    let booked = credited.and_then(|k| match k.entry {
        Entry::Credited { mdr_rate, .. } => Some(mdr_rate),
        _ => None,
    });
    let tier = &rec.scenario.tiers[rec.names().tier(pay.merchant)];
    let rate = booked.unwrap_or(tier.mdr);
    let kept = pay.eur - pay.refunded;
    let mdr = mdr_on(kept, rate);
    let net = kept - mdr;
    if kept.is_zero() && !pay.refunded.is_zero() {
        return format!("{merchant} nets nothing of this payment: it was refunded in full.");
    }
    let when = if booked.is_some() {
        "nets"
    } else {
        "would net (the acquirer had not credited it when the run ended)"
    };
    if pay.refunded.is_zero() {
        return format!(
            "{merchant} {when} {} of this payment after the acquirer's {} MDR ({}).",
            net.grouped(),
            percent(rate),
            mdr.grouped()
        );
    }
    // A partial refund: what went back first, then the MDR on what stayed.
    format!(
        "{merchant} refunded {} of this payment and kept {}. Less the acquirer's {} MDR on that ({}), it {when} {}.",
        pay.refunded.grouped(),
        kept.grouped(),
        percent(rate),
        mdr.grouped(),
        net.grouped()
    )
}

/// `Times are local to whoever acts: UTC+1 Paris (cardholder,
/// merchant); UTC+8 Beijing (issuer, switch, bank, SAFE); UTC+1
/// Luxembourg (acquirer).`
pub(super) fn times(steps: &[Step], merchant: &Zone, acquirer: &Zone) -> String {
    let groups = [
        (
            merchant.clone(),
            "cardholder, merchant",
            [Lane::Cardholder, Lane::Merchant].as_slice(),
        ),
        (
            Zone::beijing(),
            "issuer, switch, bank, SAFE",
            [Lane::Issuer, Lane::Switch, Lane::SettlementBank, Lane::Regulator].as_slice(),
        ),
        (acquirer.clone(), "acquirer", [Lane::Acquirer].as_slice()),
    ];
    let parts: Vec<String> = groups
        .iter()
        .map(|(zone, who, lanes)| {
            // Offsets as they occur in the story: a story across a change to
            // summer time shows both.
            let mut seen: BTreeSet<String> = steps
                .iter()
                .filter(|s| lanes.contains(&s.from))
                .map(|s| offset(zone, s.at))
                .collect();
            if seen.is_empty() {
                seen.extend(steps.first().map(|s| offset(zone, s.at)));
            }
            let offsets: Vec<String> = seen.into_iter().collect();
            format!("{} {} ({who})", offsets.join("/"), place(zone))
        })
        .collect();
    format!("Times are local to whoever acts: {}.", parts.join("; "))
}
