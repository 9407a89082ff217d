//! The scenarios shipped inside the binary, so `corridor run` works from any
//! directory. Their data files (the ECB rate table) are bundled too and
//! resolved by the same relative names a file on disk would use.

/// A bundled scenario: its name and TOML text.
pub struct Bundled {
    pub name: &'static str,
    pub text: &'static str,
}

pub const DEFAULT: &str = "spring-festival-2018";

/// `bundled!["a", "b"]`: each name's text from `scenarios/NAME.toml`.
macro_rules! bundled {
    [$($name:literal),* $(,)?] => {
        &[$(Bundled { name: $name, text: include_str!(concat!("../../scenarios/", $name, ".toml")) },)*]
    };
}

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

pub fn find(name: &str) -> Option<&'static Bundled> {
    SCENARIOS.iter().find(|s| s.name == name)
}

/// A data file beside the bundled scenarios.
pub fn data(relative: &str) -> Result<String, String> {
    DATA.iter()
        .find(|(n, _)| *n == relative.trim_start_matches("./"))
        .map(|(_, t)| t.to_string())
        .ok_or_else(|| format!("`{relative}` is not a data file bundled with corridor"))
}
