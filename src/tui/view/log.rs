//! The event log around now: the selected event and its neighbours that
//! pass the filter, one line each. Every line puts its amount in a column
//! of its own right after the kind, so amounts never fall off the right
//! edge; the ids, the parties and the other fields follow and are cut with
//! `…` where the width ends.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::app::App;
use crate::domain::zone::Zone;
use crate::messages::{Event, Field, Party};
use crate::replay::Recording;

/// Fields whose value is an id, shown first after the amount.
const IDS: [&str; 8] = [
    "payment",
    "payout",
    "remittance",
    "batch",
    "batches",
    "refund",
    "direct_debit",
    "exception",
];

/// Money fields, most telling first: the one shown in the amount column.
const AMOUNTS: [&str; 4] = ["amount", "net", "bought", "expected"];

/// One event as the log shows it.
struct Row {
    when: String,
    kind: &'static str,
    amount: String,
    rest: String,
}

fn short_party(rec: &Recording, p: Party) -> String {
    match p {
        Party::Merchant(m) => rec.names().name(m),
        Party::Cardholder(c) => c.to_string(),
        other => crate::messages::party_name(rec.names(), other),
    }
}

fn row(rec: &Recording, e: &Event) -> Row {
    let mut fields: Vec<(&'static str, String, bool)> = Vec::new();
    e.body.fields(|k, v| {
        let money = matches!(v, Field::Money(_));
        let shown = match v {
            Field::Money(m) => m.grouped(),
            other => other.show(rec.names()),
        };
        fields.push((k, shown, money));
    });
    let primary = AMOUNTS
        .iter()
        .find_map(|name| fields.iter().position(|(k, _, money)| k == name && *money))
        .or_else(|| fields.iter().position(|(_, _, money)| *money));
    let amount = primary.map_or(String::new(), |i| fields.remove(i).1);
    let (from, to) = (short_party(rec, e.from), short_party(rec, e.to));
    let mut rest: Vec<String> = fields
        .iter()
        .filter(|(k, _, _)| IDS.contains(k))
        .map(|(_, v, _)| v.clone())
        .collect();
    rest.push(format!("{from}→{to}"));
    rest.extend(
        fields
            .iter()
            .filter(|(k, v, _)| !IDS.contains(k) && *v != from && *v != to)
            .map(|(k, v, _)| format!("{k}={v}")),
    );
    Row {
        when: Zone::beijing().strftime(e.at, "%d %b %H:%M"),
        kind: e.kind().name(),
        amount,
        rest: rest.join(" "),
    }
}

/// The text cut to `width` columns, ending in `…` when cut.
fn fit(text: String, width: usize) -> String {
    if text.chars().count() <= width {
        return text;
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Draws the log: a title line, then the events.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    draw_until(frame, area, app, app.rec.events.len());
}

/// Draws the log showing only the events before `end` (the course hides
/// what has not happened yet, so a trainee predicts before seeing it).
pub fn draw_until(frame: &mut Frame, area: Rect, app: &App, end: usize) {
    let rows = area.height.saturating_sub(1) as usize;
    let rec = &app.rec;
    let n = rec.events.len().min(end);
    // Up to half the rows before the selected event, the rest after it;
    // cut short at `end`, the rows after it go to earlier events.
    let take = match app.cursor {
        Some(c) if end < rec.events.len() => rows.saturating_sub((c..n).filter(|&i| app.visible(i)).take(rows).count()),
        _ => rows / 2,
    };
    let before: Vec<usize> = match app.cursor {
        Some(c) => (0..c).rev().filter(|&i| app.visible(i)).take(take).collect(),
        None => Vec::new(),
    };
    let after: Vec<usize> = (app.cursor.unwrap_or(n)..n)
        .filter(|&i| app.visible(i))
        .take(rows.saturating_sub(before.len()))
        .collect();
    let shown: Vec<(usize, Row)> = before
        .iter()
        .rev()
        .chain(after.iter())
        .map(|&i| (i, row(rec, &rec.events.get(i))))
        .collect();
    let kind_width = shown.iter().map(|(_, r)| r.kind.len()).max().unwrap_or(0);
    let amount_width = shown.iter().map(|(_, r)| r.amount.chars().count()).max().unwrap_or(0);
    let width = area.width as usize;
    let lines: Vec<Line> = shown
        .into_iter()
        .map(|(i, r)| {
            let text = format!(
                "{} {:<kind_width$} {:>amount_width$}  {}",
                r.when, r.kind, r.amount, r.rest
            );
            let style = if Some(i) == app.cursor {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::styled(fit(text, width), style)
        })
        .collect();
    let mut lines = lines;
    if lines.is_empty() {
        lines.push(Line::raw(match &app.filter {
            Some(f) => format!("no event matches the filter `{}` (/ then enter clears it)", f.text),
            None => "this run recorded no events".to_string(),
        }));
    }
    let filter = app
        .filter
        .as_ref()
        .map_or(String::new(), |f| format!(" [filter: {}]", f.text));
    let title = format!(
        "Events, Beijing time ({} in all){filter}",
        crate::report::count(rec.events.len() as u64)
    );
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::TOP).title(fit(title, width))),
        area,
    );
}

/// Draws the log as the course shows it: the events up to `last` (its
/// index in the recording), `last` on the bottom line and highlighted, each
/// event in full, wrapped onto indented lines instead of cut: at 80 columns
/// a cut line would hide the very field (a rate, a reason) a question asks
/// the trainee to reason from.
pub fn draw_ending_at(frame: &mut Frame, area: Rect, app: &App, last: usize) {
    let rows = area.height.saturating_sub(1) as usize;
    let rec = &app.rec;
    let width = (area.width as usize).max(20);
    let upto = last.min(rec.events.len().saturating_sub(1));
    let picked: Vec<usize> = (0..=upto).rev().filter(|&i| app.visible(i)).take(rows).collect();
    let shown: Vec<(usize, Row)> = picked
        .iter()
        .rev()
        .map(|&i| (i, row(rec, &rec.events.get(i))))
        .collect();
    let kind_width = shown.iter().map(|(_, r)| r.kind.len()).max().unwrap_or(0);
    let amount_width = shown.iter().map(|(_, r)| r.amount.chars().count()).max().unwrap_or(0);
    // Continuation lines start under the event's kind, after the time.
    let indent = 13;
    let mut lines: Vec<Line> = Vec::new();
    for (i, r) in shown {
        let text = format!(
            "{} {:<kind_width$} {:>amount_width$}  {}",
            r.when, r.kind, r.amount, r.rest
        );
        let style = if i == last {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let chars: Vec<char> = text.chars().collect();
        let mut at = 0;
        let mut first = true;
        while at < chars.len() {
            let room = if first { width } else { width - indent };
            let mut take = room.min(chars.len() - at);
            // Break after a space, so a field (`rate=7.7362`) stays whole.
            if at + take < chars.len() {
                if let Some(space) = chars[at..at + take].iter().rposition(|c| *c == ' ').filter(|&k| k > 0) {
                    take = space + 1;
                }
            }
            let piece: String = chars[at..at + take].iter().collect();
            let piece = if first {
                piece
            } else {
                format!("{}{piece}", " ".repeat(indent))
            };
            lines.push(Line::styled(piece, style));
            at += take;
            first = false;
        }
    }
    // The last event's lines at the bottom: what does not fit goes from the top.
    let skip = lines.len().saturating_sub(rows);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    let title = format!(
        "Events, Beijing time ({} in all)",
        crate::report::count(rec.events.len() as u64)
    );
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::TOP).title(fit(title, width))),
        area,
    );
}
