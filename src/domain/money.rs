//! Exact money: a `rust_decimal` amount with its ISO 4217 currency. The
//! corridor rounds half away from zero, to the currency's minor unit, at each
//! conversion; every rounding in the code goes through [`round_minor`] or
//! names its strategy, never `round_dp` (which rounds half to even).

use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// The currencies the corridor moves; each has two minor digits (ISO 4217).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Currency {
    CNY,
    EUR,
    USD,
}

impl Currency {
    pub const ALL: [Currency; 3] = [Currency::CNY, Currency::EUR, Currency::USD];

    pub fn code(self) -> &'static str {
        match self {
            Currency::CNY => "CNY",
            Currency::EUR => "EUR",
            Currency::USD => "USD",
        }
    }

    /// Digits after the decimal point (ISO 4217 minor unit).
    pub fn minor_digits(self) -> u32 {
        2
    }

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
}

impl Money {
    /// Rounds `amount` to minor units (half away from zero).
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money {
            amount: round_minor(amount, currency),
            currency,
        }
    }

    pub fn zero(currency: Currency) -> Money {
        Money {
            amount: Decimal::ZERO,
            currency,
        }
    }

    pub fn eur(amount: Decimal) -> Money {
        Money::new(amount, Currency::EUR)
    }

    pub fn cny(amount: Decimal) -> Money {
        Money::new(amount, Currency::CNY)
    }

    pub fn is_zero(self) -> bool {
        self.amount.is_zero()
    }

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
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.currency.minor_digits() as usize;
        write!(f, "{:.*} {}", digits, self.amount, self.currency)
    }
}

impl serde::Serialize for Money {
    /// As the event log writes it: `"1234.56 EUR"`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a money string could not be read.
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
    fn add(self, o: Money) -> Money {
        debug_assert_eq!(self.currency, o.currency, "adding different currencies");
        Money {
            amount: self.amount + o.amount,
            currency: self.currency,
        }
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        debug_assert_eq!(self.currency, o.currency, "subtracting different currencies");
        Money {
            amount: self.amount - o.amount,
            currency: self.currency,
        }
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        *self = *self - o;
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
}
