//! The value syntax of scenario files: amounts `"12.34 EUR"`, shares
//! `"1.8%"`, durations `"90s"`, ranges `"1h..4h"`, local times `"14:00"`,
//! instants `"2018-02-20T09:00+08:00"`. Each parser returns the message a
//! user sees after `file:line:col: key`, saying what would be valid.

use rust_decimal::Decimal;

use crate::domain::money::Money;
use crate::domain::zone::LocalTime;
use crate::engine::{Duration, Instant};

/// A parsed value, or the message saying what would be valid.
pub type Parsed<T> = Result<T, String>;

/// `"1.8%"` as the share 0.018: above -100% (nothing can lose more than
/// all of itself) and at most 1000%.
pub fn share(s: &str) -> Parsed<Decimal> {
    let num = s
        .trim()
        .strip_suffix('%')
        .ok_or_else(|| format!("`{s}` is not a percentage: write it like \"1.8%\""))?;
    let d = Decimal::from_str_exact(num.trim())
        .map_err(|_| format!("`{s}` is not a percentage: write it like \"1.8%\""))?;
    if d <= Decimal::from(-100) || d > Decimal::from(1000) {
        return Err(format!("`{s}` is out of range: use more than -100% and at most 1000%"));
    }
    Ok(d / Decimal::ONE_HUNDRED)
}

/// A share in 0%..=100%.
pub fn probability(s: &str) -> Parsed<Decimal> {
    let p = share(s)?;
    if p < Decimal::ZERO || p > Decimal::ONE {
        return Err(format!("`{s}` is outside 0% to 100%"));
    }
    Ok(p)
}

/// An exact positive decimal such as an FX rate, `"7.8112"`.
pub fn rate(s: &str) -> Parsed<Decimal> {
    let d = Decimal::from_str_exact(s.trim())
        .map_err(|_| format!("`{s}` is not a rate: write an exact decimal like \"7.8112\""))?;
    if d <= Decimal::ZERO || d > Decimal::from(1_000_000) {
        return Err(format!("`{s}` is out of range: a rate is above 0 and at most 1000000"));
    }
    Ok(d)
}

/// Amounts up to a trillion: beyond any corridor, and far from the limits
/// of exact decimal arithmetic.
pub fn money(s: &str) -> Parsed<Money> {
    let m = s.parse::<Money>().map_err(|e| e.0)?;
    if m.amount().abs() > Decimal::from(1_000_000_000_000i64) {
        return Err(format!("`{s}` is out of range: amounts are at most 1000000000000"));
    }
    Ok(m)
}

/// A non-negative amount in `currency`.
pub fn money_in(s: &str, currency: crate::domain::money::Currency) -> Parsed<Money> {
    let m = money(s)?;
    if m.currency() != currency {
        return Err(format!(
            "`{s}` is in {}, but this amount is in {currency}",
            m.currency()
        ));
    }
    if m.is_negative() {
        return Err(format!("`{s}` is negative"));
    }
    Ok(m)
}

/// A non-negative EUR amount, `"650 EUR"`.
pub fn eur(s: &str) -> Parsed<Money> {
    money_in(s, crate::domain::money::Currency::EUR)
}

/// A non-negative CNY amount, `"50000 CNY"`.
pub fn cny(s: &str) -> Parsed<Money> {
    money_in(s, crate::domain::money::Currency::CNY)
}

/// `"15..1500 EUR"`: both ends in one currency, low below high.
pub fn money_range(s: &str) -> Parsed<(Money, Money)> {
    let bad = || format!("`{s}` is not an amount range: write it like \"15..1500 EUR\"");
    let (lo, rest) = s.split_once("..").ok_or_else(bad)?;
    let hi = money(rest)?;
    // The currency may be written on both ends (`"5 EUR..1 EUR"`), if it is
    // the same one.
    let lo = match lo.trim().split_once(' ') {
        Some((amount, code)) if code.trim() == hi.currency().code() => amount.to_string(),
        Some((_, code)) => {
            return Err(format!(
                "`{s}`: both ends of a range are in one currency; write it once at the end, like \"15..1500 {}\" (not {})",
                hi.currency(),
                code.trim()
            ));
        }
        None => lo.trim().to_string(),
    };
    let lo = money(&format!("{lo} {}", hi.currency()))?;
    if lo.amount() <= Decimal::ZERO || hi.amount() < lo.amount() {
        return Err(format!("`{s}`: the range must be positive and run from low to high"));
    }
    Ok((lo, hi))
}

/// `"90s"`, `"15m"`, `"4h"`, `"2d"`, `"100ms"`.
pub fn duration(s: &str) -> Parsed<Duration> {
    let t = s.trim();
    let bad = || {
        format!(
            "`{s}` is not a duration: write a whole number and a unit, like \"100ms\", \"90s\", \"15m\", \"4h\" or \"2d\""
        )
    };
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (num, unit) = t.split_at(split);
    let n: i64 = num.parse().map_err(|_| bad())?;
    let ms = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(bad()),
    };
    let d = n.checked_mul(ms).map(Duration).ok_or_else(bad)?;
    if d > Duration::from_days(400) {
        return Err(format!("`{s}` is too long: durations are at most 400d"));
    }
    Ok(d)
}

/// `"1h..4h"`, or one duration for a fixed value.
pub fn duration_range(s: &str) -> Parsed<(Duration, Duration)> {
    match s.split_once("..") {
        None => duration(s).map(|d| (d, d)),
        Some((a, b)) => {
            let (lo, hi) = (duration(a)?, duration(b)?);
            if hi < lo {
                return Err(format!("`{s}`: the range must run from low to high"));
            }
            Ok((lo, hi))
        }
    }
}

/// `"1..3"` or `"1"`: whole numbers.
pub fn count_range(s: &str) -> Parsed<(u32, u32)> {
    let bad = || format!("`{s}` is not a whole number or a range like \"1..3\"");
    let one = |x: &str| x.trim().parse::<u32>().map_err(|_| bad());
    match s.split_once("..") {
        None => one(s).map(|n| (n, n)),
        Some((a, b)) => {
            let (lo, hi) = (one(a)?, one(b)?);
            if hi < lo {
                return Err(format!("`{s}`: the range must run from low to high"));
            }
            Ok((lo, hi))
        }
    }
}

/// `"14:00"`, a wall-clock time in the agent's zone.
pub fn local_time(s: &str) -> Parsed<LocalTime> {
    let bad = || format!("`{s}` is not a local time: write it like \"14:00\" (00:00 to 23:59)");
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(bad());
    }
    Ok(LocalTime::hm(h, m))
}

/// `"09:00..21:00"`: a window within one local day.
pub fn local_window(s: &str) -> Parsed<(LocalTime, LocalTime)> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("`{s}` is not a window of hours: write it like \"09:00..21:00\""))?;
    let (from, to) = (local_time(a)?, local_time(b)?);
    if to <= from {
        return Err(format!("`{s}`: the window must end after it starts, within one day"));
    }
    Ok((from, to))
}

/// `"2018-02-20T09:00+08:00"`: an instant with its UTC offset.
pub fn instant(s: &str) -> Parsed<Instant> {
    s.trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .filter(|ts| (1900..=2200).contains(&jiff::tz::TimeZone::UTC.to_datetime(*ts).year()))
        .map(|ts| Instant(ts.as_millisecond()))
        .ok_or(())
        .map_err(|_| {
            format!("`{s}` is not an instant: write a date, a time and an offset, like \"2018-02-20T09:00+08:00\"")
        })
}

/// `"2018-02-12"`.
pub fn date(s: &str) -> Parsed<jiff::civil::Date> {
    match s.trim().parse::<jiff::civil::Date>() {
        Ok(d) if (1900..=2200).contains(&d.year()) => Ok(d),
        Ok(_) => Err(format!(
            "`{s}` is outside the dates corridor simulates: use a date from 1900-01-01 to 2200-12-31"
        )),
        Err(_) => Err(format!(
            "`{s}` is not a date: write it like 2018-02-12 (a real day of the Gregorian calendar, 1900 to 2200)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_exactly() {
        assert_eq!(share("1.8%").unwrap().to_string(), "0.018");
        assert_eq!(duration("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(duration_range("100ms..900ms").unwrap(), (Duration(100), Duration(900)));
        assert_eq!(count_range("1..3").unwrap(), (1, 3));
        assert_eq!(local_time("14:00").unwrap(), LocalTime::hm(14, 0));
        let (lo, hi) = money_range("15..1500 EUR").unwrap();
        assert_eq!(
            (lo.to_string(), hi.to_string()),
            ("15.00 EUR".into(), "1500.00 EUR".into())
        );
    }

    #[test]
    fn bad_values_say_what_is_valid() {
        assert_eq!(
            share("1.8").unwrap_err(),
            "`1.8` is not a percentage: write it like \"1.8%\""
        );
        assert_eq!(
            date("2018-02-30").unwrap_err(),
            "`2018-02-30` is not a date: write it like 2018-02-12 (a real day of the Gregorian calendar, 1900 to 2200)"
        );
        assert!(duration("4 hours").is_err());
        assert!(local_time("25:00").is_err());
    }
}
