//! The explorer's screens, drawn from the model alone (no state of their
//! own), so they can be rendered into a test backend and snapshotted. Works
//! from 80x24 up; larger terminals also get the rate chart.

mod chart;
mod log;
mod money;
mod screens;
mod strip;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, PromptKind, Screen};
use crate::domain::zone::Zone;
use crate::replay::story::local;

pub use strip::Marks;

/// A foreground colour, or plain text under NO_COLOR.
pub fn fg(app: &App, c: Color) -> Style {
    if app.color {
        Style::default().fg(c)
    } else {
        Style::default()
    }
}

pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn draw(frame: &mut Frame, app: &App, marks: &Marks) {
    let area = frame.area();
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(5), Constraint::Length(1)]).areas(area);
    header(frame, top, app);
    match &app.screen {
        Screen::Main => main(frame, body, app, marks),
        Screen::Story { story, scroll } => screens::story(frame, body, app, story, *scroll),
        Screen::Help { scroll } => screens::help(frame, body, *scroll),
        Screen::WhatIf => screens::whatif(frame, body, app),
    }
    footer(frame, bottom, app);
}

fn header(frame: &mut Frame, area: Rect, app: &App) {
    let sc = &app.rec.scenario;
    let bj = Zone::beijing();
    let acq = &sc.acquirer;
    let day =
        |cal: &crate::domain::calendar::Calendar, d| cal.day_kind(d).map_or("n/a", |k| k.name()).replace('_', " ");
    let cn = day(&sc.settlement_bank.calendar, bj.date(app.now));
    let t2 = day(&acq.calendar, acq.zone.date(app.now));
    let state = if app.playing { "> playing" } else { "|| paused" };
    let city = acq
        .zone
        .name
        .rsplit('/')
        .next()
        .unwrap_or(&acq.zone.name)
        .replace('_', " ");
    let closed = |k: &str| {
        if k == "working" || k == "adjusted working day" {
            Color::Green
        } else {
            Color::Red
        }
    };
    let lines = vec![
        Line::from(vec![
            Span::styled("corridor", bold()),
            Span::raw(format!("  {}  ", sc.name)),
            Span::styled(format!("{state} {}", app.speed_label()), fg(app, Color::Yellow)),
        ]),
        Line::from(vec![
            Span::raw(format!("Beijing {}  CN: ", local(&bj, app.now))),
            Span::styled(cn.clone(), fg(app, closed(&cn))),
        ]),
        Line::from(vec![
            Span::raw(format!("{city} {}  TARGET2: ", local(&acq.zone, app.now))),
            Span::styled(t2.clone(), fg(app, closed(&t2))),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

fn main(frame: &mut Frame, area: Rect, app: &App, marks: &Marks) {
    let caption = caption(app);
    let caption_height = if caption.is_some() { 2 } else { 0 };
    let wide = area.width >= 100 && area.height >= 30;
    let money_height = 10;
    let [cap, upper, cal, rest] = Layout::vertical([
        Constraint::Length(caption_height),
        Constraint::Length(money_height),
        Constraint::Length(5),
        Constraint::Min(3),
    ])
    .areas(area);
    if let Some(text) = caption {
        let p =
            Paragraph::new(Line::from(vec![Span::styled("Note: ", bold()), Span::raw(text)])).wrap(Wrap { trim: true });
        frame.render_widget(p.style(fg(app, Color::Cyan)), cap);
    }
    if wide {
        let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(upper);
        money::draw(frame, left, app);
        chart::draw(frame, right, app, marks);
    } else {
        money::draw(frame, upper, app);
    }
    strip::draw(frame, cal, app, marks);
    log::draw(frame, rest, app);
}

/// The scenario's note the clock passed most recently, for a day after it.
fn caption(app: &App) -> Option<String> {
    let notes = &app.rec.scenario.notes;
    let last = notes.iter().rev().find(|n| n.at <= app.now)?;
    (app.now.0 - last.at.0 < 86_400_000).then(|| last.text.clone())
}

fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let line = if let Some(p) = &app.prompt {
        let ask = match p.kind {
            PromptKind::GoTo => "go to (Beijing) YYYY-MM-DD [HH:MM]: ",
            PromptKind::Filter => "filter (kind: agent: merchant: payment:, empty clears): ",
            PromptKind::Payment => "payment id: ",
            PromptKind::Seed => "seed: ",
        };
        Line::from(vec![Span::styled(ask, bold()), Span::raw(format!("{}_", p.text))])
    } else if let Some(s) = &app.status {
        Line::from(Span::styled(s.clone(), fg(app, Color::Yellow)))
    } else {
        let keys = match app.screen {
            Screen::Main => {
                "? help  space play  +/- speed  <- -> step  d day  r remittance  f failure  g go to  / filter  enter follow  w what-if  q quit"
            }
            Screen::Story { .. } | Screen::Help { .. } => "up/down scroll  esc back",
            Screen::WhatIf => "1-9 switch a fault  s seed  enter run  esc back",
        };
        Line::from(Span::styled(keys, fg(app, Color::DarkGray)))
    };
    frame.render_widget(Paragraph::new(line), area);
}
