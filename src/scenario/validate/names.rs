//! Names and free text: each is one line of printable text that a report, a
//! terminal and an event log can show, of a length they can show. A name is
//! never empty; a summary may be.

use std::ops::Range;

use super::Checker;

/// Most characters in `[scenario] name`.
pub const MAX_SCENARIO_NAME: usize = 200;
/// Most characters in `[scenario] summary`.
pub const MAX_SUMMARY: usize = 500;
/// Most characters in the name of an institution, a merchant group, a tier
/// or a calendar.
pub const MAX_NAME: usize = 100;
/// Most characters in a note's `text`.
pub const MAX_NOTE: usize = 1000;

/// What a piece of text must be.
#[derive(Clone, Copy)]
pub(super) struct Line {
    /// How the message names it: "the scenario's name".
    pub what: &'static str,
    /// Most characters.
    pub max: usize,
    /// Whether it may be empty (a summary may; a name may not).
    pub may_be_empty: bool,
}

impl Line {
    /// A name: one line of 1 to `max` characters.
    pub const fn name(what: &'static str, max: usize) -> Line {
        Line {
            what,
            max,
            may_be_empty: false,
        }
    }
}

/// Refuses `text` (at `span`, under `key`) unless it is one line of
/// printable text within the rule's length.
pub(super) fn check_line(c: &mut Checker, text: &str, span: Range<usize>, key: &str, rule: Line) {
    if let Some(message) = line_problem(text, rule) {
        c.fail(span, key, message);
    }
}

fn line_problem(text: &str, rule: Line) -> Option<String> {
    let Line { what, max, .. } = rule;
    let least = if rule.may_be_empty { 0 } else { 1 };
    if !rule.may_be_empty && text.trim().is_empty() {
        return Some(format!("{what} is empty: write one line of 1 to {max} characters"));
    }
    let n = text.chars().count();
    if n > max {
        let head: String = text.chars().take(20).collect();
        return Some(format!(
            "{what} is {n} characters long (`{head}...`): write one line of {least} to {max} characters"
        ));
    }
    if let Some((i, ch)) = text.chars().enumerate().find(|(_, ch)| ch.is_control()) {
        return Some(format!(
            "{what} has a line break or control character (U+{:04X} at character {}): write one line of printable text",
            u32::from(ch),
            i + 1
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_one_printable_line_of_bounded_length() {
        let rule = Line::name("the scenario's name", 5);
        assert_eq!(line_problem("ok", rule), None);
        assert_eq!(
            line_problem(" ", rule).unwrap(),
            "the scenario's name is empty: write one line of 1 to 5 characters"
        );
        assert_eq!(
            line_problem("abcdef", rule).unwrap(),
            "the scenario's name is 6 characters long (`abcdef...`): write one line of 1 to 5 characters"
        );
        assert_eq!(
            line_problem("a\nb", rule).unwrap(),
            "the scenario's name has a line break or control character (U+000A at character 2): \
             write one line of printable text"
        );
        let summary = Line {
            what: "the summary",
            max: 5,
            may_be_empty: true,
        };
        assert_eq!(line_problem("", summary), None);
    }
}
