//! The event log as JSON Lines: one object per event, keys in a fixed order
//! (`seq`, `at`, `kind`, `from`, `to`, then the kind's fields). Written by
//! hand into a reused buffer because a million-payment run writes millions
//! of lines.

use std::io::Write;

use crate::scenario::Scenario;
use crate::sim::book::{batch_id, cardholder_id, payment_id, payout_id, remittance_id};
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
    line: Vec<u8>,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W, sc: &Scenario) -> JsonLines<W> {
        JsonLines {
            out,
            names: Names::new(sc),
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

impl<W: Write> EventSink for JsonLines<W> {
    fn record(&mut self, seq: u64, e: &Event) -> std::io::Result<()> {
        let l = &mut self.line;
        l.clear();
        let _ = write!(l, "{{\"seq\":{seq},\"at\":\"");
        e.at.write_utc(l);
        l.extend_from_slice(b"\",\"kind\":\"");
        l.extend_from_slice(e.kind.name().as_bytes());
        l.extend_from_slice(b"\",\"from\":");
        quoted(l, &party(&self.names, e.from));
        l.extend_from_slice(b",\"to\":");
        quoted(l, &party(&self.names, e.to));
        for (key, v) in &e.fields {
            let _ = write!(l, ",\"{key}\":");
            match v {
                Val::Count(n) => {
                    let _ = write!(l, "{n}");
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
