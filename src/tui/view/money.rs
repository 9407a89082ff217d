//! Where the money is now: every ledger place along the corridor with its
//! balance at the current instant, in whole units. Wide, one place a line
//! with a bar against the run's volume, so money visibly piles up over a
//! holiday and drains after it; at 80 columns, two columns of four places.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::super::app::App;
use super::fg;
use crate::report::amount;

/// One place: who holds it, what it is (wide and short), its balance, and
/// whether the balance is CNY.
struct Place {
    who: &'static str,
    what: &'static str,
    short: &'static str,
    balance: Decimal,
    cny: bool,
}

fn places(app: &App, b: &[Decimal]) -> [Place; 8] {
    let a = &app.rec.outcome.accounts;
    let p = |who, what, short, id: crate::domain::ledger::AccountId, cny| Place {
        who,
        what,
        short,
        balance: b[id.index()],
        cny,
    };
    [
        p("switch", "CNY not yet converted", "CNY at the switch", a.cny_pool, true),
        p(
            "bank",
            "EUR pool, waiting to remit",
            "EUR pool at the bank",
            a.eur_pool,
            false,
        ),
        p("", "in transit to the acquirer", "in transit", a.in_transit, false),
        p(
            "acquirer",
            "unreconciled (exception)",
            "unreconciled",
            a.unreconciled,
            false,
        ),
        p(
            "acquirer",
            "merchants' balances",
            "merchants' balances",
            a.merchant_balances,
            false,
        ),
        p("acquirer", "in suspense", "in suspense", a.suspense, false),
        p("", "payouts in flight", "payouts in flight", a.payouts_in_flight, false),
        p(
            "merchants",
            "paid to merchants",
            "paid to merchants",
            a.paid_to_merchants,
            false,
        ),
    ]
}

/// Draws the panel: with bars when `area` is wide enough, else in two
/// columns.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    draw_balances(frame, area, app, &super::balances(app));
}

/// Draws the panel with these `balances` (every ledger account's, by
/// account index) instead of the explorer's at its clock: the course shows
/// the money as the log's selected event is recorded.
pub fn draw_balances(frame: &mut Frame, area: Rect, app: &App, balances: &[Decimal]) {
    if area.height >= 10 {
        return with_bars(frame, area, app, balances);
    }
    let places = places(app, balances);
    let column = (area.width / 2) as usize;
    let cell = |p: &Place| {
        let unit = if p.cny { "CNY" } else { "EUR" };
        let label_width = column.saturating_sub(20);
        format!("{:<label_width$}{:>15} {unit} ", p.short, whole(p.balance))
    };
    let lines: Vec<Line> = (0..4)
        .map(|i| Line::raw(format!("{}{}", cell(&places[i]), cell(&places[i + 4]))))
        .collect();
    let block = Block::default()
        .borders(Borders::TOP)
        .title("Where the money is now (whole units)");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn with_bars(frame: &mut Frame, area: Rect, app: &App, balances: &[Decimal]) {
    let rate = app.rec.scenario.fx.path.rate_at(app.now);
    let volume = app.rec.merchants_due().0.amount().max(Decimal::ONE);
    let inner = area.width.saturating_sub(2) as usize;
    let bar_width = inner.saturating_sub(54).max(4);
    let lines: Vec<Line> = places(app, balances)
        .iter()
        .map(|p| {
            // The bar: this place's share of the run's EUR, CNY at today's rate.
            let eur = if p.cny { p.balance / rate } else { p.balance };
            let share = (eur / volume * Decimal::from(bar_width as u64))
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            let filled = share.to_usize().unwrap_or(0).min(bar_width);
            let text = format!(
                "{:<9} {:<27} {:>13} {}",
                p.who,
                p.what,
                whole(p.balance),
                if p.cny { "CNY" } else { "EUR" }
            );
            Line::from(vec![
                Span::raw(text),
                Span::raw(" "),
                Span::styled("#".repeat(filled), fg(app, Color::Green)),
            ])
        })
        .collect();
    let title = "Where the money is now (bars: share of the run's EUR)";
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

/// `1,234,568`: rounded to a whole unit, half away from zero (the
/// corridor's rule), thousands separated.
pub fn whole(d: Decimal) -> String {
    let v = d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    amount(v).trim_end_matches(".00").to_string()
}
