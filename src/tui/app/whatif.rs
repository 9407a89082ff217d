//! The what-if screen's keys: on the settings, choose a key and change it,
//! add or remove a fault or an FX shock, change the seed, switch faults,
//! run; on the comparison, pick a changed payment and read its story in
//! the run shown; on both, keep the variant, switch runs, open the rerun.

use std::rc::Rc;

use ratatui::crossterm::event::KeyCode;

use crate::replay::story::story;
use crate::scenario::edit::Change;

use super::super::index::Index;
use super::super::whatif::editor::Row;
use super::super::whatif::{Pane, Source};
use super::{App, Pending, PromptKind, Screen, Showing};

impl App {
    /// The explorer on `rec`, with the scenario's text so the what-if can
    /// change any of its settings and keep the variant.
    pub fn with_source(rec: crate::replay::Recording, source: Source, color: bool) -> App {
        let mut app = App::new(
            rec,
            Box::new(|_| Err("no reload: the what-if loads the scenario's text".into())),
            color,
        );
        app.whatif.attach(source);
        app.whatif.relist_faults();
        app
    }

    /// The lookups of the run opened and of the last what-if run.
    pub fn runs(&self) -> (&Rc<Index>, Option<&Rc<Index>>) {
        (&self.baseline.1, self.alternate.as_ref().map(|a| &a.1))
    }

    pub(super) fn whatif_key(&mut self, code: KeyCode) {
        match code {
            KeyCode::Esc | KeyCode::Char('q') => self.screen = Screen::Main,
            KeyCode::Char('s') => self.ask(PromptKind::Seed),
            KeyCode::Enter if self.whatif.pane == Pane::Compare => self.open_changed(),
            KeyCode::Enter | KeyCode::Char('x') => self.request_run(),
            KeyCode::Char('c') => self.switch_pane(),
            KeyCode::Char('v') => self.keep_variant(),
            KeyCode::Tab => self.switch_run(),
            KeyCode::Char('o') if self.alternate.is_some() => {
                if self.showing == Showing::Baseline {
                    self.switch_run();
                }
                self.screen = Screen::Main;
            }
            KeyCode::Char('o') => {
                self.status = Some("no what-if run yet: press enter to run one".into());
            }
            code if self.whatif.pane == Pane::Compare => self.compare_key(code),
            code => self.settings_key(code),
        }
    }

    fn settings_key(&mut self, code: KeyCode) {
        let seed = self.whatif.seed;
        match code {
            KeyCode::Char(c @ '1'..='9') => self.whatif.toggle(c as usize - '1' as usize),
            KeyCode::Down | KeyCode::Char('j') => self.move_setting(1),
            KeyCode::Up | KeyCode::Char('k') => self.move_setting(-1),
            KeyCode::PageDown => self.move_setting(10),
            KeyCode::PageUp => self.move_setting(-10),
            KeyCode::Char('e') => match self.whatif.editor.as_ref().map(|e| e.offered()) {
                Some(text) => self.ask_with(PromptKind::Setting, text),
                None => self.no_editor(),
            },
            KeyCode::Char('/') if self.whatif.editor.is_some() => self.ask(PromptKind::FindKey),
            KeyCode::Char('n') if self.whatif.editor.is_some() => self.ask(PromptKind::NewFault),
            KeyCode::Char('N') if self.whatif.editor.is_some() => self.ask(PromptKind::NewShock),
            KeyCode::Char('d') | KeyCode::Delete => {
                let Some(ed) = self.whatif.editor.as_ref() else {
                    return self.no_editor();
                };
                match ed.selected_element() {
                    Some((array, index)) => self.change(Change::Remove { array, index }),
                    None => {
                        self.status = Some(
                            "d removes a fault or an FX shock: choose one of its keys first (faults[N], fx.shocks[N])"
                                .into(),
                        )
                    }
                }
            }
            KeyCode::Char('u') => {
                let undone = self.whatif.editor.as_mut().is_some_and(|e| e.undo(seed));
                self.whatif.relist_faults();
                self.status = Some(if undone {
                    "the last change undone".into()
                } else {
                    "no change to undo".into()
                });
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Char('/') => self.no_editor(),
            _ => {}
        }
    }

    fn compare_key(&mut self, code: KeyCode) {
        let n = self.whatif.comparison.as_ref().map_or(0, |c| c.changed.len());
        let pick = &mut self.whatif.pick;
        match code {
            KeyCode::Down | KeyCode::Char('j') => *pick = (*pick + 1).min(n.saturating_sub(1)),
            KeyCode::Up | KeyCode::Char('k') => *pick = pick.saturating_sub(1),
            KeyCode::PageDown => *pick = (*pick + 10).min(n.saturating_sub(1)),
            KeyCode::PageUp => *pick = pick.saturating_sub(10),
            KeyCode::Char('g') => self.whatif.chart = !self.whatif.chart,
            _ => {}
        }
    }

    fn move_setting(&mut self, by: isize) {
        if let Some(ed) = self.whatif.editor.as_mut() {
            ed.move_by(by);
        }
    }

    fn no_editor(&mut self) {
        self.status = Some("this run has no scenario text to change: only the seed and faults".into());
    }

    fn switch_pane(&mut self) {
        self.whatif.pane = match self.whatif.pane {
            Pane::Settings if self.whatif.comparison.is_some() => Pane::Compare,
            Pane::Settings => {
                self.status = Some("no comparison yet: press enter to run the what-if".into());
                Pane::Settings
            }
            Pane::Compare => Pane::Settings,
        };
    }

    /// Makes an editor change and says what came of it.
    fn change(&mut self, change: Change) {
        let Some(ed) = self.whatif.editor.as_mut() else {
            return self.no_editor();
        };
        let what = change.to_string();
        // The seed is the what-if's own setting (`s`): the editor's
        // `scenario.seed` moves it, so the run and the variant agree.
        if let Change::Set { key, value } = &change {
            if let (true, Ok(seed)) = (key == "scenario.seed", value.parse::<u64>()) {
                self.whatif.seed = seed;
            }
        }
        let seed = self.whatif.seed;
        let added = match &change {
            Change::Append { array, .. } => Some(format!("{array}[")),
            _ => None,
        };
        self.status = Some(match ed.push(change, seed) {
            Err(e) => format!("not changed: {e}"),
            Ok(()) => match ed.problems.first() {
                None => format!("{what}: the scenario validates; enter runs it"),
                Some(p) => format!(
                    "{what}: does not validate: {}",
                    super::super::whatif::editor::problem_text(p)
                ),
            },
        });
        // A new fault or shock: its first key selected, to go on editing it.
        if let Some(prefix) = added {
            let section = ed
                .rows
                .iter()
                .rposition(|r| matches!(r, Row::Section(s) if s.starts_with(&prefix)));
            if let Some(i) = section {
                ed.selected = i + 1;
            }
        }
        self.whatif.relist_faults();
    }

    /// The prompt's answer for `/`: selects the key named, or else the
    /// first whose name holds the text.
    pub(super) fn find_key(&mut self, text: &str) {
        let Some(ed) = self.whatif.editor.as_mut() else { return };
        let keys = || {
            ed.rows.iter().filter_map(|r| match r {
                Row::Key { key, .. } => Some(key.as_str()),
                _ => None,
            })
        };
        let found = keys()
            .find(|k| *k == text)
            .or_else(|| keys().find(|k| k.contains(text)))
            .map(str::to_string);
        match found {
            Some(k) => ed.select_key(Some(&k)),
            None => {
                self.status = Some(format!(
                    "no key of this scenario holds `{text}`: corridor schema scenario lists them"
                ))
            }
        }
    }

    /// The prompt's answer for the selected key: its new value.
    pub(super) fn set_selected(&mut self, value: &str) {
        let key = self
            .whatif
            .editor
            .as_ref()
            .and_then(|e| e.selected_key())
            .map(str::to_string);
        if let Some(key) = key {
            self.change(Change::Set {
                key,
                value: value.to_string(),
            });
        }
    }

    /// The prompt's answer for a new fault or FX shock: `kind=payout_reject,
    /// merchant=paris-boutiques/7, reason=AC01, on=2018-03-08`.
    pub(super) fn append(&mut self, array: &str, text: &str) {
        match entries(text) {
            Ok(entries) => self.change(Change::Append {
                array: array.into(),
                entries,
            }),
            Err(e) => self.status = Some(e),
        }
    }

    fn request_run(&mut self) {
        if self.whatif.running() {
            self.status = Some("a what-if is running: wait for it".into());
            return;
        }
        if let Some(p) = self.whatif.editor.as_ref().and_then(|e| e.problems.first()) {
            self.status = Some(format!(
                "cannot run: the changed scenario does not validate: {} (u undoes the last change)",
                super::super::whatif::editor::problem_text(p)
            ));
            return;
        }
        if let Err(e) = self.whatif.check(&self.baseline.0, &self.reload) {
            self.status = Some(e);
            return;
        }
        self.status = Some(format!("running what-if ({})...", self.whatif.settings()));
        self.pending = Some(Pending::WhatIf);
    }

    /// Starts the rerun, or sees how far it has come and takes it once it
    /// has finished (`wait`: waits for it).
    pub(super) fn whatif_work(&mut self, wait: bool) {
        let base = Rc::clone(&self.baseline.0);
        if !self.whatif.running() {
            if let Err(e) = self.whatif.start(&base, &self.reload) {
                self.status = Some(e);
                self.pending = None;
                return;
            }
        }
        match self.whatif.finish(&base, wait) {
            None => {
                self.status = self.whatif.progress();
                self.pending = Some(Pending::WhatIf);
            }
            Some(Ok(rec)) => {
                let index = Rc::new(Index::new(&rec));
                self.alternate = Some((Rc::new(rec), index));
                if self.showing == Showing::WhatIf {
                    // Show the new what-if in place of the old one.
                    self.showing = Showing::Baseline;
                    self.switch_run();
                }
                self.status =
                    Some("what-if done: o opens it in the explorer, tab switches runs, c shows the settings".into());
            }
            Some(Err(e)) => self.status = Some(e),
        }
    }

    /// The selected changed payment's story, in the run shown.
    fn open_changed(&mut self) {
        let Some(ch) = self
            .whatif
            .comparison
            .as_ref()
            .and_then(|c| c.changed.get(self.whatif.pick))
        else {
            self.status = Some("no payment changed its outcome: nothing to open".into());
            return;
        };
        let id = match self.showing {
            Showing::Baseline => ch.a_id,
            Showing::WhatIf => ch.b_id,
        };
        match story(&self.rec, &id.to_string()) {
            Ok(story) => {
                self.whatif.back = true;
                self.screen = Screen::Story { story, scroll: 0 };
            }
            Err(e) => self.status = Some(e),
        }
    }

    fn keep_variant(&mut self) {
        self.status = Some(match self.whatif.keep() {
            Ok((path, passed)) => {
                let shown = path.display();
                let kept = if passed.is_empty() {
                    String::new()
                } else {
                    format!(" ({} exists, left as it was)", passed.join(", "))
                };
                format!("variant kept in {shown}{kept}: corridor run {shown} runs it")
            }
            Err(e) => e,
        });
    }
}

/// `kind=payout_reject, merchant=paris-boutiques/7, on=2018-03-08` as
/// (key, value) pairs; a comma inside quotes or brackets stays in its value.
fn entries(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quote = !quote,
            '[' | '{' if !quote => depth += 1,
            ']' | '}' if !quote => depth -= 1,
            ',' if !quote && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    let mut out = Vec::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("`{part}` is not KEY=VALUE: write e.g. kind=payout_reject, merchant=paris-boutiques/7, reason=AC01, on=2018-03-08"))?;
        out.push((k.trim().to_string(), v.trim().to_string()));
    }
    if out.is_empty() {
        return Err("nothing added: write its keys, e.g. kind=payout_reject, merchant=paris-boutiques/7, reason=AC01, on=2018-03-08".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::entries;

    #[test]
    fn new_entries_are_key_value_pairs_split_at_commas_outside_brackets_and_quotes() {
        let pairs = |t: &str| entries(t).unwrap();
        assert_eq!(
            pairs("kind=payout_reject, merchant=paris-boutiques/2, on=2018-03-09"),
            vec![
                ("kind".to_string(), "payout_reject".to_string()),
                ("merchant".to_string(), "paris-boutiques/2".to_string()),
                ("on".to_string(), "2018-03-09".to_string()),
            ]
        );
        assert_eq!(
            pairs("days=[2018-03-05, 2018-03-06], text=\"a, b\""),
            vec![
                ("days".to_string(), "[2018-03-05, 2018-03-06]".to_string()),
                ("text".to_string(), "\"a, b\"".to_string()),
            ]
        );
        assert_eq!(
            entries("kind payout_reject"),
            Err("`kind payout_reject` is not KEY=VALUE: write e.g. kind=payout_reject, merchant=paris-boutiques/7, reason=AC01, on=2018-03-08".to_string())
        );
    }
}
