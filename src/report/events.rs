//! The event log as JSON Lines: one object per event, keys in a fixed order
//! (`seq`, `at`, `kind`, `from`, `to`, then the kind's fields). Written by
//! hand into a reused buffer because a million-payment run writes millions
//! of lines.

use std::io::Write;

use crate::engine::time::push_digits as digits;
use crate::scenario::Scenario;
use crate::sim::book::{
    batch_id, cardholder_id, direct_debit_id, exception_id, payment_id, payout_id, refund_id, remittance_id,
};
use crate::sim::{Event, EventSink, Party, Val};

/// Merchant names by index, without the book.
pub struct Names {
    groups: Vec<(String, u32)>,
}

impl Names {
    pub fn new(sc: &Scenario) -> Names {
        Names {
            groups: sc.merchants.iter().map(|g| (g.name.clone(), g.count)).collect(),
        }
    }

    pub fn merchant(&self, mut m: u32) -> String {
        for (name, count) in &self.groups {
            if m < *count {
                return format!("{name}/{}", m + 1);
            }
            m -= count;
        }
        format!("?/{m}")
    }
}

pub struct JsonLines<W: Write> {
    out: W,
    names: Names,
    /// Every merchant's name, JSON-quoted once rather than on every line.
    merchants: Vec<String>,
    line: Vec<u8>,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W, sc: &Scenario) -> JsonLines<W> {
        let names = Names::new(sc);
        let total: u32 = sc.merchants.iter().map(|g| g.count).sum();
        let merchants = (0..total)
            .map(|m| {
                let mut q = Vec::new();
                quoted(&mut q, &names.merchant(m));
                String::from_utf8(q).expect("utf-8")
            })
            .collect();
        JsonLines {
            out,
            names,
            merchants,
            line: Vec::with_capacity(256),
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

pub fn party(names: &Names, p: Party) -> String {
    match p {
        Party::Cardholder(c) => format!("cardholder:{}", cardholder_id(c)),
        Party::Merchant(m) => format!("merchant:{}", names.merchant(m)),
        Party::Issuer => "issuer".into(),
        Party::Switch => "switch".into(),
        Party::SettlementBank => "settlement_bank".into(),
        Party::Acquirer => "acquirer".into(),
        Party::Regulator => "regulator".into(),
    }
}

/// A field's value as a display string (ids, amounts, dates), shared with
/// the explorer and `explain`.
pub fn value(names: &Names, v: &Val) -> String {
    match v {
        Val::Payment(p) => payment_id(*p),
        Val::Cardholder(c) => cardholder_id(*c),
        Val::Merchant(m) => names.merchant(*m),
        Val::Batch(d) => batch_id(*d),
        Val::Batches(ds) => ds.iter().map(|d| batch_id(*d)).collect::<Vec<_>>().join(","),
        Val::Remittance(r) => remittance_id(*r),
        Val::Payout(p) => payout_id(*p),
        Val::Refund(r) => refund_id(*r),
        Val::DirectDebit(d) => direct_debit_id(*d),
        Val::Exception(e) => exception_id(*e),
        Val::Money(m) => m.to_string(),
        Val::Rate(r) => r.to_string(),
        Val::Date(d) => d.to_string(),
        Val::Count(n) => n.to_string(),
        Val::Code(c) => (*c).to_string(),
        Val::Text(t) => t.clone(),
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
    let dp = m.currency.minor_digits();
    let mut d = m.amount;
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
    out.extend_from_slice(m.currency.code().as_bytes());
    out.push(b'"');
}

impl<W: Write> JsonLines<W> {
    fn party(&mut self, p: Party) {
        let l = &mut self.line;
        match p {
            Party::Merchant(m) => {
                l.extend_from_slice(b"\"merchant:");
                l.extend_from_slice(&self.merchants[m as usize].as_bytes()[1..]);
            }
            Party::Cardholder(c) => {
                l.extend_from_slice(b"\"cardholder:C");
                digits(l, u128::from(c) + 1, 6);
                l.push(b'"');
            }
            other => quoted(l, &party(&self.names, other)),
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
        self.line.extend_from_slice(e.kind.name().as_bytes());
        self.line.extend_from_slice(b"\",\"from\":");
        self.party(e.from);
        self.line.extend_from_slice(b",\"to\":");
        self.party(e.to);
        let l = &mut self.line;
        for (key, v) in &e.fields {
            l.extend_from_slice(b",\"");
            l.extend_from_slice(key.as_bytes());
            l.extend_from_slice(b"\":");
            match v {
                Val::Count(n) => digits(l, u128::from(*n), 1),
                Val::Money(m) => money(l, *m),
                Val::Merchant(m) => l.extend_from_slice(self.merchants[*m as usize].as_bytes()),
                Val::Payment(p) => {
                    l.extend_from_slice(b"\"P");
                    digits(l, u128::from(*p) + 1, 8);
                    l.push(b'"');
                }
                Val::Batches(ds) => {
                    l.push(b'[');
                    for (i, d) in ds.iter().enumerate() {
                        if i > 0 {
                            l.push(b',');
                        }
                        quoted(l, &batch_id(*d));
                    }
                    l.push(b']');
                }
                other => quoted(l, &value(&self.names, other)),
            }
        }
        l.extend_from_slice(b"}\n");
        self.out.write_all(l)
    }
}
