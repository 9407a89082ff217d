//! A key as `--set` and the settings editor write it, split into the
//! tables it walks through: `settlement_bank.minimum`, `tiers.gold.mdr`,
//! `faults[2].reason` (the second `[[faults]]` table: elements count from
//! 1, as corridor's ids do), `fx.shocks[1].move`.

/// One step of a key: a table or value name, and, for an array of tables,
/// which element (0-based inside; written from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The key's name at this level.
    pub name: String,
    /// The element of the array `name` holds, 0-based; None for a table or
    /// a value.
    pub index: Option<usize>,
}

/// Splits `key` into its steps, or says how to write it.
pub fn steps(key: &str) -> Result<Vec<Step>, String> {
    let bad = |why: &str| {
        format!("`{key}` is not a key: {why}; write it dotted, like settlement_bank.minimum or faults[1].reason")
    };
    if key.trim().is_empty() {
        return Err(bad("it is empty"));
    }
    let mut out = Vec::new();
    for part in key.split('.') {
        let (name, index) = match part.split_once('[') {
            None => (part, None),
            Some((name, rest)) => {
                let digits = rest
                    .strip_suffix(']')
                    .ok_or_else(|| bad("an index is written [N], closed"))?;
                let n: usize = digits
                    .parse()
                    .map_err(|_| bad("an index is a whole number, like [1]"))?;
                if n == 0 {
                    return Err(format!(
                        "`{key}`: elements count from 1 ([1] is the first table), as corridor's ids do"
                    ));
                }
                (name, Some(n - 1))
            }
        };
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(bad("each part is a name of letters, digits, `_` or `-`"));
        }
        out.push(Step {
            name: name.to_string(),
            index,
        });
    }
    Ok(out)
}

/// The steps written back as a key (`faults[2].reason`).
pub fn key(steps: &[Step]) -> String {
    let parts: Vec<String> = steps
        .iter()
        .map(|s| match s.index {
            Some(i) => format!("{}[{}]", s.name, i + 1),
            None => s.name.clone(),
        })
        .collect();
    parts.join(".")
}

/// Splits a `--vary` list (`650 EUR,5000 EUR`) at its top-level commas:
/// a comma inside quotes or brackets (`[2018-03-05, 2018-03-06]`) belongs
/// to its value.
pub fn split_values(list: &str) -> Vec<String> {
    let (mut out, mut current) = (Vec::new(), String::new());
    let (mut depth, mut quote) = (0i32, None::<char>);
    for ch in list.chars() {
        match (ch, quote) {
            ('"' | '\'', None) => quote = Some(ch),
            (c, Some(q)) if c == q => quote = None,
            ('[' | '{', None) => depth += 1,
            (']' | '}', None) => depth -= 1,
            (',', None) if depth == 0 => {
                out.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    out.push(current.trim().to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_dotted_with_indices_from_one() {
        let s = steps("faults[2].reason").expect("a key");
        assert_eq!(
            s[0],
            Step {
                name: "faults".into(),
                index: Some(1)
            }
        );
        assert_eq!(key(&s), "faults[2].reason");
        assert!(steps("faults[0].reason").unwrap_err().contains("count from 1"));
        assert!(steps("a..b").is_err() && steps("faults[x]").is_err() && steps("").is_err());
    }

    #[test]
    fn a_vary_list_splits_at_its_top_level_commas() {
        assert_eq!(split_values("650 EUR,5000 EUR"), ["650 EUR", "5000 EUR"]);
        assert_eq!(split_values("\"a,b\",[1, 2]"), ["\"a,b\"", "[1, 2]"]);
    }
}
