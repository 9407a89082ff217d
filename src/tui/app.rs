//! The explorer's model and its update function (the Elm shape: the view is
//! a pure function of this model). Time moves both ways: the whole run is
//! recorded, so going back is exact.

use std::rc::Rc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::messages::Kind;
use crate::replay::Recording;
use crate::replay::story::{Story, story};

use super::filter::Filter;
use super::whatif::{Reload, WhatIf};

/// Simulated time per real second at each speed.
pub const SPEEDS: [(i64, &str); 6] = [
    (60_000, "1 min/s"),
    (600_000, "10 min/s"),
    (3_600_000, "1 h/s"),
    (6 * 3_600_000, "6 h/s"),
    (86_400_000, "1 day/s"),
    (3 * 86_400_000, "3 days/s"),
];

/// Events that mean money did not move as planned.
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    GoTo,
    Filter,
    Payment,
    Seed,
}

#[derive(Clone, Debug)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

pub enum Screen {
    Main,
    Story { story: Story, scroll: usize },
    Help { scroll: usize },
    WhatIf,
}

pub struct App {
    pub rec: Rc<Recording>,
    pub now: Instant,
    /// The selected event (the last at or before `now` that the filter lets through).
    pub cursor: Option<usize>,
    pub playing: bool,
    pub speed: usize,
    pub screen: Screen,
    pub prompt: Option<Prompt>,
    pub filter: Option<Filter>,
    pub whatif: WhatIf,
    pub status: Option<String>,
    pub color: bool,
    pub quit: bool,
    reload: Reload,
}

/// What the update function reacts to.
pub enum Input {
    Key(KeyEvent),
    /// Real time passed, in milliseconds.
    Tick(i64),
}

impl App {
    pub fn new(rec: Recording, reload: Reload, color: bool) -> App {
        let rec = Rc::new(rec);
        let whatif = WhatIf::new(&rec.scenario);
        let now = rec.span().0;
        let mut app = App {
            rec,
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
            reload,
        };
        app.follow_clock();
        app
    }

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

    fn key(&mut self, key: KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        if self.prompt.is_some() {
            return self.prompt_key(key.code);
        }
        self.status = None;
        match &mut self.screen {
            Screen::Main => self.main_key(key.code),
            Screen::Story { scroll, .. } | Screen::Help { scroll } => match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => self.screen = Screen::Main,
                KeyCode::Down | KeyCode::Char('j') => *scroll += 1,
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => *scroll += 10,
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                _ => {}
            },
            Screen::WhatIf => self.whatif_key(key.code),
        }
    }

    fn main_key(&mut self, code: KeyCode) {
        match code {
            KeyCode::Char('q') | KeyCode::Esc => self.quit = true,
            KeyCode::Char(' ') => self.playing = !self.playing,
            KeyCode::Char('+') | KeyCode::Char('=') => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            KeyCode::Char('-') => self.speed = self.speed.saturating_sub(1),
            KeyCode::Right | KeyCode::Down | KeyCode::Char('l') | KeyCode::Char('j') => self.step(true),
            KeyCode::Left | KeyCode::Up | KeyCode::Char('h') | KeyCode::Char('k') => self.step(false),
            KeyCode::Char('d') => self.jump_day(true),
            KeyCode::Char('D') => self.jump_day(false),
            KeyCode::Char('r') => self.jump_kind(true, &[Kind::RemittanceSent]),
            KeyCode::Char('R') => self.jump_kind(false, &[Kind::RemittanceSent]),
            KeyCode::Char('f') => self.jump_kind(true, &FAILURES),
            KeyCode::Char('F') => self.jump_kind(false, &FAILURES),
            KeyCode::Home => self.set_time(self.rec.span().0),
            KeyCode::End => self.set_time(self.rec.span().1),
            KeyCode::Char('g') => self.ask(PromptKind::GoTo),
            KeyCode::Char('/') => self.ask(PromptKind::Filter),
            KeyCode::Char('p') => self.ask(PromptKind::Payment),
            KeyCode::Enter => self.drill(),
            KeyCode::Char('w') => self.screen = Screen::WhatIf,
            KeyCode::Char('?') => self.screen = Screen::Help { scroll: 0 },
            _ => {}
        }
    }

    fn whatif_key(&mut self, code: KeyCode) {
        match code {
            KeyCode::Esc | KeyCode::Char('q') => self.screen = Screen::Main,
            KeyCode::Char('s') => self.ask(PromptKind::Seed),
            KeyCode::Char(c @ '1'..='9') => self.whatif.toggle(c as usize - '1' as usize),
            KeyCode::Enter | KeyCode::Char('x') => {
                let result = self.whatif.run(&self.rec, &self.reload);
                if let Err(e) = result {
                    self.status = Some(e);
                }
            }
            _ => {}
        }
    }

    fn ask(&mut self, kind: PromptKind) {
        self.playing = false;
        self.prompt = Some(Prompt {
            kind,
            text: String::new(),
        });
    }

    fn prompt_key(&mut self, code: KeyCode) {
        let Some(prompt) = &mut self.prompt else { return };
        match code {
            KeyCode::Esc => self.prompt = None,
            KeyCode::Backspace => {
                prompt.text.pop();
            }
            KeyCode::Char(c) => prompt.text.push(c),
            KeyCode::Enter => {
                let Prompt { kind, text } = self.prompt.take().expect("prompt");
                self.answer(kind, text.trim());
            }
            _ => {}
        }
    }

    fn answer(&mut self, kind: PromptKind, text: &str) {
        match kind {
            PromptKind::GoTo => match parse_when(text) {
                Some(t) => self.set_time(t),
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
        }
    }

    /// Moves the clock and selects the last visible event at or before it.
    pub fn set_time(&mut self, t: Instant) {
        let (start, end) = self.rec.span();
        self.now = t.clamp(start, end);
        self.follow_clock();
    }

    fn follow_clock(&mut self) {
        let upto = self.rec.events.partition_point(|e| e.at <= self.now);
        self.cursor = (0..upto).rev().find(|&i| self.visible(i));
    }

    pub fn visible(&self, i: usize) -> bool {
        self.filter.as_ref().is_none_or(|f| f.admits(&self.rec.events[i]))
    }

    /// The next or previous visible event; the clock moves to it.
    fn step(&mut self, forward: bool) {
        let n = self.rec.events.len();
        let found = match (forward, self.cursor) {
            (true, c) => (c.map_or(0, |c| c + 1)..n).find(|&i| self.visible(i)),
            (false, Some(c)) => (0..c).rev().find(|&i| self.visible(i)),
            (false, None) => None,
        };
        if let Some(i) = found {
            self.now = self.rec.events[i].at;
            self.cursor = Some(i);
        }
    }

    fn jump_kind(&mut self, forward: bool, kinds: &[Kind]) {
        let n = self.rec.events.len();
        let hit = |i: &usize| kinds.contains(&self.rec.events[*i].kind()) && self.visible(*i);
        let found = match (forward, self.cursor) {
            (true, c) => (c.map_or(0, |c| c + 1)..n).find(hit),
            (false, Some(c)) => (0..c).rev().find(hit),
            (false, None) => None,
        };
        match found {
            Some(i) => {
                self.now = self.rec.events[i].at;
                self.cursor = Some(i);
            }
            None => self.status = Some("nothing further that way".into()),
        }
    }

    /// To the next (or previous) midnight in Beijing.
    fn jump_day(&mut self, forward: bool) {
        let bj = Zone::beijing();
        let today = bj.date(self.now);
        let midnight = bj.midnight(today);
        let target = if forward {
            bj.midnight(today.tomorrow().expect("in range"))
        } else if self.now > midnight {
            midnight
        } else {
            bj.midnight(today.yesterday().expect("in range"))
        };
        self.set_time(target);
    }

    /// The story of the selected event's payment, or of the first payment
    /// its batch or payout carries.
    fn drill(&mut self) {
        let Some(i) = self.cursor else { return };
        let e = &self.rec.events[i];
        let o = &self.rec.outcome;
        let first_of_batch = |b: crate::domain::ids::BatchId| {
            o.switch()
                .batch(b)
                .and_then(|s| s.lines.values().next())
                .and_then(|l| l.payments.first())
                .map(|c| c.payment)
        };
        let payment = e.body.payment().or_else(|| {
            e.body
                .payout()
                .and_then(|po| o.acquirer().payouts().get(po.index()))
                .and_then(|po| po.payments.first().map(|c| c.payment))
                .or_else(|| e.body.first_batch().and_then(first_of_batch))
        });
        match payment {
            Some(p) => match story(&self.rec, &p.to_string()) {
                Ok(story) => self.screen = Screen::Story { story, scroll: 0 },
                Err(e) => self.status = Some(e),
            },
            None => self.status = Some("this event carries no payment: press p to type a payment id".into()),
        }
    }

    pub fn speed_label(&self) -> &'static str {
        SPEEDS[self.speed].1
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
