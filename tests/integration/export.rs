//! Bank files: IBANs and BICs for every merchant and institution, and the
//! files `corridor run --export DIR` writes (pain.001, CSV), checked against
//! the official XSDs with an outside validator and against the run.

use corridor::domain::iban::{BBAN_FORMATS, BankAccount, parse_bic, parse_iban};
use corridor::domain::zone::COUNTRIES;
use corridor::messages::Directory;

use super::support::*;

#[test]
fn every_supported_country_gets_valid_ibans() {
    let countries: Vec<&str> = COUNTRIES.split(", ").collect();
    let formats: Vec<&str> = BBAN_FORMATS.iter().map(|(c, _)| *c).collect();
    assert_eq!(countries, formats, "an IBAN format for every country corridor maps");
    for country in countries {
        for seed in 0..20 {
            let a = BankAccount::derive(seed, &format!("m/{seed}"), country);
            assert_eq!(a.iban.country(), country);
            // iban_validate checks the registry's length and BBAN format and mod-97.
            let checked: iban::Iban = a.iban.as_str().parse().unwrap_or_else(|e| panic!("{}: {e}", a.iban));
            assert_eq!(iban::IbanLike::electronic_str(&checked), a.iban.as_str());
            assert!(parse_bic(a.bic.as_str()).is_ok());
            assert_eq!(&a.bic.as_str()[4..6], country);
        }
    }
}

#[test]
fn accounts_are_drawn_from_the_seed_or_given() {
    let sc = scenario(TINY_WITH_IBANS);
    let dir = Directory::new(&sc);
    let first = dir.by_name("lux/1").unwrap();
    assert_eq!(dir.account(first).iban.as_str(), "LU280019400644750000");
    assert_eq!(dir.account(first).bic.as_str(), "BCEELULL");
    let paris = dir.by_name("paris/1").unwrap();
    let again = Directory::new(&scenario(TINY_WITH_IBANS));
    assert_eq!(dir.account(paris), again.account(paris));
    assert_eq!(dir.account(paris).iban.country(), "FR");
    assert!(parse_iban(dir.institutions().acquirer.iban.as_str()).is_ok());
}

#[test]
fn a_bad_check_digit_is_refused_with_its_key_and_position() {
    let text = TINY_WITH_IBANS.replace("LU28 0019", "LU29 0019");
    let err = load(&text).unwrap_err().to_string();
    assert!(
        err.contains(
            "merchants.ibans: ibans[0] `LU29 0019 4006 4475 0000` is not a valid IBAN: the check digits at \
             characters 3 and 4 are 29, the rest of the IBAN needs 28"
        ),
        "{err}"
    );
    assert!(err.starts_with("test.toml:"), "{err}");
    let err = load(&TINY_WITH_IBANS.replace("BCEELULL", "BCE1LULL"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("merchants.bic: `BCE1LULL` is not a valid BIC: character 4"),
        "{err}"
    );
    let err = load(&TINY_WITH_IBANS.replace(", \"LU120010001234567891\"", ""))
        .unwrap_err()
        .to_string();
    assert!(err.contains("1 IBANs for a group of 2 merchants"), "{err}");
}

const TINY_WITH_IBANS: &str = r#"
[scenario]
name = "ibans"
seed = 7
start = 2018-02-12
days = 3

[[merchants]]
name = "paris"
count = 2

[[merchants]]
name = "lux"
country = "LU"
count = 2
ibans = ["LU28 0019 4006 4475 0000", "LU120010001234567891"]
bic = "BCEELULL"
"#;
