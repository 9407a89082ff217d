//! Exact money: a `rust_decimal` amount with its ISO 4217 currency. The
//! corridor rounds half away from zero, to the currency's minor unit, at each
//! conversion; every rounding in the code goes through [`round_minor`] or
//! names its strategy, never `round_dp` (which rounds half to even).
//!
//! Amounts of different currencies never meet silently: [`Money::checked_add`],
//! [`Money::checked_sub`] and [`Money::checked_cmp`] return a
//! [`CurrencyMismatch`], and the operators (`+`, `-`, `+=`, `-=`, `<`, `min`,
//! ...) panic on one in every build, release included.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// The currencies the corridor moves; each has two minor digits (ISO 4217).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Currency {
    /// Chinese yuan renminbi: the wallet's and the issuer's side.
    CNY,
    /// Euro: the acquirer's and the merchants' side.
    EUR,
    /// US dollar.
    USD,
}

impl Currency {
    /// Every currency, in the order of the enum (totals are listed so).
    pub const ALL: [Currency; 3] = [Currency::CNY, Currency::EUR, Currency::USD];

    /// The ISO 4217 alphabetic code, `"EUR"`.
    pub fn code(self) -> &'static str {
        match self {
            Currency::CNY => "CNY",
            Currency::EUR => "EUR",
            Currency::USD => "USD",
        }
    }

    /// Digits after the decimal point (ISO 4217 minor unit): 2 for all three
    /// (fen and cents).
    pub fn minor_digits(self) -> u32 {
        2
    }

    /// The currency of an ISO 4217 code, exactly as [`Currency::code`] writes
    /// it (upper case, no spaces); None for any other string.
    pub fn parse(code: &str) -> Option<Currency> {
        Currency::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Rounds to the currency's minor unit, half away from zero.
pub fn round_minor(amount: Decimal, currency: Currency) -> Decimal {
    amount.round_dp_with_strategy(currency.minor_digits(), RoundingStrategy::MidpointAwayFromZero)
}

/// An amount of one currency, always held at its minor unit.
///
/// Invariant: amounts of different currencies are never added, subtracted or
/// compared. The `+`, `-`, `+=` and `-=` operators and the ordering (`<`,
/// `<=`, `cmp`, `min`, `max`, sorting) panic with the [`CurrencyMismatch`]
/// message when the currencies differ, in release builds too: a mismatch is
/// a bug in the simulator (money must be converted before it meets money of
/// another currency), never a condition of a scenario. Code that cannot rule
/// a mismatch out uses [`Money::checked_add`], [`Money::checked_sub`] or
/// [`Money::checked_cmp`]. Equality is defined across currencies: 1.00 EUR
/// is simply not equal to 1.00 CNY.
///
/// Addition and subtraction also panic if the decimal overflows (beyond
/// about 7.9e28), as `rust_decimal` does; scenarios cap amounts far below.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// The amount in major units (`12.34` for 12.34 EUR), negative for money
    /// owed, with at most [`Currency::minor_digits`] decimals: every
    /// constructor rounds, so no code can hold a fraction of a cent.
    pub fn amount(self) -> Decimal {
        self.amount
    }

    /// The currency [`Money::amount`] is in; fixed at construction, so money
    /// changes currency only by conversion into a new `Money`.
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// Rounds `amount` to minor units (half away from zero).
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money {
            amount: round_minor(amount, currency),
            currency,
        }
    }

    /// `minor` minor units of `currency` (cents, fen): exact, no rounding.
    pub fn from_minor(minor: i64, currency: Currency) -> Money {
        Money {
            amount: Decimal::new(minor, currency.minor_digits()),
            currency,
        }
    }

    /// Nothing, in `currency`: the start of a sum.
    pub fn zero(currency: Currency) -> Money {
        Money {
            amount: Decimal::ZERO,
            currency,
        }
    }

    /// `amount` euros, rounded to the cent half away from zero.
    pub fn eur(amount: Decimal) -> Money {
        Money::new(amount, Currency::EUR)
    }

    /// `amount` yuan, rounded to the fen half away from zero.
    pub fn cny(amount: Decimal) -> Money {
        Money::new(amount, Currency::CNY)
    }

    /// True for a zero amount, whatever its sign or scale.
    pub fn is_zero(self) -> bool {
        self.amount.is_zero()
    }

    /// True when strictly above zero.
    pub fn is_positive(self) -> bool {
        self.amount.is_sign_positive() && !self.amount.is_zero()
    }

    /// True when strictly below zero (a negative zero is not negative).
    pub fn is_negative(self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// `share` of this amount (a fee or a rate), rounded half away from zero.
    pub fn times(self, share: Decimal) -> Money {
        Money::new(self.amount * share, self.currency)
    }

    /// Writes `1234.56 EUR` with exactly the minor digits, for the event log.
    pub fn write(self, out: &mut Vec<u8>) {
        use std::io::Write;
        let _ = write!(out, "{self}");
    }

    /// `self + o`, or the mismatch when `o` is in another currency. Panics
    /// only on decimal overflow, as `+` does.
    pub fn checked_add(self, o: Money) -> Result<Money, CurrencyMismatch> {
        self.same_currency(o)?;
        Ok(Money {
            amount: self.amount + o.amount,
            currency: self.currency,
        })
    }

    /// `self - o`, or the mismatch when `o` is in another currency. Panics
    /// only on decimal overflow, as `-` does.
    pub fn checked_sub(self, o: Money) -> Result<Money, CurrencyMismatch> {
        self.same_currency(o)?;
        Ok(Money {
            amount: self.amount - o.amount,
            currency: self.currency,
        })
    }

    /// How `self` compares with `o`, or the mismatch when `o` is in another
    /// currency. Never panics.
    pub fn checked_cmp(self, o: Money) -> Result<Ordering, CurrencyMismatch> {
        self.same_currency(o)?;
        Ok(self.amount.cmp(&o.amount))
    }

    #[inline]
    fn same_currency(self, o: Money) -> Result<(), CurrencyMismatch> {
        if self.currency != o.currency {
            return Err(CurrencyMismatch {
                left: self.currency,
                right: o.currency,
            });
        }
        Ok(())
    }
}

/// Two amounts of different currencies met in an addition, a subtraction or
/// a comparison. Returned by the `checked_*` methods of [`Money`]; the
/// operators panic with its message instead, because there a mismatch is a
/// bug (an invariant violation), not an input error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrencyMismatch {
    /// The currency of the left operand (`self`).
    pub left: Currency,
    /// The currency of the right operand.
    pub right: Currency,
}

impl fmt::Display for CurrencyMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot mix amounts in {} and {}: convert one of them first",
            self.left, self.right
        )
    }
}

impl std::error::Error for CurrencyMismatch {}

/// The panic of an operator whose operands' currencies differ. Out of line
/// and cold so that the check costs the hot path one comparison and a
/// branch the compiler lays out as not taken.
#[cold]
#[inline(never)]
#[track_caller]
fn mismatch(left: Money, op: &str, right: Money) -> ! {
    let e = CurrencyMismatch {
        left: left.currency,
        right: right.currency,
    };
    panic!("{e} ({left} {op} {right})")
}

impl fmt::Display for Money {
    /// `1234.56 EUR`, with exactly the currency's minor digits. Zero is
    /// written unsigned: a difference of equal amounts can carry a negative
    /// sign in `rust_decimal`, and `-0.00` means nothing to a reader.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.currency.minor_digits() as usize;
        let amount = if self.amount.is_zero() {
            Decimal::ZERO
        } else {
            self.amount
        };
        write!(f, "{:.*} {}", digits, amount, self.currency)
    }
}

/// In a JSON Schema: the string the report writes.
impl schemars::JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An amount and its ISO 4217 currency, with exactly the currency's minor digits: \"1234.56 EUR\".",
            "type": "string",
            "pattern": "^-?[0-9]+\\.[0-9]{2} (CNY|EUR|USD)$"
        })
    }
}

/// `1234567.8` as `1,234,567.80`: two decimals (the minor unit of every
/// corridor currency), thousands separated by commas, and never `-0.00`.
/// For text people read (reports, `explain`, the explorer); the event log and
/// files keep [`Money`]'s plain Display.
pub fn grouped(amount: Decimal) -> String {
    // A zero difference can carry a sign in rust_decimal.
    let amount = if amount.is_zero() { Decimal::ZERO } else { amount };
    let s = format!("{amount:.2}");
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').unwrap_or((s, "00"));
    format!("{sign}{}.{frac}", group_digits(int))
}

/// `1234567` as `1,234,567`: a string of digits with commas between the
/// thousands, for figures people read (amounts and counts alike).
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl Money {
    /// `1,234.56 EUR`: the amount [`grouped`] in thousands, then the currency.
    pub fn grouped(self) -> String {
        format!("{} {}", grouped(self.amount), self.currency)
    }
}

impl serde::Serialize for Money {
    /// As the event log writes it: `"1234.56 EUR"`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a money string could not be read: the message (`.0`) names the
/// offending text and says what to write instead, ready for the scenario's
/// author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyError(pub String);

impl FromStr for Money {
    type Err = MoneyError;
    /// `"12.34 EUR"`: an exact decimal, a space, an ISO 4217 code.
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        let (num, code) = s.trim().split_once(' ').ok_or_else(|| {
            MoneyError(format!(
                "`{s}` is not an amount: write a decimal and a currency code, like \"12.34 EUR\""
            ))
        })?;
        let currency = Currency::parse(code.trim()).ok_or_else(|| {
            MoneyError(format!(
                "`{}` is not a currency corridor knows: use CNY, EUR or USD",
                code.trim()
            ))
        })?;
        let amount = Decimal::from_str_exact(num.trim())
            .map_err(|_| MoneyError(format!("`{}` is not a decimal amount", num.trim())))?;
        if amount.scale() > currency.minor_digits() {
            return Err(MoneyError(format!(
                "`{s}` has more than {} decimal places, the minor unit of {currency}",
                currency.minor_digits()
            )));
        }
        Ok(Money::new(amount, currency))
    }
}

impl Add for Money {
    type Output = Money;
    /// Panics if `o` is in another currency (see [`Money`]).
    #[inline]
    #[track_caller]
    fn add(self, o: Money) -> Money {
        if self.currency != o.currency {
            mismatch(self, "+", o);
        }
        Money {
            amount: self.amount + o.amount,
            currency: self.currency,
        }
    }
}

impl Sub for Money {
    type Output = Money;
    /// Panics if `o` is in another currency (see [`Money`]).
    #[inline]
    #[track_caller]
    fn sub(self, o: Money) -> Money {
        if self.currency != o.currency {
            mismatch(self, "-", o);
        }
        Money {
            amount: self.amount - o.amount,
            currency: self.currency,
        }
    }
}

impl AddAssign for Money {
    /// Panics if `o` is in another currency (see [`Money`]).
    #[inline]
    #[track_caller]
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}

impl SubAssign for Money {
    /// Panics if `o` is in another currency (see [`Money`]).
    #[inline]
    #[track_caller]
    fn sub_assign(&mut self, o: Money) {
        *self = *self - o;
    }
}

impl Ord for Money {
    /// Orders amounts of one currency; panics if `o` is in another (see
    /// [`Money`]).
    #[track_caller]
    fn cmp(&self, o: &Money) -> Ordering {
        if self.currency != o.currency {
            mismatch(*self, "compared with", *o);
        }
        self.amount.cmp(&o.amount)
    }
}

impl PartialOrd for Money {
    // Not None across currencies: `a < b` would then be quietly false both
    // ways, and a cap or a minimum in the wrong currency would pass unseen.
    #[track_caller]
    fn partial_cmp(&self, o: &Money) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money {
            amount: -self.amount,
            currency: self.currency,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        macro_rules! dec {
            ($s:literal) => {
                rust_decimal::Decimal::from_str_exact(stringify!($s)).unwrap()
            };
        }
        pub(crate) use dec;
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_minor(dec!(0.125), Currency::EUR), dec!(0.13));
        assert_eq!(round_minor(dec!(0.135), Currency::EUR), dec!(0.14));
        assert_eq!(round_minor(dec!(-0.125), Currency::EUR), dec!(-0.13));
    }

    #[test]
    fn money_reads_and_prints_exactly() {
        let m: Money = "12.3 EUR".parse().unwrap();
        assert_eq!(m.to_string(), "12.30 EUR");
        assert_eq!(
            "12.345 EUR".parse::<Money>().unwrap_err().0,
            "`12.345 EUR` has more than 2 decimal places, the minor unit of EUR"
        );
        assert_eq!(
            "12 GBP".parse::<Money>().unwrap_err().0,
            "`GBP` is not a currency corridor knows: use CNY, EUR or USD"
        );
    }

    #[test]
    fn checked_arithmetic_refuses_a_currency_mismatch() {
        let (eur, cny) = (Money::eur(dec!(1.00)), Money::cny(dec!(2.00)));
        let err = eur.checked_add(cny).unwrap_err();
        assert_eq!(
            err,
            CurrencyMismatch {
                left: Currency::EUR,
                right: Currency::CNY
            }
        );
        assert_eq!(
            err.to_string(),
            "cannot mix amounts in EUR and CNY: convert one of them first"
        );
        assert_eq!(
            cny.checked_sub(eur).unwrap_err().to_string(),
            "cannot mix amounts in CNY and EUR: convert one of them first"
        );
        assert!(eur.checked_cmp(cny).is_err());
        assert_eq!(eur.checked_add(eur), Ok(Money::eur(dec!(2.00))));
        assert_eq!(eur.checked_sub(Money::eur(dec!(3))), Ok(Money::eur(dec!(-2))));
        assert_eq!(eur.checked_cmp(Money::eur(dec!(3))), Ok(Ordering::Less));
    }

    // These hold in release builds too (`cargo test --release`): the checks
    // are not debug assertions.
    #[test]
    #[should_panic(expected = "cannot mix amounts in EUR and CNY: convert one of them first (1.00 EUR + 2.00 CNY)")]
    fn adding_across_currencies_panics() {
        let _ = Money::eur(dec!(1)) + Money::cny(dec!(2));
    }

    #[test]
    #[should_panic(expected = "cannot mix amounts in CNY and EUR: convert one of them first (2.00 CNY - 1.00 EUR)")]
    fn subtracting_across_currencies_panics() {
        let mut m = Money::cny(dec!(2));
        m -= Money::eur(dec!(1));
    }

    #[test]
    #[should_panic(expected = "cannot mix amounts in EUR and CNY")]
    fn adding_in_place_across_currencies_panics() {
        let mut m = Money::eur(dec!(1));
        m += Money::cny(dec!(2));
    }

    #[test]
    #[should_panic(
        expected = "cannot mix amounts in EUR and CNY: convert one of them first (1.00 EUR compared with 2.00 CNY)"
    )]
    fn comparing_across_currencies_panics() {
        let _ = Money::eur(dec!(1)) < Money::cny(dec!(2));
    }

    #[test]
    fn amounts_of_one_currency_order_and_equal_by_value() {
        assert!(Money::eur(dec!(1)) < Money::eur(dec!(2)));
        assert_eq!(Money::eur(dec!(5)).min(Money::eur(dec!(3))), Money::eur(dec!(3)));
        assert_ne!(Money::eur(dec!(1)), Money::cny(dec!(1)));
    }
}
