//! Where the money is now: every ledger place along the corridor with its
//! balance at the current instant and a bar against the run's volume, so
//! money visibly piles up over a holiday and drains after it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::super::app::App;
use super::fg;
use crate::report::amount;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let rec = &app.rec;
    let b = match app.cursor {
        Some(c) if rec.events[c].at == app.now => rec.balances_after_event(c),
        _ => rec.balances_at(app.now),
    };
    let a = &rec.outcome.accounts;
    let rate = rec.scenario.fx.path.rate_at(app.now);
    // (who, where, balance, in CNY?)
    let rows = [
        ("switch", "CNY not yet converted", b[a.cny_pool.index()], true),
        ("bank", "EUR pool, waiting to remit", b[a.eur_pool.index()], false),
        ("", "in transit to the acquirer", b[a.in_transit.index()], false),
        ("acquirer", "unreconciled (exception)", b[a.unreconciled.index()], false),
        ("acquirer", "merchants' balances", b[a.merchant_balances.index()], false),
        ("acquirer", "in suspense", b[a.suspense.index()], false),
        ("", "payouts in flight", b[a.payouts_in_flight.index()], false),
        ("merchants", "paid to merchants", b[a.paid_to_merchants.index()], false),
    ];
    let volume = rec.merchants_due().0.amount().max(Decimal::ONE);
    let inner = area.width.saturating_sub(2) as usize;
    let bar_width = inner.saturating_sub(50).max(4);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(who, what, balance, cny)| {
            // The bar: this place's share of the run's EUR, CNY at today's rate.
            let eur = if *cny { *balance / rate } else { *balance };
            let share = whole(eur / volume * Decimal::from(bar_width as u64));
            let filled = share.to_usize().unwrap_or(0).min(bar_width);
            let text = format!(
                "{:<9} {:<27} {:>10} {}",
                who,
                what,
                short(*balance),
                if *cny { "CNY" } else { "EUR" }
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

/// `1,234k`-style amounts that fit a column.
fn short(d: rust_decimal::Decimal) -> String {
    let v = whole(d);
    if v.abs() >= rust_decimal::Decimal::from(10_000_000) {
        format!(
            "{}k",
            amount(whole(v / rust_decimal::Decimal::from(1000))).trim_end_matches(".00")
        )
    } else {
        amount(v).trim_end_matches(".00").to_string()
    }
}

/// Rounded to a whole number, half away from zero (the corridor's rule).
fn whole(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}
