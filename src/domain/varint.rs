//! LEB128 varints (seven bits a byte, the high bit set on all but the
//! last), and zigzag for signed values (0, -1, 1, -2, ... as 0, 1, 2, 3),
//! as protocol buffers encode them: what the packed lists of
//! payments and durations are made of, so a small change takes one byte.

/// Appends `word`, 1 to 10 bytes.
pub fn put(out: &mut Vec<u8>, mut word: u64) {
    while word >= 0x80 {
        out.push((word as u8) | 0x80);
        word >>= 7;
    }
    out.push(word as u8);
}

/// Takes one varint off the front of `bytes` (what is left of a truncated
/// one, if `bytes` ends inside it).
pub fn take(bytes: &mut &[u8]) -> u64 {
    let (mut word, mut shift) = (0u64, 0);
    while let Some((b, rest)) = bytes.split_first() {
        *bytes = rest;
        word |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    word
}

/// Appends a signed value, zigzagged.
pub fn put_signed(out: &mut Vec<u8>, v: i64) {
    put(out, ((v << 1) ^ (v >> 63)) as u64);
}

/// Takes one signed value written by [`put_signed`].
pub fn take_signed(bytes: &mut &[u8]) -> i64 {
    let word = take(bytes);
    ((word >> 1) as i64) ^ -((word & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_and_small_ones_take_a_byte() {
        let signed = [0, -1, 1, 63, -64, 64, i64::MIN, i64::MAX];
        let mut out = Vec::new();
        for v in signed {
            put_signed(&mut out, v);
        }
        put(&mut out, u64::MAX);
        let mut rest = out.as_slice();
        for v in signed {
            assert_eq!(take_signed(&mut rest), v);
        }
        assert_eq!(take(&mut rest), u64::MAX);
        assert!(rest.is_empty());
        let mut one = Vec::new();
        put_signed(&mut one, -64);
        put(&mut one, 127);
        assert_eq!(one, [127, 127]);
    }
}
