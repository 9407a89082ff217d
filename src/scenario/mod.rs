//! Scenario files: TOML in, a validated [`Scenario`] out, or every problem
//! with its file, line, column and key. Reading files is the caller's job;
//! this module sees text and a function that reads files relative to it.

pub mod bundled;
pub mod edit;
pub mod expect;
pub mod model;
pub mod raw;
pub mod validate;
pub mod values;

use std::fmt;

pub use model::Scenario;
pub use validate::Problem;

/// Everything wrong with one scenario file.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// The file's name as the caller gave it (a path or a bundled name).
    pub file: String,
    /// Every problem found, in the order validation met them.
    pub problems: Vec<Located>,
}

/// A problem placed in the file: an error that refuses the scenario, or
/// a warning about a legal but suspicious setting
/// ([`Scenario::warnings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The dotted key the problem is about, `switch.cutoff`.
    pub key: String,
    /// What is wrong and what would be valid.
    pub message: String,
    /// Where the problem comes from when it is not a line of the file: a
    /// change (`--set settlement_bank.minimum=5000 XYZ`, see [`edit`]).
    /// Then `line` and `column` are not the user's to read.
    pub origin: Option<String>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match &p.origin {
                Some(origin) => write!(f, "{origin}: {}: {}", p.key, p.message)?,
                None => write!(f, "{}:{}:{}: {}: {}", self.file, p.line, p.column, p.key, p.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Parses and validates `text`, the contents of `file`.
pub fn load(file: &str, text: &str, read: validate::ReadRelative<'_>) -> Result<Scenario, LoadError> {
    load_seeded(file, text, read, None)
}

/// As [`load`], with `seed` (from `--seed`) in place of the file's.
pub fn load_seeded(
    file: &str,
    text: &str,
    read: validate::ReadRelative<'_>,
    seed: Option<u64>,
) -> Result<Scenario, LoadError> {
    let fail = |problems| LoadError {
        file: file.to_string(),
        problems,
    };
    let mut raw: raw::RawFile = toml::from_str(text).map_err(|e| fail(vec![toml_problem(text, &e)]))?;
    if let (Some(seed), Some(sc)) = (seed, raw.scenario.as_mut()) {
        let span = sc.span();
        sc.get_mut().seed = Some(toml::Spanned::new(span, seed));
    }
    // Reported in the order of the file, as a reader goes through it.
    let place = |mut ps: Vec<Problem>| -> Vec<Located> {
        ps.sort_by_key(|p| p.span.start);
        ps.into_iter()
            .map(|p| Located::at(text, p.span.start, p.key, p.message))
            .collect()
    };
    let (mut scenario, warnings) = validate::validate(&raw, read).map_err(|ps| fail(place(ps)))?;
    scenario.warnings = place(warnings);
    for e in &mut scenario.expect {
        e.line = line_col(text, e.offset).0;
    }
    Ok(scenario)
}

impl Located {
    /// A problem with `key` at byte `offset` of the file `text` (not a
    /// change given on the command line).
    pub fn at(text: &str, offset: usize, key: String, message: String) -> Located {
        let (line, column) = line_col(text, offset);
        Located {
            line,
            column,
            key,
            message,
            origin: None,
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The table header (`[switch]`, `[[merchants]]`) in force at `offset`,
/// the header itself when `offset` is on one (a table given twice).
fn table_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[..end]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.split('#').next().unwrap_or(l).trim().to_string())
}

/// The key written on the line at `offset` (`days` in `days = "x"`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}

/// A TOML or serde error placed in `text`: an unknown key names the
/// nearest valid one and lists them all (lesson files read the same way).
pub fn toml_problem(text: &str, e: &toml::de::Error) -> Located {
    let offset = e.span().map_or(0, |s| s.start);
    let table = table_at(text, offset).map(|t| t.trim_matches(['[', ']']).to_string());
    let dotted = |k: String| match &table {
        Some(t) => format!("{t}.{k}"),
        None => k,
    };
    let msg = e.message().trim();
    if let Some((unknown, valid)) = parse_unknown_field(msg) {
        let header = table_at(text, offset);
        // An unknown table at the top level: serde reports it from inside
        // its own header, so it is named as a table, not as `x.x`.
        let top_level = header.as_deref().is_some_and(|h| {
            h.trim_matches(['[', ']']).trim() == unknown && valid.iter().any(|v| v == "scenario" || v == "lesson")
        });
        let (key, mut message) = if top_level {
            (unknown.clone(), format!("unknown table `[{unknown}]`"))
        } else {
            let within = header.unwrap_or_else(|| "the top level".into());
            (dotted(unknown.clone()), format!("unknown key `{unknown}` in {within}"))
        };
        match nearest(&unknown, &valid) {
            Some(near) => message.push_str(&format!("; did you mean `{near}`? ")),
            None => message.push_str(". "),
        }
        let what = if top_level { "tables" } else { "keys" };
        message.push_str(&format!("Valid {what}: {}", valid.join(", ")));
        return Located::at(text, offset, key, message);
    }
    let key = key_at(text, offset)
        .map(dotted)
        .unwrap_or_else(|| table.clone().unwrap_or_else(|| "toml".into()));
    let message = if msg == "duplicate key" {
        format!("`{key}` is given twice: write each key and each [table] once")
    } else {
        msg.to_string()
    };
    let message = message
        .replace('\n', " ")
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number (0 or more)");
    // serde names its own integer type for a number beyond 64 bits.
    let message = match message.strip_prefix("invalid type: integer `") {
        Some(rest) if rest.contains("` as i128") => {
            let number = rest.split('`').next().unwrap_or_default();
            format!("`{number}` is far too large for {key}: write a whole number within its range")
        }
        _ => message,
    };
    Located::at(text, offset, key, message)
}

/// serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
fn parse_unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let valid = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((unknown.to_string(), valid))
}

/// The valid key closest to a misspelt one, if it is close enough to be a
/// likely typo. Two swapped neighbours (`cuont` for `count`) count as one
/// edit, as a typist makes them.
pub fn nearest(word: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (typo_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and transpositions of adjacent characters, each one edit.
fn typo_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}
pub mod faults;
