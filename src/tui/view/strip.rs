//! The calendar strip: a column per day of the run, with both calendars'
//! closures and the days remittances left and merchants were credited.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::fg;
use crate::domain::Date;
use crate::domain::calendar::DayKind;
use crate::domain::zone::Zone;

fn mark(kind: Result<DayKind, crate::domain::calendar::CalendarError>) -> (char, bool) {
    match kind {
        Ok(DayKind::Working) => ('.', true),
        Ok(DayKind::AdjustedWorkingDay) => ('a', true),
        Ok(DayKind::Weekend) => ('w', false),
        Ok(DayKind::Holiday) => ('H', false),
        Err(_) => ('?', false),
    }
}

/// Lines the strip takes.
pub const HEIGHT: u16 = 4;

/// The legend, a part beside each row of the strip.
const LEGEND: [&str; 4] = [
    " . open  a adjusted working day",
    " w weekend  H public holiday",
    " R remittance left China",
    " P merchants paid  B both",
];

/// Draws the strip: a row of day numbers, both calendars and the money
/// row, with the legend on the right.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let marks = &app.index.marks;
    let sc = &app.rec.scenario;
    let today = Zone::beijing().date(app.now);
    let legend = LEGEND.iter().map(|l| l.len()).max().unwrap_or(0) + 3;
    let width = (area.width as usize).saturating_sub(9 + legend).max(7);
    // A window of days around today when the run is longer than the strip.
    let at = marks.days.iter().position(|d| *d == today).unwrap_or(0);
    let first = at.saturating_sub(width / 2).min(marks.days.len().saturating_sub(width));
    let shown = &marks.days[first..(first + width).min(marks.days.len())];
    let row = |label: &str, legend_text: &str, cell: &dyn Fn(Date) -> (char, Style)| {
        let mut spans = vec![Span::raw(format!("{label:<9}"))];
        for d in shown {
            let (c, mut style) = cell(*d);
            if *d == today {
                style = style.add_modifier(Modifier::REVERSED);
            }
            spans.push(Span::styled(c.to_string(), style));
        }
        spans.push(Span::raw("  "));
        spans.push(Span::styled(format!("│{legend_text}"), fg(app, Color::DarkGray)));
        Line::from(spans)
    };
    let day_cell = |cal: &crate::domain::calendar::Calendar, d: Date| {
        let (c, open) = mark(cal.day_kind(d));
        (c, fg(app, if open { Color::Green } else { Color::Red }))
    };
    let lines = vec![
        row("day", LEGEND[0], &|d: Date| {
            (char::from(b'0' + (d.day() % 10) as u8), Style::default())
        }),
        row("CN bank", LEGEND[1], &|d| day_cell(&sc.settlement_bank.calendar, d)),
        row("TARGET2", LEGEND[2], &|d| day_cell(&sc.acquirer.calendar, d)),
        row(
            "money",
            LEGEND[3],
            &|d: Date| match (marks.remitted.contains(&d), marks.credited.contains(&d)) {
                (true, true) => ('B', fg(app, Color::Yellow)),
                (true, false) => ('R', fg(app, Color::Yellow)),
                (false, true) => ('P', fg(app, Color::Green)),
                _ => (' ', Style::default()),
            },
        ),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
