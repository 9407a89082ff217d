//! The what-if screen. Settings: the seed, the faults (each switched on or
//! off), then every key of the scenario by section with its value (a `*`
//! where changed, the loader's message beside a key it refuses), and the
//! selected key's meaning and syntax. Comparison: the headline figures of
//! both runs with their differences, how many purchases the change
//! redrew, where the EUR is over time in both runs on one chart, and the
//! payments whose outcome changed.

mod compare;
mod settings;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::super::app::{App, PromptKind};
use super::super::whatif::Pane;

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
        Pane::Settings => settings::draw(frame, area, app),
        Pane::Compare => compare::draw(frame, area, app),
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
