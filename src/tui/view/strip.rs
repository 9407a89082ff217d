//! The calendar strip: a column per day of the run, with both calendars'
//! closures and the days remittances left and merchants were credited.

use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::app::App;
use super::fg;
use crate::domain::Date;
use crate::domain::calendar::DayKind;
use crate::domain::zone::Zone;
use crate::messages::{Body, Kind};
use crate::replay::Recording;
use crate::scenario::model::add_days;

/// What each day of the run holds, computed once per recording.
pub struct Marks {
    pub days: Vec<Date>,
    pub remitted: BTreeSet<Date>,
    pub credited: BTreeSet<Date>,
    /// (instant, rate) of each conversion, for the chart.
    pub conversions: Vec<(crate::engine::Instant, rust_decimal::Decimal)>,
}

impl Marks {
    pub fn new(rec: &Recording) -> Marks {
        let bj = Zone::beijing();
        let acq = &rec.scenario.acquirer.zone;
        let (start, end) = rec.span();
        let mut days = Vec::new();
        let mut d = bj.date(start);
        while d <= bj.date(end) {
            days.push(d);
            d = add_days(d, 1);
        }
        let (mut remitted, mut credited, mut conversions) = (BTreeSet::new(), BTreeSet::new(), Vec::new());
        for e in &rec.events {
            match e.kind() {
                Kind::RemittanceSent => {
                    remitted.insert(bj.date(e.at));
                }
                Kind::PayoutSettled => {
                    credited.insert(acq.date(e.at));
                }
                Kind::FxConverted => {
                    let rate = match &e.body {
                        Body::FxConverted { rate, .. } => Some(*rate),
                        _ => None,
                    };
                    conversions.extend(rate.map(|r| (e.at, r)));
                }
                _ => {}
            }
        }
        Marks {
            days,
            remitted,
            credited,
            conversions,
        }
    }
}

fn mark(kind: Result<DayKind, crate::domain::calendar::CalendarError>) -> (char, bool) {
    match kind {
        Ok(DayKind::Working) => ('.', true),
        Ok(DayKind::AdjustedWorkingDay) => ('a', true),
        Ok(DayKind::Weekend) => ('w', false),
        Ok(DayKind::Holiday) => ('H', false),
        Err(_) => ('?', false),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, marks: &Marks) {
    let sc = &app.rec.scenario;
    let today = Zone::beijing().date(app.now);
    let width = area.width.saturating_sub(2 + 9) as usize;
    // A window of days around today when the run is longer than the strip.
    let at = marks.days.iter().position(|d| *d == today).unwrap_or(0);
    let first = at.saturating_sub(width / 2).min(marks.days.len().saturating_sub(width));
    let shown = &marks.days[first..(first + width).min(marks.days.len())];
    let row = |label: &str, cell: &dyn Fn(Date) -> (char, Style)| {
        let mut spans = vec![Span::raw(format!("{label:<9}"))];
        for d in shown {
            let (c, mut style) = cell(*d);
            if *d == today {
                style = style.add_modifier(Modifier::REVERSED);
            }
            spans.push(Span::styled(c.to_string(), style));
        }
        Line::from(spans)
    };
    let day_cell = |cal: &crate::domain::calendar::Calendar, d: Date| {
        let (c, open) = mark(cal.day_kind(d));
        (c, fg(app, if open { Color::Green } else { Color::Red }))
    };
    let lines = vec![
        row("day", &|d: Date| {
            (char::from(b'0' + (d.day() % 10) as u8), Style::default())
        }),
        row("CN bank", &|d| day_cell(&sc.settlement_bank.calendar, d)),
        row("TARGET2", &|d| day_cell(&sc.acquirer.calendar, d)),
        row(
            "money",
            &|d: Date| match (marks.remitted.contains(&d), marks.credited.contains(&d)) {
                (true, true) => ('B', fg(app, Color::Yellow)),
                (true, false) => ('R', fg(app, Color::Yellow)),
                (false, true) => ('P', fg(app, Color::Green)),
                _ => (' ', Style::default()),
            },
        ),
    ];
    let title = "Days: . open  a adjusted working day  w weekend  H holiday | R remitted  P paid  B both";
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::TOP).title(title)),
        area,
    );
}
