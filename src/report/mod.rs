//! Reports of a finished run, in text and JSON, and the event log writer.
//! Everything here reads an [`Outcome`](crate::world::Outcome); nothing changes it.

pub mod calendar;
pub mod compare;
pub mod events;
pub mod explain;
pub mod export;
pub mod failures;
pub mod json;
pub mod metrics;
pub mod model;
pub mod sweep;
pub mod text;

pub use model::Report;

/// `1234567.8` as `1,234,567.80`: two decimals, thousands separated.
pub fn amount(d: rust_decimal::Decimal) -> String {
    crate::domain::money::grouped(d)
}

/// Whole numbers with thousands separators.
pub fn count(n: u64) -> String {
    crate::domain::money::group_digits(&n.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_are_grouped() {
        use rust_decimal::Decimal;
        assert_eq!(super::amount(Decimal::new(12345678, 1)), "1,234,567.80");
        assert_eq!(super::amount(Decimal::new(-5, 0)), "-5.00");
        assert_eq!(super::count(1_000_000), "1,000,000");
    }
}
