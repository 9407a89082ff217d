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
pub mod query;
pub mod raw;
pub mod select;

use std::ops::Range;

use toml::Spanned;

use crate::domain::ids::PaymentId;
use crate::domain::money::Money;
use crate::replay::Recording;
use crate::scenario::{LoadError, Located, line_col, toml_problem};

use query::{Answer, Asked, Context, Fact, Shape};
use select::{At, Term};

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

/// A problem in the file, at `span`.
struct Problems {
    list: Vec<(Range<usize>, String, String)>,
}

impl Problems {
    fn fail(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        self.list.push((span, key.to_string(), message.into()));
    }

    fn into_error(mut self, file: &str, text: &str) -> LoadError {
        self.list.sort_by_key(|(s, _, _)| s.start);
        LoadError {
            file: file.to_string(),
            problems: self
                .list
                .into_iter()
                .map(|(span, key, message)| {
                    let (line, column) = line_col(text, span.start);
                    Located {
                        line,
                        column,
                        key,
                        message,
                    }
                })
                .collect(),
        }
    }
}

/// Reads and checks lesson `file` (its contents `text`) on its own: every
/// problem with its line, column and key.
pub fn parse(file: &str, text: &str) -> Result<Lesson, LoadError> {
    let raw: raw::RawLesson = toml::from_str(text).map_err(|e| LoadError {
        file: file.to_string(),
        problems: vec![toml_problem(text, &e)],
    })?;
    let mut p = Problems { list: Vec::new() };
    let Some(head) = raw.lesson else {
        p.fail(0..0, "lesson", "no [lesson] table: give it a title and a scenario");
        return Err(p.into_error(file, text));
    };
    let head_span = head.span();
    let head = head.into_inner();
    let title = required(
        &mut p,
        head.title,
        &head_span,
        "lesson.title",
        "the lesson's name in the course",
    );
    let scenario_span = head.scenario.as_ref().map_or(head_span.clone(), Spanned::span);
    let scenario = required(
        &mut p,
        head.scenario,
        &head_span,
        "lesson.scenario",
        "a bundled scenario's name (see `corridor scenarios`) or a path relative to the lesson file",
    );
    if raw.stop.is_empty() {
        p.fail(
            head_span.clone(),
            "stop",
            "the lesson has no [[stop]]: give it at least one",
        );
    }
    let mut stops = Vec::new();
    for (n, stop) in raw.stop.into_iter().enumerate() {
        if let Some(s) = stop_of(&mut p, n + 1, stop) {
            stops.push(s);
        }
    }
    if !p.list.is_empty() {
        return Err(p.into_error(file, text));
    }
    Ok(Lesson {
        file: file.to_string(),
        title,
        scenario,
        seed: head.seed.map(Spanned::into_inner),
        summary: head.summary.map(Spanned::into_inner).unwrap_or_default(),
        stops,
        text: text.to_string(),
        scenario_span,
    })
}

fn required(p: &mut Problems, v: Option<Spanned<String>>, table: &Range<usize>, key: &str, what: &str) -> String {
    match v {
        Some(s) if !s.get_ref().trim().is_empty() => s.into_inner(),
        Some(s) => {
            p.fail(s.span(), key, format!("`{key}` is empty: write {what}"));
            String::new()
        }
        None => {
            p.fail(table.clone(), key, format!("`{key}` is missing: write {what}"));
            String::new()
        }
    }
}

fn stop_of(p: &mut Problems, n: usize, stop: Spanned<raw::RawStop>) -> Option<Stop> {
    let span = stop.span();
    let s = stop.into_inner();
    let before = p.list.len();
    let title = required(p, s.title, &span, "stop.title", &format!("a few words naming stop {n}"));
    let text = required(p, s.text, &span, "stop.text", &format!("what stop {n} explains"));
    let panel_span = s.panel.as_ref().map_or(span.clone(), Spanned::span);
    let panel = match s.panel {
        None => {
            p.fail(
                span.clone(),
                "stop.panel",
                format!("stop {n}: `panel` is missing: write money, calendar, log or sequence"),
            );
            None
        }
        Some(name) => {
            let found = Panel::ALL.iter().find(|(_, k)| *k == name.get_ref()).map(|(p, _)| *p);
            if found.is_none() {
                let names: Vec<String> = Panel::ALL.iter().map(|(_, k)| k.to_string()).collect();
                let near = crate::scenario::nearest(name.get_ref(), &names)
                    .map_or(".".to_string(), |n| format!("; did you mean `{n}`?"));
                p.fail(
                    name.span(),
                    "stop.panel",
                    format!(
                        "stop {n}: unknown panel `{}`{near} Valid panels: money, calendar, log, sequence",
                        name.get_ref()
                    ),
                );
            }
            found
        }
    };
    let at_span = s.at.as_ref().map_or(span.clone(), Spanned::span);
    let at = match s.at {
        None => {
            p.fail(
                span.clone(),
                "stop.at",
                format!(
                    "stop {n}: `at` is missing: write an event selector like at = {{ kind = \"remittance_sent\" }}"
                ),
            );
            None
        }
        Some(at) => at_of(p, n, at),
    };
    let question = s.question.and_then(|q| question_of(p, n, q));
    if p.list.len() > before {
        return None;
    }
    Some(Stop {
        title,
        at: at?,
        panel: panel?,
        text,
        question,
        at_span,
        panel_span,
    })
}

fn at_of(p: &mut Problems, n: usize, at: Spanned<raw::RawAt>) -> Option<At> {
    let span = at.span();
    let a = at.into_inner();
    let has_selector = a.kind.is_some()
        || a.payment.is_some()
        || a.batch.is_some()
        || a.remittance.is_some()
        || a.payout.is_some()
        || a.merchant.is_some()
        || a.local_from.is_some()
        || a.nth.is_some();
    if let Some(time) = a.time {
        if has_selector {
            p.fail(
                time.span(),
                "stop.at.time",
                format!("stop {n}: give a time or an event selector, not both"),
            );
            return None;
        }
        return match crate::scenario::values::instant(time.get_ref()) {
            Ok(t) => Some(At::Time(t)),
            Err(e) => {
                p.fail(time.span(), "stop.at.time", format!("stop {n}: {e}"));
                None
            }
        };
    }
    if !has_selector {
        p.fail(
            span,
            "stop.at",
            format!("stop {n}: `at` selects nothing: give kind (and payment, batch, remittance, payout, merchant, local_from, nth) or time"),
        );
        return None;
    }
    let mut terms = Vec::new();
    let before = p.list.len();
    if let Some(k) = a.kind {
        match crate::messages::Kind::ALL.iter().find(|x| x.name() == k.get_ref()) {
            Some(kind) => terms.push(Term::Kind(*kind)),
            None => {
                let names: Vec<String> = crate::messages::Kind::ALL
                    .iter()
                    .map(|k| k.name().to_string())
                    .collect();
                let near = crate::scenario::nearest(k.get_ref(), &names)
                    .map_or(".".to_string(), |n| format!("; did you mean `{n}`?"));
                p.fail(
                    k.span(),
                    "stop.at.kind",
                    format!(
                        "stop {n}: unknown event kind `{}`{near} Kinds are the event log's (payment_completed, clearing_batch_closed, remittance_sent, ...)",
                        k.get_ref()
                    ),
                );
            }
        }
    }
    for (key, v) in [
        ("payment", a.payment),
        ("batch", a.batch),
        ("remittance", a.remittance),
        ("payout", a.payout),
    ] {
        if let Some(v) = v {
            terms.push(Term::Names(v.into_inner()));
        } else {
            let _ = key;
        }
    }
    if let Some(m) = a.merchant {
        terms.push(Term::Merchant(m.into_inner()));
    }
    if let Some(t) = a.local_from {
        match crate::scenario::values::local_time(t.get_ref()) {
            Ok(lt) => terms.push(Term::LocalFrom(lt)),
            Err(e) => p.fail(t.span(), "stop.at.local_from", format!("stop {n}: {e}")),
        }
    }
    let nth = match a.nth {
        None => 1,
        Some(v) if *v.get_ref() >= 1 => *v.get_ref() as usize,
        Some(v) => {
            p.fail(
                v.span(),
                "stop.at.nth",
                format!("stop {n}: nth counts from 1 (the first matching event)"),
            );
            1
        }
    };
    (p.list.len() == before).then_some(At::Event { terms, nth })
}

fn question_of(p: &mut Problems, n: usize, q: Spanned<raw::RawQuestion>) -> Option<Question> {
    let span = q.span();
    let q = q.into_inner();
    let before = p.list.len();
    let ask = required(p, q.ask, &span, "stop.question.ask", "the question");
    let kind = match &q.kind {
        None => {
            p.fail(
                span.clone(),
                "stop.question.type",
                format!("stop {n}: the question's `type` is missing: write choice, date or amount"),
            );
            None
        }
        Some(k) => match k.get_ref().as_str() {
            "choice" => Some(Kind::Choice),
            "date" => Some(Kind::Date),
            "amount" => Some(Kind::Amount),
            other => {
                p.fail(
                    k.span(),
                    "stop.question.type",
                    format!("stop {n}: unknown question type `{other}`: write choice, date or amount"),
                );
                None
            }
        },
    };
    let answer_span = q.answer.as_ref().map_or(span.clone(), Spanned::span);
    let answer = match q.answer {
        None => {
            p.fail(
                span.clone(),
                "stop.question.answer",
                format!(
                    "stop {n}: the question has no answer query: write answer = \"QUERY\" (like batch.this.sent); the answer is computed from the run, never typed"
                ),
            );
            None
        }
        Some(a) => match query::parse(a.get_ref()) {
            Ok(asked) => Some(asked),
            Err(e) => {
                p.fail(a.span(), "stop.question.answer", format!("stop {n}: {e}"));
                None
            }
        },
    };
    let options_span = q.options.as_ref().map_or(span.clone(), Spanned::span);
    if let (Some(kind), Some(answer)) = (kind, &answer) {
        let fits = match kind {
            Kind::Date => answer.shape == Shape::Date,
            Kind::Amount => answer.shape == Shape::Money,
            Kind::Choice => true,
        };
        if !fits {
            p.fail(
                answer_span.clone(),
                "stop.question.answer",
                format!(
                    "stop {n}: `{}` is not a{} query: a date question needs a date, an amount question an amount; ask a choice instead",
                    answer.written,
                    if kind == Kind::Date { " date" } else { "n amount" }
                ),
            );
        }
        let generated = matches!(answer.shape, Shape::Word { party: true } | Shape::Count);
        match (&q.options, kind) {
            (None, Kind::Choice) if !generated => p.fail(
                span.clone(),
                "stop.question.options",
                format!(
                    "stop {n}: a choice on `{}` needs options = [...]: one of them must be what the run gives",
                    answer.written
                ),
            ),
            (Some(o), Kind::Choice) if o.get_ref().len() < 2 => p.fail(
                o.span(),
                "stop.question.options",
                format!("stop {n}: a choice needs at least two options"),
            ),
            (Some(o), Kind::Date | Kind::Amount) => p.fail(
                o.span(),
                "stop.question.options",
                format!("stop {n}: options are for choice questions; a date or an amount is typed"),
            ),
            _ => {}
        }
    }
    if p.list.len() > before {
        return None;
    }
    Some(Question {
        ask,
        kind: kind?,
        answer: answer?,
        options: q.options.map(Spanned::into_inner),
        answer_span,
        options_span,
    })
}

/// Places every stop of `lesson` in the recorded run and evaluates every
/// answer key: a selector that matches no event, stops out of the run's
/// order, an answer the run has no value for, or a choice whose options do
/// not hold the run's answer is reported at its place in the file, naming
/// the stop.
pub fn prepare(lesson: Lesson, rec: &Recording) -> Result<Prepared, LoadError> {
    let mut p = Problems { list: Vec::new() };
    let report = crate::report::Report::new(&rec.scenario, &rec.outcome);
    let metrics = crate::report::metrics::metrics(&rec.outcome, &report);
    let mut placed = Vec::new();
    let mut last: Option<(usize, usize)> = None;
    for (n, stop) in lesson.stops.iter().enumerate() {
        let n = n + 1;
        let Some(event) = stop.at.find(rec) else {
            let what = match &stop.at {
                At::Time(_) => "is before the run's first event".to_string(),
                At::Event { nth, .. } if *nth > 1 => format!("matches fewer than {nth} events"),
                At::Event { .. } => "matches no event".to_string(),
            };
            p.fail(
                stop.at_span.clone(),
                "stop.at",
                format!(
                    "stop {n} ({}): the selector {what} in the run of {}",
                    stop.title, rec.scenario.name
                ),
            );
            continue;
        };
        if let Some((m, before)) = last.filter(|(_, before)| *before > event) {
            let _ = before;
            p.fail(
                stop.at_span.clone(),
                "stop.at",
                format!(
                    "stop {n} ({}) is earlier in the run than stop {m}: put the stops in the run's order",
                    stop.title
                ),
            );
        }
        last = Some((n, event));
        let payment = rec.events[event].body.payment();
        if stop.panel == Panel::Sequence && payment.is_none() {
            p.fail(
                stop.panel_span.clone(),
                "stop.panel",
                format!(
                    "stop {n} ({}): the sequence panel shows a payment's life, and the stop's event ({}) names no payment",
                    stop.title,
                    rec.events[event].kind().name()
                ),
            );
        }
        let mut fact = None;
        let mut options = Vec::new();
        if let Some(q) = &stop.question {
            let cx = Context {
                rec,
                metrics: &metrics,
                event,
            };
            match q.answer.eval(&cx) {
                Err(e) => p.fail(q.answer_span.clone(), "stop.question.answer", format!("stop {n}: {e}")),
                Ok(f) => {
                    if q.kind == Kind::Choice {
                        options = q.options.clone().unwrap_or_else(|| generated(&f.value));
                        let right = f.value.to_string();
                        if !options.contains(&right) {
                            p.fail(
                                q.options_span.clone(),
                                "stop.question.options",
                                format!(
                                    "stop {n}: the run's answer to `{}` is `{right}`, which is none of the options: add it, or ask about another instant",
                                    q.answer.written
                                ),
                            );
                        }
                    }
                    fact = Some(f);
                }
            }
        }
        placed.push(Placed {
            event,
            payment,
            fact,
            options,
        });
    }
    if !p.list.is_empty() {
        return Err(p.into_error(&lesson.file, &lesson.text));
    }
    Ok(Prepared { lesson, placed })
}

/// Options for a choice the lesson left to the run: the agents for a
/// party, four counts around the answer for a count.
fn generated(value: &Answer) -> Vec<String> {
    match value {
        Answer::Count(n) => {
            let low = n.saturating_sub(1);
            (low..low + 4).map(|k| k.to_string()).collect()
        }
        _ => query::PARTIES.iter().map(|p| p.to_string()).collect(),
    }
}

impl Lesson {
    /// Where the lesson names its scenario, for a message about it
    /// (`lessons/x.toml:3:12: lesson.scenario: ...`).
    pub fn scenario_problem(&self, message: &str) -> LoadError {
        let (line, column) = line_col(&self.text, self.scenario_span.start);
        LoadError {
            file: self.file.clone(),
            problems: vec![Located {
                line,
                column,
                key: "lesson.scenario".into(),
                message: message.to_string(),
            }],
        }
    }
}

impl Prepared {
    /// Questions in the lesson.
    pub fn questions(&self) -> usize {
        self.lesson.stops.iter().filter(|s| s.question.is_some()).count()
    }

    /// Whether `given` answers stop `i`'s question rightly; Err says how to
    /// write a typed answer that could not be read (not counted as wrong).
    pub fn check(&self, i: usize, given: &Given) -> Result<bool, String> {
        let (Some(q), Some(fact)) = (&self.lesson.stops[i].question, &self.placed[i].fact) else {
            return Err("this stop asks nothing".into());
        };
        match (given, &fact.value) {
            (Given::Choice(k), v) => Ok(self.placed[i].options.get(*k) == Some(&v.to_string())),
            (Given::Typed(t), Answer::Date(d)) => {
                let typed = crate::scenario::values::date(t)
                    .map_err(|_| format!("`{}` is not a date: type it like 2018-02-22", t.trim()))?;
                Ok(typed == *d)
            }
            (Given::Typed(t), Answer::Money(m)) => {
                let typed = typed_money(t, *m)?;
                Ok(typed == *m)
            }
            (Given::Typed(_), _) => Err(format!("`{}` is answered by choosing", q.answer.written)),
        }
    }

    /// The feedback for stop `i`: right or wrong, the run's answer, then
    /// each event that decided it as the story tells it, with the reason its
    /// agent recorded.
    pub fn feedback(&self, rec: &Recording, i: usize, right: bool, given: &str) -> Vec<String> {
        let Some(fact) = &self.placed[i].fact else {
            return Vec::new();
        };
        let mut lines = vec![if right {
            format!("Right: {}.", fact.value)
        } else {
            format!("Not quite: you said {given}; the run says {}.", fact.value)
        }];
        for &e in &fact.events {
            lines.push(crate::replay::story::told(rec, e, fact.batch));
        }
        lines
    }
}

/// `1234.56`, `1,234.56 EUR`: an amount typed in the answer's currency.
fn typed_money(text: &str, like: Money) -> Result<Money, String> {
    let cleaned = text.trim().replace(',', "");
    let with_currency = if cleaned.chars().any(|c| c.is_ascii_alphabetic()) {
        cleaned
    } else {
        format!("{cleaned} {}", like.currency().code())
    };
    crate::scenario::values::money(&with_currency).map_err(|_| {
        format!(
            "`{}` is not an amount: type it like 1234.56 (in {})",
            text.trim(),
            like.currency().code()
        )
    })
}
