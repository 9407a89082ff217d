//! A lesson placed in its run: each stop's selector resolved to an event,
//! each answer key evaluated, a choice's options checked against it; then
//! the trainee's answers checked and the feedback told from the events
//! that decided them.

use crate::domain::money::Money;
use crate::replay::Recording;
use crate::scenario::{LoadError, Located};

use super::query::{self, Answer, Context, Fact};
use super::select::At;
use super::validate::Problems;
use super::{Given, Kind, Lesson, Panel, Placed, Prepared, Question};

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
    let mut texts = Vec::new();
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
        if let Some((m, _)) = last.filter(|(_, before)| *before > event) {
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
        match words(&stop.text, rec, event) {
            Ok(text) => texts.push((n - 1, text)),
            Err(e) => p.fail(
                stop.at_span.clone(),
                "stop.text",
                format!("stop {n} ({}): {e}", stop.title),
            ),
        }
        let payment = rec.events.get(event).body.payment();
        if stop.panel == Panel::Sequence && payment.is_none() {
            p.fail(
                stop.panel_span.clone(),
                "stop.panel",
                format!(
                    "stop {n} ({}): the sequence panel shows a payment's life, and the stop's event ({}) names no payment",
                    stop.title,
                    rec.events.kind(event).name()
                ),
            );
        }
        let cx = Context {
            rec,
            metrics: &metrics,
            event,
        };
        let (fact, options) = stop
            .question
            .as_ref()
            .map_or((None, Vec::new()), |q| answer(&mut p, n, q, &cx));
        // A typed answer the stop's own text says is no question: the text
        // is read before answering (a code in a list of codes is fine: the
        // options list it too).
        let said = texts.last().filter(|(i, _)| *i == n - 1).map(|(_, t)| t.as_str());
        if let (Some(f), Some(text), Some(q)) = (&fact, said, &stop.question) {
            if q.kind != Kind::Choice {
                if let Some(r) = super::query::shown_in(text, &f.value.giveaways()) {
                    p.fail(
                        stop.at_span.clone(),
                        "stop.text",
                        format!(
                            "stop {n} ({}): the text says `{}`, the run's answer to its question: the trainee would read it before answering; say it in the feedback's place, not the text's",
                            stop.title,
                            &text[r]
                        ),
                    );
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
    let mut lesson = lesson;
    for (i, text) in texts {
        lesson.stops[i].text = text;
    }
    Ok(Prepared { lesson, placed })
}

/// The words a stop's text may take from its run, so that it says what the
/// scenario set rather than what the trainer remembered.
pub const WORDS: [&str; 6] = [
    "{day}",
    "{switch.markup}",
    "{settlement_bank.remit_at}",
    "{settlement_bank.approval}",
    "{settlement_bank.cutoff}",
    "{settlement_bank.transit}",
];

/// `text` with each of [`WORDS`] replaced from the run: `{day}` the stop's
/// event's Beijing day (`Friday 27 April`); `{switch.markup}` how the
/// consumer's rate is quoted (`at the market rate, with no markup`, or
/// `at the market rate plus a 1.5% markup`); `{settlement_bank.remit_at}`
/// the bank's daily remittance window, Beijing (`10:00`);
/// `{settlement_bank.approval}` the regulator's time to approve (`SAFE
/// approves in 1h 00m to 4h 00m`, or that it is not needed);
/// `{settlement_bank.cutoff}`
/// the bank's Beijing cut-off (`16:00`); `{settlement_bank.transit}` the
/// days from sending to the value date (`1 TARGET2 business day`, `1 to 3
/// TARGET2 business days`). Any other `{...}` is an error naming them.
fn words(text: &str, rec: &Recording, event: usize) -> Result<String, String> {
    let sc = &rec.scenario;
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err("a `{` is not closed: write one of the run's words, like {day}".into());
        };
        let word = &rest[open..open + close + 1];
        let said = match word {
            "{day}" => crate::domain::zone::Zone::beijing().strftime(rec.events.at(event), "%A %-d %B"),
            "{switch.markup}" if sc.switch.fx_markup.is_zero() => "at the market rate, with no markup".to_string(),
            "{switch.markup}" => format!(
                "at the market rate plus a {}% markup",
                (sc.switch.fx_markup * rust_decimal::Decimal::ONE_HUNDRED).normalize()
            ),
            "{settlement_bank.remit_at}" => sc.settlement_bank.remit_at.to_string(),
            "{settlement_bank.approval}" => match sc.settlement_bank.approval {
                None => "SAFE's approval is not needed".to_string(),
                Some((low, high)) if low == high => format!("SAFE approves in {low}"),
                Some((low, high)) => format!("SAFE approves in {low} to {high}"),
            },
            "{settlement_bank.cutoff}" => sc.settlement_bank.cutoff.to_string(),
            "{settlement_bank.transit}" => match sc.settlement_bank.transit_days {
                (1, 1) => "1 TARGET2 business day".to_string(),
                (a, b) if a == b => format!("{a} TARGET2 business days"),
                (a, b) => format!("{a} to {b} TARGET2 business days"),
            },
            other => {
                return Err(format!(
                    "unknown word `{other}` in the text; the run's words are {}",
                    WORDS.join(", ")
                ));
            }
        };
        out.push_str(&said);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The question's answer key on the run and, for a choice, its options;
/// a key the run has no value for, or options without the run's answer, is
/// a problem at its place.
fn answer(p: &mut Problems, n: usize, q: &Question, cx: &Context<'_>) -> (Option<Fact>, Vec<String>) {
    let f = match q.answer.eval(cx) {
        Ok(f) => f,
        Err(e) => {
            p.fail(q.answer_span.clone(), "stop.question.answer", format!("stop {n}: {e}"));
            return (None, Vec::new());
        }
    };
    if q.kind != Kind::Choice {
        return (Some(f), Vec::new());
    }
    let options = q.options.clone().unwrap_or_else(|| generated(&f.value));
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
    (Some(f), options)
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
        LoadError {
            file: self.file.clone(),
            problems: vec![Located::at(
                &self.text,
                self.scenario_span.start,
                "lesson.scenario".into(),
                message.to_string(),
            )],
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
        lines.extend(fact.notes.iter().map(|n| format!("{n}.")));
        lines
    }
}

/// `1234.56`, `1,234.56 EUR`, `EUR 47.21`, `€47.21`: an amount typed in
/// the answer's currency (the code before or after the number, or the
/// sign `€` or `¥`). An amount in another currency is refused, not judged:
/// the trainee is told which currency the question asks for.
fn typed_money(text: &str, like: Money) -> Result<Money, String> {
    let want = like.currency().code();
    let how = || format!("`{}` is not an amount: type it like 1234.56 (in {want})", text.trim());
    let cleaned: String = text.trim().replace(',', "").split_whitespace().collect();
    let (number, code) = match cleaned.strip_prefix('€') {
        Some(rest) => (rest.to_string(), "EUR".to_string()),
        None => match cleaned.strip_prefix('¥') {
            Some(rest) => (rest.to_string(), "CNY".to_string()),
            None => {
                let letters = |s: &str| s.chars().filter(|c| c.is_ascii_alphabetic()).collect::<String>();
                let digits = cleaned.trim_matches(|c: char| c.is_ascii_alphabetic()).to_string();
                let code = letters(&cleaned).to_ascii_uppercase();
                if digits.is_empty() || digits.chars().any(|c| c.is_ascii_alphabetic()) {
                    return Err(how());
                }
                (digits, if code.is_empty() { want.to_string() } else { code })
            }
        },
    };
    if code != want {
        return Err(format!(
            "`{}` is in {code}; this question asks for {want}: type it like 1234.56",
            text.trim()
        ));
    }
    crate::scenario::values::money(&format!("{number} {code}")).map_err(|_| how())
}

#[cfg(test)]
mod tests {
    use super::typed_money;
    use crate::domain::money::Money;

    #[test]
    fn an_amount_is_typed_with_or_without_its_currency() {
        let like: Money = "47.21 EUR".parse().unwrap();
        for typed in [
            "47.21",
            "47.21 EUR",
            "EUR 47.21",
            "eur47.21",
            "€47.21",
            "€ 47.21",
            "1,047.21 EUR",
        ] {
            assert!(typed_money(typed, like).is_ok(), "{typed}");
        }
        assert_eq!(typed_money("EUR 47.21", like).unwrap(), like);
        assert_eq!(
            typed_money("47.21 CNY", like).unwrap_err(),
            "`47.21 CNY` is in CNY; this question asks for EUR: type it like 1234.56"
        );
        assert_eq!(
            typed_money("¥47.21", like).unwrap_err(),
            "`¥47.21` is in CNY; this question asks for EUR: type it like 1234.56"
        );
        assert_eq!(
            typed_money("abc", like).unwrap_err(),
            "`abc` is not an amount: type it like 1234.56 (in EUR)"
        );
        assert_eq!(
            typed_money("4x7", like).unwrap_err(),
            "`4x7` is not an amount: type it like 1234.56 (in EUR)"
        );
    }
}
