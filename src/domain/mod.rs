//! The payment domain's vocabulary: money and FX, calendars and clocks, the
//! ledger. No agent behaviour lives here, only the rules every agent shares.

pub mod calendar;
pub mod fx;
pub mod iban;
pub mod ids;
pub mod ledger;
pub mod money;
pub mod reason;
pub mod rules;
pub mod sampling;
pub mod varint;
pub mod zone;

pub use jiff::civil::Date;
