//! Reading a lesson file on its own: the TOML into [`super::raw`], then
//! every key checked (a title, a scenario, each stop's selector, panel and
//! question, the answer's query in the catalogue) and each problem placed
//! at its line and column, naming the stop.

use std::ops::Range;

use toml::Spanned;

use crate::scenario::{LoadError, Located, toml_problem};

use super::query::{self, Shape};
use super::select::{At, Term};
use super::{Kind, Lesson, Panel, Question, Stop, raw};

/// A problem in the file, at `span`.
pub(super) struct Problems {
    /// (span, key, message), in the order found.
    pub(super) list: Vec<(Range<usize>, String, String)>,
}

impl Problems {
    pub(super) fn fail(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        self.list.push((span, key.to_string(), message.into()));
    }

    pub(super) fn into_error(mut self, file: &str, text: &str) -> LoadError {
        self.list.sort_by_key(|(s, _, _)| s.start);
        LoadError {
            file: file.to_string(),
            problems: self
                .list
                .into_iter()
                .map(|(span, key, message)| Located::at(text, span.start, key, message))
                .collect(),
        }
    }
}

/// Reads and checks lesson `file` (its contents `text`) on its own: every
/// problem with its line, column and key.
pub fn parse(file: &str, text: &str) -> Result<Lesson, LoadError> {
    let raw: raw::RawLesson = toml::from_str(text).map_err(|e| {
        let mut problem = toml_problem(text, &e);
        // Inside a [[stop]], the message names the stop, as every other
        // problem with a stop does.
        if problem.key.starts_with("stop") {
            let n = stop_number(text, problem.line);
            if n > 0 {
                problem.message = format!("stop {n}: {}", problem.message);
            }
        }
        LoadError {
            file: file.to_string(),
            problems: vec![problem],
        }
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

/// Which `[[stop]]` (1-based) line `line` (1-based) is in; 0 before the
/// first.
fn stop_number(text: &str, line: usize) -> usize {
    text.lines()
        .take(line)
        .filter(|l| l.trim_start().starts_with("[[stop]]"))
        .count()
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
        || a.pays.is_some()
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
            format!("stop {n}: `at` selects nothing: give kind (and payment, batch, remittance, payout, pays, merchant, local_from, nth) or time"),
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
                        "stop {n}: unknown event kind `{}`{near} Kinds, as the event log names them: {}",
                        k.get_ref(),
                        names.join(", ")
                    ),
                );
            }
        }
    }
    // An id names the event's payment, batch, remittance or payout.
    for id in [a.payment, a.batch, a.remittance, a.payout].into_iter().flatten() {
        terms.push(Term::Names(id.into_inner()));
    }
    if let Some(paid) = a.pays {
        terms.push(Term::Pays(paid.into_inner()));
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
        fits(p, n, kind, answer, &answer_span, &span, q.options.as_ref());
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

/// The answer's query fits the question's type, and a choice has its
/// options (or a party or a count, whose options are generated).
fn fits(
    p: &mut Problems,
    n: usize,
    kind: Kind,
    answer: &query::Asked,
    answer_span: &Range<usize>,
    span: &Range<usize>,
    options: Option<&Spanned<Vec<String>>>,
) {
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
    match (options, kind) {
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
