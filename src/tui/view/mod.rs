//! The explorer's screens, drawn from the model alone (no state of their
//! own), so they can be rendered into a test backend and snapshotted.
//!
//! Works from 80x24 up ([`MIN_WIDTH`] x [`MIN_HEIGHT`]); below that a screen
//! says the terminal is too small and what it needs. At 80x24 the main
//! screen keeps at least six lines of event log; from 100x30 the money panel
//! gets its bars and the chart of where the money is sits beside it.

mod chart;
mod flows;
pub mod log;
pub mod merchants;
pub mod money;
pub mod screens;
pub mod strip;
pub mod totals;
mod whatif;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, PromptKind, Screen, Showing};
use crate::domain::zone::Zone;
use crate::replay::story::{offset, place};

/// The smallest terminal the explorer draws in, in columns.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal the explorer draws in, in lines.
pub const MIN_HEIGHT: u16 = 24;
/// Lines of event log the main screen keeps whatever else it shows.
pub const MIN_LOG_LINES: u16 = 6;

/// A foreground colour, or plain text under NO_COLOR.
pub fn fg(app: &App, c: Color) -> Style {
    if app.color {
        Style::default().fg(c)
    } else {
        Style::default()
    }
}

/// Bold text (kept under NO_COLOR: it is not a colour).
pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// Every ledger account's balance at the current instant: just after the
/// selected event when the clock is on it, so stepping through the events
/// of one instant shows the money move one message at a time.
pub fn balances(app: &App) -> Vec<rust_decimal::Decimal> {
    match app.cursor {
        Some(c) if app.rec.events.at(c) == app.now => app.rec.balances_after_event(c),
        _ => app.rec.balances_at(app.now),
    }
}

/// True when the main screen has room for bars and the chart.
pub fn wide(area: Rect) -> bool {
    area.width >= 100 && area.height >= 30
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return too_small(frame, area);
    }
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(5),
        Constraint::Length(footer_height(app, area.width)),
    ])
    .areas(area);
    header(frame, top, app);
    match &app.screen {
        Screen::Main => main(frame, body, app),
        Screen::Story { story, scroll } => screens::story(frame, body, app, story, *scroll),
        Screen::Help { scroll } => screens::help(frame, body, *scroll),
        Screen::WhatIf => whatif::draw(frame, body, app),
        Screen::Charts => flows::charts(frame, body, app),
        Screen::Merchants { selected } => merchants::draw(frame, body, app, *selected),
    }
    footer(frame, bottom, app);
}

/// The text of the screen shown below the minimum size.
pub fn too_small_text(width: u16, height: u16) -> String {
    format!(
        "terminal too small: {width}x{height}, need at least {MIN_WIDTH}x{MIN_HEIGHT}\nenlarge the window, or press q to quit"
    )
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = too_small_text(area.width, area.height);
    let lines = text.lines().count() as u16;
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(lines.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let p = Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    frame.render_widget(p, middle);
}

/// Two lines: Beijing's time and calendar, then the acquirer's, each with
/// its UTC offset; on the right the scenario (or the what-if shown) and
/// whether the clock plays. The course draws it too.
pub fn header(frame: &mut Frame, area: Rect, app: &App) {
    let sc = &app.rec.scenario;
    let bj = Zone::beijing();
    let acq = &sc.acquirer;
    let day =
        |cal: &crate::domain::calendar::Calendar, d| cal.day_kind(d).map_or("n/a", |k| k.name()).replace('_', " ");
    let open = |k: &str| {
        if k == "working" || k == "adjusted working day" {
            Color::Green
        } else {
            Color::Red
        }
    };
    let clock = |zone: &Zone, who: &str, cal: String| {
        let when = format!(
            "{:<10} {} {}  {who}: ",
            place(zone),
            zone.strftime(app.now, "%a %d %b %H:%M"),
            offset(zone, app.now)
        );
        vec![Span::raw(when), Span::styled(cal.clone(), fg(app, open(&cal)))]
    };
    let state = if app.playing { "> playing" } else { "|| paused" };
    let run = match app.showing {
        Showing::Baseline => Span::styled(app.run_label(), bold()),
        Showing::WhatIf => Span::styled(
            format!("WHAT-IF {}", app.run_label()),
            fg(app, Color::Magenta).add_modifier(Modifier::REVERSED),
        ),
    };
    let lines = [
        (
            clock(&bj, "CN", day(&sc.settlement_bank.calendar, bj.date(app.now))),
            run,
        ),
        (
            clock(&acq.zone, "TARGET2", day(&acq.calendar, acq.zone.date(app.now))),
            Span::styled(format!("{state} {}", app.speed_label()), fg(app, Color::Yellow)),
        ),
    ];
    for (i, (left, right)) in lines.into_iter().enumerate() {
        let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
        let used: usize = left.iter().map(|s| s.width()).sum();
        // The right-hand side gets what the left leaves, cut with an ellipsis.
        let room = (area.width as usize).saturating_sub(used + 2);
        frame.render_widget(Paragraph::new(Line::from(left)), row);
        frame.render_widget(
            Paragraph::new(Line::from(cut(right, room))).alignment(Alignment::Right),
            row,
        );
    }
}

/// The span shortened to `room` columns, ending in `…` when cut.
fn cut(span: Span<'static>, room: usize) -> Span<'static> {
    if span.width() <= room {
        return span;
    }
    let text: String = span.content.chars().take(room.saturating_sub(1)).collect();
    Span::styled(format!("{text}…"), span.style)
}

/// The main screen, top to bottom: running totals, money now over the
/// calendar strip (with the chart of where the EUR is beside both when
/// wide), the scenario's note when the clock has just passed one, and the
/// event log.
fn main(frame: &mut Frame, area: Rect, app: &App) {
    let wide = wide(area);
    let money_height = if wide { 10 } else { 5 };
    let note = caption(app);
    // The note gets the lines it needs, as long as the log keeps its own.
    let spare = area
        .height
        .saturating_sub(1 + money_height + strip::HEIGHT + 1 + MIN_LOG_LINES);
    let note_lines = note
        .as_ref()
        .map_or(0, |n| wrapped_lines(&format!("Note: {n}"), area.width).min(spare));
    let [totals_area, upper, note_area, log_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(money_height + strip::HEIGHT),
        Constraint::Length(note_lines),
        Constraint::Min(1 + MIN_LOG_LINES),
    ])
    .areas(area);
    totals::draw(frame, totals_area, app);
    let left = if wide {
        let [left, right] = Layout::horizontal([Constraint::Percentage(57), Constraint::Percentage(43)]).areas(upper);
        flows::draw(frame, right, app);
        left
    } else {
        upper
    };
    let [money_area, strip_area] =
        Layout::vertical([Constraint::Length(money_height), Constraint::Length(strip::HEIGHT)]).areas(left);
    money::draw(frame, money_area, app);
    strip::draw(frame, strip_area, app);
    if let Some(text) = note {
        let p =
            Paragraph::new(Line::from(vec![Span::styled("Note: ", bold()), Span::raw(text)])).wrap(Wrap { trim: true });
        frame.render_widget(p.style(fg(app, Color::Cyan)), note_area);
    }
    log::draw(frame, log_area, app);
}

/// Lines `text` takes when wrapped at word boundaries in `width` columns
/// (a word longer than the width counts as its own line, as ratatui cuts it).
fn wrapped_lines(text: &str, width: u16) -> u16 {
    let width = width.max(1) as usize;
    let (mut lines, mut used) = (1u16, 0usize);
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if used == 0 {
            used = w;
        } else if used + 1 + w <= width {
            used += 1 + w;
        } else {
            lines += 1;
            used = w;
        }
    }
    lines
}

/// The scenario's note the clock passed most recently, for a day after it.
fn caption(app: &App) -> Option<String> {
    let notes = &app.rec.scenario.notes;
    let last = notes.iter().rev().find(|n| n.at <= app.now)?;
    (app.now.0 - last.at.0 < 86_400_000).then(|| last.text.clone())
}

/// The keys of a screen, most useful first; the bottom line shows as many
/// as fit.
fn keys(app: &App) -> &'static [&'static str] {
    match &app.screen {
        Screen::Main => &[
            "? help",
            "space play",
            "<- -> step",
            "enter follow",
            "q quit",
            "/ filter",
            "g go to",
            "d day",
            "f failure",
            "r remittance",
            "m merchants",
            "c charts",
            "w what-if",
            "tab runs",
            "+/- speed",
        ],
        Screen::Story { .. } | Screen::Help { .. } => &["up/down scroll", "esc back"],
        Screen::WhatIf => whatif::keys(app),
        Screen::Charts => &[
            "esc back",
            "<- -> step",
            "d/D day",
            "space play",
            "r remittance",
            "f failure",
        ],
        Screen::Merchants { .. } => &["up/down merchant", "enter its events", "d/D day", "esc back"],
    }
}

fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let line = if let Some(p) = &app.prompt {
        let ask = match p.kind {
            PromptKind::GoTo => "go to (Beijing) YYYY-MM-DD [HH:MM]: ".to_string(),
            PromptKind::Filter => "filter (kind: agent: merchant: payment:, empty clears): ".to_string(),
            PromptKind::Payment => "payment id: ".to_string(),
            PromptKind::Seed => "seed: ".to_string(),
            PromptKind::Setting | PromptKind::NewFault | PromptKind::NewShock | PromptKind::FindKey => {
                whatif::ask(app, p.kind)
            }
        };
        Line::from(vec![Span::styled(ask, bold()), Span::raw(format!("{}_", p.text))])
    } else if let Some(s) = &app.status {
        Line::from(Span::styled(s.clone(), fg(app, Color::Yellow)))
    } else {
        let mut text = String::new();
        for k in keys(app) {
            if text.len() + 2 + k.len() > area.width as usize {
                break;
            }
            if !text.is_empty() {
                text.push_str("  ");
            }
            text.push_str(k);
        }
        Line::from(Span::styled(text, fg(app, Color::DarkGray)))
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
}

/// A status message longer than the width wraps onto a second or third
/// line (taken from the body while it shows) rather than falling off the
/// right edge.
fn footer_height(app: &App, width: u16) -> u16 {
    match (&app.prompt, &app.status) {
        (None, Some(s)) => wrapped_lines(s, width).clamp(1, 3),
        _ => 1,
    }
}
