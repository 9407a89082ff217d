//! The run's identifiers, typed so that a payout id cannot be passed where a
//! payment id belongs, with the formats `../shared/spec.md` gives written
//! here and nowhere else: cardholders `C000001`, payments `P00000001` (in
//! order of initiation), clearing batches `B20180214` (the clearing day),
//! remittances `R0001`, payouts `PO000001`, refunds `RF000001`, direct
//! debits `DD000001`, reconciliation exceptions `E0001`. Merchants are
//! written `GROUP/N` from the scenario's groups, so their names live with
//! the scenario, not here.
//!
//! Each numbered id wraps its 0-based index into the owner's register; the
//! printed number is the index plus one.

use std::fmt;

use jiff::civil::Date;

macro_rules! numbered {
    ($($(#[$doc:meta])* $name:ident = $prefix:literal width $width:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The prefix the spec writes before the number.
            pub const PREFIX: &'static str = $prefix;
            /// Zero-padded digits after the prefix.
            pub const WIDTH: usize = $width;

            /// The id of the `index`-th record (0-based) of its register.
            pub const fn from_index(index: u32) -> Self {
                $name(index)
            }

            /// The 0-based position in the owner's register.
            pub const fn index(self) -> usize {
                self.0 as usize
            }

            /// The number as printed (index + 1).
            pub const fn number(self) -> u64 {
                self.0 as u64 + 1
            }

            /// Reads the spec's form (`P00000042`); None for anything else,
            /// including number 0 and numbers beyond the id's range.
            pub fn parse(text: &str) -> Option<Self> {
                let digits = text.strip_prefix($prefix)?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                digits.parse::<u32>().ok()?.checked_sub(1).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{:0", $width, "}"), self.number())
            }
        }
    )*};
}

numbered! {
    /// A consumer with a wallet at the issuer (`C000042`).
    CardholderId = "C" width 6;
    /// A purchase, numbered in order of initiation (`P00000042`).
    PaymentId = "P" width 8;
    /// A remittance of the settlement bank's EUR pool (`R0001`).
    RemittanceId = "R" width 4;
    /// An acquirer's payout to one merchant, a SEPA credit transfer (`PO000001`).
    PayoutId = "PO" width 6;
    /// A merchant's refund of (part of) a payment (`RF000001`).
    RefundId = "RF" width 6;
    /// A SEPA direct debit (pacs.003) collecting a merchant's debt (`DD000001`).
    DirectDebitId = "DD" width 6;
    /// A reconciliation exception at the acquirer (`E0001`).
    ExceptionId = "E" width 4;
}

/// A merchant: the `index`-th merchant over the scenario's groups in file
/// order (0-based). Its printed name, `GROUP/N`, comes from the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MerchantId(u32);

impl MerchantId {
    /// The `index`-th merchant (0-based, over all groups).
    pub const fn from_index(index: u32) -> Self {
        MerchantId(index)
    }

    /// The 0-based position over all groups.
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// A clearing batch: the statement of one Beijing clearing day
/// (`B20180214`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BatchId(pub Date);

impl BatchId {
    /// The clearing day the batch closes.
    pub fn day(self) -> Date {
        self.0
    }
}

impl fmt::Display for BatchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "B{:04}{:02}{:02}", d.year(), d.month(), d.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_as_the_spec_writes_them() {
        assert_eq!(PaymentId::from_index(41).to_string(), "P00000042");
        assert_eq!(CardholderId::from_index(0).to_string(), "C000001");
        assert_eq!(RemittanceId::from_index(0).to_string(), "R0001");
        assert_eq!(PayoutId::from_index(9).to_string(), "PO000010");
        assert_eq!(RefundId::from_index(0).to_string(), "RF000001");
        assert_eq!(DirectDebitId::from_index(0).to_string(), "DD000001");
        assert_eq!(ExceptionId::from_index(0).to_string(), "E0001");
        assert_eq!(BatchId(jiff::civil::date(2018, 2, 14)).to_string(), "B20180214");
    }

    #[test]
    fn ids_parse_back() {
        assert_eq!(PaymentId::parse("P00000042"), Some(PaymentId::from_index(41)));
        assert_eq!(PaymentId::parse("P42"), Some(PaymentId::from_index(41)));
        assert_eq!(PaymentId::parse("P0"), None);
        assert_eq!(PaymentId::parse("PO000001"), None);
        assert_eq!(PaymentId::parse("P-1"), None);
        assert_eq!(PayoutId::parse("PO000001"), Some(PayoutId::from_index(0)));
    }
}

/// A set of payments, one bit per payment index: what the invariants "no
/// payment cleared twice" and "no payment paid out twice" remember, and the
/// wallets the issuer debited, at an eighth of a byte per payment.
#[derive(Clone, Debug, Default)]
pub struct PaymentSet(Vec<u64>);

impl PaymentSet {
    /// Adds `p`; false if it was already in the set.
    pub fn insert(&mut self, p: PaymentId) -> bool {
        let (word, bit) = (p.index() / 64, p.index() % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        let fresh = self.0[word] & (1 << bit) == 0;
        self.0[word] |= 1 << bit;
        fresh
    }

    /// Takes `p` out; false if it was not in the set.
    pub fn remove(&mut self, p: PaymentId) -> bool {
        let (word, bit) = (p.index() / 64, p.index() % 64);
        match self.0.get_mut(word) {
            Some(w) if *w & (1 << bit) != 0 => {
                *w &= !(1 << bit);
                true
            }
            _ => false,
        }
    }
}
