//! The merchants at the current instant: the selected merchant's account in
//! detail (what it sold, what the acquirer credited after the MDR, payouts,
//! what came back, its balance and suspense), then a table of every
//! merchant. Sales come from the switch's events; everything else is the
//! acquirer's own bookings up to now, summed, never recomputed.

use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use rust_decimal::Decimal;

use super::super::app::App;
use super::bold;
use crate::agents::acquirer::Entry;
use crate::domain::ids::MerchantId;
use crate::replay::story::{local, percent, place};
use crate::report::{amount, count};

/// One merchant's account at the current instant, EUR.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    /// Completed payments so far, and their EUR.
    pub sold: (usize, Decimal),
    /// Sales on statement lines the acquirer has credited.
    pub credited_sales: Decimal,
    /// Refunds netted on those lines.
    pub refunds: Decimal,
    /// The MDR the acquirer took on them.
    pub mdr: Decimal,
    /// What the merchant was credited: sales less refunds less the MDR.
    pub nets: Decimal,
    /// Payouts sent, and their EUR.
    pub paid_out: (usize, Decimal),
    /// EUR credited to the merchant's bank account and not returned: its
    /// share of "paid to merchants".
    pub in_bank: Decimal,
    /// EUR of payouts sent and neither credited nor rejected yet.
    pub in_flight: Decimal,
    /// Payouts that came back (rejected or returned), and their EUR.
    pub came_back: (usize, Decimal),
    /// The reason codes they came back with.
    pub reasons: BTreeSet<&'static str>,
    /// Balance awaiting payout (negative: the merchant owes).
    pub balance: Decimal,
    /// Held in suspense.
    pub suspense: Decimal,
}

/// Every merchant's account at `app`'s current instant, by merchant index.
pub fn accounts(app: &App) -> Vec<Account> {
    let rec = &app.rec;
    let upto = app.upto();
    let mut out: Vec<Account> = (0..rec.names().len())
        .map(|i| Account {
            sold: app.index.sold(rec, MerchantId::from_index(i as u32), upto),
            ..Account::default()
        })
        .collect();
    // What reached the bank: the acquirer's payout records, settled by now
    // and not returned by now.
    for po in rec.outcome.acquirer().payouts() {
        let by_now = |t: Option<crate::engine::Instant>| t.is_some_and(|t| t <= app.now);
        let bounced = by_now(po.bounced_at);
        let a = &mut out[po.merchant.index()];
        if by_now(po.settled_at) && !bounced {
            a.in_bank += po.amount.amount();
        } else if po.sent_at <= app.now && !by_now(po.settled_at) && !bounced {
            a.in_flight += po.amount.amount();
        }
    }
    for k in rec.outcome.acquirer().bookings().iter().take_while(|k| k.at <= app.now) {
        let a = &mut out[k.merchant.index()];
        a.balance += k.balance.amount();
        a.suspense += k.suspense.amount();
        match k.entry {
            Entry::Credited { sold, refunds, mdr, .. } => {
                a.credited_sales += sold.amount();
                a.refunds += refunds.amount();
                a.mdr += mdr.amount();
                a.nets += k.balance.amount();
            }
            Entry::PaidOut { .. } => {
                a.paid_out.0 += 1;
                a.paid_out.1 -= k.balance.amount();
            }
            Entry::Bounced { reason, .. } => {
                a.came_back.0 += 1;
                a.came_back.1 += k.suspense.amount();
                a.reasons.insert(reason.code);
            }
            _ => {}
        }
    }
    out
}

/// Draws the merchants screen with merchant `selected` in detail.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let all = accounts(app);
    let selected = selected.min(all.len().saturating_sub(1));
    let [top, table] = Layout::vertical([Constraint::Length(8), Constraint::Min(3)]).areas(area);
    if let Some(a) = all.get(selected) {
        detail(frame, top, app, MerchantId::from_index(selected as u32), a);
    }
    rows(frame, table, app, &all, selected);
}

fn detail(frame: &mut Frame, area: Rect, app: &App, m: MerchantId, a: &Account) {
    let names = app.rec.names();
    let tier_name = names.tier(m);
    let tier = &app.rec.scenario.tiers[tier_name];
    let eur = |d: Decimal| format!("{} EUR", amount(d));
    let came_back = if a.came_back.0 == 0 {
        "none came back".to_string()
    } else {
        let reasons: Vec<&str> = a.reasons.iter().copied().collect();
        format!(
            "{} back, {} ({})",
            a.came_back.0,
            eur(a.came_back.1),
            reasons.join(", ")
        )
    };
    let refunds = if a.refunds.is_zero() {
        String::new()
    } else {
        format!(" less {} refunded", eur(a.refunds))
    };
    let waiting = a.sold.1 - a.credited_sales;
    let lines = vec![
        Line::from(Span::styled(
            format!(
                "{} ({}), {tier_name} tier: paid {}, MDR {}, minimum {}",
                names.name(m),
                place(names.zone(m)),
                tier.payout,
                percent(tier.mdr),
                tier.minimum.grouped()
            ),
            bold(),
        )),
        Line::raw(format!(
            "sold so far      {} payment(s), {}; {} not yet credited",
            count(a.sold.0 as u64),
            eur(a.sold.1),
            eur(waiting)
        )),
        Line::raw(format!(
            "credited         {} sold{refunds} less {} MDR: nets {}",
            eur(a.credited_sales),
            eur(a.mdr),
            eur(a.nets)
        )),
        Line::raw(format!(
            "payouts          {} sent, {}; {came_back}",
            count(a.paid_out.0 as u64),
            eur(a.paid_out.1)
        )),
        Line::raw(format!(
            "at the acquirer  balance {}, in suspense {}",
            eur(a.balance),
            eur(a.suspense)
        )),
        Line::raw(format!(
            "paid out         on the way {}, in its bank {}",
            eur(a.in_flight),
            eur(a.in_bank)
        )),
    ];
    let block = Block::default().borders(Borders::TOP).title(format!(
        "Merchants at {} (Beijing)",
        local(&crate::domain::zone::Zone::beijing(), app.now)
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn rows(frame: &mut Frame, area: Rect, app: &App, all: &[Account], selected: usize) {
    let names = app.rec.names();
    let wide = area.width >= 110;
    let visible = area.height.saturating_sub(2) as usize;
    // Scroll so the selected merchant stays in view.
    let first = selected.saturating_sub(visible.saturating_sub(1));
    let cell = |d: Decimal| amount(d);
    let heading = if wide {
        format!(
            "{:<20} {:>14} {:>12} {:>14} {:>14} {:>13} {:>12} {:>5}",
            "merchant", "sold", "MDR", "nets", "paid", "balance", "suspense", "back"
        )
    } else {
        format!(
            "{:<20} {:>13} {:>13} {:>12} {:>10} {:>4}",
            "merchant", "nets", "paid", "balance", "suspense", "back"
        )
    };
    let mut lines = vec![Line::from(Span::styled(heading, bold()))];
    for (i, a) in all.iter().enumerate().skip(first).take(visible) {
        let name = names.name(MerchantId::from_index(i as u32));
        let text = if wide {
            format!(
                "{:<20} {:>14} {:>12} {:>14} {:>14} {:>13} {:>12} {:>5}",
                name,
                cell(a.sold.1),
                cell(a.mdr),
                cell(a.nets),
                cell(a.in_bank),
                cell(a.balance),
                cell(a.suspense),
                a.came_back.0
            )
        } else {
            format!(
                "{:<20} {:>13} {:>13} {:>12} {:>10} {:>4}",
                name,
                cell(a.nets),
                cell(a.in_bank),
                cell(a.balance),
                cell(a.suspense),
                a.came_back.0
            )
        };
        let style = if i == selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    let block = Block::default().borders(Borders::TOP).title(format!(
        "All {} merchants, EUR (paid: in their banks; back: payouts returned)",
        names.len()
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
