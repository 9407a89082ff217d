//! The scenarios shipped inside the binary, so `corridor run` works from any
//! directory. Their data files (the ECB rate table) are bundled too and
//! resolved by the same relative names a file on disk would use.

/// A bundled scenario: its name and TOML text.
pub struct Bundled {
    pub name: &'static str,
    pub text: &'static str,
}

pub const DEFAULT: &str = "spring-festival-2018";

pub const SCENARIOS: &[Bundled] = &[
    Bundled {
        name: "spring-festival-2018",
        text: include_str!("../../scenarios/spring-festival-2018.toml"),
    },
    Bundled {
        name: "baseline",
        text: include_str!("../../scenarios/baseline.toml"),
    },
    Bundled {
        name: "evening-cutoffs",
        text: include_str!("../../scenarios/evening-cutoffs.toml"),
    },
    Bundled {
        name: "fx-shock",
        text: include_str!("../../scenarios/fx-shock.toml"),
    },
    Bundled {
        name: "payout-returns",
        text: include_str!("../../scenarios/payout-returns.toml"),
    },
    Bundled {
        name: "regulator-delay",
        text: include_str!("../../scenarios/regulator-delay.toml"),
    },
    Bundled {
        name: "short-remittance",
        text: include_str!("../../scenarios/short-remittance.toml"),
    },
    Bundled {
        name: "refund-storm",
        text: include_str!("../../scenarios/refund-storm.toml"),
    },
    Bundled {
        name: "scale-1m",
        text: include_str!("../../scenarios/scale-1m.toml"),
    },
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
