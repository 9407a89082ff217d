//! `corridor learn LESSON --markdown`: a lesson as a handout for a wiki.
//! The stops' text and questions first, the answers at the end (computed
//! from the run, with the events that decided them and their reasons),
//! then a Mermaid sequence diagram of each payment the lesson follows.

use std::fmt::Write;

use crate::domain::zone::Zone;
use crate::replay::Recording;
use crate::replay::story::{local, story};
use crate::report::explain;

use super::{Kind, Panel, Prepared};

/// The handout, Markdown.
pub fn render(lesson: &Prepared, rec: &Recording) -> String {
    let l = &lesson.lesson;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", l.title);
    if !l.summary.is_empty() {
        let _ = writeln!(s, "{}\n", l.summary);
    }
    let _ = writeln!(
        s,
        "Scenario `{}` (seed {}). Every answer below is computed from this run.\n",
        rec.scenario.name, rec.scenario.seed
    );
    let mut question = 0;
    for (i, (stop, placed)) in l.stops.iter().zip(&lesson.placed).enumerate() {
        let at = rec.events.at(placed.event);
        let _ = writeln!(s, "## {}. {}\n", i + 1, stop.title);
        let _ = writeln!(
            s,
            "*{} in Beijing, {} at the acquirer. Look at {}.*\n",
            local(&Zone::beijing(), at),
            local(&rec.scenario.acquirer.zone, at),
            stop.panel.label()
        );
        let _ = writeln!(s, "{}\n", stop.text.trim());
        if let Some(q) = &stop.question {
            question += 1;
            let _ = writeln!(s, "**Question {question}.** {}\n", q.ask);
            match q.kind {
                Kind::Choice => {
                    for (k, o) in placed.options.iter().enumerate() {
                        let _ = writeln!(s, "{}. {o}", k + 1);
                    }
                    let _ = writeln!(s);
                }
                Kind::Date => {
                    let _ = writeln!(s, "Answer with a date (YYYY-MM-DD).\n");
                }
                Kind::Amount => {
                    let _ = writeln!(s, "Answer with an amount.\n");
                }
            }
        }
    }
    if question > 0 {
        let _ = writeln!(s, "## Answers\n");
        let mut n = 0;
        for (i, placed) in lesson.placed.iter().enumerate() {
            if l.stops[i].question.is_none() {
                continue;
            }
            n += 1;
            let Some(fact) = &placed.fact else { continue };
            let _ = writeln!(s, "{n}. **{}**", fact.value);
            for &e in &fact.events {
                let _ = writeln!(s, "   - {}", crate::replay::story::told(rec, e, fact.batch));
            }
            for note in &fact.notes {
                let _ = writeln!(s, "   - {note}.");
            }
        }
        let _ = writeln!(s);
    }
    let mut followed = Vec::new();
    let sequence = l.stops.iter().any(|st| st.panel == Panel::Sequence);
    for (stop, placed) in l.stops.iter().zip(&lesson.placed) {
        let wanted = !sequence || stop.panel == Panel::Sequence;
        if let Some(p) = placed.payment.filter(|p| wanted && !followed.contains(p)) {
            followed.push(p);
        }
    }
    if !followed.is_empty() {
        let _ = writeln!(s, "## Sequence diagrams\n");
        for p in followed {
            if let Ok(st) = story(rec, &p.to_string()) {
                let _ = writeln!(s, "### {p}\n\n```mermaid\n{}```\n", explain::mermaid(&st));
            }
        }
    }
    s.trim_end().to_string() + "\n"
}
