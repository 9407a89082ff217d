//! `corridor learn`: lessons for new staff. A lesson is a TOML file that
//! names a scenario and stops at instants of its run; at each stop it says
//! what just happened, points at one of the explorer's panels, and may ask
//! a question. The right answer is never written in the lesson: it is a
//! query ([`query`]) evaluated on the run, and the feedback tells the
//! events that decided it with the reasons their agents recorded. So a
//! lesson cannot disagree with the simulation, and it follows the run when
//! the seed changes.
//!
//! Loading is in two steps, as for scenarios: [`parse`] reads and checks
//! the file on its own (keys, panels, question types, query names), then
//! [`prepare`] places every stop in the recorded run and evaluates every
//! answer key; both report `file:line:column: key: message`.

pub mod bundled;
pub mod markdown;
mod place;
pub mod query;
pub mod raw;
pub mod select;
mod validate;

pub use place::prepare;
pub use validate::parse;

use std::ops::Range;

use crate::domain::ids::PaymentId;
use query::{Asked, Fact};
use select::At;

/// The explorer panel a stop points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Where the money is now (the balances).
    Money,
    /// The calendar strip: China's and TARGET2's days.
    Calendar,
    /// The event log.
    Log,
    /// The sequence diagram of the stop's payment.
    Sequence,
}

impl Panel {
    /// Every panel, as lesson files name them.
    pub const ALL: [(Panel, &'static str); 4] = [
        (Panel::Money, "money"),
        (Panel::Calendar, "calendar"),
        (Panel::Log, "log"),
        (Panel::Sequence, "sequence"),
    ];

    /// What the trainee is told to look at.
    pub fn label(self) -> &'static str {
        match self {
            Panel::Money => "the money panel: where the money is now",
            Panel::Calendar => "the calendar strip: China's and TARGET2's days",
            Panel::Log => "the event log: every message, Beijing time",
            Panel::Sequence => "the payment's sequence diagram",
        }
    }
}

/// How a question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Pick one of several options.
    Choice,
    /// Type a date, `2018-02-22`.
    Date,
    /// Type an amount, `1234.56` or `1234.56 EUR`.
    Amount,
}

/// A question, validated.
#[derive(Clone, Debug)]
pub struct Question {
    /// What is asked.
    pub ask: String,
    /// How it is answered.
    pub kind: Kind,
    /// The answer key: a query on the run.
    pub answer: Asked,
    /// The options of a choice question as written (None: generated).
    pub options: Option<Vec<String>>,
    answer_span: Range<usize>,
    options_span: Range<usize>,
}

/// One stop, validated.
#[derive(Clone, Debug)]
pub struct Stop {
    /// A few words for the score screen.
    pub title: String,
    /// Where in the run.
    pub at: At,
    /// The panel pointed at.
    pub panel: Panel,
    /// What just happened.
    pub text: String,
    /// The question, if any.
    pub question: Option<Question>,
    at_span: Range<usize>,
    panel_span: Range<usize>,
}

/// A lesson file, checked on its own.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// The file's name as the caller gave it, for messages.
    pub file: String,
    /// `lesson.title`.
    pub title: String,
    /// `lesson.scenario`: a bundled name or a path relative to the file.
    pub scenario: String,
    /// `lesson.seed`, replacing the scenario's.
    pub seed: Option<u64>,
    /// `lesson.summary`.
    pub summary: String,
    /// The stops, in order.
    pub stops: Vec<Stop>,
    text: String,
    scenario_span: Range<usize>,
}

/// A stop placed in the run, with its answer key evaluated.
#[derive(Clone, Debug)]
pub struct Placed {
    /// The event the stop shows (its index in the recording).
    pub event: usize,
    /// The payment the sequence panel follows, if the event names one.
    pub payment: Option<PaymentId>,
    /// The right answer and the events that decided it.
    pub fact: Option<Fact>,
    /// A choice question's options, as offered.
    pub options: Vec<String>,
}

/// A lesson ready to teach: every stop found in the run.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The lesson.
    pub lesson: Lesson,
    /// Its stops in the run, in the lesson's order.
    pub placed: Vec<Placed>,
}

/// What a trainee answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    /// The option at this index.
    Choice(usize),
    /// A typed date or amount.
    Typed(String),
}
