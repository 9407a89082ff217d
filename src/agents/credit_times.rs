//! The times to merchant credit of the paid payments, kept exactly (the
//! report's median, p95, max and mean are of every value) in a byte or two
//! per payment rather than eight: a run of ten million payments would
//! otherwise spend 80 MB on them, more than anything else it keeps.
//!
//! Values are buffered, then sorted into runs stored as gaps between
//! successive values (LEB128 varints: a gap below 128 ms takes one byte).
//! Runs of equal length merge, as the digits of a binary counter carry, so
//! there are at most about log2(n / 65,536) of them and the gaps shrink as
//! the runs grow. Reading merges the runs in order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::domain::varint;

/// Values buffered unsorted before they become a run: 512 KiB.
const CHUNK: usize = 1 << 16;

/// A multiset of durations in ms, with their sum, read in sorted order.
#[derive(Clone, Debug, Default)]
pub struct CreditTimes {
    /// The latest values, unsorted (at most [`CHUNK`]).
    pending: Vec<i64>,
    /// Sorted runs, longest first; no run is as short as the one after it.
    runs: Vec<Run>,
    /// How many values, pending ones included.
    count: u64,
    /// The sum of every value (exact: 2^63 values of 2^63 ms fit).
    sum: i128,
    /// The largest value, if any.
    max: Option<i64>,
}

/// Values in ascending order: the first as a zigzag varint, then each gap
/// to the previous one as a varint.
#[derive(Clone, Debug, Default)]
struct Run {
    len: usize,
    bytes: Vec<u8>,
}

impl CreditTimes {
    /// Adds one duration, in ms.
    pub fn push(&mut self, ms: i64) {
        self.count += 1;
        self.sum += i128::from(ms);
        self.max = Some(self.max.map_or(ms, |m| m.max(ms)));
        self.pending.push(ms);
        if self.pending.len() == CHUNK {
            self.seal();
        }
    }

    /// How many durations were added.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// True when none was added.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The sum of every duration, in ms.
    pub fn sum(&self) -> i128 {
        self.sum
    }

    /// The largest duration, in ms; none when empty.
    pub fn max(&self) -> Option<i64> {
        self.max
    }

    /// The values at the given 1-based ranks in ascending order (a rank
    /// past the last gives the last value); none when empty. `ranks` must
    /// be ascending.
    pub fn at_ranks<const N: usize>(&self, ranks: [u64; N]) -> Option<[i64; N]> {
        if self.count == 0 {
            return None;
        }
        let mut out = [0; N];
        let mut wanted = ranks.iter().map(|r| (*r).clamp(1, self.count)).enumerate().peekable();
        for (i, v) in (1u64..).zip(self.sorted()) {
            while let Some((k, _)) = wanted.next_if(|(_, r)| *r == i) {
                out[k] = v;
            }
            if wanted.peek().is_none() {
                break;
            }
        }
        Some(out)
    }

    /// Every value in ascending order.
    pub fn sorted(&self) -> impl Iterator<Item = i64> + '_ {
        let mut pending = self.pending.clone();
        pending.sort_unstable();
        let sources = self
            .runs
            .iter()
            .map(Run::iter)
            .chain(std::iter::once(RunIter::pending(pending)));
        Merged::new(sources.collect())
    }

    /// Sorts the pending values into a run, then merges runs of equal
    /// length.
    fn seal(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable();
        self.runs.push(Run::from_sorted(pending.iter().copied(), pending.len()));
        pending.clear();
        self.pending = pending;
        while let [.., a, b] = self.runs.as_slice() {
            if a.len > b.len {
                break;
            }
            let (b, a) = (self.runs.pop().expect("two runs"), self.runs.pop().expect("two runs"));
            let len = a.len + b.len;
            self.runs
                .push(Run::from_sorted(Merged::new(vec![a.iter(), b.iter()]), len));
        }
    }
}

impl Run {
    /// Encodes `len` ascending values.
    fn from_sorted(values: impl Iterator<Item = i64>, len: usize) -> Run {
        let mut bytes = Vec::with_capacity(len + len / 2);
        let mut prev = None;
        for v in values {
            let word = match prev {
                None => ((v << 1) ^ (v >> 63)) as u64,
                Some(p) => (v as u64).wrapping_sub(p as u64),
            };
            varint::put(&mut bytes, word);
            prev = Some(v);
        }
        bytes.shrink_to_fit();
        Run { len, bytes }
    }

    fn iter(&self) -> RunIter<'_> {
        RunIter::Encoded {
            bytes: &self.bytes,
            left: self.len,
            prev: None,
        }
    }
}

/// One sorted source: an encoded run, or the sorted pending values.
enum RunIter<'a> {
    Encoded {
        bytes: &'a [u8],
        left: usize,
        prev: Option<i64>,
    },
    Pending(std::vec::IntoIter<i64>),
}

impl RunIter<'_> {
    fn pending(sorted: Vec<i64>) -> RunIter<'static> {
        RunIter::Pending(sorted.into_iter())
    }
}

impl Iterator for RunIter<'_> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        match self {
            RunIter::Pending(it) => it.next(),
            RunIter::Encoded { bytes, left, prev } => {
                if *left == 0 {
                    return None;
                }
                *left -= 1;
                let word = varint::take(bytes);
                let v = match *prev {
                    None => ((word >> 1) as i64) ^ -((word & 1) as i64),
                    Some(p) => (p as u64).wrapping_add(word) as i64,
                };
                *prev = Some(v);
                Some(v)
            }
        }
    }
}

/// Sorted sources merged into one ascending sequence.
struct Merged<'a> {
    sources: Vec<RunIter<'a>>,
    /// Each source's next value, smallest on top.
    heads: BinaryHeap<Reverse<(i64, usize)>>,
}

impl<'a> Merged<'a> {
    fn new(mut sources: Vec<RunIter<'a>>) -> Merged<'a> {
        let heads = sources
            .iter_mut()
            .enumerate()
            .filter_map(|(i, s)| s.next().map(|v| Reverse((v, i))))
            .collect();
        Merged { sources, heads }
    }
}

impl Iterator for Merged<'_> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        let mut top = self.heads.peek_mut()?;
        let Reverse((v, i)) = *top;
        match self.sources[i].next() {
            Some(next) => *top = Reverse((next, i)),
            None => {
                std::collections::binary_heap::PeekMut::pop(top);
            }
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic spread of values with repeats, negatives and
    /// extremes.
    fn values(n: usize) -> Vec<i64> {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match i % 1000 {
                    0 => i64::MAX,
                    1 => i64::MIN,
                    2 => -5,
                    3..=99 => 42,
                    _ => (x % 1_200_000_000) as i64,
                }
            })
            .collect()
    }

    #[test]
    fn reads_back_every_value_in_order_with_its_sum() {
        for n in [0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17] {
            let vs = values(n);
            let mut t = CreditTimes::default();
            vs.iter().for_each(|v| t.push(*v));
            let mut sorted = vs.clone();
            sorted.sort_unstable();
            assert_eq!(t.sorted().collect::<Vec<_>>(), sorted, "n = {n}");
            assert_eq!(t.len(), n as u64);
            assert_eq!(t.sum(), vs.iter().map(|v| i128::from(*v)).sum::<i128>());
            assert_eq!(t.max(), sorted.last().copied());
        }
    }

    #[test]
    fn finds_the_values_at_ranks() {
        let vs = values(3 * CHUNK + 5);
        let mut t = CreditTimes::default();
        vs.iter().for_each(|v| t.push(*v));
        let mut sorted = vs;
        sorted.sort_unstable();
        let n = sorted.len() as u64;
        let ranks = [1, 2, n / 2, n / 2, n - 1, n, n + 3];
        let want = ranks.map(|r| sorted[r.min(n) as usize - 1]);
        assert_eq!(t.at_ranks(ranks), Some(want));
        assert_eq!(CreditTimes::default().at_ranks([1]), None);
    }

    #[test]
    fn runs_stay_few_and_small() {
        let mut t = CreditTimes::default();
        // 16 chunks of times spread over about 14 days.
        for i in 0..16 * CHUNK as i64 {
            t.push((i * 7_919_993) % 1_200_000_000);
        }
        assert_eq!(t.runs.len(), 1);
        assert!(t.pending.is_empty());
        let bytes: usize = t.runs.iter().map(|r| r.bytes.len()).sum();
        // Gaps of about 1.1 s: two bytes each, not eight.
        assert!(bytes <= 2 * 16 * CHUNK, "{bytes} bytes");
    }
}
