//! The event log as JSON Lines: one object per event, keys in a fixed order
//! (`seq`, `at`, `kind`, `from`, `to`, then the kind's fields). Written by
//! hand into a reused buffer because a million-payment run writes millions
//! of lines: about four lines a payment, so the fields every payment carries
//! (ids, amounts, the rate, the batch, the instant) are formatted without
//! `fmt` and without allocating.

use std::io::Write;

use rust_decimal::Decimal;

use crate::domain::ids::{BatchId, CardholderId, PaymentId};
use crate::engine::Instant;
use crate::engine::time::{DIGIT_PAIRS, push_digits as digits};
use crate::messages::{Directory, Event, EventSink, Field, Party};
use crate::scenario::Scenario;

/// Writes events as JSON Lines to `out`, one `write_all` a line (give it a
/// buffered writer).
pub struct JsonLines<W: Write> {
    out: W,
    format: LineFormat,
    line: Vec<u8>,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W, sc: &Scenario) -> JsonLines<W> {
        JsonLines {
            out,
            format: LineFormat::new(sc),
            line: Vec::with_capacity(256),
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> EventSink for JsonLines<W> {
    fn record(&mut self, seq: u64, e: &Event) -> std::io::Result<()> {
        self.line.clear();
        self.format.line(&mut self.line, seq, e);
        self.out.write_all(&self.line)
    }
}

/// Formats one event as one line of the log. The bytes depend on the event,
/// its `seq` and the scenario only, so a line can be formatted on any thread
/// (the command line formats on the writer's).
pub struct LineFormat {
    directory: Directory,
    /// Every merchant's name, JSON-quoted once rather than on every line.
    merchants: Vec<String>,
    stamps: Stamps,
}

impl LineFormat {
    pub fn new(sc: &Scenario) -> LineFormat {
        let directory = Directory::new(sc);
        let merchants = directory
            .ids()
            .map(|m| {
                let mut q = Vec::new();
                quoted(&mut q, &directory.name(m));
                String::from_utf8(q).expect("utf-8")
            })
            .collect();
        LineFormat {
            directory,
            merchants,
            stamps: Stamps::default(),
        }
    }

    /// Appends event `seq`'s line, newline included, to `l`.
    pub fn line(&mut self, l: &mut Vec<u8>, seq: u64, e: &Event) {
        l.extend_from_slice(b"{\"seq\":");
        digits(l, u128::from(seq), 1);
        l.extend_from_slice(b",\"at\":\"");
        self.stamps.write(l, e.at);
        l.extend_from_slice(b"\",\"kind\":\"");
        l.extend_from_slice(e.kind().name().as_bytes());
        l.extend_from_slice(b"\",\"from\":");
        self.party(l, e.from);
        l.extend_from_slice(b",\"to\":");
        self.party(l, e.to);
        let (merchants, directory) = (&self.merchants, &self.directory);
        e.body.fields(|key, v| {
            l.extend_from_slice(b",\"");
            l.extend_from_slice(key.as_bytes());
            l.extend_from_slice(b"\":");
            match v {
                Field::Count(n) => digits(l, u128::from(n), 1),
                Field::Money(m) => money(l, m),
                Field::Rate(r) => rate(l, r),
                Field::Merchant(m) => l.extend_from_slice(merchants[m.index()].as_bytes()),
                Field::Payment(p) => id(l, PaymentId::PREFIX, p.number(), PaymentId::WIDTH),
                Field::Cardholder(c) => id(l, CardholderId::PREFIX, c.number(), CardholderId::WIDTH),
                Field::Batch(b) => batch(l, b),
                Field::Batches(bs) => {
                    l.push(b'[');
                    for (i, b) in bs.iter().enumerate() {
                        if i > 0 {
                            l.push(b',');
                        }
                        batch(l, *b);
                    }
                    l.push(b']');
                }
                Field::Code(c) => quoted(l, c),
                Field::Hold(h) => quoted(l, &h.reason()),
                other => quoted(l, &other.show(directory)),
            }
        });
        l.extend_from_slice(b"}\n");
    }

    fn party(&self, l: &mut Vec<u8>, p: Party) {
        match p {
            Party::Merchant(m) => {
                l.extend_from_slice(b"\"merchant:");
                l.extend_from_slice(&self.merchants[m.index()].as_bytes()[1..]);
            }
            Party::Cardholder(c) => {
                l.extend_from_slice(b"\"cardholder:");
                l.extend_from_slice(CardholderId::PREFIX.as_bytes());
                digits(l, u128::from(c.number()), CardholderId::WIDTH);
                l.push(b'"');
            }
            institution => quoted(l, institution.institution().unwrap_or_default()),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, as [`Instant::write_utc`] writes it, with the
/// date part formatted once per day: the log is in time order, so nearly
/// every line falls on the day of the line before.
#[derive(Default)]
struct Stamps {
    /// The day (since 1970-01-01) whose date part `date` holds.
    day: Option<i64>,
    /// `YYYY-MM-DDT`: the start of the day as `write_utc` writes it, up to
    /// and including the `T`.
    date: Vec<u8>,
}

impl Stamps {
    const DAY_MS: i64 = 86_400_000;

    fn write(&mut self, out: &mut Vec<u8>, at: Instant) {
        let ms = at.0;
        let day = ms.div_euclid(Self::DAY_MS);
        if self.day != Some(day) {
            self.date.clear();
            Instant(day * Self::DAY_MS).write_utc(&mut self.date);
            // Every year `write_utc` can write is followed by the `T`: the
            // time of day after it is always 13 bytes.
            let t = self.date.len() - "HH:MM:SS.mmmZ".len();
            self.date.truncate(t);
            self.day = Some(day);
        }
        // Years of four digits (all of them in practice) copy at a known
        // size, which needs no call.
        match <&[u8; 11]>::try_from(self.date.as_slice()) {
            Ok(date) => out.extend_from_slice(date),
            Err(_) => out.extend_from_slice(&self.date),
        }
        let ms = ms.rem_euclid(Self::DAY_MS) as u32;
        let (secs, milli) = (ms / 1_000, ms % 1_000);
        // Written in place over a template: digits formed apart and copied
        // would be read back before their small writes landed (a stall).
        let start = out.len();
        out.extend_from_slice(b"00:00:00.000Z");
        let t = &mut out[start..start + 13];
        t[0..2].copy_from_slice(&DIGIT_PAIRS[(secs / 3_600) as usize]);
        t[3..5].copy_from_slice(&DIGIT_PAIRS[(secs / 60 % 60) as usize]);
        t[6..8].copy_from_slice(&DIGIT_PAIRS[(secs % 60) as usize]);
        t[9] = b'0' + (milli / 100) as u8;
        t[10..12].copy_from_slice(&DIGIT_PAIRS[(milli % 100) as usize]);
    }
}

/// `"P00000042"`: the prefix, then the number zero-padded to `width`.
fn id(l: &mut Vec<u8>, prefix: &str, number: u64, width: usize) {
    l.push(b'"');
    l.extend_from_slice(prefix.as_bytes());
    digits(l, u128::from(number), width);
    l.push(b'"');
}

/// `"B20180214"`, as [`BatchId`]'s `Display` writes it.
fn batch(l: &mut Vec<u8>, b: BatchId) {
    let d = b.day();
    let year = d.year();
    if !(0..=9_999).contains(&year) {
        return quoted(l, &b.to_string());
    }
    l.extend_from_slice(b"\"B");
    digits(l, year as u128, 4);
    l.extend_from_slice(&DIGIT_PAIRS[d.month() as usize]);
    l.extend_from_slice(&DIGIT_PAIRS[d.day() as usize]);
    l.push(b'"');
}

/// `"7.8112"`: the decimal as its `Display` writes it (every digit of its
/// scale, `0.5` not `.5`), without `fmt`: a rate is on every authorisation.
fn rate(l: &mut Vec<u8>, r: Decimal) {
    let scale = r.scale();
    let unit = 10u64.checked_pow(scale);
    let mantissa = u64::try_from(r.mantissa()).ok();
    match (unit, mantissa) {
        // `Display` writes a negative zero as `-0`: negatives go the slow way.
        (Some(unit), Some(m)) if !r.is_sign_negative() => {
            l.push(b'"');
            digits(l, u128::from(m / unit), 1);
            if scale > 0 {
                l.push(b'.');
                digits(l, u128::from(m % unit), scale as usize);
            }
            l.push(b'"');
        }
        _ => quoted(l, &r.to_string()),
    }
}

fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    // Codes and names almost never need escaping: copy them whole.
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    for ch in s.chars() {
        match ch {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// `"1234.56 EUR"` without going through `fmt`: the amount in minor units,
/// split at the currency's decimal point.
fn money(out: &mut Vec<u8>, m: crate::domain::money::Money) {
    let dp = m.currency().minor_digits();
    let d = m.amount();
    let mantissa = d.mantissa();
    // Money never holds more decimals than its currency's minor unit, so
    // reaching minor units only multiplies; 64 bits hold any amount a
    // scenario can reach (the 128-bit way is kept for the rest).
    let minor = dp
        .checked_sub(d.scale())
        .and_then(|up| 10u64.checked_pow(up))
        .and_then(|up| u64::try_from(mantissa.unsigned_abs()).ok()?.checked_mul(up));
    let unit = 10u64.pow(dp);
    out.push(b'"');
    if mantissa < 0 {
        out.push(b'-');
    }
    match minor {
        Some(minor) => {
            digits(out, u128::from(minor / unit), 1);
            out.push(b'.');
            digits(out, u128::from(minor % unit), dp as usize);
        }
        None => {
            let mut d = d;
            d.rescale(dp);
            let abs = d.mantissa().unsigned_abs();
            digits(out, abs / u128::from(unit), 1);
            out.push(b'.');
            digits(out, abs % u128::from(unit), dp as usize);
        }
    }
    out.push(b' ');
    out.extend_from_slice(m.currency().code().as_bytes());
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rates_are_written_as_display_writes_them() {
        for s in [
            "7.8112",
            "7.8100",
            "0.5",
            "0",
            "0.00",
            "12",
            "-7.81",
            "123456789012345678901.5",
        ] {
            let r: Decimal = s.parse().unwrap();
            assert_eq!(written(|l| rate(l, r)), format!("\"{r}\""), "{s}");
        }
        assert_eq!(written(|l| rate(l, -Decimal::ZERO)), format!("\"{}\"", -Decimal::ZERO));
    }

    #[test]
    fn amounts_are_written_to_the_minor_unit() {
        use crate::domain::money::{Currency, Money};
        let eur = |s: &str| Money::new(s.parse().unwrap(), Currency::EUR);
        assert_eq!(written(|l| money(l, eur("1234.5"))), "\"1234.50 EUR\"");
        assert_eq!(written(|l| money(l, eur("-0.07"))), "\"-0.07 EUR\"");
        assert_eq!(written(|l| money(l, eur("12"))), "\"12.00 EUR\"");
        assert_eq!(
            written(|l| money(l, Money::from_minor(1, Currency::CNY))),
            "\"0.01 CNY\""
        );
    }

    #[test]
    fn instants_are_written_as_write_utc_writes_them() {
        let mut stamps = Stamps::default();
        // Out of order and across days, years and the range of four digits.
        let ms = [
            1_519_000_000_250,
            1_519_000_000_250 + 86_399_999,
            0,
            -1,
            1_519_086_400_000,
            253_402_300_799_999,
            253_402_300_800_000,
            -62_167_219_200_001,
        ];
        for ms in ms {
            let at = Instant(ms);
            let mut want = Vec::new();
            at.write_utc(&mut want);
            assert_eq!(
                written(|l| stamps.write(l, at)),
                String::from_utf8(want).unwrap(),
                "{ms}"
            );
        }
    }

    #[test]
    fn numbers_are_padded_to_their_width() {
        for n in [0u128, 7, 10, 99, 100, 12_345, u128::from(u64::MAX), u128::MAX] {
            for width in [0, 1, 2, 5, 8, 39, 40, 45] {
                assert_eq!(written(|l| digits(l, n, width)), format!("{n:0width$}"), "{n} {width}");
            }
        }
    }

    #[test]
    fn batches_and_codes_are_written_as_display_writes_them() {
        let b = BatchId(jiff::civil::date(2018, 2, 4));
        assert_eq!(written(|l| batch(l, b)), "\"B20180204\"");
        assert_eq!(written(|l| quoted(l, "a \"b\"\\\u{1}é")), "\"a \\\"b\\\"\\\\\\u0001é\"");
    }
}
