//! `corridor explain`: a payment's life as a text sequence diagram (seven
//! lanes, local times with their UTC offset, amounts, reasons) or as Mermaid
//! for wikis.

use std::fmt::Write;

use crate::replay::story::{Lane, Story};

/// Width of a lane in the text diagram: seven lanes and the time column fit
/// in 80 columns.
pub const LANE: usize = 8;

/// The title and the summary wrap at this width, continuing indented.
const WIDTH: usize = 80;

const SHORT: [&str; 7] = ["holder", "merchant", "issuer", "switch", "bank", "SAFE", "acquirer"];

/// The story as text: the title, its summary, then one arrow a message with
/// its local time, what it says under it, and `...` before a step that
/// waited, with why.
pub fn text(story: &Story) -> String {
    let mut s = String::new();
    for line in std::iter::once(&story.title).chain(&story.summary) {
        let _ = writeln!(s, "{}", wrap(line, WIDTH));
    }
    let _ = writeln!(s);
    // The time column is as wide as the longest local time, and a space.
    let at = story.steps.iter().map(|st| st.local.chars().count()).max().unwrap_or(0) + 1;
    let mut header = String::new();
    for (i, name) in SHORT.iter().enumerate() {
        // Each name centred over its lane's line (column 1 of the lane).
        let centre = at + i * LANE + 1;
        let start = centre.saturating_sub(name.len() / 2).max(header.len() + 1);
        header.push_str(&" ".repeat(start - header.len()));
        header.push_str(name);
    }
    let _ = writeln!(s, "{header}");
    for step in &story.steps {
        if let Some(why) = &step.why {
            let _ = writeln!(s, "{}  ... {why}", " ".repeat(at.saturating_sub(2)));
        }
        let _ = writeln!(s, "{:<at$}{}", step.local, arrow(step.from, step.to));
        let _ = writeln!(s, "{}{}", " ".repeat(at + 2), step.what);
    }
    s
}

/// `text` wrapped at word boundaries to `width` columns, each continuation
/// line indented by two spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let w = word.chars().count();
        if line > 0 && line + 1 + w > width {
            out.push_str("\n  ");
            line = 2;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += w;
    }
    out
}

/// `|------->|` between the two lanes' columns.
fn arrow(from: Lane, to: Lane) -> String {
    let col = |l: Lane| Lane::ALL.iter().position(|x| *x == l).unwrap_or(0) * LANE + 1;
    let mut line: Vec<char> = (0..LANE * Lane::ALL.len())
        .map(|i| if i % LANE == 1 { '|' } else { ' ' })
        .collect();
    let (a, b) = (col(from), col(to));
    if a == b {
        line[a] = '*';
    } else {
        let (lo, hi) = (a.min(b), a.max(b));
        for c in line.iter_mut().take(hi).skip(lo + 1) {
            *c = '-';
        }
        line[lo] = 'o';
        line[hi] = 'o';
        if b > a {
            line[hi - 1] = '>';
        } else {
            line[lo + 1] = '<';
        }
    }
    line.into_iter().collect::<String>().trim_end().to_string()
}

const IDS: [&str; 7] = ["C", "M", "I", "S", "B", "R", "A"];

fn id(l: Lane) -> &'static str {
    IDS[Lane::ALL.iter().position(|x| *x == l).unwrap_or(0)]
}

/// Mermaid's `sequenceDiagram`; `;` and `#` would end or escape a message,
/// so they are replaced.
pub fn mermaid(story: &Story) -> String {
    let clean = |t: &str| t.replace(';', ",").replace('#', "no. ");
    let mut s = String::from("sequenceDiagram\n");
    let _ = writeln!(s, "    title {}", clean(&story.title));
    for l in Lane::ALL {
        let _ = writeln!(s, "    participant {} as {}", id(l), l.name());
    }
    for line in &story.summary {
        let _ = writeln!(s, "    Note over C,A: {}", clean(line));
    }
    for step in &story.steps {
        if let Some(why) = &step.why {
            let _ = writeln!(s, "    Note over {},{}: {}", id(step.from), id(step.to), clean(why));
        }
        let _ = writeln!(
            s,
            "    {}->>{}: {} {}",
            id(step.from),
            id(step.to),
            step.local,
            clean(&step.what)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_point_from_sender_to_receiver() {
        assert_eq!(
            arrow(Lane::Cardholder, Lane::Merchant),
            " o------>o       |       |       |       |       |"
        );
        assert_eq!(
            arrow(Lane::Switch, Lane::Issuer),
            " |       |       o<------o       |       |       |"
        );
        assert_eq!(
            arrow(Lane::SettlementBank, Lane::Regulator),
            " |       |       |       |       o------>o       |"
        );
        assert_eq!(
            arrow(Lane::Acquirer, Lane::Acquirer),
            " |       |       |       |       |       |       *"
        );
    }
}
