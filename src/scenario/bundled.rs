//! The scenarios shipped inside the binary, so `corridor run` works from any
//! directory. Their data files (the ECB rate table) are bundled too and
//! resolved by the same relative names a file on disk would use.

/// A bundled scenario: its name and TOML text.
pub struct Bundled {
    /// What `corridor run NAME` takes, `"spring-festival-2018"`.
    pub name: &'static str,
    /// The contents of `scenarios/NAME.toml`.
    pub text: &'static str,
}

/// The scenario `corridor` and `corridor run` use without one.
pub const DEFAULT: &str = "spring-festival-2018";

/// `bundled!["a", "b"]`: each name's text from `scenarios/NAME.toml`.
macro_rules! bundled {
    [$($name:literal),* $(,)?] => {
        &[$(Bundled { name: $name, text: include_str!(concat!("../../scenarios/", $name, ".toml")) },)*]
    };
}

/// Every bundled scenario, in the order `corridor scenarios` lists them.
pub const SCENARIOS: &[Bundled] = bundled![
    "spring-festival-2018",
    "baseline",
    "evening-cutoffs",
    "fx-shock",
    "payout-returns",
    "regulator-delay",
    "short-remittance",
    "refund-storm",
    "scale-1m",
];

const DATA: &[(&str, &str)] = &[(
    "data/ecb-eur-cny-2018.csv",
    include_str!("../../scenarios/data/ecb-eur-cny-2018.csv"),
)];

/// The bundled scenario called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Bundled> {
    SCENARIOS.iter().find(|s| s.name == name)
}

/// The data files bundled with the scenarios: (path relative to a
/// scenario, contents).
pub fn data_files() -> &'static [(&'static str, &'static str)] {
    DATA
}

/// A data file beside the bundled scenarios.
pub fn data(relative: &str) -> Result<String, String> {
    DATA.iter()
        .find(|(n, _)| *n == relative.trim_start_matches("./"))
        .map(|(_, t)| t.to_string())
        .ok_or_else(|| format!("`{relative}` is not a data file bundled with corridor"))
}
