//! The what-if's comparison with the run opened: the headline figures of
//! both runs with their differences, how many purchases the change redrew,
//! where the EUR is over time in both runs on one chart, and the payments
//! whose outcome changed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, Paragraph, Wrap};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::super::super::app::{App, Showing};
use super::super::super::index::Flows;
use super::super::super::whatif::{headline, what_changed};
use super::super::chart::{self, DateAxis};
use super::super::money::whole;
use super::super::{bold, fg};
use super::{fit, reversed};
use crate::report::compare::Comparison;
use crate::report::count;
use crate::scenario::expect::Value;

/// Draws the comparison.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let w = &app.whatif;
    let Some(c) = &w.comparison else {
        let text = "No comparison yet: c shows the settings, enter runs.";
        frame.render_widget(Paragraph::new(text), area);
        return;
    };
    let ran = w.ran.as_deref().unwrap_or("what if");
    let title = fit(
        &format!("What if ({ran}) compared with the run you opened"),
        area.width.saturating_sub(2) as usize,
    );
    let wide = area.width >= 120 && area.height >= 34;
    // From 120x40 the changes are listed under the title.
    let listed = wide && !w.ran_changes.is_empty();
    let [title_area, changes_area, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(listed)),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(Block::default().borders(Borders::TOP).title(title), title_area);
    if listed {
        let text = fit(&format!("Changed: {}", w.ran_changes.join("; ")), area.width as usize);
        frame.render_widget(Paragraph::new(text), changes_area);
    }
    let table = table(app, c);
    let purchases = purchases(c);
    let purchases_height = if purchases.chars().count() > area.width as usize {
        2
    } else {
        1
    };
    let purchases = Paragraph::new(purchases).wrap(Wrap { trim: true });
    if !wide && w.chart {
        // Where both do not fit, the chart takes the table's place.
        let [chart_area, purchases_area] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(purchases_height)]).areas(body);
        money_chart(frame, chart_area, app);
        frame.render_widget(purchases, purchases_area);
        return;
    }
    let [upper, purchases_area, lower] = Layout::vertical([
        Constraint::Length(table.len() as u16),
        Constraint::Length(purchases_height),
        Constraint::Min(3),
    ])
    .areas(body);
    if wide {
        let [left, right] = Layout::horizontal([Constraint::Length(74), Constraint::Min(20)]).areas(upper);
        frame.render_widget(Paragraph::new(table), left);
        money_chart(frame, right, app);
    } else {
        frame.render_widget(Paragraph::new(table), upper);
    }
    frame.render_widget(purchases, purchases_area);
    frame.render_widget(Paragraph::new(changed(app, c, lower)), lower);
}

/// The headline figures: each in both runs and its difference, those that
/// differ highlighted.
fn table(app: &App, c: &Comparison) -> Vec<Line<'static>> {
    let mut table = vec![Line::styled(
        format!("{:<22} {:>16} {:>16} {:>16}", "", "opened", "what-if", "difference"),
        bold(),
    )];
    let show = |v: Option<Value>| v.map_or("-".to_string(), |v| v.to_string());
    for (what, m) in headline(c) {
        let style = if m.differs() {
            fg(app, Color::Yellow)
        } else {
            Style::default()
        };
        let line = format!(
            "{:<22} {:>16} {:>16} {:>16}",
            fit(&what, 22),
            show(m.a),
            show(m.b),
            m.difference().unwrap_or_else(|| "-".into())
        );
        table.push(Line::styled(line, style));
    }
    table
}

/// How many purchases the change redrew: 0 means every difference is the
/// change's (common random numbers; see `report::compare`).
fn purchases(c: &Comparison) -> String {
    let p = &c.purchases;
    if p.redrawn == 0 && p.dropped == 0 {
        return format!(
            "The change redrew 0 of {} purchases: every difference is the change's.",
            count(p.b)
        );
    }
    format!(
        "The change redrew {} of {} purchases ({} of the opened run's not made); the other {} are the same.",
        count(p.redrawn),
        count(p.b),
        count(p.dropped),
        count(p.b - p.redrawn)
    )
}

/// The payments whose outcome changed that fit in `area`, around the one
/// selected: its id (`A/B` when the runs' ids differ) and what changed.
fn changed(app: &App, c: &Comparison, area: Rect) -> Vec<Line<'static>> {
    let (pick, width) = (app.whatif.pick, area.width as usize);
    let run = match app.showing {
        Showing::Baseline => "the run you opened",
        Showing::WhatIf => "the what-if",
    };
    let title = format!(
        "Payments whose outcome changed: {} (enter: its story in {run}; tab switches)",
        count(c.changed.len() as u64)
    );
    let mut lines = vec![Line::styled(fit(&title, width), bold())];
    let rows = area.height.saturating_sub(1) as usize;
    let first = pick.saturating_sub(rows / 2).min(c.changed.len().saturating_sub(rows));
    for (i, ch) in c.changed.iter().enumerate().skip(first).take(rows) {
        let id = match ch.a_id == ch.b_id {
            true => ch.a_id.to_string(),
            false => format!("{}/{}", ch.a_id, ch.b_id),
        };
        let text = fit(&format!("{id}  {}", what_changed(ch)), width);
        lines.push(if i == pick {
            Line::styled(text, reversed())
        } else {
            Line::raw(text)
        });
    }
    lines
}

/// The bank's EUR pool and the EUR paid to merchants over time, in the run
/// opened and in the what-if, on one chart.
fn money_chart(frame: &mut Frame, area: Rect, app: &App) {
    let (base, other) = app.runs();
    let Some(other) = other else { return };
    let span = |f: &Flows| (f.at.first().copied(), f.at.last().copied());
    let (a, b) = (span(&base.flows), span(&other.flows));
    let (Some(start), Some(end)) = (a.0.min(b.0).or(a.0), a.1.max(b.1)) else {
        return;
    };
    let axis = DateAxis::over(start, end, area.width.saturating_sub(12));
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let series = [
        (
            "pool",
            &base.flows,
            &base.flows.pool,
            Color::Yellow,
            Marker::Braille,
            "⠿",
        ),
        (
            "paid",
            &base.flows,
            &base.flows.paid,
            Color::Green,
            Marker::Braille,
            "⠿",
        ),
        (
            "pool",
            &other.flows,
            &other.flows.pool,
            Color::Magenta,
            Marker::Dot,
            "•",
        ),
        ("paid", &other.flows, &other.flows.paid, Color::Cyan, Marker::Dot, "•"),
    ];
    let top = series
        .iter()
        .flat_map(|s| s.2.iter())
        .copied()
        .fold(Decimal::ZERO, Decimal::max)
        .max(Decimal::ONE);
    let points: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|(_, flows, values, ..)| axis.points(&flows.at, values))
        .collect();
    let datasets: Vec<Dataset> = series
        .iter()
        .zip(&points)
        .map(|((.., color, marker, _), data)| chart::line(app, *color, *marker, data))
        .collect();
    // Pool and paid tell themselves apart by shape (the pool rises and
    // empties, paid only rises); the runs by their marks and colours.
    let title = Line::from(vec![
        Span::raw("EUR pool, paid: "),
        Span::styled("⠿", fg(app, Color::Yellow)),
        Span::styled("⠿", fg(app, Color::Green)),
        Span::raw(" opened "),
        Span::styled("•", fg(app, Color::Magenta)),
        Span::styled("•", fg(app, Color::Cyan)),
        Span::raw(" what-if"),
    ]);
    let chart = Chart::new(datasets)
        .block(Block::default().borders(Borders::ALL).title(title))
        .x_axis(axis.axis())
        .y_axis(
            Axis::default()
                .bounds([0.0, f(top)])
                .labels([Span::raw("0"), Span::raw(whole(top))]),
        );
    frame.render_widget(chart, area);
}
