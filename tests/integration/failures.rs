//! When it goes wrong (domain.md section 9), derived by hand from each
//! bundled failure scenario's fault dates and checked against its run:
//! returned and rejected payouts, the regulator's delay and refusal, a short
//! remittance, issuer timeouts, refunds, direct debits, KYC and the markup.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use corridor::agents::acquirer::PayoutOutcome;
use corridor::agents::switch::{PaymentState, RefundState};
use corridor::domain::Date;
use corridor::domain::calendar::Calendar;
use corridor::domain::ids::{BatchId, PaymentId};
use corridor::domain::zone::{LocalTime, Zone};
use corridor::engine::Instant;
use corridor::world::invariants::{check_end, places};
use corridor::world::{Checks, Outcome, run_with};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;

use super::support::*;

const FAILURES: [&str; 5] = [
    "payout-returns",
    "regulator-delay",
    "short-remittance",
    "refund-storm",
    "fx-shock",
];

/// Each bundled failure scenario runs once for the whole module.
fn logged(name: &str) -> &'static (Outcome, String) {
    static RUNS: [OnceLock<(Outcome, String)>; 5] = [const { OnceLock::new() }; 5];
    let i = FAILURES.iter().position(|n| *n == name).expect("a failure scenario");
    RUNS[i].get_or_init(|| run_logged(&bundled_scenario(name)))
}

fn s<'a>(e: &'a Value, key: &str) -> &'a str {
    e[key].as_str().unwrap_or_else(|| panic!("{key} in {e}"))
}
fn date(text: &str) -> Date {
    text.parse().expect("a date")
}
fn at(e: &Value) -> Instant {
    Instant(s(e, "at").parse::<jiff::Timestamp>().unwrap().as_millisecond())
}
fn luxembourg() -> Zone {
    Zone::get("Europe/Luxembourg").unwrap()
}
fn acquirer_date(e: &Value) -> Date {
    luxembourg().date(at(e))
}
/// Beijing date and clock of an event.
fn beijing(e: &Value) -> (Date, String) {
    (Zone::beijing().date(at(e)), Zone::beijing().clock(at(e)))
}
fn t2() -> Calendar {
    Calendar::builtin("TARGET2").unwrap()
}
/// The TARGET2 business days 1..=n after `d`.
fn business_days_after(d: Date, n: u32) -> Vec<Date> {
    (1..=n).map(|k| t2().add_business_days(d, k).unwrap()).collect()
}
/// `"123.45 EUR"` as a number.
fn amount(e: &Value) -> Decimal {
    s(e, "amount").split(' ').next().unwrap().parse().unwrap()
}
fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}
fn money(d: Decimal, ccy: &str) -> String {
    format!("{:.2} {ccy}", cents(d))
}
fn batches(e: &Value) -> Vec<&str> {
    e["batches"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(Value::as_str)
        .collect()
}
/// Events of `kind` whose `field` is `value`.
fn of(log: &str, kind: &str, field: &str, value: &str) -> Vec<Value> {
    events_of(log, kind).into_iter().filter(|e| e[field] == value).collect()
}
/// Events of `kind` by their `field` (the last one wins).
fn by(log: &str, kind: &str, field: &str) -> BTreeMap<String, Value> {
    let keyed = events_of(log, kind).into_iter().map(|e| (s(&e, field).to_string(), e));
    keyed.collect()
}
/// The book index of an id such as `PO000003` or `RF000001`.
fn index(id: &str) -> usize {
    id[2..].parse::<usize>().unwrap() - 1
}

/// pacs.004: paris-boutiques/3 closed its account (AC04) from 6 to 9 March.
/// The first remittance arrives on the 7th, so the payouts of the 7th, 8th
/// and 9th are the ones in the window: each settles, then comes back 1 to 3
/// TARGET2 business days later into suspense; its payments are paid again
/// by a settled payout sent only after the window.
#[test]
fn a_returned_payout_settled_first_and_is_paid_again_after_the_fix() {
    let (o, log) = logged("payout-returns");
    let until = date("2018-03-09");
    let (sent, settled) = (by(log, "payout_sent", "payout"), by(log, "payout_settled", "payout"));
    let returns = of(log, "payout_returned", "merchant", "paris-boutiques/3");
    let sent_on: BTreeSet<Date> = returns.iter().map(|r| acquirer_date(&sent[s(r, "payout")])).collect();
    assert_eq!(returns.len(), 3);
    assert_eq!(sent_on, ["2018-03-07", "2018-03-08", "2018-03-09"].map(date).into());
    for r in &returns {
        assert_eq!(s(r, "reason"), "AC04");
        assert_eq!(s(r, "description"), "account has been closed");
        let settled_on = acquirer_date(&settled[s(r, "payout")]);
        assert!(business_days_after(settled_on, 3).contains(&acquirer_date(r)), "{r}");
        let bounced = &o.acquirer().payouts()[index(s(r, "payout"))];
        assert!(matches!(bounced.outcome, PayoutOutcome::Returned(why) if why.code == "AC04"));
        let again =
            o.acquirer().payouts().iter().find(|p| {
                p.outcome == PayoutOutcome::Settled && bounced.payments.iter().all(|x| p.payments.contains(x))
            });
        let again = again.unwrap_or_else(|| panic!("{r}: never paid again"));
        assert!(again.sent_at > at(r) && luxembourg().date(again.sent_at) > until, "{r}");
    }
    for e in of(log, "suspense_released", "merchant", "paris-boutiques/3") {
        assert_eq!(e["reason"], "AC04");
        assert!(acquirer_date(&e) > until, "released inside the window: {e}");
    }
}

/// pacs.002: paris-boutiques/5 gave a wrong IBAN (AC01) on 7 and 8 March.
/// Its payout of 7 March is rejected that day and never settles; nothing
/// goes to it on the 8th; the first payout run after the fix (Friday 9
/// March) releases the suspense and pays the same payments.
#[test]
fn a_rejected_payout_never_settles_and_is_paid_again_once_the_iban_is_fixed() {
    let (o, log) = logged("payout-returns");
    let rejected = of(log, "payout_rejected", "merchant", "paris-boutiques/5");
    assert_eq!(rejected.len(), 1);
    let (r, id) = (&rejected[0], s(&rejected[0], "payout"));
    assert_eq!((s(r, "reason"), acquirer_date(r)), ("AC01", date("2018-03-07")));
    let sent = of(log, "payout_sent", "merchant", "paris-boutiques/5");
    assert_eq!(
        acquirer_date(sent.iter().find(|e| e["payout"] == id).unwrap()),
        acquirer_date(r)
    );
    assert!(of(log, "payout_settled", "payout", id).is_empty());
    let fixed = t2().next_open_after(date("2018-03-08")).unwrap();
    let next = sent.iter().find(|e| at(e) > at(r)).unwrap();
    assert_eq!(acquirer_date(next), fixed, "the first payout after the reject");
    let released = of(log, "suspense_released", "merchant", "paris-boutiques/5");
    assert_eq!(released.len(), 1);
    assert_eq!((acquirer_date(&released[0]), amount(&released[0])), (fixed, amount(r)));
    let (bounced, again) = (
        &o.acquirer().payouts()[index(id)],
        &o.acquirer().payouts()[index(s(next, "payout"))],
    );
    assert!(bounced.payments.iter().all(|p| again.payments.contains(p)));
    assert_eq!(again.outcome, PayoutOutcome::Settled);
}

/// RR04 (regulatory): the payout of 8 March to paris-boutiques/7 stays in
/// suspense to the end and is never paid again without compliance review.
#[test]
fn rr04_stays_in_suspense_for_compliance_review() {
    let (o, log) = logged("payout-returns");
    let rejected = of(log, "payout_rejected", "reason", "RR04");
    assert_eq!(rejected.len(), 1);
    let r = &rejected[0];
    assert_eq!(s(r, "merchant"), "paris-boutiques/7");
    assert_eq!(acquirer_date(r), date("2018-03-08"));
    let reasons: Vec<&str> = o.suspense().keys().copied().collect();
    assert_eq!(reasons, ["RR04"], "AC01 and AC04 were released");
    assert_eq!(o.suspense()["RR04"].to_string(), s(r, "amount"));
    assert!(of(log, "suspense_released", "reason", "RR04").is_empty());
    let held = &o.acquirer().payouts()[index(s(r, "payout"))].payments;
    for p in o
        .acquirer()
        .payouts()
        .iter()
        .filter(|p| p.outcome == PayoutOutcome::Settled)
    {
        assert!(held.iter().all(|x| !p.payments.contains(x)), "an RR04 payment was paid");
    }
}

/// A later bounce for another reason does not free the RR04 money: it stays
/// in suspense for compliance review while the AC01 money is paid again.
#[test]
fn rr04_money_stays_in_suspense_when_the_merchant_bounces_again() {
    let extra =
        "[[faults]]\nkind = \"payout_reject\"\nmerchant = \"paris-boutiques/7\"\nreason = \"AC01\"\non = 2018-03-09\n";
    let base = corridor::scenario::bundled::find("payout-returns").unwrap().text;
    let (o, log) = run_logged(&scenario(&format!("{base}\n{extra}")));
    let rr04 = &of(&log, "payout_rejected", "reason", "RR04")[0];
    assert_eq!(
        o.suspense().get("RR04").map(|m| m.to_string()).as_deref(),
        Some(s(rr04, "amount"))
    );
}

/// Each payment reaches its merchant at most once, whatever bounced; in
/// payout-returns every completed payment not held for RR04 is paid.
#[test]
fn no_payment_is_paid_twice() {
    for name in FAILURES {
        let (o, _) = logged(name);
        let mut paid = BTreeSet::new();
        for po in o
            .acquirer()
            .payouts()
            .iter()
            .filter(|p| p.outcome == PayoutOutcome::Settled)
        {
            for c in &po.payments {
                let p = c.payment;
                assert!(paid.insert(p), "{name}: {p} paid twice");
            }
        }
        if name != "payout-returns" {
            continue;
        }
        let mut held = BTreeSet::new();
        for po in o.acquirer().payouts() {
            if matches!(po.outcome, PayoutOutcome::Rejected(r) if r.code == "RR04") {
                held.extend(po.payments.iter().map(|c| c.payment));
            }
        }
        for (p, payment) in o.switch().payments() {
            if payment.state == PaymentState::Completed && !held.contains(&p) {
                assert!(paid.contains(&p), "{p} never paid");
            }
        }
    }
}

/// The regulator sits three days on the remittance requested at 10:00 on
/// Wednesday 7 March: approval comes 3 days plus 1h..4h later, on Saturday
/// 10 March, a closed day, so it leaves at Monday's 10:00 window with the
/// batches of 6, 7 and 8 March (the 7th and 8th joined while it waited).
/// Each batch still leaves in exactly one remittance.
#[test]
fn the_regulator_sits_on_a_remittance_and_later_days_join_it() {
    let (o, log) = logged("regulator-delay");
    let requested = events_of(log, "remittance_requested");
    let r = requested.iter().find(|e| beijing(e).0 == date("2018-03-07")).unwrap();
    let id = s(r, "remittance");
    assert_eq!(beijing(r).1, "10:00");
    let granted = at(&of(log, "approval_granted", "remittance", id)[0]);
    let saturday = |h| Zone::beijing().at(date("2018-03-10"), LocalTime::hm(h, 0));
    assert!(saturday(11) <= granted && granted <= saturday(14), "{granted:?}");
    let extended = of(log, "remittance_extended", "remittance", id);
    let extended: Vec<Vec<&str>> = extended.iter().map(batches).collect();
    assert_eq!(extended, [["B20180307"], ["B20180308"]]);
    let sent = &of(log, "remittance_sent", "remittance", id)[0];
    assert_eq!(beijing(sent), (date("2018-03-12"), "10:00".to_string()));
    assert_eq!(batches(sent), ["B20180306", "B20180307", "B20180308"]);
    assert_eq!(s(sent, "value_date"), "2018-03-13");
    let days = ["2018-03-06", "2018-03-07", "2018-03-08"];
    let nets = days.iter().map(|d| o.switch().batches()[&date(d)].net.amount());
    assert_eq!(amount(sent), nets.sum());
    let mut times_sent: BTreeMap<String, u32> = o
        .switch()
        .batches()
        .keys()
        .map(|d| (BatchId(*d).to_string(), 0))
        .collect();
    for e in events_of(log, "remittance_sent") {
        batches(&e).iter().for_each(|b| *times_sent.get_mut(*b).unwrap() += 1);
    }
    assert!(times_sent.values().all(|n| *n == 1), "{times_sent:?}");
}

/// The regulator refuses the remittance of Wednesday 14 March (the 13th's
/// batch): it goes back to the pool and leaves on Thursday with the 14th's.
#[test]
fn a_refused_remittance_leaves_with_the_next_one() {
    let (_, log) = logged("regulator-delay");
    let rejected = events_of(log, "approval_rejected");
    assert_eq!(rejected.len(), 1);
    let id = s(&rejected[0], "remittance");
    let requested = &of(log, "remittance_requested", "remittance", id)[0];
    assert_eq!(beijing(requested).0, date("2018-03-14"));
    assert_eq!(batches(requested), ["B20180313"]);
    assert!(of(log, "remittance_sent", "remittance", id).is_empty());
    let sent = events_of(log, "remittance_sent");
    let next = sent.iter().find(|e| at(e) > at(&rejected[0])).unwrap();
    assert_eq!(beijing(next).0, date("2018-03-15"));
    assert_eq!(batches(next), ["B20180313", "B20180314"]);
}

/// Monday 12 March's remittance (Friday to Sunday) leaves 500 EUR short: it
/// arrives on the 13th, reconciliation fails (shortfall 500.00 EUR) and only
/// whole statements the money covers are credited, oldest first (the 9th
/// and 10th, less the 1.5% MDR per line). Tuesday's remittance carries the
/// 500 EUR with the 12th's batch; its arrival resolves the exception.
#[test]
fn a_short_remittance_is_an_exception_until_the_shortfall_arrives() {
    let (o, log) = logged("short-remittance");
    let net = |d: &str| o.switch().batches()[&date(d)].net.amount();
    let credit = |d: &str| -> Decimal {
        let kept = o.switch().batches()[&date(d)]
            .lines
            .values()
            .map(|l| (l.gross - l.refunds).amount());
        kept.map(|k| k - cents(k * Decimal::new(15, 3))).sum()
    };
    let sent = events_of(log, "remittance_sent");
    let short = sent.iter().find(|e| beijing(e).0 == date("2018-03-12")).unwrap();
    assert_eq!(batches(short), ["B20180309", "B20180310", "B20180311"]);
    let owed = net("2018-03-09") + net("2018-03-10") + net("2018-03-11");
    assert_eq!(amount(short), owed - Decimal::from(500));
    let failed = events_of(log, "reconciliation_failed");
    assert_eq!(failed.len(), 1);
    let f = &failed[0];
    assert_eq!(acquirer_date(f), date("2018-03-13"));
    assert_eq!(s(f, "expected"), money(owed, "EUR"));
    assert_eq!(s(f, "shortfall"), "500.00 EUR");
    let credited = credit("2018-03-09") + credit("2018-03-10");
    assert_eq!(s(f, "credited"), money(credited, "EUR"));
    let carrying = sent.iter().find(|e| beijing(e).0 == date("2018-03-13")).unwrap();
    assert_eq!(batches(carrying), ["B20180312"]);
    assert_eq!(amount(carrying), net("2018-03-12") + Decimal::from(500));
    let arrived = &of(log, "remittance_received", "remittance", s(carrying, "remittance"))[0];
    let resolved = events_of(log, "exception_resolved");
    assert_eq!(resolved.len(), 1);
    let r = &resolved[0];
    assert_eq!((s(r, "exception"), s(r, "amount")), (s(f, "exception"), "500.00 EUR"));
    assert_eq!(at(r), at(arrived));
    assert!(o.acquirer().exceptions().iter().all(|x| x.resolved_at.is_some()));
    assert!(places(o).unreconciled.is_zero());
}

/// An issuer that answers too late: the switch declines issuer_unavailable
/// and reverses, so the consumer gets back exactly what was debited, and no
/// payment is both completed and reversed. The wallets end at what was
/// funded, less completed payments, plus refunds paid.
#[test]
fn an_issuer_timeout_is_reversed_so_the_consumer_never_pays() {
    let faults = "[refunds]\nrate = \"30%\"\nafter = \"0d..1d\"\n\n[[faults]]\nkind = \"issuer_timeout\"\n\
                  rate = \"50%\"\nfrom = 2018-02-13\nuntil = 2018-02-14\n";
    let text = format!("{}\n{faults}", TINY.replace("count = 6", "count = 40"));
    let (o, log) = run_logged(&scenario(&text));
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let authorized = by(&log, "payment_authorized", "payment");
    let reversed = by(&log, "payment_reversed", "payment");
    let completed = by(&log, "payment_completed", "payment");
    let timed_out = of(&log, "payment_declined", "reason", "issuer_unavailable");
    let debited: Vec<&str> = timed_out
        .iter()
        .map(|e| s(e, "payment"))
        .filter(|p| authorized.contains_key(*p))
        .collect();
    assert!(debited.len() > 3, "too few timeouts to judge");
    assert_eq!(reversed.len(), debited.len(), "only a debited wallet is reversed");
    for p in debited {
        assert_eq!(reversed[p]["amount"], authorized[p]["amount"], "{p}");
    }
    assert!(reversed.keys().all(|p| !completed.contains_key(p)));
    let payments = o
        .switch()
        .payments()
        .filter(|(_, p)| p.state == PaymentState::Completed);
    let spent: Decimal = payments.map(|(_, p)| p.cny.amount()).sum();
    let refunds = o
        .switch()
        .refunds()
        .iter()
        .filter(|r| r.state == RefundState::Completed);
    let refunded: Decimal = refunds.map(|r| r.cny.amount()).sum();
    assert!(!refunded.is_zero(), "the scenario should refund some payments");
    let wallets = o.ledger.balance(o.accounts.wallets).amount();
    assert_eq!(wallets, o.wallets_funded.amount() - spent + refunded);
}

/// Refunds are paid at the payment's original rate (CNY = EUR x rate, half
/// away from zero); a refund the CNY pool cannot pay fails NOT_ENOUGH and
/// is retried under the same id until paid or the run ends; a payment is
/// never refunded more than its EUR; each statement line's scheme fee is
/// 0.6% of what the merchant keeps after refunds.
#[test]
fn refunds_use_the_original_rate_and_retry_under_the_same_id() {
    let (o, log) = logged("refund-storm");
    let quotes = by(log, "authorization_requested", "payment");
    let requested = events_of(log, "refund_requested");
    assert_eq!(
        requested.len(),
        o.switch().refunds().len(),
        "a retry is not a new refund"
    );
    // Each part at the original rate, rounded to the fen; a part that would
    // take the consumer above what they paid gets what is left instead.
    let mut back: std::collections::BTreeMap<String, Decimal> = std::collections::BTreeMap::new();
    for (i, r) in requested.iter().enumerate() {
        assert_eq!(index(s(r, "refund")), i);
        assert_eq!(r["rate"], quotes[s(r, "payment")]["rate"], "{r}");
        let rate: Decimal = s(r, "rate").parse().unwrap();
        let paid: Decimal = s(&quotes[s(r, "payment")], "amount")
            .trim_end_matches(" CNY")
            .parse()
            .unwrap();
        let so_far = back.entry(s(r, "payment").to_string()).or_default();
        let cny: Decimal = s(r, "cny").trim_end_matches(" CNY").parse().unwrap();
        assert!(
            s(r, "cny") == money(amount(r) * rate, "CNY") || cny == paid - *so_far,
            "{r}"
        );
        *so_far += cny;
        assert!(*so_far <= paid, "{r}: refunds above the {paid} CNY paid");
    }
    let completed = by(log, "refund_completed", "refund");
    let failed = events_of(log, "refund_failed");
    assert!(failed.len() > 100 && completed.len() > 100, "a storm");
    for f in &failed {
        let id = s(f, "refund");
        assert_eq!(s(f, "reason"), "NOT_ENOUGH");
        match completed.get(id) {
            Some(c) => assert!(at(c) > at(f) && c["amount"] == requested[index(id)]["amount"], "{c}"),
            None => assert_eq!(o.switch().refunds()[index(id)].state, RefundState::Failed, "{id}"),
        }
    }
    let waiting = o
        .switch()
        .refunds()
        .iter()
        .filter(|r| r.state != RefundState::Completed);
    assert_eq!(waiting.count(), requested.len() - completed.len());
    let mut paid: BTreeMap<PaymentId, Decimal> = BTreeMap::new();
    for r in o
        .switch()
        .refunds()
        .iter()
        .filter(|r| r.state == RefundState::Completed)
    {
        *paid.entry(r.payment).or_default() += r.eur.amount();
    }
    for (p, eur) in paid {
        let payment = o.switch().payment(p).unwrap();
        assert!(eur <= payment.eur.amount() && eur == payment.refunded.amount(), "{p}");
    }
    let lines: Vec<_> = o.switch().batches().values().flat_map(|b| b.lines.values()).collect();
    assert!(lines.iter().any(|l| !l.refunds.is_zero()));
    for l in lines {
        assert_eq!(
            l.fee.amount(),
            cents((l.gross - l.refunds).amount() * Decimal::new(6, 3))
        );
    }
}

/// What a merchant has asked to refund on a payment, paid or still waiting
/// for the CNY pool, never exceeds the payment.
#[test]
fn refunds_asked_for_never_exceed_the_payment() {
    let (o, _) = logged("refund-storm");
    let mut asked: BTreeMap<PaymentId, Decimal> = BTreeMap::new();
    for r in o.switch().refunds() {
        *asked.entry(r.payment).or_default() += r.eur.amount();
    }
    for (p, eur) in asked {
        assert!(eur <= o.switch().payment(p).unwrap().eur.amount(), "{p}: {eur}");
    }
}

/// corner-shop/1's refunds exceed its takings: the acquirer direct-debits
/// it; its bank returns the debit AM04 1..5 TARGET2 business days after it
/// settled (the fault lasts until 21 March); it is collected again on the
/// first TARGET2 day after that, and that debit stays collected.
#[test]
fn a_returned_direct_debit_is_collected_again_after_the_window() {
    let (_, log) = logged("refund-storm");
    let until = date("2018-03-21");
    let sent = of(log, "direct_debit_sent", "merchant", "corner-shop/1");
    let first = s(&sent[0], "direct_debit");
    assert!(acquirer_date(&sent[0]) <= until);
    let settled = acquirer_date(&of(log, "direct_debit_settled", "direct_debit", first)[0]);
    let returned = &of(log, "direct_debit_returned", "direct_debit", first)[0];
    assert_eq!(s(returned, "reason"), "AM04");
    assert!(
        business_days_after(settled, 5).contains(&acquirer_date(returned)),
        "{returned}"
    );
    let again = sent.iter().find(|e| at(e) > at(returned)).expect("collected again");
    assert_eq!(acquirer_date(again), t2().next_open_after(until).unwrap());
    let id = s(again, "direct_debit");
    assert_eq!(of(log, "direct_debit_settled", "direct_debit", id).len(), 1);
    assert!(of(log, "direct_debit_returned", "direct_debit", id).is_empty());
}

/// A kyc_fail fault: the merchant is never onboarded. Shoppers are not
/// offered it while its checks run; once refused it shows its code anyway,
/// and every purchase at it is declined merchant_not_active.
fn never_onboarded(merchant: &str) {
    let text = format!("{TINY}\n[[faults]]\nkind = \"kyc_fail\"\nmerchant = \"{merchant}\"\n")
        .replace("days = 2\ndrain_days = 14\n", "days = 8\ndrain_days = 4\n");
    let (o, log) = run_logged(&scenario(&text));
    assert!(o.violation.is_none(), "{:?}", o.violation);
    assert!(of(&log, "merchant_onboarded", "merchant", merchant).is_empty());
    let failed = of(&log, "kyc_failed", "merchant", merchant);
    assert_eq!(failed.len(), 1);
    let declined = by(&log, "payment_declined", "payment");
    let purchases = of(&log, "payment_initiated", "merchant", merchant);
    assert!(!purchases.is_empty());
    for p in purchases {
        assert!(at(&p) > at(&failed[0]), "{p}");
        assert_eq!(declined[s(&p, "payment")]["reason"], "merchant_not_active");
    }
}

#[test]
fn a_joining_merchant_that_fails_kyc_is_never_onboarded() {
    never_onboarded("lux/1");
}

#[test]
fn a_kyc_fail_fault_stops_a_merchant_active_from_the_start() {
    never_onboarded("paris/1");
}

/// The switch's markup raises what consumers pay; the merchants' EUR and
/// payouts are fixed by the price and do not move.
#[test]
fn the_fx_markup_changes_what_consumers_pay_not_what_merchants_get() {
    let plain = run_logged(&scenario(TINY)).1;
    let marked_up = run_logged(&scenario(&format!("{TINY}\n[switch]\nfx_markup = \"1%\"\n"))).1;
    let fields = |log: &str, kind: &str, keys: [&str; 3]| -> Vec<[Value; 3]> {
        events_of(log, kind)
            .iter()
            .map(|e| keys.map(|k| e[k].clone()))
            .collect()
    };
    for (kind, keys) in [
        ("payment_initiated", ["payment", "merchant", "amount"]),
        ("payout_settled", ["payout", "merchant", "amount"]),
    ] {
        assert!(!fields(&plain, kind, keys).is_empty());
        assert_eq!(fields(&plain, kind, keys), fields(&marked_up, kind, keys), "{kind}");
    }
    let (a, b) = (
        events_of(&plain, "authorization_requested"),
        events_of(&marked_up, "authorization_requested"),
    );
    assert_eq!(a.len(), b.len());
    for (a, b) in a.iter().zip(&b) {
        let rate = |e: &Value| s(e, "rate").parse::<Decimal>().unwrap();
        let expected =
            (rate(a) * Decimal::new(101, 2)).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(rate(b), expected);
        assert!(amount(b) > amount(a), "{a} vs {b}");
    }
}

/// Every failure scenario keeps its books: the end-of-run invariants hold,
/// and each currency sums to zero after every single event.
#[test]
fn every_failure_scenario_keeps_its_books() {
    for name in FAILURES {
        let (o, _) = logged(name);
        assert!(o.violation.is_none(), "{name}: {:?}", o.violation);
        assert_eq!(check_end(o), Ok(()), "{name}");
        let every_event = Checks {
            books_after_every_event: true,
            ..Checks::default()
        };
        let strict = run_with(&bundled_scenario(name), None, every_event);
        assert!(strict.violation.is_none(), "{name}: {:?}", strict.violation);
    }
}

/// A return can come days after the last payout settled: the run waits for
/// it, and the money ends in suspense, not as paid.
#[test]
fn the_run_waits_for_a_return_still_on_its_way() {
    let sc = scenario(
        r#"
[scenario]
name = "late return"
seed = 11
start = 2018-03-05
days = 5
drain_days = 20

[cardholders]
count = 500
wallet = "2000..50000 CNY"
purchases_per_day = 0.5
ticket = "10..800 EUR"

[[merchants]]
name = "shop"
count = 3
country = "FR"

[settlement_bank]
approval = "none"
transit = "1"

[[faults]]
kind = "payout_return"
merchant = "shop/1"
reason = "AC04"
on = 2018-03-13
"#,
    );
    let (o, log) = run_logged(&sc);
    assert_eq!(check_end(&o), Ok(()));
    let returned = events_of(&log, "payout_returned");
    assert_eq!(returned.len(), 1);
    let back = amount(&returned[0]);
    assert_eq!(
        o.suspense().get("AC04").map(|m| m.amount()),
        None,
        "released after the window and paid again"
    );
    let again = events_of(&log, "suspense_released");
    assert_eq!(again.len(), 1);
    assert_eq!(amount(&again[0]), back);
}
