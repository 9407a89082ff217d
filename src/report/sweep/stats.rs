//! Each metric's distribution over a sweep's seeds: min, p5, p50, p95, max
//! by nearest rank (as the report's percentiles), and the mean as an exact
//! decimal rounded half away from zero, computed in integers (never f64).

use rust_decimal::Decimal;

use crate::scenario::expect::{Unit, Value, lookup};

use super::Run;

/// One metric's distribution over the seeds that have a value for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spread {
    /// The metric's full name.
    pub metric: String,
    /// Its unit, from the catalogue.
    pub unit: Unit,
    /// Seeds with a value (`time_to_credit.p50` has none when nothing was
    /// paid); the figures below are over these.
    pub seeds: usize,
    /// The smallest value.
    pub min: Value,
    /// 5th percentile, nearest rank.
    pub p5: Value,
    /// The median, nearest rank.
    pub p50: Value,
    /// 95th percentile, nearest rank.
    pub p95: Value,
    /// The largest value.
    pub max: Value,
    /// The mean, rounded half away from zero: counts to 2 decimals,
    /// durations to whole milliseconds, amounts to the currency's minor
    /// unit.
    pub mean: Decimal,
}

/// Every metric's distribution over `runs`, in name order.
pub fn spreads(runs: &[Run]) -> Vec<Spread> {
    let mut names: Vec<&String> = runs.iter().flat_map(|r| r.metrics.keys()).collect();
    names.sort();
    names.dedup();
    names.into_iter().filter_map(|name| spread(name, runs)).collect()
}

fn spread(name: &str, runs: &[Run]) -> Option<Spread> {
    let (metric, _) = lookup(name)?;
    let mut values: Vec<Value> = runs.iter().filter_map(|r| r.metrics.get(name).copied()).collect();
    values.sort_by(|a, b| a.compare(b).unwrap_or(std::cmp::Ordering::Equal));
    let at = |p: usize| values[(p * values.len()).div_ceil(100).max(1) - 1];
    Some(Spread {
        metric: name.to_string(),
        unit: metric.unit,
        seeds: values.len(),
        min: *values.first()?,
        p5: at(5),
        p50: at(50),
        p95: at(95),
        max: *values.last()?,
        mean: mean(&values, metric.unit),
    })
}

/// The exact mean, rounded half away from zero to the unit's places.
fn mean(values: &[Value], unit: Unit) -> Decimal {
    let places = match unit {
        Unit::Count => 2,
        Unit::Money(c) => c.minor_digits(),
        Unit::Duration | Unit::Date => 0,
    };
    // Every value as an integer of 10^-scale units, summed exactly.
    let decimals: Vec<Decimal> = values.iter().map(|v| as_decimal(*v)).collect();
    let scale = decimals.iter().map(Decimal::scale).max().unwrap_or(0).max(places);
    let sum: i128 = decimals
        .iter()
        .map(|d| d.mantissa() * 10i128.pow(scale - d.scale()))
        .sum();
    let n = i128::try_from(values.len()).unwrap_or(i128::MAX).max(1);
    let den = n * 10i128.pow(scale - places);
    // Half away from zero: (2|s| + d) / 2d, with the sign put back.
    let q = (2 * sum.abs() + den) / (2 * den);
    Decimal::from_i128_with_scale(if sum < 0 { -q } else { q }, places)
}

/// A value as a plain number: a count, milliseconds, an amount, or days
/// since 1970-01-01 for a date.
fn as_decimal(v: Value) -> Decimal {
    match v {
        Value::Count(n) => Decimal::from(n),
        Value::Duration(d) => Decimal::from(d.0),
        Value::Money(m) => m.amount(),
        Value::Date(d) => {
            let epoch = crate::domain::Date::constant(1970, 1, 1);
            Decimal::from(d.since(epoch).map_or(0, |s| s.get_days()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;

    #[test]
    fn the_mean_rounds_half_away_from_zero_exactly() {
        let counts = [Value::Count(1), Value::Count(2), Value::Count(2), Value::Count(2)];
        assert_eq!(mean(&counts, Unit::Count).to_string(), "1.75");
        let thirds = [Value::Count(0), Value::Count(0), Value::Count(2)];
        assert_eq!(mean(&thirds, Unit::Count).to_string(), "0.67");
        let eur = |s: &str| Value::Money(Money::eur(s.parse().unwrap()));
        let cents = [eur("0.01"), eur("0.00")];
        assert_eq!(
            mean(&cents, Unit::Money(crate::domain::money::Currency::EUR)).to_string(),
            "0.01"
        );
        let negative = [eur("-0.01"), eur("0.00")];
        assert_eq!(
            mean(&negative, Unit::Money(crate::domain::money::Currency::EUR)).to_string(),
            "-0.01"
        );
    }
}
