//! Simulated time: UTC instants with millisecond resolution, as plain
//! integers so that ordering and arithmetic are exact and portable.

use std::fmt;
use std::ops::{Add, Sub};

/// Milliseconds since 1970-01-01T00:00:00Z (`.0`, negative before 1970),
/// on the simulated clock only: never read from the host's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(pub i64);

/// A signed span of simulated time in milliseconds (`.0`). The constructors
/// and the arithmetic overflow past `i64` milliseconds (about 292 million
/// years): a panic in debug builds, a wrap in release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub i64);

impl Duration {
    /// No time at all.
    pub const ZERO: Duration = Duration(0);
    /// `ms` milliseconds.
    pub const fn from_ms(ms: i64) -> Self {
        Duration(ms)
    }
    /// `s` seconds.
    pub const fn from_secs(s: i64) -> Self {
        Duration(s * 1_000)
    }
    /// `m` minutes.
    pub const fn from_mins(m: i64) -> Self {
        Duration(m * 60_000)
    }
    /// `h` hours.
    pub const fn from_hours(h: i64) -> Self {
        Duration(h * 3_600_000)
    }
    /// `d` days of exactly 24 hours: UTC days, not local ones (a day that
    /// crosses a daylight-saving change is 23 or 25 hours on the wall clock).
    pub const fn from_days(d: i64) -> Self {
        Duration(d * 86_400_000)
    }
    /// The span in milliseconds.
    pub const fn as_ms(self) -> i64 {
        self.0
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        Instant(self.0 + d.0)
    }
}

impl Add for Duration {
    type Output = Duration;
    fn add(self, o: Duration) -> Duration {
        Duration(self.0 + o.0)
    }
}

impl Sub<Instant> for Instant {
    type Output = Duration;
    fn sub(self, other: Instant) -> Duration {
        Duration(self.0 - other.0)
    }
}

impl Instant {
    /// Civil UTC date and time, `2018-02-14T09:31:05.250Z`. Written by hand
    /// because the event log prints one per line and must stream fast.
    /// Appends 24 bytes to `out` for years 0000 to 9999; outside them the
    /// year is not ISO 8601 (its sign is dropped).
    pub fn write_utc(self, out: &mut Vec<u8>) {
        let ms = self.0.rem_euclid(1_000);
        let secs = self.0.div_euclid(1_000);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        if !(0..=9999).contains(&y) {
            push_num(out, y, 4);
            out.push(b'-');
            push_num(out, m, 2);
            out.push(b'-');
            push_num(out, d, 2);
            out.push(b'T');
            push_num(out, sod / 3_600, 2);
            out.push(b':');
            push_num(out, sod / 60 % 60, 2);
            out.push(b':');
            push_num(out, sod % 60, 2);
            out.push(b'.');
            push_num(out, ms, 3);
            out.push(b'Z');
            return;
        }
        // The event log writes one per event: fixed widths straight into a
        // buffer, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
        let digit = |n: i64| b'0' + n as u8;
        let (h, mi, se) = (sod / 3_600, sod / 60 % 60, sod % 60);
        out.extend_from_slice(&[
            digit(y / 1000),
            digit(y / 100 % 10),
            digit(y / 10 % 10),
            digit(y % 10),
            b'-',
            digit(m / 10),
            digit(m % 10),
            b'-',
            digit(d / 10),
            digit(d % 10),
            b'T',
            digit(h / 10),
            digit(h % 10),
            b':',
            digit(mi / 10),
            digit(mi % 10),
            b':',
            digit(se / 10),
            digit(se % 10),
            b'.',
            digit(ms / 100),
            digit(ms / 10 % 10),
            digit(ms % 10),
            b'Z',
        ]);
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = Vec::with_capacity(24);
        self.write_utc(&mut buf);
        f.write_str(std::str::from_utf8(&buf).expect("ascii"))
    }
}

impl fmt::Display for Duration {
    /// Human form for reports: `2d 03h 15m`, `41m 07s`, `850ms`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        if ms < 0 {
            return write!(f, "-{}", Duration(-ms));
        }
        let (d, h, m, s) = (ms / 86_400_000, ms / 3_600_000 % 24, ms / 60_000 % 60, ms / 1_000 % 60);
        if d > 0 {
            write!(f, "{d}d {h:02}h {m:02}m")
        } else if h > 0 {
            write!(f, "{h}h {m:02}m")
        } else if m > 0 {
            write!(f, "{m}m {s:02}s")
        } else if s > 0 {
            write!(f, "{s}.{:03}s", ms % 1_000)
        } else {
            write!(f, "{ms}ms")
        }
    }
}

/// Appends `n` in decimal to `out`, zero-padded on the left to at least
/// `width` digits (a longer number is not cut), without going through `fmt`
/// (the event log writes millions).
pub fn push_digits(out: &mut Vec<u8>, n: u128, width: usize) {
    // Almost every number fits 64 bits, whose division is several times
    // cheaper than 128-bit division.
    if let (Ok(n), true) = (u64::try_from(n), width <= 20) {
        return push_u64(out, n, width);
    }
    let mut digits = [b'0'; 40];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in (digits.len() - i)..width {
        out.push(b'0');
    }
    out.extend_from_slice(&digits[i..]);
}

/// [`push_digits`] for a `u64` and a `width` of at most 20 (a `u64` has
/// at most 20 digits): two digits a division, written in place over 20
/// zeros that are then cut to length. In place, because digits formed in
/// a buffer of their own and then copied are read back before their small
/// writes have landed, which stalls the processor.
fn push_u64(out: &mut Vec<u8>, mut n: u64, width: usize) {
    let len = (n.checked_ilog10().unwrap_or(0) as usize + 1).max(width);
    let start = out.len();
    out.extend_from_slice(&[b'0'; 20]);
    let digits = &mut out[start..start + len];
    let mut i = len;
    while n >= 100 {
        i -= 2;
        digits[i..i + 2].copy_from_slice(&DIGIT_PAIRS[(n % 100) as usize]);
        n /= 100;
    }
    if n >= 10 {
        digits[i - 2..i].copy_from_slice(&DIGIT_PAIRS[n as usize]);
    } else {
        digits[i - 1] = b'0' + n as u8;
    }
    out.truncate(start + len);
}

/// `"00"` to `"99"`, for formatting two digits at a time.
pub const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

fn push_num(out: &mut Vec<u8>, n: i64, width: usize) {
    push_digits(out, n.unsigned_abs().into(), width);
}

/// Howard Hinnant's `civil_from_days`: proleptic Gregorian date of a day
/// count since 1970-01-01 (public domain algorithm, exact for all i64 days
/// a simulation can reach).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Howard Hinnant's `days_from_civil`, the inverse of [`civil_from_days`]:
/// days since 1970-01-01 of the proleptic Gregorian `(y, m, d)`.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for z in (-80_000..80_000).step_by(7) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2018, 2, 16), 17_578);
    }

    #[test]
    fn utc_formatting_is_iso_with_milliseconds() {
        // 2018-02-14T09:31:05.250Z
        let t = Instant(1_518_600_665_250);
        assert_eq!(t.to_string(), "2018-02-14T09:31:05.250Z");
        assert_eq!(Instant(0).to_string(), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn utc_formatting_agrees_with_jiff_across_the_supported_years() {
        // From 1900 to 2200 in steps that hit every field's carries.
        let mut ms = -2_208_988_800_000i64; // 1900-01-01
        while ms < 7_258_118_400_000 {
            let ours = Instant(ms).to_string();
            let jiffs = jiff::Timestamp::from_millisecond(ms)
                .unwrap()
                .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string();
            assert_eq!(ours, jiffs);
            ms += 3_333_333_337;
        }
    }

    #[test]
    fn durations_read_like_a_report() {
        assert_eq!(Duration::from_ms(850).to_string(), "850ms");
        assert_eq!(Duration::from_secs(67).to_string(), "1m 07s");
        assert_eq!(
            (Duration::from_days(2) + Duration::from_mins(195)).to_string(),
            "2d 03h 15m"
        );
    }
}
