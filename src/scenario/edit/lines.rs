//! Where each line of an edited scenario came from: the original file's
//! line, or a change. Problems the loader finds in the edited text are
//! placed with it, so a user reads the line of their own file or the
//! `--set` that caused it.

use toml_edit::DocumentMut;

use super::Change;
use super::document::value_at;

/// A mark no TOML text holds, put before a changed value to find its line.
fn marker(i: usize) -> String {
    format!("\u{1}{i}\u{1}")
}

/// The document as text, and the line (0-based) of each change's value,
/// found by marking each value's decor, rendering, and removing the marks.
pub(super) fn locate(doc: &mut DocumentMut, changes: &[Change]) -> (String, Vec<Option<usize>>) {
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

/// For each line of `edited`, the line of `original` it is, or None for a
/// line the changes wrote.
pub(super) fn origins(original: &str, edited: &str) -> Vec<Option<usize>> {
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
