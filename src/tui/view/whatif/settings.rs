//! The what-if's settings: the seed and the faults, then every key of the
//! scenario by table (a `>` on the selected one, a `*` on those changed, the
//! loader's message beside a key it refuses), and under the list the
//! selected key's meaning, unit and default.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::super::app::App;
use super::super::super::whatif::editor::{Editor, Row, problem_text, unquoted};
use super::super::{bold, fg};
use super::{fit, reversed};

/// `no change`, `1 change`, `4 changes`.
fn changes(n: usize) -> String {
    match n {
        0 => "no change".into(),
        1 => "1 change".into(),
        n => format!("{n} changes"),
    }
}

/// Draws the settings.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let head = head(app, area.width as usize);
    let Some(ed) = &app.whatif.editor else {
        let mut lines = head;
        lines.push(Line::raw(""));
        lines.push(Line::raw(
            "Press enter to rerun with these settings and compare with the run you opened.",
        ));
        let block = Block::default().borders(Borders::TOP).title("What if");
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    };
    let detail_height = if area.height >= 30 { 5 } else { 3 };
    let [top, list, detail] = Layout::vertical([
        Constraint::Length(1 + head.len() as u16),
        Constraint::Min(3),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    let block = Block::default()
        .borders(Borders::TOP)
        .title("What if: the scenario's settings");
    frame.render_widget(Paragraph::new(head).block(block), top);
    frame.render_widget(Paragraph::new(keys(app, ed, list)), list);
    frame.render_widget(
        Paragraph::new(about(ed))
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::TOP))
            .style(fg(app, Color::Cyan)),
        detail,
    );
}

/// The seed, whether the changed scenario validates, and the faults, each
/// on or off.
fn head(app: &App, width: usize) -> Vec<Line<'static>> {
    let w = &app.whatif;
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
    let mut head = vec![Line::from(vec![
        Span::styled(format!("Seed {}", w.seed), bold()),
        Span::raw(" (s)   "),
        state,
    ])];
    if w.faults.is_empty() {
        head.push(Line::raw("No faults: n adds one."));
    }
    for (i, (name, on)) in w.faults.iter().enumerate().take(9) {
        let on = if *on { "x" } else { " " };
        head.push(Line::raw(fit(&format!("{} [{on}] {name}", i + 1), width)));
    }
    head
}

/// The lines of the list that fit in `area`: scrolled to keep the selected
/// key in the upper third, under the name of the table its first line is in.
fn keys(app: &App, ed: &Editor, area: Rect) -> Vec<Line<'static>> {
    let width = area.width as usize;
    let rows = (area.height as usize).saturating_sub(1);
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
    let listed = ed.rows[first..]
        .iter()
        .enumerate()
        .take(rows)
        .map(|(i, row)| match row {
            Row::Section(name) => Line::styled(fit(&format!("[{name}]"), width), bold()),
            Row::Key { .. } => key_line(app, ed, row, first + i == ed.selected, width),
        });
    sticky.into_iter().chain(listed).collect()
}

/// `>*minimum                  5000 XYZ             x `XYZ` is not a ...`.
fn key_line(app: &App, ed: &Editor, row: &Row, selected: bool, width: usize) -> Line<'static> {
    let Row::Key {
        key, value, changed, ..
    } = row
    else {
        return Line::raw("");
    };
    let (key_width, value_width) = (24.min(width / 3), 22.min(width / 4));
    let name = key.rsplit('.').next().unwrap_or(key);
    let shown = value.as_deref().map_or("(default)".to_string(), unquoted);
    let mark = if *changed { "*" } else { " " };
    let pointer = if selected { ">" } else { " " };
    let left = format!(
        "{pointer}{mark}{:<key_width$} {:<value_width$}",
        fit(name, key_width),
        fit(&shown, value_width)
    );
    let style = match (selected, changed) {
        (true, _) => reversed(),
        (false, true) => fg(app, Color::Yellow),
        (false, false) => Style::default(),
    };
    let room = width.saturating_sub(left.chars().count() + 1);
    let mut spans = vec![Span::styled(left, style)];
    if let Some(p) = ed.problem_for(key) {
        spans.push(Span::styled(
            format!(" {}", fit(&format!("x {}", p.message), room)),
            fg(app, Color::Red),
        ));
    }
    Line::from(spans)
}

/// The selected key's meaning and syntax, after what is wrong with it (or
/// with a change no key shows, such as a new fault's missing key).
fn about(ed: &Editor) -> String {
    let Some(Row::Key { key, setting, .. }) = ed.rows.get(ed.selected) else {
        return String::new();
    };
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
