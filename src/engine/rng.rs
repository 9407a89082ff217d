//! Seeded random streams. Every agent draws from its own ChaCha8 stream,
//! derived from (seed, agent id, purpose), so a what-if that changes one
//! merchant leaves every other agent's draws unchanged (common random
//! numbers). ChaCha8 is fully specified, so a stream is the same on every
//! platform; `random_range` is pinned by a golden test because rand may
//! change its sampling in a minor release.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One independent random stream (ChaCha8), owned by one agent for one
/// purpose; cloning it forks the stream (both copies draw the same words).
#[derive(Clone, Debug)]
pub struct Stream {
    rng: ChaCha8Rng,
}

impl Stream {
    /// The stream for `purpose` of agent `agent` under `seed`. The seed fills
    /// the key; agent and purpose choose ChaCha's 64-bit stream, hashed with
    /// FNV-1a (stable, unlike std's hasher). The same arguments give the same
    /// stream on every platform and in every run.
    pub fn derive(seed: u64, agent: &str, purpose: &str) -> Stream {
        let mut rng = ChaCha8Rng::from_seed(key(seed));
        rng.set_stream(Stream::stream_id(agent, purpose));
        Stream { rng }
    }

    /// The ChaCha stream number of (agent, purpose), to derive many lanes of
    /// one agent's stream cheaply with [`Stream::lane`].
    pub fn stream_id(agent: &str, purpose: &str) -> u64 {
        fnv1a(&[agent.as_bytes(), b"\x1f", purpose.as_bytes()])
    }

    /// Lane `lane` (a day, say) of the stream `stream_id` under `seed`: the
    /// same ChaCha stream started 2^40 words further per lane, so lanes never
    /// overlap and each is independent of how much earlier lanes drew.
    pub fn lane(seed: u64, stream_id: u64, lane: u32) -> Stream {
        let mut rng = ChaCha8Rng::from_seed(key(seed));
        rng.set_stream(stream_id);
        rng.set_word_pos(u128::from(lane) << 40);
        Stream { rng }
    }

    /// A uniform integer in `0..n`. Panics if `n` is 0 (a debug assertion,
    /// and rand's empty-range panic in release).
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        self.rng.random_range(0..n)
    }

    /// A uniform integer in `lo..=hi`. It draws even when the range is a
    /// single value, so that narrowing a range never shifts later draws; when
    /// `hi < lo` it draws once and returns `lo`. `hi - lo` must fit in an
    /// `i64` (callers pass milliseconds and days, far below that).
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            self.bits();
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + self.below(span) as i64
    }

    /// 64 uniform bits (the stream's next `u64`), for comparisons against
    /// fixed-point thresholds.
    pub fn bits(&mut self) -> u64 {
        rand::Rng::next_u64(&mut self.rng)
    }

    /// True with the given probability. `Below` draws one `u64`; `Never` and
    /// `Always` draw none, so moving a probability to or from 0 or 1 shifts
    /// this stream's later draws.
    pub fn chance(&mut self, p: Probability) -> bool {
        match p {
            Probability::Never => false,
            Probability::Always => true,
            Probability::Below(_) => p.admits(self.bits()),
        }
    }
}

/// A probability as a 64-bit fixed-point threshold, so that drawing it needs
/// no floating point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probability {
    /// Always false (a share of 0 or less).
    Never,
    /// Always true (a share of 1 or more).
    Always,
    /// True when 64 uniform bits are below this value.
    Below(u64),
}

impl Probability {
    /// True when `bits` (64 uniform bits drawn elsewhere) fall under it.
    pub fn admits(self, bits: u64) -> bool {
        match self {
            Probability::Never => false,
            Probability::Always => true,
            Probability::Below(t) => bits < t,
        }
    }

    /// From a share in `[0, 1]`: `Below(floor(p * 2^64))`, with 0 or less
    /// giving `Never` and 1 or more `Always` (it saturates, never fails).
    pub fn from_share(p: rust_decimal::Decimal) -> Probability {
        use rust_decimal::Decimal;
        use rust_decimal::prelude::ToPrimitive;
        if p <= Decimal::ZERO {
            return Probability::Never;
        }
        if p >= Decimal::ONE {
            return Probability::Always;
        }
        let scale = Decimal::from(u64::MAX) + Decimal::ONE;
        let t = (p * scale).floor().to_u64().unwrap_or(u64::MAX);
        Probability::Below(t)
    }
}

fn key(seed: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    // A fixed tag in the rest of the key keeps corridor's streams apart from
    // any other program seeding ChaCha8 with the same number.
    key[8..16].copy_from_slice(b"corridor");
    key
}

fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden values: if a dependency update changes them, every scenario's
    /// output changes, so the update must be a deliberate, reviewed one.
    #[test]
    fn streams_are_pinned() {
        let mut s = Stream::derive(7, "C000001", "purchases");
        let raw: Vec<u64> = (0..3).map(|_| s.bits()).collect();
        let ranged: Vec<u64> = (0..5).map(|_| s.below(1_000)).collect();
        assert_eq!(
            format!("{raw:?} {ranged:?}"),
            "[17363002245656889014, 18278897897920494879, 14119937784429392239] [671, 217, 669, 390, 589]"
        );
    }

    #[test]
    fn streams_differ_by_agent_and_purpose() {
        let a = Stream::derive(7, "C000001", "purchases").bits();
        let b = Stream::derive(7, "C000002", "purchases").bits();
        let c = Stream::derive(7, "C000001", "wallet").bits();
        let d = Stream::derive(8, "C000001", "purchases").bits();
        assert!(a != b && a != c && a != d && b != c);
    }

    #[test]
    fn probabilities_are_fixed_point() {
        use rust_decimal::Decimal;
        assert_eq!(Probability::from_share(Decimal::ZERO), Probability::Never);
        assert_eq!(Probability::from_share(Decimal::ONE), Probability::Always);
        assert_eq!(Probability::from_share(Decimal::new(5, 1)), Probability::Below(1 << 63));
    }
}
