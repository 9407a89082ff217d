//! "Keep a variant": the scenario with its changes applied, written as a
//! new scenario file for the team's repository and `corridor test`. The
//! original's comments and layout are kept and each changed key is marked
//! with a comment saying what it was, so a reviewer sees the change in the
//! file itself.

use super::{Change, EditError, apply};

/// The scenario `text` with `changes` applied, each changed value marked:
/// `minimum = "5000 EUR" # changed: was "650 EUR"` (a comment the line
/// had is kept after the mark), `# changed: was not set (the default)` for
/// a key the file left out. A value inside an inline table or array (an
/// FX shock) is marked by a comment line above its line; an added element
/// by `# added` above it, and a removal by a comment at the end of the
/// file. The result loads as the changed scenario
/// does.
pub fn variant(text: &str, changes: &[Change]) -> Result<String, EditError> {
    let edited = apply(text, changes)?;
    let mut lines: Vec<String> = edited.text.lines().map(str::to_string).collect();
    // Comment lines go in from the bottom up, so earlier lines keep their
    // numbers.
    let mut above: Vec<(usize, String)> = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        let Some(line) = edited.lines[i] else { continue };
        let mark = match (change, &edited.was[i]) {
            (Change::Set { .. }, Some(was)) => format!("changed: was {was}"),
            (Change::Set { .. }, None) => "changed: was not set (the default)".to_string(),
            (Change::Append { .. }, _) => "added".to_string(),
            (Change::Remove { .. }, _) => continue,
        };
        match change {
            Change::Set { .. } if edited.in_table[i] => trail(&mut lines[line], &mark),
            Change::Set { key, .. } => above.push((line, format!("# {key} {mark}"))),
            // Above the `[[faults]]` header of a new table; above the line
            // of a new inline table (an FX shock).
            _ if edited.in_table[i] => above.push((line.saturating_sub(1), format!("# {mark}"))),
            _ => above.push((line, format!("# {mark}: {}", change.key()))),
        }
    }
    for change in changes {
        if let Change::Remove { array, index } = change {
            above.push((lines.len(), format!("# removed: {array}[{index}] of the original")));
        }
    }
    above.sort_by_key(|a| std::cmp::Reverse(a.0));
    for (line, comment) in above {
        let indent: String = lines
            .get(line)
            .map(|l| l.chars().take_while(|c| c.is_whitespace()).collect())
            .unwrap_or_default();
        lines.insert(line.min(lines.len()), format!("{indent}{comment}"));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out)
}

/// Puts `# mark` at the end of a `key = value` line, before the comment
/// the line had: `# mark; the comment`.
fn trail(line: &mut String, mark: &str) {
    // The value was written by toml_edit and a comment can only follow it,
    // so the first `#` after the last quote-balanced point is the comment.
    match comment_start(line) {
        Some(at) => {
            let comment = line[at + 1..].trim().to_string();
            let head = line[..at].trim_end().to_string();
            *line = format!("{head} # {mark}; {comment}");
        }
        None => {
            let head = line.trim_end().to_string();
            *line = format!("{head} # {mark}");
        }
    }
}

/// Where a line's comment begins: the first `#` outside a string.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => return Some(i),
            _ => {}
        }
        escaped = false;
    }
    None
}
