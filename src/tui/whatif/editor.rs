//! The what-if's settings editor: every key of the scenario's schema
//! (`scenario::edit`'s catalogue, the source of `corridor schema scenario`),
//! by section, with its meaning and its value as the scenario writes it;
//! the tables the scenario has several of (each fault, FX shock, merchant
//! group, tier) listed one by one. Each change is applied to the scenario's
//! text and the result validated as the file would be; a problem is shown
//! beside the key it is about.

use toml_edit::{DocumentMut, Item};

use crate::scenario::edit::{self, Change, Setting};
use crate::scenario::{LoadError, Located, Scenario};

use super::Source;

/// One line of the settings list.
#[derive(Clone, Debug)]
pub enum Row {
    /// A table: `settlement_bank`, `faults[2]`, `tiers.standard`.
    Section(String),
    /// A key of the table above it.
    Key {
        /// `settlement_bank.minimum`, `faults[2].reason`.
        key: String,
        /// Its entry in the catalogue: meaning, kind, syntax.
        setting: &'static Setting,
        /// Its value as the changed scenario writes it (TOML), None when
        /// left out (its default applies).
        value: Option<String>,
        /// The editor changed it.
        changed: bool,
    },
}

/// The settings editor's state.
pub struct Editor {
    /// Where the scenario came from, its text among it.
    pub source: Source,
    /// The editor's changes, in order (after the command line's).
    pub changes: Vec<Change>,
    /// The settings list.
    pub rows: Vec<Row>,
    /// The selected row: always a key.
    pub selected: usize,
    /// What is wrong with the changed scenario, as its loader says.
    pub problems: Vec<Located>,
    /// The changed scenario, when it validates (faults switched off
    /// included, as they are not changes to the text).
    pub scenario: Option<Scenario>,
}

impl Editor {
    /// The editor on `source`, no change made, validated with `seed`.
    pub fn new(source: Source, seed: u64) -> Editor {
        let mut ed = Editor {
            source,
            changes: Vec::new(),
            rows: Vec::new(),
            selected: 0,
            problems: Vec::new(),
            scenario: None,
        };
        ed.refresh(seed);
        ed.selected = ed.rows.iter().position(|r| matches!(r, Row::Key { .. })).unwrap_or(0);
        ed
    }

    /// The command line's changes, then the editor's.
    pub fn all_changes(&self) -> Vec<Change> {
        self.source.base.iter().chain(&self.changes).cloned().collect()
    }

    /// Loads the changed scenario with `extra` changes after the editor's.
    pub fn load(&self, extra: &[Change], seed: u64) -> Result<Scenario, LoadError> {
        let mut changes = self.all_changes();
        changes.extend_from_slice(extra);
        edit::load(
            &self.source.file,
            &self.source.text,
            &changes,
            &*self.source.read,
            Some(seed),
        )
    }

    /// Makes a change. A change that cannot be made at all (an element
    /// that does not exist, a key of no table) is refused with the reason;
    /// one whose value the loader refuses is kept, its problem shown.
    pub fn push(&mut self, change: Change, seed: u64) -> Result<(), String> {
        let mut changes = self.all_changes();
        // Setting a key again replaces the earlier change of it.
        let earlier = match &change {
            Change::Set { key, .. } => self
                .changes
                .iter()
                .position(|c| matches!(c, Change::Set { key: k, .. } if k == key)),
            _ => None,
        };
        changes.push(change.clone());
        edit::apply(&self.source.text, &changes).map_err(|e| format!("{}: {}", e.key, e.message))?;
        match earlier {
            Some(i) => self.changes[i] = change,
            None => self.changes.push(change),
        }
        let key = self.selected_key().map(str::to_string);
        self.refresh(seed);
        self.select_key(key.as_deref());
        Ok(())
    }

    /// Takes back the last change; false when there was none.
    pub fn undo(&mut self, seed: u64) -> bool {
        if self.changes.pop().is_none() {
            return false;
        }
        let key = self.selected_key().map(str::to_string);
        self.refresh(seed);
        self.select_key(key.as_deref());
        true
    }

    /// Validates the changed scenario and lists its keys afresh.
    pub fn refresh(&mut self, seed: u64) {
        match self.load(&[], seed) {
            Ok(sc) => {
                self.problems.clear();
                self.scenario = Some(sc);
            }
            Err(e) => {
                self.problems = e.problems;
                self.scenario = None;
            }
        }
        let text = edit::apply(&self.source.text, &self.all_changes())
            .map(|e| e.text)
            .unwrap_or_else(|_| self.source.text.clone());
        self.rows = rows(&text, &self.changes);
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The selected key (`settlement_bank.minimum`).
    pub fn selected_key(&self) -> Option<&str> {
        match self.rows.get(self.selected) {
            Some(Row::Key { key, .. }) => Some(key),
            _ => None,
        }
    }

    /// Selects `key` when it is listed, else keeps the place.
    pub fn select_key(&mut self, key: Option<&str>) {
        let found = key.and_then(|k| {
            self.rows
                .iter()
                .position(|r| matches!(r, Row::Key { key, .. } if key == k))
        });
        if let Some(i) = found {
            self.selected = i;
        } else if !matches!(self.rows.get(self.selected), Some(Row::Key { .. })) {
            self.move_by(1);
        }
    }

    /// Moves the selection `by` keys down (up when negative), skipping the
    /// section lines; it stops at the first and last key.
    pub fn move_by(&mut self, by: isize) {
        let keys: Vec<usize> = (0..self.rows.len())
            .filter(|&i| matches!(self.rows[i], Row::Key { .. }))
            .collect();
        if keys.is_empty() {
            return;
        }
        let at = keys.iter().position(|&i| i >= self.selected).unwrap_or(keys.len() - 1) as isize;
        let to = (at + by).clamp(0, keys.len() as isize - 1) as usize;
        self.selected = keys[to];
    }

    /// The value to offer when editing the selected key: as written, a
    /// string without its quotes (the scenario's syntax, as `--set` takes it).
    pub fn offered(&self) -> String {
        match self.rows.get(self.selected) {
            Some(Row::Key { value: Some(v), .. }) => unquoted(v),
            _ => String::new(),
        }
    }

    /// The problem about `key`: the loader's own key, or the change that
    /// set it.
    pub fn problem_for(&self, key: &str) -> Option<&Located> {
        let set = format!("--set {key}=");
        self.problems
            .iter()
            .find(|p| p.key == key || p.origin.as_deref().is_some_and(|o| o.starts_with(&set)))
    }

    /// The array element the selected row belongs to, for removing it:
    /// (`faults`, 2) for any key of `faults[2]`.
    pub fn selected_element(&self) -> Option<(String, usize)> {
        let key = self.selected_key()?;
        let (head, rest) = key.split_once('[')?;
        let (index, _) = rest.split_once(']')?;
        Some((head.to_string(), index.parse().ok()?))
    }
}

/// A problem in one line: `key: message`, without the line of a file the
/// user did not write.
pub fn problem_text(p: &Located) -> String {
    if p.key.is_empty() {
        p.message.clone()
    } else {
        format!("{}: {}", p.key, p.message)
    }
}

/// `"650 EUR"` as `650 EUR`; anything else as it is.
pub fn unquoted(v: &str) -> String {
    match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) if !inner.contains(['"', '\\']) => inner.to_string(),
        _ => v.to_string(),
    }
}

/// The settings list of the scenario `text`: for each table of the
/// catalogue, its section line and its keys; a table the scenario can have
/// several of once per table it has.
fn rows(text: &str, changes: &[Change]) -> Vec<Row> {
    let doc: Option<DocumentMut> = text.parse().ok();
    let all = edit::catalogue::all();
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let section = section_of(&all[i].key);
        let group: Vec<&'static Setting> = all[i..].iter().take_while(|s| section_of(&s.key) == section).collect();
        i += group.len();
        for table in instances(doc.as_ref(), &section) {
            if !table.is_empty() {
                out.push(Row::Section(table.clone()));
            }
            for setting in &group {
                let last = setting.key.rsplit('.').next().unwrap_or(&setting.key);
                let key = if table.is_empty() {
                    last.to_string()
                } else {
                    format!("{table}.{last}")
                };
                let changed = changes
                    .iter()
                    .any(|c| matches!(c, Change::Set { key: k, .. } if *k == key));
                out.push(Row::Key {
                    value: edit::current(text, &key),
                    key,
                    setting,
                    changed,
                });
            }
        }
    }
    out
}

/// `settlement_bank.minimum` -> `settlement_bank`; `faults[N].reason` ->
/// `faults[N]`; a key of no table -> ``.
fn section_of(pattern: &str) -> String {
    pattern.rsplit_once('.').map_or(String::new(), |(s, _)| s.to_string())
}

/// The tables `section` (a pattern: `tiers.NAME`, `fx.shocks[N]`) stands
/// for in the document: itself when it has no placeholder, else one per
/// named table or array element the document has.
fn instances(doc: Option<&DocumentMut>, section: &str) -> Vec<String> {
    if !section.contains("NAME") && !section.contains("[N]") {
        return vec![section.to_string()];
    }
    let Some(doc) = doc else { return Vec::new() };
    let mut out = Vec::new();
    let segments: Vec<&str> = section.split('.').collect();
    expand(Some(doc.as_item()), &segments, String::new(), &mut out);
    out
}

fn expand(item: Option<&Item>, segments: &[&str], prefix: String, out: &mut Vec<String>) {
    let Some(item) = item else { return };
    let Some((seg, rest)) = segments.split_first() else {
        out.push(prefix);
        return;
    };
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    if *seg == "NAME" {
        let Some(table) = item.as_table_like() else { return };
        for (name, child) in table.iter() {
            expand(Some(child), rest, join(name), out);
        }
    } else if let Some(array) = seg.strip_suffix("[N]") {
        let Some(child) = item.get(array) else { return };
        let count = match (child.as_array_of_tables(), child.as_array()) {
            (Some(tables), _) => tables.len(),
            (None, Some(values)) => values.len(),
            _ => 0,
        };
        for n in 1..=count {
            let at = join(&format!("{array}[{n}]"));
            if rest.is_empty() {
                out.push(at);
            } else {
                // Placeholders below an element are not in the schema.
                out.push(format!("{at}.{}", rest.join(".")));
            }
        }
    } else {
        expand(item.get(*seg), rest, join(seg), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[scenario]\nname = \"x\"\n\n[fx]\nshocks = [{ at = \"2018-02-18T09:00+08:00\", move = \"+2%\" }]\n\n[tiers.gold]\nmdr = \"1%\"\n\n[[faults]]\nkind = \"kyc_fail\"\n\n[[faults]]\nkind = \"approval_reject\"\n";

    fn keys(text: &str) -> Vec<String> {
        rows(text, &[])
            .into_iter()
            .filter_map(|r| match r {
                Row::Key { key, .. } => Some(key),
                Row::Section(_) => None,
            })
            .collect()
    }

    #[test]
    fn tables_the_scenario_has_several_of_are_listed_one_by_one() {
        let keys = keys(TEXT);
        for k in [
            "faults[1].kind",
            "faults[2].kind",
            "fx.shocks[1].move",
            "tiers.gold.mdr",
            "settlement_bank.minimum",
        ] {
            assert!(keys.iter().any(|x| x == k), "{k} in {keys:?}");
        }
        assert!(!keys.iter().any(|x| x.starts_with("faults[3]")));
        assert!(!keys.iter().any(|x| x.contains("NAME") || x.contains("[N]")));
    }

    #[test]
    fn values_are_shown_as_written_and_offered_without_quotes() {
        let rows = rows(TEXT, &[]);
        let value = |k: &str| {
            rows.iter().find_map(|r| match r {
                Row::Key { key, value, .. } if key == k => Some(value.clone()),
                _ => None,
            })
        };
        assert_eq!(value("tiers.gold.mdr"), Some(Some("\"1%\"".into())));
        assert_eq!(value("settlement_bank.minimum"), Some(None));
        assert_eq!(unquoted("\"1%\""), "1%");
        assert_eq!(unquoted("[2018-03-05]"), "[2018-03-05]");
    }
}
