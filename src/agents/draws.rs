//! Further independent draws of one payment (a timeout, a refund), derived
//! from the payment's own draw with SplitMix64 (Steele, Lea and Flood,
//! "Fast splittable pseudorandom number generators", 2014), so that adding a
//! purpose never shifts the cardholder's stream.

/// The draw for `purpose` from a payment's draw `bits`: 64 uniform bits.
pub fn derive(bits: u64, purpose: u64) -> u64 {
    let mut z = bits ^ purpose.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Purposes of [`derive()`].
pub mod purpose {
    /// Whether an `issuer_timeout` fault makes the answer late.
    pub const TIMEOUT: u64 = 1;
    /// Whether the payment is refunded at all.
    pub const REFUND: u64 = 2;
    /// Whether the refund is partial.
    pub const REFUND_PARTIAL: u64 = 3;
    /// How many partial refunds (1 to 3).
    pub const REFUND_PARTS: u64 = 4;
    /// Each part's delay and share use `REFUND_PART + part`.
    pub const REFUND_PART: u64 = 100;
    /// A retried purchase's own draw, from the declined payment's.
    pub const RETRY: u64 = 5;
}
