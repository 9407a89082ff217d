//! `corridor explain`: a payment's life as a text sequence diagram (six
//! lanes, local times, amounts, reasons) or as Mermaid for wikis.

use std::fmt::Write;

use crate::replay::story::{Lane, Story};

/// Width of a lane in the text diagram, and where the lanes start.
const LANE: usize = 9;
const LANES_AT: usize = 22;

const SHORT: [&str; 6] = ["holder", "merchant", "issuer", "switch", "bank", "acquirer"];

pub fn text(story: &Story) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", story.title);
    let mut header = " ".repeat(LANES_AT);
    for name in SHORT {
        let _ = write!(header, "{name:<LANE$}");
    }
    let _ = writeln!(s, "{}", header.trim_end());
    for step in &story.steps {
        if let Some(why) = &step.why {
            let _ = writeln!(s, "{}  ... {why}", " ".repeat(LANES_AT - 2));
        }
        let _ = writeln!(s, "{:<w$}{}", step.local, arrow(step.from, step.to), w = LANES_AT);
        let _ = writeln!(s, "{}{}", " ".repeat(LANES_AT + 2), step.what);
    }
    s
}

/// `|------->|` between the two lanes' columns.
fn arrow(from: Lane, to: Lane) -> String {
    let col = |l: Lane| Lane::ALL.iter().position(|x| *x == l).unwrap_or(0) * LANE + 1;
    let mut line: Vec<char> = (0..LANE * 6).map(|i| if i % LANE == 1 { '|' } else { ' ' }).collect();
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

const IDS: [&str; 6] = ["C", "M", "I", "S", "B", "A"];

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
            " o------->o        |        |        |        |"
        );
        assert_eq!(
            arrow(Lane::Switch, Lane::Issuer),
            " |        |        o<-------o        |        |"
        );
        assert_eq!(
            arrow(Lane::Acquirer, Lane::Acquirer),
            " |        |        |        |        |        *"
        );
    }
}
