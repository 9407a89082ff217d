//! Bank identifiers: IBANs (ISO 13616) and BICs (ISO 9362). Every merchant
//! and institution of a run has an account, drawn from the seed when the
//! scenario gives none: a BBAN in its country's registered format, then the
//! mod-97 check digits. Validation of an IBAN (registered length, BBAN
//! format, check digits) is `iban_validate`'s; this module only adds the
//! words an error needs (which character is wrong, what the check digits
//! should be).

use crate::engine::Stream;

/// The BBAN format of each SEPA country corridor maps (`zone::COUNTRIES`),
/// from the SWIFT IBAN registry: `n` a digit, `a` an upper-case letter, `c`
/// either. The IBAN is the country code, two check digits, then the BBAN.
pub const BBAN_FORMATS: &[(&str, &str)] = &[
    ("AT", "5n11n"),
    ("BE", "3n7n2n"),
    ("CY", "3n5n16c"),
    ("DE", "8n10n"),
    ("EE", "2n2n11n1n"),
    ("ES", "4n4n1n1n10n"),
    ("FI", "3n11n"),
    ("FR", "5n5n11c2n"),
    ("GR", "3n4n16c"),
    ("HR", "7n10n"),
    ("IE", "4a6n8n"),
    ("IT", "1a5n5n12c"),
    ("LT", "5n11n"),
    ("LU", "3n13c"),
    ("LV", "4a13c"),
    ("MT", "4a5n18c"),
    ("NL", "4a10n"),
    ("PT", "4n4n11n2n"),
    ("SI", "5n8n2n"),
    ("SK", "4n6n10n"),
];

/// Where corridor opens accounts for a country it has no BBAN format for
/// (a merchant group with its own `timezone` and another country code):
/// France, whose overseas departments use French IBANs.
pub const FALLBACK_COUNTRY: &str = "FR";

/// A valid IBAN in electronic form (no spaces), `DE89370400440532013000`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Iban(String);

/// A valid BIC, 8 or 11 characters, `DEUTDEFF`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bic(String);

/// An account: the IBAN and the BIC of the bank that keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankAccount {
    /// The account number.
    pub iban: Iban,
    /// The account-servicing bank.
    pub bic: Bic,
}

impl Iban {
    /// The IBAN, electronic form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The ISO 3166 country code, its first two characters.
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
}

impl Bic {
    /// The BIC as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Iban {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for Bic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The BBAN format of `country`, if corridor has one.
pub fn bban_format(country: &str) -> Option<&'static str> {
    BBAN_FORMATS.iter().find(|(c, _)| *c == country).map(|(_, f)| *f)
}

/// The two check digits (`02` to `98`) of an IBAN of `country` with `bban`:
/// 98 less the remainder mod 97 of the BBAN, the country and `00`, letters
/// read as 10 to 35 (ISO 7064 MOD 97-10). `bban` is upper-case alphanumeric.
pub fn check_digits(country: &str, bban: &str) -> String {
    let mut rest: u32 = 0;
    for ch in bban.chars().chain(country.chars()).chain("00".chars()) {
        let v = ch.to_digit(36).unwrap_or(0);
        rest = if v >= 10 {
            (rest * 100 + v) % 97
        } else {
            (rest * 10 + v) % 97
        };
    }
    format!("{:02}", 98 - rest)
}

/// What is wrong with an IBAN or a BIC; `position` counts characters from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    /// A character that cannot stand there.
    Character {
        /// 1-based position of the character.
        position: usize,
        /// What the format wants there.
        expected: &'static str,
    },
    /// The wrong length for the country (IBAN) or not 8 or 11 (BIC).
    Length {
        /// The length found.
        found: usize,
        /// The lengths allowed, in words.
        expected: String,
    },
    /// An IBAN country without IBANs in the registry.
    Country(String),
    /// IBAN check digits (positions 3 and 4) that do not match the rest.
    CheckDigits {
        /// The check digits written.
        found: String,
        /// The check digits the rest of the IBAN needs.
        expected: String,
    },
}

impl std::fmt::Display for IdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdError::Character { position, expected } => write!(f, "character {position} should be {expected}"),
            IdError::Length { found, expected } => write!(f, "{found} characters where {expected} are needed"),
            IdError::Country(c) => write!(f, "`{c}` is not a country with IBANs"),
            IdError::CheckDigits { found, expected } => write!(
                f,
                "the check digits at characters 3 and 4 are {found}, the rest of the IBAN needs {expected}"
            ),
        }
    }
}

/// Parses an IBAN (spaces allowed, as printed on paper) of any registered
/// country. `iban_validate` decides; the error says where it went wrong.
pub fn parse_iban(text: &str) -> Result<Iban, IdError> {
    let s: String = text.chars().filter(|c| *c != ' ').collect();
    if let Ok(iban) = s.parse::<iban::Iban>() {
        return Ok(Iban(iban::IbanLike::electronic_str(&iban).to_string()));
    }
    let chars: Vec<char> = s.chars().collect();
    first_bad_character(&chars, |i, ch| match i {
        0 | 1 => (ch.is_ascii_uppercase(), "an upper-case letter (the country)"),
        2 | 3 => (ch.is_ascii_digit(), "a digit (the check digits)"),
        _ => (alphanumeric(ch), "a digit or an upper-case letter"),
    })?;
    if chars.len() < 5 {
        let expected = "15 to 34".to_string();
        return Err(IdError::Length {
            found: chars.len(),
            expected,
        });
    }
    let (country, bban) = (&s[..2], &s[4..]);
    let digits = || {
        let expected = check_digits(country, bban);
        if s[2..4] == expected {
            Ok(())
        } else {
            Err(IdError::CheckDigits {
                found: s[2..4].to_string(),
                expected,
            })
        }
    };
    let Some(format) = bban_format(country) else {
        digits()?;
        return Err(IdError::Country(country.to_string()));
    };
    // A character dropped or added is a wrong length, not wrong check
    // digits: new check digits would not make it an IBAN.
    let length = expand(format).len() + 4;
    if chars.len() != length {
        return Err(IdError::Length {
            found: chars.len(),
            expected: length.to_string(),
        });
    }
    bban_characters(format, bban)?;
    digits()?;
    // iban_validate refused what every check here accepts.
    Err(IdError::Country(format!("{country}: {bban} is not a registered BBAN")))
}

/// The first character of `bban` (of the length `format` gives) that
/// `format` does not allow there, by its position in the whole IBAN.
fn bban_characters(format: &str, bban: &str) -> Result<(), IdError> {
    for (i, (k, ch)) in expand(format).iter().zip(bban.chars()).enumerate() {
        let (ok, expected) = match k {
            'n' => (ch.is_ascii_digit(), "a digit"),
            'a' => (ch.is_ascii_uppercase(), "an upper-case letter"),
            _ => (
                ch.is_ascii_digit() || ch.is_ascii_uppercase(),
                "a digit or an upper-case letter",
            ),
        };
        if !ok {
            return Err(IdError::Character {
                position: i + 5,
                expected,
            });
        }
    }
    Ok(())
}

/// `3n2a` as `nnnaa`.
fn expand(format: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut n = 0usize;
    for ch in format.chars() {
        match ch.to_digit(10) {
            Some(d) => n = n * 10 + d as usize,
            None => {
                out.extend(std::iter::repeat_n(ch, n));
                n = 0;
            }
        }
    }
    out
}

/// The first character that breaks `rule` (given its 0-based place: is it
/// right, and what belongs there), as an error naming its 1-based position.
fn first_bad_character(chars: &[char], rule: impl Fn(usize, char) -> (bool, &'static str)) -> Result<(), IdError> {
    for (i, &ch) in chars.iter().enumerate() {
        let (ok, expected) = rule(i, ch);
        if !ok {
            return Err(IdError::Character {
                position: i + 1,
                expected,
            });
        }
    }
    Ok(())
}

fn alphanumeric(ch: char) -> bool {
    ch.is_ascii_uppercase() || ch.is_ascii_digit()
}

/// Parses a BIC (ISO 9362): four letters (the bank), a country code, two
/// letters or digits (the location), optionally three more (the branch).
pub fn parse_bic(text: &str) -> Result<Bic, IdError> {
    let chars: Vec<char> = text.chars().collect();
    first_bad_character(&chars[..chars.len().min(11)], |i, ch| match i {
        0..=3 => (ch.is_ascii_uppercase(), "an upper-case letter (the bank)"),
        4 | 5 => (ch.is_ascii_uppercase(), "an upper-case letter (the country)"),
        _ => (alphanumeric(ch), "a digit or an upper-case letter"),
    })?;
    if chars.len() != 8 && chars.len() != 11 {
        let expected = "8 or 11".to_string();
        return Err(IdError::Length {
            found: chars.len(),
            expected,
        });
    }
    Ok(Bic(text.to_string()))
}

impl BankAccount {
    /// The account of `owner` at a bank in `country`, drawn from `seed`:
    /// a BIC `BBBB` + country + location, and an IBAN whose BBAN follows the
    /// country's format (the bank letters first where the format starts with
    /// four letters, as Dutch and Irish IBANs do). A country without a
    /// format in [`BBAN_FORMATS`] gets a [`FALLBACK_COUNTRY`] account. The
    /// draws come from a stream of their own, so no other draw moves.
    pub fn derive(seed: u64, owner: &str, country: &str) -> BankAccount {
        let country = if bban_format(country).is_some() {
            country
        } else {
            FALLBACK_COUNTRY
        };
        let mut s = Stream::derive(seed, owner, "bank-account");
        BankAccount::draw(&mut s, country, country)
    }

    /// An account kept in `country` for an institution of `home` (its BIC's
    /// country): a Chinese bank's EUR nostro account at a correspondent in
    /// the euro area, say.
    pub fn nostro(seed: u64, owner: &str, home: &str, country: &str) -> BankAccount {
        let mut s = Stream::derive(seed, owner, "bank-account");
        BankAccount::draw(&mut s, home, country)
    }

    fn draw(s: &mut Stream, home: &str, country: &str) -> BankAccount {
        let letter = |s: &mut Stream| char::from(b'A' + s.below(26) as u8);
        let bank: String = (0..4).map(|_| letter(s)).collect();
        let location: String = (0..2).map(|_| letter(s)).collect();
        let bic = Bic(format!("{bank}{home}{location}"));
        let mut bban = String::new();
        for (i, kind) in expand(bban_format(country).unwrap_or("5n5n11c2n"))
            .into_iter()
            .enumerate()
        {
            let ch = match kind {
                'a' if i < 4 && country != "IT" => bank.as_bytes()[i] as char,
                'a' => letter(s),
                _ => char::from(b'0' + s.below(10) as u8),
            };
            bban.push(ch);
        }
        let iban = format!("{country}{}{bban}", check_digits(country, &bban));
        let iban = parse_iban(&iban).expect("a drawn IBAN follows its country's registered format");
        BankAccount { iban, bic }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_iban_has_its_check_digits() {
        assert_eq!(check_digits("DE", "370400440532013000"), "89");
        assert!(parse_iban("DE89 3704 0044 0532 0130 00").is_ok());
        let err = parse_iban("DE88370400440532013000").unwrap_err();
        assert_eq!(
            err,
            IdError::CheckDigits {
                found: "88".into(),
                expected: "89".into()
            }
        );
    }

    #[test]
    fn a_character_dropped_is_a_wrong_length_not_wrong_check_digits() {
        assert_eq!(
            parse_iban("DE89 3704 0044 0532 0130 0").unwrap_err(),
            IdError::Length {
                found: 21,
                expected: "22".into()
            }
        );
        // A letter where the German BBAN has digits, before the check digits.
        assert_eq!(
            parse_iban("DE89 3704 0044 0532 0130 0X").unwrap_err(),
            IdError::Character {
                position: 22,
                expected: "a digit"
            }
        );
    }

    #[test]
    fn bics_name_the_bad_character() {
        assert!(parse_bic("DEUTDEFF").is_ok());
        assert!(parse_bic("DEUTDEFF500").is_ok());
        assert_eq!(
            parse_bic("DEU1DEFF").unwrap_err(),
            IdError::Character {
                position: 4,
                expected: "an upper-case letter (the bank)"
            }
        );
        assert!(matches!(parse_bic("DEUTDEF"), Err(IdError::Length { .. })));
    }
}
