//! The course's model and its update function (the Elm shape, as the
//! explorer's): the list of lessons, and a lesson being taken: the stop
//! shown, the explorer's model at the stop's instant (its panels are drawn
//! from it), the answers given so far.

use std::rc::Rc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::zone::Zone;
use crate::messages::Kind as MessageKind;
use crate::tui::Index;

use crate::learn::{Given, Kind, Prepared};
use crate::replay::Recording;
use crate::replay::story::Story;
use crate::tui::App;

/// Loads a bundled lesson by id and records its run, or says why not.
pub type Load = Box<dyn Fn(&str) -> Result<(Prepared, Recording), String>>;

/// A lesson of the course's list: id, title, summary.
pub type Entry = (String, String, String);

/// A trainee's answer to one stop's question, as given and judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered {
    /// The answer as the trainee gave it (an option's text, or typed).
    pub given: String,
    /// Right or wrong.
    pub right: bool,
    /// The feedback lines: right or wrong, then why, from the run.
    pub feedback: Vec<String>,
}

/// A lesson being taken.
pub struct Session {
    /// The lesson, its stops placed in the run.
    pub lesson: Prepared,
    /// The explorer's model on the lesson's run, at the stop's instant.
    pub app: App,
    /// The stop shown; `stops.len()` is the score screen.
    pub stop: usize,
    /// Each stop's answer, once given.
    pub answers: Vec<Option<Answered>>,
    /// The option highlighted in a choice.
    pub choice: usize,
    /// What is typed for a date or an amount.
    pub input: String,
    /// Why the typed answer could not be read, until the next key.
    pub error: Option<String>,
    /// The stop's payment's story, for the sequence panel.
    pub story: Option<Story>,
    /// The line selected on the score screen.
    pub review: usize,
    /// The trainee has reached the score screen once.
    pub reached_end: bool,
    /// The explorer's lookups over the whole run.
    full: Rc<Index>,
}

/// The run's lookups as of event `upto`: the calendar strip marks only the
/// remittances and credits that have happened, so it never gives an answer
/// away.
fn so_far(full: &Index, rec: &Recording, upto: usize) -> Index {
    let mut index = full.clone();
    let bj = Zone::beijing();
    let acq = &rec.scenario.acquirer.zone;
    let past = || 0..(upto + 1).min(rec.events.len());
    index.marks.remitted = past()
        .filter(|&i| rec.events.kind(i) == MessageKind::RemittanceSent)
        .map(|i| bj.date(rec.events.at(i)))
        .collect();
    index.marks.credited = past()
        .filter(|&i| rec.events.kind(i) == MessageKind::PayoutSettled)
        .map(|i| acq.date(rec.events.at(i)))
        .collect();
    index
}

impl Session {
    /// A session at the lesson's first stop.
    pub fn new(lesson: Prepared, rec: Recording, color: bool) -> Session {
        let n = lesson.placed.len();
        let app = App::new(rec, Box::new(|_| Err("no what-if in a lesson".to_string())), color);
        let full = Rc::clone(&app.index);
        let mut s = Session {
            lesson,
            app,
            stop: 0,
            answers: vec![None; n],
            choice: 0,
            input: String::new(),
            error: None,
            story: None,
            review: 0,
            reached_end: false,
            full,
        };
        s.go(0);
        s
    }

    /// True on the score screen.
    pub fn finished(&self) -> bool {
        self.stop >= self.lesson.placed.len()
    }

    /// Questions answered right, and questions in the lesson.
    pub fn score(&self) -> (usize, usize) {
        let right = self.answers.iter().flatten().filter(|a| a.right).count();
        (right, self.lesson.questions())
    }

    /// Moves to stop `i` (the score screen past the last), the explorer's
    /// clock to its instant.
    pub fn go(&mut self, i: usize) {
        self.stop = i.min(self.lesson.placed.len());
        self.choice = 0;
        self.input.clear();
        self.error = None;
        self.story = None;
        let Some(placed) = self.lesson.placed.get(self.stop) else {
            self.reached_end = true;
            return;
        };
        let e = placed.event;
        let now = self.app.rec.events.at(e);
        self.app.now = now;
        self.app.cursor = Some(e);
        self.app.index = Rc::new(so_far(&self.full, &self.app.rec, e));
        // The story up to the stop: what happens next is for the trainee to
        // predict. Its summary tells how the payment ended, so it goes.
        self.story = placed
            .payment
            .and_then(|p| crate::replay::story::story(&self.app.rec, &p.to_string()).ok())
            .map(|mut st| {
                // Steps at the same minute after the stop's event are
                // still to come: an event's step goes by its index.
                st.steps.retain(|step| step.event.map_or(step.at <= now, |x| x <= e));
                st.summary.clear();
                // The title says how it ended (paid, declined): not yet.
                st.title = st.title.split(':').next().unwrap_or_default().to_string() + ": the story so far";
                st
            });
    }

    /// True when the stop asks a question not yet answered.
    pub fn asking(&self) -> bool {
        !self.finished() && self.lesson.lesson.stops[self.stop].question.is_some() && self.answers[self.stop].is_none()
    }

    /// What must not be on screen while the stop's question is unanswered:
    /// the forms of its answer (see [`crate::learn::query::Answer::giveaways`]);
    /// empty once answered or with no question.
    pub fn giveaways(&self) -> Vec<String> {
        if !self.asking() {
            return Vec::new();
        }
        self.lesson.placed[self.stop]
            .fact
            .as_ref()
            .map_or_else(Vec::new, |f| f.value.giveaways())
    }

    /// The question's kind at the current stop, while it is asked.
    fn asked(&self) -> Option<Kind> {
        self.asking()
            .then(|| self.lesson.lesson.stops[self.stop].question.as_ref().map(|q| q.kind))
            .flatten()
    }

    fn answer(&mut self, given: Given) {
        let i = self.stop;
        let shown = match &given {
            Given::Choice(k) => self.lesson.placed[i].options.get(*k).cloned().unwrap_or_default(),
            Given::Typed(t) => t.trim().to_string(),
        };
        match self.lesson.check(i, &given) {
            Ok(right) => {
                let feedback = self.lesson.feedback(&self.app.rec, i, right, &shown);
                self.answers[i] = Some(Answered {
                    given: shown,
                    right,
                    feedback,
                });
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Reacts to a key; returns true when the trainee leaves the lesson.
    pub fn key(&mut self, key: KeyEvent) -> bool {
        if self.finished() {
            return self.score_key(key.code);
        }
        self.error = None;
        match (self.asked(), key.code) {
            (_, KeyCode::Esc) => return true,
            (_, KeyCode::Left | KeyCode::PageUp) => self.go(self.stop.saturating_sub(1)),
            (Some(_), KeyCode::Right | KeyCode::PageDown) => {
                self.error = Some("answer first: the clock moves on once you have (left goes back)".into());
            }
            (Some(Kind::Choice), KeyCode::Up | KeyCode::Char('k')) => self.choice = self.choice.saturating_sub(1),
            (Some(Kind::Choice), KeyCode::Down | KeyCode::Char('j')) => {
                let n = self.lesson.placed[self.stop].options.len();
                self.choice = (self.choice + 1).min(n.saturating_sub(1));
            }
            (Some(Kind::Choice), KeyCode::Char(c @ '1'..='9')) => {
                let k = c as usize - '1' as usize;
                if k < self.lesson.placed[self.stop].options.len() {
                    self.choice = k;
                    self.answer(Given::Choice(k));
                }
            }
            (Some(Kind::Choice), KeyCode::Enter) => self.answer(Given::Choice(self.choice)),
            (Some(Kind::Choice), KeyCode::Char('q')) => return true,
            (Some(_), KeyCode::Enter) if self.input.trim().is_empty() => {
                self.error = Some("type your answer, then enter".into());
            }
            (Some(_), KeyCode::Enter) => self.answer(Given::Typed(self.input.clone())),
            (Some(_), KeyCode::Backspace) => {
                self.input.pop();
            }
            (Some(_), KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) && self.input.len() < 40 => {
                self.input.push(c);
            }
            (None, KeyCode::Right | KeyCode::PageDown | KeyCode::Enter | KeyCode::Char(' ')) => self.go(self.stop + 1),
            (None, KeyCode::Char('q')) => return true,
            _ => {}
        }
        false
    }

    fn score_key(&mut self, code: KeyCode) -> bool {
        let n = self.lesson.placed.len();
        match code {
            KeyCode::Esc | KeyCode::Char('q') => return true,
            KeyCode::Up | KeyCode::Char('k') => self.review = self.review.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.review = (self.review + 1).min(n.saturating_sub(1)),
            KeyCode::Enter => self.go(self.review),
            KeyCode::Left | KeyCode::PageUp => self.go(n.saturating_sub(1)),
            _ => {}
        }
        false
    }
}

/// The course: its list of lessons, and the lesson being taken.
pub struct Tutor {
    /// The course's lessons (empty when one lesson was opened directly).
    pub lessons: Vec<Entry>,
    /// The lesson highlighted in the list.
    pub selected: usize,
    /// The lesson being taken, if any.
    pub session: Option<Session>,
    /// Each listed lesson's score when it was last taken to its end.
    pub scores: Vec<Option<(usize, usize)>>,
    /// A message on the bottom line until the next key.
    pub status: Option<String>,
    /// A lesson to load once the frame saying so is drawn.
    pub pending: Option<String>,
    /// Colours on (off under NO_COLOR).
    pub color: bool,
    /// The trainee asked to quit.
    pub quit: bool,
    /// With Ctrl-C (the command then exits as SIGINT would, 130).
    pub interrupted: bool,
    load: Option<Load>,
}

impl Tutor {
    /// The course's list, nothing opened yet.
    pub fn course(lessons: Vec<Entry>, load: Load, color: bool) -> Tutor {
        Tutor {
            scores: vec![None; lessons.len()],
            lessons,
            selected: 0,
            session: None,
            status: None,
            pending: None,
            color,
            quit: false,
            interrupted: false,
            load: Some(load),
        }
    }

    /// One lesson, opened at its first stop; leaving it quits.
    pub fn lesson(lesson: Prepared, rec: Recording, color: bool) -> Tutor {
        Tutor {
            lessons: Vec::new(),
            scores: Vec::new(),
            selected: 0,
            session: Some(Session::new(lesson, rec, color)),
            status: None,
            pending: None,
            color,
            quit: false,
            interrupted: false,
            load: None,
        }
    }

    /// Reacts to a key.
    pub fn key(&mut self, key: KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            self.interrupted = true;
            return;
        }
        self.status = None;
        if let Some(s) = &mut self.session {
            if s.key(key) {
                if s.reached_end {
                    if let Some(score) = self.scores.get_mut(self.selected) {
                        *score = Some(s.score());
                    }
                }
                self.session = None;
                self.quit = self.lessons.is_empty();
            }
            return;
        }
        let n = self.lessons.len();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => self.quit = true,
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            KeyCode::Char(c @ '1'..='9') if (c as usize - '1' as usize) < n => {
                self.selected = c as usize - '1' as usize;
                self.open();
            }
            KeyCode::Enter => self.open(),
            _ => {}
        }
    }

    fn open(&mut self) {
        if let Some((id, title, _)) = self.lessons.get(self.selected) {
            self.status = Some(format!("simulating the run of \"{title}\"..."));
            self.pending = Some(id.clone());
        }
    }

    /// Loads the lesson announced by the last key (the loop calls it after
    /// drawing, so the announcement is on screen).
    pub fn work(&mut self) {
        let Some(id) = self.pending.take() else { return };
        let Some(load) = &self.load else { return };
        match load(&id) {
            Ok((lesson, rec)) => {
                self.session = Some(Session::new(lesson, rec, self.color));
                self.status = None;
            }
            Err(e) => self.status = Some(e),
        }
    }
}
