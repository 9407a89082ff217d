//! Changing a scenario's settings without editing its file by hand:
//! `--set KEY=VALUE` on the command line, the explorer's settings editor,
//! `corridor diff SCENARIO --set ...` and `corridor sweep --vary`. A change
//! is applied to the file's TOML text with `toml_edit`, so the comments and
//! the layout stay as the author wrote them, and the edited text then goes
//! through the normal loader: validation and its messages are exactly the
//! file's. A problem on a changed key is reported against the change
//! (`--set settlement_bank.minimum=5000 XYZ: ...`), not against a line of a
//! file the user never wrote; any other problem keeps its line in the
//! original file.
//!
//! Keys are dotted, as in `settlement_bank.minimum`, `acquirer.scheme`,
//! `scenario.seed` and `tiers.standard.mdr`; the elements of an array of
//! tables are indexed from 1, as corridor's ids are: `faults[2].reason` is
//! the second `[[faults]]` table, `fx.shocks[1].move` the first FX shock.
//! Every key must be in the [`catalogue`] (the schema of scenario files),
//! else the change is refused with the nearest valid key.
//!
//! A value is written in the scenario's own syntax (`5000 EUR`, `SCT_INST`,
//! `2%`, `7`, `2018-02-12`, `[2018-03-05]`): it is read as a TOML value
//! when it is one of the types the key takes ([`Kind`]) and as a string
//! otherwise, so the quotes a shell removes need not be typed again. A
//! number given for a key that takes an amount, a rate or a share is
//! written as a string (`7.9` becomes `"7.9"`), where a file would have to
//! quote it; a word given for a whole number stays a word, and the loader
//! says what it expected.

pub mod catalogue;
mod document;
mod lines;
pub mod path;
mod variant;

use std::fmt;

use toml_edit::{DocumentMut, Value};

pub use catalogue::{Kind, Setting, catalogue};
pub use variant::variant;

use super::{LoadError, Located, Scenario, validate};

/// One change to a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `key = value`: a key of the [`catalogue`], set (or added, with its
    /// table when the file has none) to `value` in the scenario's syntax.
    Set {
        /// `settlement_bank.minimum`, `faults[2].reason`.
        key: String,
        /// `5000 EUR`, `SCT_INST`, `2%`, `7`.
        value: String,
    },
    /// A new element at the end of an array of tables: `faults`,
    /// `fx.shocks`, `merchants`, `notes`, `expect`, with its keys in order
    /// (each a key of `ARRAY[N].KEY` in the catalogue).
    Append {
        /// `faults`, `fx.shocks`.
        array: String,
        /// `("kind", "payout_return")`, `("merchant", "paris-boutiques/3")`.
        entries: Vec<(String, String)>,
    },
    /// Removes the `index`-th element (from 1) of an array of tables.
    Remove {
        /// `faults`, `fx.shocks`.
        array: String,
        /// From 1: `1` is the first `[[faults]]` table.
        index: usize,
    },
}

impl Change {
    /// Reads `KEY=VALUE` as `--set` takes it.
    pub fn parse_set(arg: &str) -> Result<Change, String> {
        let (key, value) = arg
            .split_once('=')
            .ok_or_else(|| format!("`{arg}` is not KEY=VALUE: write it like settlement_bank.minimum=\"5000 EUR\""))?;
        Ok(Change::Set {
            key: key.trim().to_string(),
            value: value.trim().to_string(),
        })
    }

    /// The key the change is about (`settlement_bank.minimum`, `faults`).
    pub fn key(&self) -> &str {
        match self {
            Change::Set { key, .. } => key,
            Change::Append { array, .. } | Change::Remove { array, .. } => array,
        }
    }
}

impl fmt::Display for Change {
    /// As the user gave it: `--set settlement_bank.minimum=5000 EUR`,
    /// `a new faults entry`, `removing faults[2]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Set { key, value } => write!(f, "--set {key}={value}"),
            Change::Append { array, .. } => write!(f, "a new {array} entry"),
            Change::Remove { array, index } => write!(f, "removing {array}[{index}]"),
        }
    }
}

/// The scenario's text with the changes applied, and where each line of it
/// came from.
#[derive(Clone, Debug)]
pub struct Edited {
    /// The edited TOML, the original's comments and layout kept.
    pub text: String,
    /// For each line of `text` (0-based): the line of the original it is
    /// (0-based), or None for a line the changes wrote.
    origin: Vec<Option<usize>>,
    /// The line (0-based) of `text` holding each change's value; None for a
    /// removal.
    lines: Vec<Option<usize>>,
    /// Each change's value before it (TOML, as written), None when the file
    /// did not set it.
    was: Vec<Option<String>>,
    /// Whether each change's value sits in a table of its own (its comment
    /// can trail it) rather than inside an inline table or array; for an
    /// appended element, whether it is a table with a header of its own.
    in_table: Vec<bool>,
}

/// A change that cannot be applied: an unknown key, an element that does
/// not exist, a value where a table is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError {
    /// The change, as [`Change`]'s Display writes it.
    pub change: String,
    /// The key it is about.
    pub key: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl fmt::Display for EditError {
    /// `--set settlement_bank.minimun=5000 EUR: settlement_bank.minimun: unknown key ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.change, self.key, self.message)
    }
}

impl std::error::Error for EditError {}

/// Applies `changes`, in order, to the scenario text `text`.
pub fn apply(text: &str, changes: &[Change]) -> Result<Edited, EditError> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| EditError {
        change: changes.first().map(ToString::to_string).unwrap_or_default(),
        key: "toml".into(),
        message: format!(
            "the scenario is not valid TOML, so it cannot be changed: {}",
            e.message()
        ),
    })?;
    let all = catalogue::all();
    let (mut was, mut in_table) = (Vec::new(), Vec::new());
    for change in changes {
        let fail = |key: &str, message: String| EditError {
            change: change.to_string(),
            key: key.to_string(),
            message,
        };
        let (old, table) = match change {
            Change::Set { key, value } => {
                let steps = path::steps(key).map_err(|m| fail(key, m))?;
                let value = value_for(all, key, value).map_err(|m| fail(key, m))?;
                document::set(doc.as_table_mut(), &steps, value, key).map_err(|m| fail(key, m))?
            }
            Change::Append { array, entries } => {
                let own_table = document::append(&mut doc, all, array, entries).map_err(|m| fail(array, m))?;
                (None, own_table)
            }
            Change::Remove { array, index } => {
                document::remove(&mut doc, array, *index).map_err(|m| fail(array, m))?;
                (None, false)
            }
        };
        was.push(old);
        in_table.push(table);
    }
    let (text_out, lines) = lines::locate(&mut doc, changes);
    Ok(Edited {
        origin: lines::origins(text, &text_out),
        text: text_out,
        lines,
        was,
        in_table,
    })
}

/// The value `key` has in the scenario `text`, as written there
/// (`"650 EUR"`, `7`, `2018-02-12`); None when the file leaves it out (its
/// default applies) or the element does not exist. For an editor showing
/// the current value beside each key of the [`catalogue`].
pub fn current(text: &str, key: &str) -> Option<String> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let steps = path::steps(key).ok()?;
    let value = document::value_in(doc.as_table_mut(), &steps)?;
    Some(value.clone().decorated("", "").to_string())
}

/// Loads the scenario `text` (the contents of `file`) with `changes`
/// applied, and `seed` (from `--seed`) in place of its seed, as
/// [`super::load_seeded`] does. Problems on the file's own lines keep
/// their place in the file; problems on a changed key name the change
/// ([`Located::origin`]).
pub fn load(
    file: &str,
    text: &str,
    changes: &[Change],
    read: validate::ReadRelative<'_>,
    seed: Option<u64>,
) -> Result<Scenario, LoadError> {
    if changes.is_empty() {
        return super::load_seeded(file, text, read, seed);
    }
    let edited = apply(text, changes).map_err(|e| LoadError {
        file: file.to_string(),
        problems: vec![Located {
            line: 0,
            column: 0,
            key: e.key,
            message: e.message,
            origin: Some(e.change),
        }],
    })?;
    let place = |p: &mut Located| edited.place(p, changes);
    match super::load_seeded(file, &edited.text, read, seed) {
        Ok(mut sc) => {
            sc.warnings.iter_mut().for_each(place);
            for e in &mut sc.expect {
                if let Some(Some(line)) = edited.origin.get(e.line.saturating_sub(1)) {
                    e.line = line + 1;
                }
            }
            Ok(sc)
        }
        Err(mut e) => {
            e.problems.iter_mut().for_each(place);
            Err(e)
        }
    }
}

impl Edited {
    /// Moves a problem found in the edited text to where the user wrote
    /// it: its line in the original, or the change that wrote its line.
    fn place(&self, p: &mut Located, changes: &[Change]) {
        let line = p.line.saturating_sub(1);
        if let Some(Some(original)) = self.origin.get(line) {
            p.line = original + 1;
            return;
        }
        // A line the changes wrote: the change on it, else the nearest
        // one after it (a table header written for a new key), else the
        // first change.
        let on_line = self.lines.iter().position(|l| *l == Some(line));
        let after = self
            .lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.filter(|l| *l > line).map(|l| (l, i)))
            .min()
            .map(|(_, i)| i);
        if let Some(change) = on_line.or(after).or(Some(0)).and_then(|i| changes.get(i)) {
            p.origin = Some(change.to_string());
        }
    }
}

/// The TOML value `text` stands for as `key`'s value (see the module's
/// docs), or the nearest key when `key` is not one.
pub(super) fn value_for(all: &[Setting], key: &str, text: &str) -> Result<Value, String> {
    let setting = catalogue::find(all, key).ok_or_else(|| catalogue::unknown(all, key))?;
    // Only the TOML types the key's kind takes; anything else is the
    // string it reads as (`2018-02-14T09:00+08:00` for a shock's `at`).
    let parsed = text.parse::<Value>().ok().filter(|v| match setting.kind {
        Kind::Text => matches!(v, Value::String(_) | Value::Integer(_)),
        Kind::Word => matches!(v, Value::String(_)),
        Kind::Integer => matches!(v, Value::Integer(_)),
        Kind::Number => matches!(v, Value::Integer(_) | Value::Float(_) | Value::String(_)),
        Kind::Date => matches!(v, Value::Datetime(_) | Value::String(_)),
        Kind::List => matches!(v, Value::Array(_)),
    });
    let mut value = parsed.unwrap_or_else(|| Value::from(text));
    value.decor_mut().clear();
    Ok(value)
}

#[cfg(test)]
mod tests;
