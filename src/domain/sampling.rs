//! Drawing amounts, counts and moves without floating point. Anything that
//! needs a logarithm or an exponential is computed once, when a scenario is
//! loaded, with rust_decimal's exact arithmetic into a table; the draws
//! themselves are integer comparisons and uniform integers.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};

use super::money::{Currency, Money};
use crate::engine::Stream;

/// Segments of the log-uniform table: each is drawn uniformly in minor units,
/// so the distribution is exact at its 1 024 quantiles and within a cent of
/// log-uniform between them.
const SEGMENTS: usize = 1024;

/// A log-uniform money range, `"15..1500 EUR"`: as many tickets between 15
/// and 150 as between 150 and 1 500.
#[derive(Clone, Debug)]
pub struct LogUniform {
    /// The lowest amount drawn (included); its currency is every draw's.
    pub lo: Money,
    /// The top of the range, in `lo`'s currency: draws stay below it, except
    /// that a range narrower than 1 024 minor units can draw it.
    pub hi: Money,
    quantiles_minor: Vec<i64>,
}

impl LogUniform {
    /// The table for `lo..hi`, computed once with exact decimals. `hi` must
    /// be in `lo`'s currency (validation reads both ends with one code;
    /// this is not checked here). A range with `lo` at or below zero, or
    /// `hi` not above `lo`, always draws `lo`.
    pub fn new(lo: Money, hi: Money) -> LogUniform {
        LogUniform {
            lo,
            hi,
            quantiles_minor: quantiles_minor(lo, hi),
        }
    }

    /// One amount in `lo`'s currency, to the minor unit: a segment from
    /// [`Stream::below`], then a uniform amount within it from
    /// [`Stream::between`] (two draws from `s`).
    pub fn draw(&self, s: &mut Stream) -> Money {
        minor_to_money(self.draw_minor(s), self.lo.currency())
    }

    /// [`LogUniform::draw`] in minor units (cents, fen): the same draws,
    /// for callers that keep many amounts and want them in eight bytes.
    pub fn draw_minor(&self, s: &mut Stream) -> i64 {
        let i = s.below(SEGMENTS as u64) as usize;
        let (a, b) = (self.quantiles_minor[i], self.quantiles_minor[i + 1]);
        s.between(a, (b - 1).max(a))
    }
}

/// The most tables [`quantiles_minor`] keeps: a limit, so a program that
/// loads endless different ranges does not grow without bound.
const MEMO_LIMIT: usize = 256;

/// Tables already computed, by the range's exact text (scale included, so
/// `15` and `15.00` never share one) and currency.
type Memo = std::collections::BTreeMap<(String, String, Currency), std::sync::Arc<Vec<i64>>>;

/// The quantiles of `lo..hi` in minor units. The table depends on the range
/// alone, never on the seed, and costs 1 024 exact exponentials, so it is
/// computed once per range and process: `corridor sweep` loads a scenario
/// once per seed. A cached table is the same numbers the computation gives.
fn quantiles_minor(lo: Money, hi: Money) -> Vec<i64> {
    static MEMO: std::sync::Mutex<Memo> = std::sync::Mutex::new(Memo::new());
    let key = (lo.amount().to_string(), hi.amount().to_string(), lo.currency());
    if let Some(t) = MEMO.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return t.as_ref().clone();
    }
    let table = compute_quantiles_minor(lo, hi);
    if let Ok(mut m) = MEMO.lock() {
        if m.len() < MEMO_LIMIT {
            m.insert(key, std::sync::Arc::new(table.clone()));
        }
    }
    table
}

fn compute_quantiles_minor(lo: Money, hi: Money) -> Vec<i64> {
    let scale = Decimal::from(10i64.pow(lo.currency().minor_digits()));
    let to_minor = |d: Decimal| {
        d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .to_i64()
            .unwrap_or(i64::MAX)
    };
    if lo.amount() <= Decimal::ZERO || hi.amount() <= lo.amount() {
        vec![to_minor(lo.amount() * scale); SEGMENTS + 1]
    } else {
        let ln_ratio = (hi.amount() / lo.amount()).ln();
        (0..=SEGMENTS)
            .map(|i| {
                let x = ln_ratio * Decimal::from(i as i64) / Decimal::from(SEGMENTS as i64);
                to_minor(lo.amount() * x.exp() * scale)
            })
            .collect()
    }
}

fn minor_to_money(minor: i64, currency: Currency) -> Money {
    Money::from_minor(minor, currency)
}

/// Poisson counts by inversion against a precomputed fixed-point CDF.
#[derive(Clone, Debug)]
pub struct Poisson {
    /// The mean count per draw; at or below zero every draw is 0.
    pub mean: Decimal,
    thresholds: Vec<u64>,
}

impl Poisson {
    /// The table for `mean`, computed once with exact decimals. It holds at
    /// most 200 terms, so a draw is at most 199 (validation caps a mean at
    /// 50).
    pub fn new(mean: Decimal) -> Poisson {
        let two64 = Decimal::from(u64::MAX) + Decimal::ONE;
        let mut thresholds = Vec::new();
        if mean > Decimal::ZERO {
            let mut p = (-mean).exp();
            let mut cdf = Decimal::ZERO;
            let mut k = 0i64;
            // 200 terms cover any mean a scenario may set (at most 50).
            while k < 200 {
                cdf += p;
                let t = (cdf.min(Decimal::ONE) * two64).floor().to_u64().unwrap_or(u64::MAX);
                thresholds.push(t);
                if cdf >= Decimal::ONE - Decimal::new(1, 15) && Decimal::from(k) > mean {
                    break;
                }
                k += 1;
                p = p * mean / Decimal::from(k);
            }
        }
        Poisson { mean, thresholds }
    }

    /// One count: one `u64` from `s` when the mean is positive, no draw
    /// otherwise.
    pub fn draw(&self, s: &mut Stream) -> u32 {
        if self.thresholds.is_empty() {
            return 0;
        }
        let u = s.bits();
        self.thresholds
            .iter()
            .position(|&t| u < t)
            .unwrap_or(self.thresholds.len() - 1) as u32
    }
}

/// A standard normal draw, approximated by the Irwin-Hall sum of twelve
/// uniforms less six: exact in decimals, within [-6, 6). Draws twelve `u64`s
/// from `s`.
pub fn standard_normal(s: &mut Stream) -> Decimal {
    let sum: u64 = (0..12).map(|_| s.bits() >> 32).sum();
    Decimal::from(sum) / Decimal::from(1u64 << 32) - Decimal::from(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_uniform_stays_in_range_and_is_skewed_low() {
        let lo: Money = "15 EUR".parse().unwrap();
        let hi: Money = "1500 EUR".parse().unwrap();
        let d = LogUniform::new(lo, hi);
        let mut s = Stream::derive(1, "t", "ticket");
        let draws: Vec<Money> = (0..2000).map(|_| d.draw(&mut s)).collect();
        assert!(draws.iter().all(|m| *m >= lo && *m < hi));
        let below_150 = draws.iter().filter(|m| m.amount() < Decimal::from(150)).count();
        // Half the mass lies below the geometric mean, 150 EUR.
        assert!((900..1100).contains(&below_150), "{below_150}");
    }

    #[test]
    fn poisson_has_the_right_mean() {
        let p = Poisson::new(Decimal::new(8, 1));
        let mut s = Stream::derive(1, "t", "count");
        let total: u32 = (0..10_000).map(|_| p.draw(&mut s)).sum();
        assert!((7_700..8_300).contains(&total), "{total}");
    }
}
