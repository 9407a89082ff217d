//! The event log around now: the selected event and its neighbours that
//! pass the filter, one line each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::app::App;
use crate::domain::zone::Zone;
use crate::messages::party_name;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let rows = area.height.saturating_sub(1) as usize;
    let rec = &app.rec;
    let n = rec.events.len();
    // Up to half the rows before the selected event, the rest after it.
    let before: Vec<usize> = match app.cursor {
        Some(c) => (0..=c)
            .rev()
            .filter(|&i| app.visible(i))
            .take(rows.div_ceil(2))
            .collect(),
        None => Vec::new(),
    };
    let start_after = app.cursor.map_or(0, |c| c + 1);
    let after: Vec<usize> = (start_after..n)
        .filter(|&i| app.visible(i))
        .take(rows.saturating_sub(before.len()))
        .collect();
    let bj = Zone::beijing();
    let lines: Vec<Line> = before
        .iter()
        .rev()
        .chain(after.iter())
        .map(|&i| {
            let e = &rec.events[i];
            let mut fields: Vec<String> = Vec::new();
            e.body
                .fields(|k, v| fields.push(format!("{k}={}", v.show(rec.names()))));
            let text = format!(
                "{} {:<22} {} -> {}  {}",
                bj.strftime(e.at, "%d %b %H:%M"),
                e.kind().name(),
                party_name(rec.names(), e.from),
                party_name(rec.names(), e.to),
                fields.join(" ")
            );
            let style = if Some(i) == app.cursor {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::styled(text, style)
        })
        .collect();
    let filter = app
        .filter
        .as_ref()
        .map_or(String::new(), |f| format!(" [filter: {}]", f.text));
    let title = format!(
        "Events, Beijing time ({} in all){filter}",
        crate::report::count(n as u64)
    );
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::TOP).title(title)),
        area,
    );
}
