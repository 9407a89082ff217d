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
pub mod path;
mod variant;

use std::fmt;

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

pub use catalogue::{Kind, Setting, catalogue};
pub use variant::variant;

use super::{LoadError, Located, Scenario, validate};
use path::Step;

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
    /// can trail it) rather than inside an inline table or array.
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
    let all = catalogue();
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
                let value = value_for(&all, key, value).map_err(|m| fail(key, m))?;
                set(doc.as_table_mut(), &steps, value, key).map_err(|m| fail(key, m))?
            }
            Change::Append { array, entries } => {
                append(&mut doc, &all, array, entries).map_err(|m| fail(array, m))?;
                (None, false)
            }
            Change::Remove { array, index } => {
                remove(&mut doc, array, *index).map_err(|m| fail(array, m))?;
                (None, false)
            }
        };
        was.push(old);
        in_table.push(table);
    }
    let (text_out, lines) = locate(&mut doc, changes);
    Ok(Edited {
        origin: origins(text, &text_out),
        text: text_out,
        lines,
        was,
        in_table,
    })
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
fn value_for(all: &[Setting], key: &str, text: &str) -> Result<Value, String> {
    let setting = catalogue::find(all, key).ok_or_else(|| unknown(all, key))?;
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

/// "unknown key `x`; did you mean `y`?", from the catalogue.
fn unknown(all: &[Setting], key: &str) -> String {
    let patterns: Vec<String> = all.iter().map(|s| s.key.clone()).collect();
    let wanted = catalogue::pattern_of(key);
    // Compared as patterns (`tiers.NAME.mdr`), with the user's names in
    // the NAME slots so that a typo elsewhere is what counts.
    let filled: Vec<String> = patterns.iter().map(|p| fill_names(p, &wanted)).collect();
    let mut message = format!("unknown key `{key}`");
    match super::nearest(&wanted, &filled) {
        Some(near) => {
            let i = filled.iter().position(|f| *f == near).unwrap_or(0);
            let shown = with_indices(&fill_names(&patterns[i], key), key);
            message.push_str(&format!("; did you mean `{shown}`?"));
        }
        None => message.push_str(". `corridor schema scenario` lists every key"),
    }
    if !key.contains('[') && patterns.iter().any(|p| p.starts_with(&format!("{}[N]", first(key)))) {
        message.push_str(&format!(
            " (elements of [[{0}]] are written {0}[1], {0}[2], ...)",
            first(key)
        ));
    }
    message
}

/// The pattern's `[N]`s replaced by the key's own indices in order
/// (`[1]` where the key has none).
fn with_indices(pattern: &str, key: &str) -> String {
    let mut given = key.match_indices('[').map(|(at, _)| {
        let close = key[at..].find(']').map_or(key.len(), |c| at + c + 1);
        &key[at..close]
    });
    let mut out = String::new();
    for (i, part) in pattern.split("[N]").enumerate() {
        if i > 0 {
            out.push_str(given.next().unwrap_or("[1]"));
        }
        out.push_str(part);
    }
    out
}

fn first(key: &str) -> &str {
    key.split(['.', '[']).next().unwrap_or(key)
}

/// The pattern with its `NAME` segments replaced by the key's segments at
/// the same place.
fn fill_names(pattern: &str, key: &str) -> String {
    let ks: Vec<&str> = key.split('.').collect();
    let parts: Vec<&str> = pattern
        .split('.')
        .enumerate()
        .map(|(i, p)| {
            if p == "NAME" {
                ks.get(i).copied().unwrap_or(p)
            } else {
                p
            }
        })
        .collect();
    parts.join(".")
}

/// Sets the value at `steps` below `table`; returns the old value (as
/// written) and whether the value's parent is a table of its own.
fn set(table: &mut Table, steps: &[Step], value: Value, full: &str) -> Result<(Option<String>, bool), String> {
    set_like(table, true, steps, value, full)
}

fn set_like(
    table: &mut dyn toml_edit::TableLike,
    real: bool,
    steps: &[Step],
    value: Value,
    full: &str,
) -> Result<(Option<String>, bool), String> {
    let (step, rest) = steps.split_first().ok_or_else(|| format!("`{full}` is empty"))?;
    let name = step.name.as_str();
    if let Some(i) = step.index {
        let item = table
            .get_mut(name)
            .ok_or_else(|| format!("the scenario has no {name} entries, so `{full}` does not exist; add one first"))?;
        return match item {
            Item::ArrayOfTables(aot) => {
                let n = aot.len();
                let t = aot.get_mut(i).ok_or_else(|| out_of_range(full, name, i, n))?;
                set_like(t, true, rest, value, full)
            }
            Item::Value(Value::Array(arr)) => {
                let n = arr.len();
                let t = arr
                    .get_mut(i)
                    .ok_or_else(|| out_of_range(full, name, i, n))?
                    .as_inline_table_mut()
                    .ok_or_else(|| format!("`{name}` holds values, not tables: `{full}` does not exist"))?;
                set_like(t, false, rest, value, full)
            }
            _ => Err(format!("`{name}` is not a list of tables: `{full}` does not exist")),
        };
    }
    if rest.is_empty() {
        return match table.get_mut(name) {
            Some(Item::Value(old)) => {
                let was = old.clone().decorated("", "").to_string();
                let decor = old.decor().clone();
                *old = value;
                *old.decor_mut() = decor;
                Ok((Some(was), real))
            }
            Some(_) => Err(format!("`{full}` is a table: set one of its keys")),
            None => {
                table.insert(name, Item::Value(value));
                Ok((None, real))
            }
        };
    }
    if !table.contains_key(name) {
        let new = if real {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        } else {
            Item::Value(Value::InlineTable(InlineTable::new()))
        };
        table.insert(name, new);
    }
    let item = table.get_mut(name).expect("inserted above when missing");
    let real = item.is_table();
    let child = item
        .as_table_like_mut()
        .ok_or_else(|| format!("`{name}` is a value, not a table: `{full}` does not exist"))?;
    set_like(child, real, rest, value, full)
}

fn out_of_range(full: &str, name: &str, i: usize, n: usize) -> String {
    let have = match n {
        0 => "none".to_string(),
        1 => format!("one ({name}[1])"),
        n => format!("{n} ({name}[1] to {name}[{n}])"),
    };
    format!("`{full}`: there is no {name} entry {}: the scenario has {have}", i + 1)
}

/// The table and key holding the array `array` (`fx.shocks`: `fx`, `shocks`).
fn array_parent<'d>(doc: &'d mut DocumentMut, array: &str) -> Result<(&'d mut Table, String), String> {
    let steps = path::steps(array)?;
    let (last, parents) = steps.split_last().ok_or_else(|| format!("`{array}` is empty"))?;
    let mut table = doc.as_table_mut();
    for s in parents {
        let item = table.entry(&s.name).or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        table = item
            .as_table_mut()
            .ok_or_else(|| format!("`{}` is not a table: `{array}` cannot be changed here", s.name))?;
    }
    Ok((table, last.name.clone()))
}

fn append(doc: &mut DocumentMut, all: &[Setting], array: &str, entries: &[(String, String)]) -> Result<(), String> {
    let pattern = format!("{array}[N].");
    if !all.iter().any(|s| s.key.starts_with(&pattern)) {
        return Err(format!(
            "`{array}` is not a list of tables (faults, fx.shocks, merchants, notes, expect)"
        ));
    }
    let mut values = Vec::new();
    for (k, v) in entries {
        values.push((k.clone(), value_for(all, &format!("{array}[1].{k}"), v)?));
    }
    let top_level = !array.contains('.');
    let (table, name) = array_parent(doc, array)?;
    match table.get_mut(&name) {
        Some(Item::ArrayOfTables(aot)) => aot.push(values.into_iter().collect()),
        Some(Item::Value(Value::Array(arr))) => arr.push(Value::InlineTable(values.into_iter().collect())),
        Some(_) => return Err(format!("`{array}` is not a list of tables")),
        None if top_level => {
            let mut aot = toml_edit::ArrayOfTables::new();
            aot.push(values.into_iter().collect());
            table.insert(&name, Item::ArrayOfTables(aot));
        }
        None => {
            let mut arr = toml_edit::Array::new();
            arr.push(Value::InlineTable(values.into_iter().collect()));
            table.insert(&name, Item::Value(Value::Array(arr)));
        }
    }
    Ok(())
}

fn remove(doc: &mut DocumentMut, array: &str, index: usize) -> Result<(), String> {
    let (table, name) = array_parent(doc, array)?;
    let at = index.checked_sub(1).ok_or("elements count from 1 ([1] is the first)")?;
    let full = format!("{array}[{index}]");
    match table.get_mut(&name) {
        Some(Item::ArrayOfTables(aot)) if at < aot.len() => {
            aot.remove(at);
        }
        Some(Item::ArrayOfTables(aot)) => return Err(out_of_range(&full, &name, at, aot.len())),
        Some(Item::Value(Value::Array(arr))) if at < arr.len() => {
            arr.remove(at);
        }
        Some(Item::Value(Value::Array(arr))) => return Err(out_of_range(&full, &name, at, arr.len())),
        _ => return Err(out_of_range(&full, &name, at, 0)),
    }
    Ok(())
}

/// A mark no TOML text holds, put before a changed value to find its line.
fn marker(i: usize) -> String {
    format!("\u{1}{i}\u{1}")
}

/// The document as text, and the line (0-based) of each change's value,
/// found by marking each value's decor, rendering, and removing the marks.
fn locate(doc: &mut DocumentMut, changes: &[Change]) -> (String, Vec<Option<usize>>) {
    for (i, change) in changes.iter().enumerate() {
        if let Some(v) = value_at(doc, change) {
            let suffix = v.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_string();
            v.decor_mut().set_suffix(format!("{}{suffix}", marker(i)));
        }
    }
    let marked = doc.to_string();
    let mut lines = vec![None; changes.len()];
    for (n, line) in marked.lines().enumerate() {
        for (i, slot) in lines.iter_mut().enumerate() {
            if line.contains(&marker(i)) {
                *slot = Some(n);
            }
        }
    }
    let mut clean = marked;
    for i in 0..changes.len() {
        clean = clean.replace(&marker(i), "");
    }
    // The document itself loses its marks too, for a caller that goes on
    // rendering it (the variant).
    for change in changes {
        if let Some(v) = value_at(doc, change) {
            let suffix = v.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_string();
            let cleaned = (0..changes.len()).fold(suffix, |s, i| s.replace(&marker(i), ""));
            v.decor_mut().set_suffix(cleaned);
        }
    }
    (clean, lines)
}

/// The value a change wrote: a set key's value, or the first value of an
/// appended table; None for a removal.
fn value_at<'d>(doc: &'d mut DocumentMut, change: &Change) -> Option<&'d mut Value> {
    let steps = match change {
        Change::Set { key, .. } => path::steps(key).ok()?,
        Change::Append { array, entries } => {
            let mut s = path::steps(array).ok()?;
            let n = count_at(doc, &s)?;
            s.last_mut()?.index = Some(n.checked_sub(1)?);
            s.push(Step {
                name: entries.first()?.0.clone(),
                index: None,
            });
            s
        }
        Change::Remove { .. } => return None,
    };
    value_in(doc.as_table_mut(), &steps)
}

/// The value at `steps` below `table`, through tables, inline tables and
/// the elements of arrays of tables.
fn value_in<'d>(table: &'d mut dyn toml_edit::TableLike, steps: &[Step]) -> Option<&'d mut Value> {
    let (s, rest) = steps.split_first()?;
    let item = table.get_mut(&s.name)?;
    let next: &mut dyn toml_edit::TableLike = match (s.index, item) {
        (None, item) if rest.is_empty() => return item.as_value_mut(),
        (None, item) => item.as_table_like_mut()?,
        (Some(i), Item::ArrayOfTables(aot)) => aot.get_mut(i)?,
        (Some(i), Item::Value(Value::Array(arr))) => arr.get_mut(i)?.as_inline_table_mut()?,
        _ => return None,
    };
    value_in(next, rest)
}

fn count_at(doc: &DocumentMut, steps: &[Step]) -> Option<usize> {
    let mut item = doc.as_item();
    for s in steps {
        item = item.as_table_like()?.get(&s.name)?;
    }
    match item {
        Item::ArrayOfTables(aot) => Some(aot.len()),
        Item::Value(Value::Array(arr)) => Some(arr.len()),
        _ => None,
    }
}

/// For each line of `edited`, the line of `original` it is, or None for a
/// line the changes wrote.
fn origins(original: &str, edited: &str) -> Vec<Option<usize>> {
    let diff = similar::TextDiff::from_lines(original, edited);
    let mut out = vec![None; edited.lines().count().max(1) + 1];
    for op in diff.ops() {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            for k in 0..len {
                if let Some(slot) = out.get_mut(new_index + k) {
                    *slot = Some(old_index + k);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
