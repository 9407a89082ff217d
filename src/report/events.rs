//! The event log as JSON Lines: one object per event, keys in a fixed order
//! (`seq`, `at`, `kind`, `from`, `to`, then the kind's fields). Written by
//! hand into a reused buffer because a million-payment run writes millions
//! of lines.

use std::io::Write;

use crate::domain::ids::{CardholderId, PaymentId};
use crate::engine::time::push_digits as digits;
use crate::messages::{Directory, Event, EventSink, Field, Party};
use crate::scenario::Scenario;

/// Writes events as JSON Lines to `out`.
pub struct JsonLines<W: Write> {
    out: W,
    directory: Directory,
    /// Every merchant's name, JSON-quoted once rather than on every line.
    merchants: Vec<String>,
    line: Vec<u8>,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W, sc: &Scenario) -> JsonLines<W> {
        let directory = Directory::new(sc);
        let merchants = directory
            .ids()
            .map(|m| {
                let mut q = Vec::new();
                quoted(&mut q, &directory.name(m));
                String::from_utf8(q).expect("utf-8")
            })
            .collect();
        JsonLines {
            out,
            directory,
            merchants,
            line: Vec::with_capacity(256),
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
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

/// `"1234.56 EUR"` without going through `fmt`.
fn money(out: &mut Vec<u8>, m: crate::domain::money::Money) {
    let dp = m.currency().minor_digits();
    let mut d = m.amount();
    d.rescale(dp);
    let mantissa = d.mantissa();
    let scale = 10u128.pow(dp);
    out.push(b'"');
    if mantissa < 0 {
        out.push(b'-');
    }
    let abs = mantissa.unsigned_abs();
    digits(out, abs / scale, 1);
    out.push(b'.');
    digits(out, abs % scale, dp as usize);
    out.push(b' ');
    out.extend_from_slice(m.currency().code().as_bytes());
    out.push(b'"');
}

impl<W: Write> JsonLines<W> {
    fn party(&mut self, p: Party) {
        let l = &mut self.line;
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

impl<W: Write> EventSink for JsonLines<W> {
    fn record(&mut self, seq: u64, e: &Event) -> std::io::Result<()> {
        self.line.clear();
        self.line.extend_from_slice(b"{\"seq\":");
        digits(&mut self.line, u128::from(seq), 1);
        self.line.extend_from_slice(b",\"at\":\"");
        e.at.write_utc(&mut self.line);
        self.line.extend_from_slice(b"\",\"kind\":\"");
        self.line.extend_from_slice(e.kind().name().as_bytes());
        self.line.extend_from_slice(b"\",\"from\":");
        self.party(e.from);
        self.line.extend_from_slice(b",\"to\":");
        self.party(e.to);
        let (l, merchants, directory) = (&mut self.line, &self.merchants, &self.directory);
        e.body.fields(|key, v| {
            l.extend_from_slice(b",\"");
            l.extend_from_slice(key.as_bytes());
            l.extend_from_slice(b"\":");
            match v {
                Field::Count(n) => digits(l, u128::from(n), 1),
                Field::Money(m) => money(l, m),
                Field::Merchant(m) => l.extend_from_slice(merchants[m.index()].as_bytes()),
                Field::Payment(p) => {
                    l.push(b'"');
                    l.extend_from_slice(PaymentId::PREFIX.as_bytes());
                    digits(l, u128::from(p.number()), PaymentId::WIDTH);
                    l.push(b'"');
                }
                Field::Batches(bs) => {
                    l.push(b'[');
                    for (i, b) in bs.iter().enumerate() {
                        if i > 0 {
                            l.push(b',');
                        }
                        quoted(l, &b.to_string());
                    }
                    l.push(b']');
                }
                Field::Code(c) => quoted(l, c),
                Field::Hold(h) => quoted(l, &h.reason()),
                other => quoted(l, &other.show(directory)),
            }
        });
        l.extend_from_slice(b"}\n");
        self.out.write_all(l)
    }
}
