//! The what-if screen. Settings: the seed, the faults (each switched on or
//! off), then every key of the scenario by section with its value (a `*`
//! where changed, the loader's message beside a key it refuses), and the
//! selected key's meaning and syntax. Comparison: the headline figures of
//! both runs with their differences, how many purchases the change
//! redrew, where the EUR is over time in both runs on one chart, and the
//! payments whose outcome changed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Wrap};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::super::app::{App, PromptKind, Showing};
use super::super::index::Flows;
use super::super::whatif::editor::{Row, problem_text, unquoted};
use super::super::whatif::{Pane, headline, what_changed};
use super::chart::DateAxis;
use super::money::whole;
use super::{bold, fg};
use crate::report::count;

/// The bottom line's keys on the what-if screen, by pane.
pub fn keys(app: &App) -> &'static [&'static str] {
    match app.whatif.pane {
        Pane::Settings => &[
            "e edit",
            "enter run",
            "up/down key",
            "/ find key",
            "n/N add fault/shock",
            "d remove",
            "u undo",
            "1-9 fault",
            "s seed",
            "v keep variant",
            "c comparison",
            "esc back",
        ],
        Pane::Compare => &[
            "up/down payment",
            "enter its story",
            "tab runs",
            "g chart",
            "c settings",
            "v keep variant",
            "o open",
            "esc back",
            "x rerun",
        ],
    }
}

/// The prompt's question for a what-if answer.
pub fn ask(app: &App, kind: PromptKind) -> String {
    match kind {
        PromptKind::NewFault => "new fault (kind=payout_reject, merchant=..., reason=AC01, on=DATE): ".into(),
        PromptKind::NewShock => "new FX shock (at=2018-02-18T09:00+08:00, move=+2%): ".into(),
        PromptKind::FindKey => "find the key (settlement_bank.minimum, or part of it): ".into(),
        _ => {
            let key = app
                .whatif
                .editor
                .as_ref()
                .and_then(|e| e.selected_key())
                .unwrap_or("value");
            format!("{key} = ")
        }
    }
}

/// Draws the what-if screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    match app.whatif.pane {
        Pane::Settings => settings(frame, area, app),
        Pane::Compare => comparison(frame, area, app),
    }
}

fn reversed() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

/// `text` cut to `width` columns, ending in `…` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// `no change`, `1 change`, `4 changes`.
fn changes(n: usize) -> String {
    match n {
        0 => "no change".into(),
        1 => "1 change".into(),
        n => format!("{n} changes"),
    }
}

fn settings(frame: &mut Frame, area: Rect, app: &App) {
    let w = &app.whatif;
    let width = area.width as usize;
    let mut head = Vec::new();
    let state = match &w.editor {
        None => Span::raw("changes: seed and faults only"),
        Some(ed) if ed.problems.is_empty() => Span::styled(
            format!("{}: validates, enter runs it", changes(ed.changes.len())),
            fg(app, Color::Green),
        ),
        Some(ed) => Span::styled(
            format!("{}: does not validate, cannot run", changes(ed.changes.len())),
            fg(app, Color::Red),
        ),
    };
    head.push(Line::from(vec![
        Span::styled(format!("Seed {}", w.seed), bold()),
        Span::raw(" (s)   "),
        state,
    ]));
    if w.faults.is_empty() {
        head.push(Line::raw("No faults: n adds one."));
    }
    for (i, (name, on)) in w.faults.iter().enumerate().take(9) {
        head.push(Line::raw(fit(
            &format!("{} [{}] {name}", i + 1, if *on { "x" } else { " " }),
            width,
        )));
    }
    let Some(ed) = &w.editor else {
        head.push(Line::raw(""));
        head.push(Line::raw(
            "Press enter to rerun with these settings and compare with the run you opened.",
        ));
        frame.render_widget(
            Paragraph::new(head).block(Block::default().borders(Borders::TOP).title("What if")),
            area,
        );
        return;
    };
    let detail_height = if area.height >= 30 { 5 } else { 3 };
    let [top, list, detail] = Layout::vertical([
        Constraint::Length(1 + head.len() as u16),
        Constraint::Min(3),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(head).block(
            Block::default()
                .borders(Borders::TOP)
                .title("What if: the scenario's settings"),
        ),
        top,
    );
    // The list scrolls to keep the selected key in its upper third, under
    // the name of the table its first line is in.
    let rows = (list.height as usize).saturating_sub(1);
    let first = ed
        .selected
        .saturating_sub(rows / 3)
        .min(ed.rows.len().saturating_sub(rows));
    let table = ed.rows[..=first.min(ed.rows.len().saturating_sub(1))]
        .iter()
        .rev()
        .find_map(|r| match r {
            Row::Section(name) => Some(name.as_str()),
            _ => None,
        });
    let sticky = match (ed.rows.get(first), table) {
        (Some(Row::Key { .. }), Some(name)) => Some(Line::styled(fit(&format!("[{name}] ..."), width), bold())),
        _ => None,
    };
    let rows = rows + usize::from(sticky.is_none());
    let key_width = 24.min(width / 3);
    let value_width = 22.min(width / 4);
    let lines: Vec<Line> = sticky
        .into_iter()
        .chain(
            ed.rows[first..]
                .iter()
                .enumerate()
                .take(rows)
                .map(|(i, row)| match row {
                    Row::Section(name) => Line::styled(fit(&format!("[{name}]"), width), bold()),
                    Row::Key {
                        key, value, changed, ..
                    } => {
                        let name = key.rsplit('.').next().unwrap_or(key);
                        let shown = value.as_deref().map_or("(default)".to_string(), unquoted);
                        let mark = if *changed { "*" } else { " " };
                        let pointer = if first + i == ed.selected { ">" } else { " " };
                        let left = format!(
                            "{pointer}{mark}{:<key_width$} {:<value_width$}",
                            fit(name, key_width),
                            fit(&shown, value_width)
                        );
                        let style = if first + i == ed.selected {
                            reversed()
                        } else if *changed {
                            fg(app, Color::Yellow)
                        } else {
                            Style::default()
                        };
                        let mut spans = vec![Span::styled(left.clone(), style)];
                        if let Some(p) = ed.problem_for(key) {
                            let room = width.saturating_sub(left.chars().count() + 1);
                            spans.push(Span::styled(
                                format!(" {}", fit(&format!("x {}", p.message), room)),
                                fg(app, Color::Red),
                            ));
                        }
                        Line::from(spans)
                    }
                }),
        )
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    // The selected key's meaning and syntax; else the first problem no
    // key shows.
    let about = match ed.rows.get(ed.selected) {
        Some(Row::Key { key, setting, .. }) => {
            let problem = ed.problem_for(key).map(|p| format!("Refused: {}. ", p.message));
            let unplaced = ed
                .problems
                .iter()
                .find(|p| {
                    !ed.rows
                        .iter()
                        .any(|r| matches!(r, Row::Key { key, .. } if ed.problem_for(key) == Some(p)))
                })
                .map(|p| format!("Problem: {}. ", problem_text(p)));
            format!(
                "{}{key} ({}): {}",
                problem.or(unplaced).unwrap_or_default(),
                setting.kind.name(),
                setting.meaning.replace('\n', " ")
            )
        }
        _ => String::new(),
    };
    frame.render_widget(
        Paragraph::new(about)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::TOP))
            .style(fg(app, Color::Cyan)),
        detail,
    );
}

fn comparison(frame: &mut Frame, area: Rect, app: &App) {
    let w = &app.whatif;
    let Some(c) = &w.comparison else {
        frame.render_widget(
            Paragraph::new("No comparison yet: c shows the settings, enter runs."),
            area,
        );
        return;
    };
    let ran = w.ran.as_deref().unwrap_or("what if");
    let mut table = vec![Line::styled(
        format!("{:<22} {:>16} {:>16} {:>16}", "", "opened", "what-if", "difference"),
        bold(),
    )];
    for (what, m) in headline(c) {
        let show = |v: Option<crate::scenario::expect::Value>| v.map_or("-".to_string(), |v| v.to_string());
        let style = if m.differs() {
            fg(app, Color::Yellow)
        } else {
            Style::default()
        };
        table.push(Line::styled(
            format!(
                "{:<22} {:>16} {:>16} {:>16}",
                fit(&what, 22),
                show(m.a),
                show(m.b),
                m.difference().unwrap_or_else(|| "-".into())
            ),
            style,
        ));
    }
    let p = &c.purchases;
    let purchases = if p.redrawn == 0 && p.dropped == 0 {
        format!(
            "The change redrew 0 of {} purchases: every difference is the change's.",
            count(p.b)
        )
    } else {
        format!(
            "The change redrew {} of {} purchases ({} of the opened run's not made); the other {} are the same.",
            count(p.redrawn),
            count(p.b),
            count(p.dropped),
            count(p.b - p.redrawn)
        )
    };
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
    let table_height = table.len() as u16;
    let purchases_height = if purchases.chars().count() > area.width as usize {
        2
    } else {
        1
    };
    if !wide && w.chart {
        // Where both do not fit, the chart takes the table's place.
        let [chart_area, purchases_area] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(purchases_height)]).areas(body);
        money_chart(frame, chart_area, app);
        frame.render_widget(Paragraph::new(purchases).wrap(Wrap { trim: true }), purchases_area);
        return;
    }
    let [upper, purchases_area, lower] = Layout::vertical([
        Constraint::Length(table_height),
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
    frame.render_widget(Paragraph::new(purchases).wrap(Wrap { trim: true }), purchases_area);
    let run = match app.showing {
        Showing::Baseline => "the run you opened",
        Showing::WhatIf => "the what-if",
    };
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "Payments whose outcome changed: {} (enter: its story in {run}; tab switches)",
                count(c.changed.len() as u64)
            ),
            area.width as usize,
        ),
        bold(),
    )];
    let rows = lower.height.saturating_sub(1) as usize;
    let first = w
        .pick
        .saturating_sub(rows / 2)
        .min(c.changed.len().saturating_sub(rows));
    for (i, ch) in c.changed.iter().enumerate().skip(first).take(rows) {
        let id = match ch.a_id == ch.b_id {
            true => ch.a_id.to_string(),
            false => format!("{}/{}", ch.a_id, ch.b_id),
        };
        let text = fit(&format!("{id}  {}", what_changed(ch)), area.width as usize);
        lines.push(if i == w.pick {
            Line::styled(text, reversed())
        } else {
            Line::raw(text)
        });
    }
    frame.render_widget(Paragraph::new(lines), lower);
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
        .map(|(_, flows, values, ..)| {
            flows
                .at
                .iter()
                .zip(values.iter())
                .map(|(t, v)| (axis.x(*t), f(*v)))
                .collect()
        })
        .collect();
    let datasets: Vec<Dataset> = series
        .iter()
        .zip(&points)
        .map(|((.., color, marker, _), data)| {
            Dataset::default()
                .graph_type(GraphType::Line)
                .marker(*marker)
                .style(fg(app, *color))
                .data(data)
        })
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
