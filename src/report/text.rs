//! The report as a newcomer reads it in a terminal: what happened each day,
//! how long merchants waited, why payments were declined, where every euro
//! is now, what the switch made or lost on FX, and whether the books hold.

use std::fmt::Write;

use crate::domain::money::Money;

use super::model::{DayRow, Report};
use super::{amount, count};

pub fn render(r: &Report) -> String {
    let mut s = String::new();
    header(&mut s, r);
    warnings(&mut s, r);
    days(&mut s, r);
    payments(&mut s, r);
    money(&mut s, r);
    fx(&mut s, r);
    remittances(&mut s, r);
    failures(&mut s, r);
    notes(&mut s, r);
    invariants(&mut s, r);
    s
}

fn header(s: &mut String, r: &Report) {
    let _ = writeln!(s, "corridor: {} (seed {})", r.scenario, r.seed);
    if !r.summary.is_empty() {
        let _ = writeln!(s, "{}", r.summary);
    }
    let _ = writeln!(
        s,
        "Simulated {} Beijing to {} Beijing, {} events.",
        r.started,
        r.ended,
        count(r.events)
    );
    s.push('\n');
}

/// Legal but suspicious settings, first, so a reader weighs the figures
/// below with them in mind; nothing when there are none.
fn warnings(s: &mut String, r: &Report) {
    if r.warnings.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "Warnings (legal but suspicious settings; `corridor check` lists them with their lines)"
    );
    for w in &r.warnings {
        let _ = writeln!(s, "  {}: {}", w.key, w.message);
    }
    s.push('\n');
}

fn dec(m: Money) -> String {
    if m.is_zero() {
        "-".to_string()
    } else {
        amount(m.amount())
    }
}

fn days(s: &mut String, r: &Report) {
    let _ = writeln!(
        s,
        "Day by day (payments and CNY by Beijing clearing day; arrivals and credits to merchants by acquirer date)"
    );
    // The returns column appears when a payout came back: credited less
    // returned is what merchants kept.
    let returns = r.days.iter().any(|d| !d.returned.is_zero());
    let mut head = format!(
        "{:<10}  {:<9} {:<9} {:>8} {:>15} {:>13} {:>13} {:>13} {:>13}",
        "date",
        truncate(&r.bank_calendar, 9),
        truncate(&r.acquirer_calendar, 9),
        "payments",
        "CNY collected",
        "EUR converted",
        "EUR remitted",
        "EUR arrived",
        "EUR credited"
    );
    if returns {
        let _ = write!(head, " {:>13}", "EUR returned");
    }
    let _ = writeln!(s, "{head}");
    let row = |s: &mut String, cells: [String; 4], d: &DayRow| {
        let [date, cn, t2, payments] = cells;
        let _ = write!(
            s,
            "{date:<10}  {cn:<9} {t2:<9} {payments:>8} {:>15} {:>13} {:>13} {:>13} {:>13}",
            dec(d.cny_collected),
            dec(d.eur_converted),
            dec(d.remitted),
            dec(d.arrived),
            dec(d.paid)
        );
        if returns {
            let _ = write!(s, " {:>13}", dec(d.returned));
        }
        s.push('\n');
    };
    let mut total = DayRow::zero("total");
    for d in &r.days {
        let payments = if d.payments == 0 { "-".into() } else { count(d.payments) };
        row(
            s,
            [d.date.clone(), short(d.cn).into(), short(d.target2).into(), payments],
            d,
        );
        total.add(d);
    }
    let payments = count(total.payments);
    row(s, ["total".into(), String::new(), String::new(), payments], &total);
    let _ = writeln!(
        s,
        "(adj. work = a weekend day China made a working day; holiday/weekend = closed)"
    );
    s.push('\n');
}

fn truncate(name: &str, n: usize) -> String {
    name.chars().take(n).collect()
}

fn short(kind: &str) -> &str {
    match kind {
        "adjusted_working_day" => "adj. work",
        other => other,
    }
}

fn payments(s: &mut String, r: &Report) {
    let p = &r.payments;
    let declined: u64 = p.declined.values().sum();
    let _ = write!(
        s,
        "Payments: {} initiated, {} completed ({} EUR / {} CNY), {} declined",
        count(p.initiated),
        count(p.completed),
        amount(p.completed_eur.amount()),
        amount(p.completed_cny.amount()),
        count(declined)
    );
    if p.in_flight > 0 {
        let _ = write!(s, ", {} in flight at the end", count(p.in_flight));
    }
    s.push('\n');
    for (reason, n) in &p.declined {
        let _ = writeln!(s, "  declined {:<22} {:>10}", reason, count(*n));
    }
    match &r.to_credit {
        Some(t) => {
            let _ = writeln!(
                s,
                "Time from purchase to merchant credit ({} payments paid out): median {}, p95 {}, max {}",
                count(t.payments),
                t.median,
                t.p95,
                t.max
            );
        }
        None => {
            let _ = writeln!(
                s,
                "Time from purchase to merchant credit: no payment has been paid out yet"
            );
        }
    }
    s.push('\n');
}

fn money(s: &mut String, r: &Report) {
    let m = &r.money;
    let _ = writeln!(
        s,
        "Where the merchants' money is at the end (EUR of completed payments less refunds)"
    );
    for (name, v) in m.places.rows() {
        let _ = writeln!(s, "  {:<48} {:>16}", name, amount(v.amount()));
    }
    let _ = writeln!(s, "  {:<48} {:>16}", "total", amount(m.total.amount()));
    let _ = writeln!(s, "  {:<48} {:>16}", "completed payments", amount(m.completed.amount()));
    if !m.refunded.is_zero() {
        let _ = writeln!(
            s,
            "  {:<48} {:>16}",
            "less refunds paid back to consumers",
            amount(-m.refunded.amount())
        );
        let _ = writeln!(s, "  {:<48} {:>16}", "due to merchants", amount(m.due.amount()));
    }
    let _ = writeln!(
        s,
        "Where the consumers' CNY is at the end (of {} CNY put into their wallets, top-ups from linked cards included)",
        amount(m.cny_funded.amount())
    );
    let rows = [
        ("still in the wallets (issuer)", m.cny_in_wallets),
        ("awaiting conversion (switch's CNY pool)", m.cny_awaiting_conversion),
        ("paid for EUR (to the FX market)", m.cny_sold_for_eur),
        ("kept by the switch (fees and FX result)", m.cny_switch_result),
        (
            "total",
            m.cny_in_wallets + m.cny_awaiting_conversion + m.cny_sold_for_eur + m.cny_switch_result,
        ),
        ("spent by consumers, net of refunds", m.cny_debited),
    ];
    for (name, v) in rows {
        let _ = writeln!(s, "  {:<48} {:>16}", name, amount(v.amount()));
    }
    s.push('\n');
}

fn fx(s: &mut String, r: &Report) {
    let f = &r.fx;
    let _ = writeln!(
        s,
        "FX ({}, {}): consumers paid {} to {} CNY per EUR",
        f.pair, f.source, f.consumer_rate_min, f.consumer_rate_max
    );
    if !f.conversions.is_empty() {
        let _ = writeln!(
            s,
            "  {:<10} {:>13} {:>8} {:>15} {:>15} {:>12} {:>12}",
            "batch", "EUR bought", "rate", "CNY collected", "CNY paid", "fee (CNY)", "FX (CNY)"
        );
        for c in &f.conversions {
            conversion_line(s, c);
        }
    }
    if f.by_remittance.len() > 1 {
        let _ = writeln!(s, "  By remittance:");
        for c in &f.by_remittance {
            conversion_line(s, c);
        }
    }
    let _ = writeln!(
        s,
        "  The switch's result on converted batches: {} CNY = scheme fee {} + FX result {}",
        amount(f.switch_result_cny.amount()),
        amount(f.scheme_fee_cny.amount()),
        amount(f.fx_result_cny.amount())
    );
    s.push('\n');
}

/// One batch's (or remittance's) conversion: what the switch collected
/// against what it paid for the EUR.
fn conversion_line(s: &mut String, c: &super::model::ConversionRow) {
    let _ = writeln!(
        s,
        "  {:<10} {:>13} {:>8} {:>15} {:>15} {:>12} {:>12}",
        c.batch,
        amount(c.bought.amount()),
        c.rate,
        amount(c.collected.amount()),
        amount(c.paid.amount()),
        amount(c.fee_cny.amount()),
        amount(c.fx_result.amount())
    );
}

fn remittances(s: &mut String, r: &Report) {
    let _ = writeln!(s, "Remittances (Beijing times)");
    if r.remittances.is_empty() {
        let _ = writeln!(s, "  none");
    }
    for x in &r.remittances {
        let batches = match (x.batches.first(), x.batches.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}..{b} ({} batches)", x.batches.len()),
            (Some(a), _) => a.clone(),
            _ => String::new(),
        };
        let outcome = match (x.state.as_str(), x.sent) {
            (_, Some(sent)) => format!("sent {sent} value date {}", x.value_date.as_deref().unwrap_or("-")),
            ("rejected", None) => "REJECTED by the regulator: its batches went back to the pool".to_string(),
            ("awaitingapproval", None) => "awaiting approval".to_string(),
            (other, None) => other.to_string(),
        };
        let _ = writeln!(
            s,
            "  {} {:>14} {:<34} requested {} {outcome}",
            x.remittance,
            amount(x.amount.amount()),
            batches,
            x.requested
        );
        if !x.carried.is_zero() {
            let _ = writeln!(
                s,
                "        carries {} EUR an earlier remittance lacked",
                amount(x.carried.amount())
            );
        }
        if !x.short.is_zero() {
            let _ = writeln!(s, "        arrived SHORT by {} EUR", amount(x.short.amount()));
        }
    }
    s.push('\n');
}

fn failures(s: &mut String, r: &Report) {
    let f = &r.failures;
    let quiet = f.reversals == 0
        && f.refunds.requested == 0
        && f.exceptions.is_empty()
        && f.bounced_payouts.is_empty()
        && f.direct_debits.is_empty();
    if quiet {
        return;
    }
    let _ = writeln!(s, "When money did not move (acquirer times)");
    if f.reversals > 0 {
        let _ = writeln!(
            s,
            "  Issuer timeouts: {} authorisations reversed; those consumers were not charged",
            count(f.reversals)
        );
    }
    let rf = &f.refunds;
    if rf.requested > 0 {
        let _ = writeln!(
            s,
            "  Refunds: {} requested, {} paid ({} EUR / {} CNY at the original rates), {} NOT_ENOUGH failures retried, {} still waiting",
            count(rf.requested),
            count(rf.completed),
            amount(rf.refunded_eur.amount()),
            amount(rf.refunded_cny.amount()),
            count(rf.not_enough_failures),
            count(rf.waiting)
        );
    }
    for e in &f.exceptions {
        let resolved = match (&e.resolved, &e.resolved_by) {
            (Some(at), Some(by)) => format!("resolved {at} when {by} brought the rest"),
            _ => "STILL OPEN".to_string(),
        };
        let _ = writeln!(
            s,
            "  Exception {}: {} expected {} EUR, received {} (short {}), opened {}; {resolved}",
            e.exception,
            e.remittance,
            amount(e.expected.amount()),
            amount(e.received.amount()),
            amount(e.shortfall.amount()),
            e.opened
        );
    }
    for b in &f.bounced_payouts {
        let again = b
            .paid_again_by
            .as_deref()
            .map_or_else(|| "not paid again yet".to_string(), |p| format!("paid again by {p}"));
        let _ = writeln!(
            s,
            "  Payout {} to {} ({} EUR) {} {} {}: sent {}, back {}; {again}",
            b.payout,
            b.merchant,
            amount(b.amount.amount()),
            b.how,
            b.reason,
            b.description,
            b.sent,
            b.came_back
        );
    }
    for d in &f.direct_debits {
        let _ = writeln!(
            s,
            "  Direct debit {} from {} ({} EUR), sent {}: {}",
            d.direct_debit,
            d.merchant,
            amount(d.amount.amount()),
            d.sent,
            d.state
        );
    }
    s.push('\n');
}

fn notes(s: &mut String, r: &Report) {
    if r.notes.is_empty() {
        return;
    }
    let _ = writeln!(s, "What to look at (the scenario's notes, Beijing times)");
    for n in &r.notes {
        let _ = writeln!(s, "  {}  {}", n.at, n.text);
    }
    s.push('\n');
}

fn invariants(s: &mut String, r: &Report) {
    match &r.invariants.violation {
        None => {
            let _ = writeln!(
                s,
                "Invariants: hold (double entry, nothing lost, calendars, each batch remitted once, no payment cleared twice)"
            );
        }
        Some(v) => {
            let _ = writeln!(s, "Invariants: BROKEN at {v}");
        }
    }
}
