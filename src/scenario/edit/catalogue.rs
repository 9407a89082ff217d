//! Every key a scenario file can set, with its meaning and the syntax of
//! its value, read from the JSON Schema of `scenario::raw` (the one
//! `corridor schema scenario` prints): one source, so the catalogue cannot
//! drift from what the loader accepts. `--set` checks its keys here and
//! the explorer's settings editor browses it.

use serde_json::{Map, Value as Json};

/// What kind of value a key takes, and so how a value given on the
/// command line is written into the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string in corridor's value syntax: an amount, a share, a duration,
    /// a time, a range (`"5000 EUR"`, `"2%"`, `"1h..4h"`). A number given
    /// for it is written as a string, so `7.9` is not read as a float.
    Text,
    /// A word from a list or a name (`SCT_INST`, `daily`, `CN`).
    Word,
    /// A whole number (`days`, `count`, `seed`).
    Integer,
    /// A number where a float is harmless (`purchases_per_day`).
    Number,
    /// A date (`2018-02-12`).
    Date,
    /// A list of values (`holidays = [2018-03-05]`), written in TOML.
    List,
}

impl Kind {
    /// The kind as the catalogue prints it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Word => "word",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::List => "list",
        }
    }
}

/// One settable key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The key as a pattern: `settlement_bank.minimum`,
    /// `tiers.NAME.minimum` (NAME: any table name), `faults[N].reason`
    /// (N: the N-th `[[faults]]` table, from 1).
    pub key: String,
    /// The kind of its value.
    pub kind: Kind,
    /// What it means, with its unit, range and default: the schema's
    /// description (the doc comment of its field in `scenario::raw`).
    pub meaning: String,
    /// How a value of its kind is written, from the schema when it says
    /// (`Text`: "an amount ("12.34 EUR"), a share ("1.5%"), ...").
    pub syntax: String,
}

/// Every settable key, in the schema's order (tables alphabetically, then
/// their keys alphabetically).
pub fn catalogue() -> Vec<Setting> {
    all().to_vec()
}

/// The catalogue, built from the schema once per process: a sweep applies
/// its changes once per seed.
pub fn all() -> &'static [Setting] {
    static ALL: std::sync::OnceLock<Vec<Setting>> = std::sync::OnceLock::new();
    ALL.get_or_init(build)
}

fn build() -> Vec<Setting> {
    let schema = schemars::schema_for!(crate::scenario::raw::RawFile);
    let root = schema.as_value();
    let defs = root.get("$defs").and_then(Json::as_object).cloned().unwrap_or_default();
    let mut out = Vec::new();
    walk(root, "", &defs, &mut out);
    out
}

/// The setting a concrete key (`faults[2].reason`, `tiers.gold.mdr`) sets.
pub fn find<'a>(catalogue: &'a [Setting], key: &str) -> Option<&'a Setting> {
    let pattern = pattern_of(key);
    catalogue.iter().find(|s| matches(&s.key, &pattern))
}

/// `faults[2].reason` as `faults[N].reason`: indices replaced by `N`.
pub fn pattern_of(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut in_index = false;
    for ch in key.chars() {
        match ch {
            '[' => {
                in_index = true;
                out.push_str("[N]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(ch),
        }
    }
    out
}

/// Whether a key pattern (`tiers.NAME.mdr`) covers `key` (already with
/// its indices as `N`): segment by segment, `NAME` standing for any name.
fn matches(pattern: &str, key: &str) -> bool {
    let (p, k): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), key.split('.').collect());
    p.len() == k.len()
        && p.iter()
            .zip(&k)
            .all(|(p, k)| p == k || (*p == "NAME" && !k.contains('[')))
}

fn walk(node: &Json, prefix: &str, defs: &Map<String, Json>, out: &mut Vec<Setting>) {
    let Some(props) = node.get("properties").and_then(Json::as_object) else {
        return;
    };
    for (name, prop) in props {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let meaning = prop.get("description").and_then(Json::as_str).unwrap_or_default();
        leaf_or_table(prop, &key, meaning, defs, out);
    }
}

/// A property: a table (walked), a map of tables (`NAME`), an array of
/// tables (`[N]`) or a value (a setting).
fn leaf_or_table(prop: &Json, key: &str, meaning: &str, defs: &Map<String, Json>, out: &mut Vec<Setting>) {
    let target = resolve(prop, defs);
    if target.get("properties").is_some() {
        return walk(target, key, defs, out);
    }
    if let Some(inner) = target.get("additionalProperties").filter(|v| v.is_object()) {
        return walk(resolve(inner, defs), &format!("{key}.NAME"), defs, out);
    }
    if let Some(items) = target.get("items") {
        let item = resolve(items, defs);
        if item.get("properties").is_some() {
            return walk(item, &format!("{key}[N]"), defs, out);
        }
    }
    let (kind, syntax) = kind_of(prop, defs);
    out.push(Setting {
        key: key.to_string(),
        kind,
        meaning: meaning.split_whitespace().collect::<Vec<_>>().join(" "),
        syntax,
    });
}

/// Follows a `$ref`, directly or as the non-null branch of an `anyOf`
/// (how schemars writes an `Option`).
fn resolve<'a>(node: &'a Json, defs: &'a Map<String, Json>) -> &'a Json {
    if let Some(r) = node.get("$ref").and_then(Json::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        return defs.get(name).map_or(node, |d| resolve(d, defs));
    }
    if let Some(branches) = node.get("anyOf").and_then(Json::as_array) {
        let refs: Vec<&Json> = branches.iter().filter(|b| b.get("$ref").is_some()).collect();
        if let [only] = refs.as_slice() {
            return resolve(only, defs);
        }
    }
    node
}

fn kind_of(prop: &Json, defs: &Map<String, Json>) -> (Kind, String) {
    let def_name = |n: &Json| {
        n.get("$ref")
            .and_then(Json::as_str)
            .and_then(|r| r.rsplit('/').next())
            .map(str::to_string)
    };
    let named = def_name(prop).or_else(|| {
        prop.get("anyOf")
            .and_then(Json::as_array)
            .and_then(|bs| bs.iter().find_map(def_name))
    });
    if let Some(name) = named {
        let syntax = defs
            .get(&name)
            .and_then(|d| d.get("description"))
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        let kind = match name.as_str() {
            "Date" => Kind::Date,
            "Number" => Kind::Number,
            _ => Kind::Text,
        };
        return (kind, syntax);
    }
    let types: Vec<&str> = match prop.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    let (kind, syntax) = if types.contains(&"array") {
        (Kind::List, "a TOML list: [2018-03-05, 2018-03-06]")
    } else if types.contains(&"integer") {
        (Kind::Integer, "a whole number")
    } else {
        (Kind::Word, "a word or a name")
    };
    (kind, syntax.to_string())
}

/// "unknown key `x`; did you mean `y`?", from the catalogue.
pub(super) fn unknown(all: &[Setting], key: &str) -> String {
    let patterns: Vec<String> = all.iter().map(|s| s.key.clone()).collect();
    let wanted = pattern_of(key);
    // Compared as patterns (`tiers.NAME.mdr`), with the user's names in
    // the NAME slots so that a typo elsewhere is what counts.
    let filled: Vec<String> = patterns.iter().map(|p| fill_names(p, &wanted)).collect();
    let mut message = format!("unknown key `{key}`");
    match crate::scenario::nearest(&wanted, &filled) {
        Some(near) => {
            let i = filled.iter().position(|f| *f == near).unwrap_or(0);
            let shown = with_indices(&fill_names(&patterns[i], key), key);
            message.push_str(&format!("; did you mean `{shown}`?"));
        }
        None => {
            // A key written without its table (`minimum`): the keys that
            // end with it, each with its table.
            let ends: Vec<String> = patterns
                .iter()
                .filter(|p| !key.contains('.') && p.rsplit('.').next() == Some(key))
                .map(|p| format!("`{}`", with_indices(p, key)))
                .collect();
            match ends.as_slice() {
                [] => message.push_str(". `corridor schema scenario` lists every key"),
                [one] => message.push_str(&format!("; a key is written with its table: did you mean {one}?")),
                many => message.push_str(&format!(
                    "; a key is written with its table: one of {}",
                    many.join(", ")
                )),
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_the_keys_of_the_spec_with_their_meanings() {
        let all = catalogue();
        let minimum = find(&all, "settlement_bank.minimum").expect("a key of the spec");
        assert_eq!(minimum.kind, Kind::Text);
        assert!(
            minimum.meaning.starts_with("`[settlement_bank] minimum`"),
            "{}",
            minimum.meaning
        );
        assert_eq!(find(&all, "acquirer.scheme").map(|s| s.kind), Some(Kind::Word));
        assert_eq!(find(&all, "scenario.seed").map(|s| s.kind), Some(Kind::Integer));
        assert_eq!(
            find(&all, "faults[2].reason").map(|s| s.key.as_str()),
            Some("faults[N].reason")
        );
        assert_eq!(
            find(&all, "fx.shocks[1].move").map(|s| s.key.as_str()),
            Some("fx.shocks[N].move")
        );
        assert_eq!(
            find(&all, "tiers.gold.mdr").map(|s| s.key.as_str()),
            Some("tiers.NAME.mdr")
        );
        assert_eq!(find(&all, "calendars.X.holidays").map(|s| s.kind), Some(Kind::List));
        assert!(find(&all, "settlement_bank.minimun").is_none());
        assert!(find(&all, "faults.reason").is_none());
    }
}
