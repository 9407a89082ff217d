//! The explorer's model and its update function (the Elm shape: the view is
//! a pure function of this model). Time moves both ways: the whole run is
//! recorded, so going back is exact. Keys are read here, by screen; moving
//! the clock is in `nav`, the prompts at the bottom line in `prompt`.

mod nav;
mod prompt;
mod whatif;

use std::rc::Rc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::engine::Instant;
use crate::messages::Kind;
use crate::replay::Recording;
use crate::replay::story::Story;

use super::filter::Filter;
use super::index::Index;
use super::whatif::{Reload, WhatIf};

pub use prompt::{Prompt, PromptKind};

/// Simulated time per real second at each speed.
pub const SPEEDS: [(i64, &str); 6] = [
    (60_000, "1 min/s"),
    (600_000, "10 min/s"),
    (3_600_000, "1 h/s"),
    (6 * 3_600_000, "6 h/s"),
    (86_400_000, "1 day/s"),
    (3 * 86_400_000, "3 days/s"),
];

/// Events that mean money did not move as planned (`f`/`F`). Declines are
/// not among them: they are the payments' own outcome, thousands a run;
/// filter `kind:payment_declined` and step to see them.
pub const FAILURES: [Kind; 9] = [
    Kind::ApprovalRejected,
    Kind::RemittanceHeld,
    Kind::ReconciliationFailed,
    Kind::PayoutRejected,
    Kind::PayoutReturned,
    Kind::RefundFailed,
    Kind::DirectDebitReturned,
    Kind::PaymentReversed,
    Kind::KycFailed,
];

/// What fills the screen between the header and the bottom line.
pub enum Screen {
    /// Money now, the calendar strip and the event log.
    Main,
    /// A payment's life (enter or `p`).
    Story {
        /// The story drawn.
        story: Story,
        /// Lines scrolled.
        scroll: usize,
    },
    /// Keys and a glossary (`?`).
    Help {
        /// Lines scrolled.
        scroll: usize,
    },
    /// Change the scenario's settings, rerun, and compare (`w`).
    WhatIf,
    /// Where the EUR is over time, and the EUR/CNY rate (`c`).
    Charts,
    /// Each merchant's account at the acquirer (`m`).
    Merchants {
        /// The merchant shown in detail, by index.
        selected: usize,
    },
}

/// Slow work the loop does after drawing the frame that announces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Rerun the scenario as the what-if screen says.
    WhatIf,
}

/// Which recorded run the explorer shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Showing {
    /// The run the explorer opened.
    Baseline,
    /// The last what-if rerun.
    WhatIf,
}

/// The explorer's whole state.
pub struct App {
    /// The run shown: the baseline, or the what-if after `tab`.
    pub rec: Rc<Recording>,
    /// Its lookups, computed once.
    pub index: Rc<Index>,
    /// Which run `rec` is.
    pub showing: Showing,
    /// The run the explorer opened.
    baseline: (Rc<Recording>, Rc<Index>),
    /// The last what-if run, once one ran.
    alternate: Option<(Rc<Recording>, Rc<Index>)>,
    /// The current instant.
    pub now: Instant,
    /// The selected event: the last at or before `now` that the filter lets
    /// through, or, when there is none, the first after it.
    pub cursor: Option<usize>,
    /// The clock runs.
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// What the body shows.
    pub screen: Screen,
    /// A question on the bottom line.
    pub prompt: Option<Prompt>,
    /// The event log's filter.
    pub filter: Option<Filter>,
    /// The what-if settings and its last comparison.
    pub whatif: WhatIf,
    /// A message on the bottom line until the next key.
    pub status: Option<String>,
    /// Colours on (off under NO_COLOR).
    pub color: bool,
    /// The user asked to quit.
    pub quit: bool,
    /// With Ctrl-C (the command then exits as SIGINT would, 130).
    pub interrupted: bool,
    /// Work to do once the frame announcing it is drawn.
    pub pending: Option<Pending>,
    reload: Reload,
}

/// What the update function reacts to.
pub enum Input {
    /// A key pressed.
    Key(KeyEvent),
    /// Real time passed, in milliseconds.
    Tick(i64),
}

impl App {
    /// The explorer on `rec`, at its first instant, its first event selected.
    pub fn new(rec: Recording, reload: Reload, color: bool) -> App {
        let rec = Rc::new(rec);
        let index = Rc::new(Index::new(&rec));
        let whatif = WhatIf::new(&rec.scenario);
        let now = rec.span().0;
        let mut app = App {
            rec: Rc::clone(&rec),
            index: Rc::clone(&index),
            showing: Showing::Baseline,
            baseline: (rec, index),
            alternate: None,
            now,
            cursor: None,
            playing: false,
            speed: 2,
            screen: Screen::Main,
            prompt: None,
            filter: None,
            whatif,
            status: None,
            color,
            quit: false,
            interrupted: false,
            pending: None,
            reload,
        };
        app.follow_clock();
        app
    }

    /// Reacts to a key or to time passing.
    pub fn update(&mut self, input: Input) {
        match input {
            Input::Tick(ms) if self.playing => {
                let end = self.rec.span().1;
                self.set_time(Instant(self.now.0 + SPEEDS[self.speed].0 * ms / 1_000));
                if self.now >= end {
                    self.playing = false;
                }
            }
            Input::Tick(_) => {}
            Input::Key(key) => self.key(key),
        }
    }

    /// Does the slow work announced by the last update (the what-if rerun)
    /// to its end; the loop calls [`App::work_step`] instead.
    pub fn work(&mut self) {
        match self.pending.take() {
            Some(Pending::WhatIf) => self.whatif_work(true),
            None => {}
        }
    }

    /// Starts the slow work announced by the last update, or sees how far
    /// it has come (the status line says), without waiting for it; the loop
    /// calls it after drawing, so the announcement is on screen.
    pub fn work_step(&mut self) {
        match self.pending.take() {
            Some(Pending::WhatIf) => self.whatif_work(false),
            None => {}
        }
    }

    fn key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.prompt.is_some() {
            return self.prompt_key(key);
        }
        if ctrl && key.code == KeyCode::Char('c') {
            self.quit = true;
            self.interrupted = true;
            return;
        }
        self.status = None;
        match &mut self.screen {
            Screen::Main => self.main_key(key.code),
            Screen::Story { scroll, .. } | Screen::Help { scroll } => match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => {
                    // A story opened from the what-if's comparison goes back to it.
                    self.screen = if std::mem::take(&mut self.whatif.back) {
                        Screen::WhatIf
                    } else {
                        Screen::Main
                    }
                }
                KeyCode::Down | KeyCode::Char('j') => *scroll += 1,
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => *scroll += 10,
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                KeyCode::Home => *scroll = 0,
                _ => {}
            },
            Screen::WhatIf => self.whatif_key(key.code),
            Screen::Charts => match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('c') => self.screen = Screen::Main,
                code => {
                    self.time_key(code, true);
                }
            },
            Screen::Merchants { selected } => {
                let n = self.rec.names().len();
                match key.code {
                    KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('m') => self.screen = Screen::Main,
                    KeyCode::Down | KeyCode::Char('j') => *selected = (*selected + 1).min(n.saturating_sub(1)),
                    KeyCode::Up | KeyCode::Char('k') => *selected = selected.saturating_sub(1),
                    KeyCode::PageDown => *selected = (*selected + 10).min(n.saturating_sub(1)),
                    KeyCode::PageUp => *selected = selected.saturating_sub(10),
                    KeyCode::Enter => {
                        let m = crate::domain::ids::MerchantId::from_index(*selected as u32);
                        let name = self.rec.names().name(m);
                        self.answer(PromptKind::Filter, &format!("merchant:{name}"));
                        self.screen = Screen::Main;
                    }
                    code => {
                        self.time_key(code, false);
                    }
                }
            }
        }
    }

    fn main_key(&mut self, code: KeyCode) {
        if self.time_key(code, true) {
            return;
        }
        match code {
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Esc => self.status = Some("esc closes prompts and screens; q quits".into()),
            KeyCode::Char('g') => self.ask(PromptKind::GoTo),
            KeyCode::Char('/') => self.ask(PromptKind::Filter),
            KeyCode::Char('p') => self.ask(PromptKind::Payment),
            KeyCode::Enter => self.drill(),
            KeyCode::Char('w') => self.screen = Screen::WhatIf,
            KeyCode::Char('c') => self.screen = Screen::Charts,
            KeyCode::Char('m') => self.open_merchants(),
            KeyCode::Tab => self.switch_run(),
            KeyCode::Char('?') => self.screen = Screen::Help { scroll: 0 },
            _ => {}
        }
    }

    /// Keys that move the clock, on every screen that shows it; `arrows`
    /// when the screen does not use the arrows itself. True if handled.
    fn time_key(&mut self, code: KeyCode, arrows: bool) -> bool {
        match code {
            KeyCode::Char(' ') => self.playing = !self.playing,
            KeyCode::Char('+') | KeyCode::Char('=') => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            KeyCode::Char('-') => self.speed = self.speed.saturating_sub(1),
            KeyCode::Right | KeyCode::Down | KeyCode::Char('l') | KeyCode::Char('j') if arrows => self.step(true),
            KeyCode::Left | KeyCode::Up | KeyCode::Char('h') | KeyCode::Char('k') if arrows => self.step(false),
            KeyCode::Char('d') => self.jump_day(true),
            KeyCode::Char('D') => self.jump_day(false),
            KeyCode::Char('r') => self.jump_kind(true, &[Kind::RemittanceSent], "remittance"),
            KeyCode::Char('R') => self.jump_kind(false, &[Kind::RemittanceSent], "remittance"),
            KeyCode::Char('f') => self.jump_kind(true, &FAILURES, "failure"),
            KeyCode::Char('F') => self.jump_kind(false, &FAILURES, "failure"),
            KeyCode::Home => self.set_time(self.rec.span().0),
            KeyCode::End => self.set_time(self.rec.span().1),
            _ => return false,
        }
        true
    }

    /// Shows the what-if run instead of the baseline, or back; the clock
    /// stays at the same instant (within the run shown).
    fn switch_run(&mut self) {
        let Some(alt) = &self.alternate else {
            self.status = Some("no what-if run yet: press w, choose, then enter".into());
            return;
        };
        let (rec, index, showing) = match self.showing {
            Showing::Baseline => (&alt.0, &alt.1, Showing::WhatIf),
            Showing::WhatIf => (&self.baseline.0, &self.baseline.1, Showing::Baseline),
        };
        self.rec = Rc::clone(rec);
        self.index = Rc::clone(index);
        self.showing = showing;
        self.set_time(self.now);
        self.status = Some(match showing {
            Showing::WhatIf => format!("showing the what-if run ({}): tab goes back", self.run_label()),
            Showing::Baseline => "showing the run you opened: tab shows the what-if".into(),
        });
    }

    /// `seed 8, 1 fault off` for the what-if shown; the scenario's name for
    /// the baseline.
    pub fn run_label(&self) -> String {
        match self.showing {
            Showing::Baseline => self.rec.scenario.name.clone(),
            Showing::WhatIf => self.whatif.ran.clone().unwrap_or_default(),
        }
    }

    fn open_merchants(&mut self) {
        // The selected event's merchant, else the first.
        let selected = self
            .cursor
            .and_then(|c| self.rec.events.get(c).body.merchant())
            .map_or(0, |m| m.index());
        self.screen = Screen::Merchants { selected };
    }

    /// The current speed, `1 h/s`.
    pub fn speed_label(&self) -> &'static str {
        SPEEDS[self.speed].1
    }
}
