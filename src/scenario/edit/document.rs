//! The changes made to the TOML document itself: a value set (its table
//! added when the file has none), an element appended to or removed from
//! an array of tables, and the value a change wrote found again. Tables,
//! inline tables (`shocks = [{ at = .., move = .. }]`) and arrays of
//! tables (`[[faults]]`) are walked alike.

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use super::path::{self, Step};
use super::{Change, Setting, value_for};

/// Sets the value at `steps` below `table`; returns the old value (as
/// written) and whether the value's parent is a table of its own.
pub(super) fn set(
    table: &mut Table,
    steps: &[Step],
    value: Value,
    full: &str,
) -> Result<(Option<String>, bool), String> {
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
                let t = aot.get_mut(i).ok_or_else(|| out_of_range(name, i, n))?;
                set_like(t, true, rest, value, full)
            }
            Item::Value(Value::Array(arr)) => {
                let n = arr.len();
                let t = arr
                    .get_mut(i)
                    .ok_or_else(|| out_of_range(name, i, n))?
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

fn out_of_range(name: &str, i: usize, n: usize) -> String {
    let have = match n {
        0 => "none".to_string(),
        1 => format!("one ({name}[1])"),
        n => format!("{n} ({name}[1] to {name}[{n}])"),
    };
    format!("there is no {name} entry {}: the scenario has {have}", i + 1)
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

pub(super) fn append(
    doc: &mut DocumentMut,
    all: &[Setting],
    array: &str,
    entries: &[(String, String)],
) -> Result<bool, String> {
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
    // Whether the new element is a table of its own (`[[faults]]`), with
    // a header line of its own, rather than an inline table.
    let own_table = match table.get_mut(&name) {
        Some(Item::ArrayOfTables(aot)) => {
            aot.push(values.into_iter().collect());
            true
        }
        Some(Item::Value(Value::Array(arr))) => {
            arr.push(Value::InlineTable(values.into_iter().collect()));
            false
        }
        Some(_) => return Err(format!("`{array}` is not a list of tables")),
        None if top_level => {
            let mut aot = toml_edit::ArrayOfTables::new();
            aot.push(values.into_iter().collect());
            table.insert(&name, Item::ArrayOfTables(aot));
            true
        }
        None => {
            let mut arr = toml_edit::Array::new();
            arr.push(Value::InlineTable(values.into_iter().collect()));
            table.insert(&name, Item::Value(Value::Array(arr)));
            false
        }
    };
    Ok(own_table)
}

pub(super) fn remove(doc: &mut DocumentMut, array: &str, index: usize) -> Result<(), String> {
    let (table, name) = array_parent(doc, array)?;
    let at = index.checked_sub(1).ok_or("elements count from 1 ([1] is the first)")?;
    match table.get_mut(&name) {
        Some(Item::ArrayOfTables(aot)) if at < aot.len() => {
            aot.remove(at);
        }
        Some(Item::ArrayOfTables(aot)) => return Err(out_of_range(&name, at, aot.len())),
        Some(Item::Value(Value::Array(arr))) if at < arr.len() => {
            arr.remove(at);
        }
        Some(Item::Value(Value::Array(arr))) => return Err(out_of_range(&name, at, arr.len())),
        _ => return Err(out_of_range(&name, at, 0)),
    }
    Ok(())
}

/// The value a change wrote: a set key's value, or the first value of an
/// appended table; None for a removal.
pub(super) fn value_at<'d>(doc: &'d mut DocumentMut, change: &Change) -> Option<&'d mut Value> {
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
pub(super) fn value_in<'d>(table: &'d mut dyn toml_edit::TableLike, steps: &[Step]) -> Option<&'d mut Value> {
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
