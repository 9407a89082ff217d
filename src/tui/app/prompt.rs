//! The questions the bottom line asks (go to a date, filter the log, follow
//! a payment, the what-if's seed), how their text is edited (backspace,
//! Ctrl-U clears, Ctrl-W deletes a word, esc or Ctrl-C cancels), and what
//! an answer does.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::replay::story::story;

use super::super::filter::Filter;
use super::{App, Screen};

/// What the prompt asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    /// A Beijing date and time to go to (`g`).
    GoTo,
    /// The event log's filter (`/`).
    Filter,
    /// A payment id to follow (`p`).
    Payment,
    /// The what-if's seed (`s` on the what-if screen).
    Seed,
    /// A new value for the what-if's selected setting (`e`).
    Setting,
    /// A new fault's keys (`n` on the what-if screen).
    NewFault,
    /// A new FX shock's keys (`N` on the what-if screen).
    NewShock,
    /// A key of the what-if's settings to select (`/` on the what-if screen).
    FindKey,
}

/// A question on the bottom line and the answer typed so far.
#[derive(Clone, Debug)]
pub struct Prompt {
    /// What it asks.
    pub kind: PromptKind,
    /// The answer so far.
    pub text: String,
}

impl App {
    pub(super) fn ask(&mut self, kind: PromptKind) {
        self.ask_with(kind, String::new());
    }

    /// Asks with an answer offered, to edit.
    pub(super) fn ask_with(&mut self, kind: PromptKind, text: String) {
        self.playing = false;
        self.prompt = Some(Prompt { kind, text });
    }

    pub(super) fn prompt_key(&mut self, key: KeyEvent) {
        let Some(prompt) = &mut self.prompt else { return };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Esc => self.prompt = None,
            KeyCode::Char('c') if ctrl => self.prompt = None,
            KeyCode::Char('u') if ctrl => prompt.text.clear(),
            KeyCode::Char('w') if ctrl => {
                let kept = prompt.text.trim_end().rfind(' ').map_or(0, |i| i + 1);
                prompt.text.truncate(kept);
            }
            KeyCode::Backspace => {
                prompt.text.pop();
            }
            // Other control and alt chords are not text.
            KeyCode::Char(c) if !ctrl && !alt => prompt.text.push(c),
            KeyCode::Enter => {
                let Prompt { kind, text } = self.prompt.take().expect("prompt");
                self.answer(kind, text.trim());
            }
            _ => {}
        }
    }

    pub(super) fn answer(&mut self, kind: PromptKind, text: &str) {
        match kind {
            PromptKind::GoTo => match parse_when(text) {
                Some(t) => self.go_to(text, t),
                None => {
                    self.status = Some(format!(
                        "`{text}` is not a date: type 2018-02-22 or 2018-02-22 10:00 (Beijing time)"
                    ))
                }
            },
            PromptKind::Filter => match Filter::parse(text, &self.rec) {
                Ok(f) => {
                    self.filter = f;
                    self.follow_clock();
                }
                Err(e) => self.status = Some(e),
            },
            PromptKind::Payment => match story(&self.rec, text) {
                Ok(story) => self.screen = Screen::Story { story, scroll: 0 },
                Err(e) => self.status = Some(e),
            },
            PromptKind::Seed => match text.parse::<u64>() {
                Ok(seed) => self.whatif.seed = seed,
                Err(_) => self.status = Some(format!("`{text}` is not a seed: type a whole number")),
            },
            PromptKind::Setting => self.set_selected(text),
            PromptKind::NewFault => self.append("faults", text),
            PromptKind::NewShock => self.append("fx.shocks", text),
            PromptKind::FindKey => self.find_key(text),
        }
    }

    /// Goes to `t` if the run covers it; otherwise says where the run is
    /// and leaves the clock alone.
    fn go_to(&mut self, text: &str, t: Instant) {
        let (start, end) = self.rec.span();
        let bj = Zone::beijing();
        let when = |t: Instant| bj.strftime(t, "%a %d %b %Y %H:%M");
        let range = format!("type a date from {} to {}", bj.date(start), bj.date(end));
        self.status = if t < start {
            Some(format!(
                "`{text}` is before the run, which starts {} Beijing time: {range}",
                when(start)
            ))
        } else if t > end {
            Some(format!(
                "`{text}` is after the run, which ends {} Beijing time: {range}",
                when(end)
            ))
        } else {
            self.set_time(t);
            None
        };
    }
}

/// `2018-02-22` or `2018-02-22 10:00`, Beijing time.
fn parse_when(text: &str) -> Option<Instant> {
    let bj = Zone::beijing();
    let (date, time) = text.split_once(' ').map_or((text, "00:00"), |(d, t)| (d, t.trim()));
    let date = crate::scenario::values::date(date).ok()?;
    let time = crate::scenario::values::local_time(time).ok()?;
    Some(bj.at(date, time))
}
