//! A small layer over quick-xml's writer: elements with text, elements with
//! children, and the ISO 20022 `Document` around them. quick-xml escapes
//! every text and attribute; nothing here builds markup by hand.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An indented XML document being written into memory.
pub(super) struct Doc {
    w: Writer<Vec<u8>>,
}

impl Doc {
    /// A document whose root is `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:MESSAGE">`.
    pub fn iso20022(message: &str) -> Doc {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        let ok = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        ok.expect("writing to memory");
        let ns = format!("urn:iso:std:iso:20022:tech:xsd:{message}");
        let root = BytesStart::new("Document").with_attributes([("xmlns", ns.as_str())]);
        w.write_event(Event::Start(root)).expect("writing to memory");
        Doc { w }
    }

    /// Opens `<name>`.
    pub fn open(&mut self, name: &str) {
        self.event(Event::Start(BytesStart::new(name)));
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name>text</name>`, the text escaped.
    pub fn text(&mut self, name: &str, text: &str) {
        self.text_with(name, &[], text);
    }

    /// `<name a="v">text</name>`.
    pub fn text_with(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        let start = BytesStart::new(name).with_attributes(attributes.iter().copied());
        self.event(Event::Start(start));
        self.event(Event::Text(BytesText::new(text)));
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<a><b>…<z>text</z>…</b></a>` for the path `a/b/…/z`.
    pub fn path(&mut self, path: &str, text: &str) {
        let names: Vec<&str> = path.split('/').collect();
        let (last, outer) = names.split_last().expect("a path names an element");
        outer.iter().for_each(|n| self.open(n));
        self.text(last, text);
        outer.iter().rev().for_each(|n| self.close(n));
    }

    /// Closes the `Document` and returns the bytes, ending in a newline.
    pub fn finish(mut self) -> Vec<u8> {
        self.close("Document");
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        bytes
    }

    fn event(&mut self, e: Event<'_>) {
        self.w.write_event(e).expect("writing to memory never fails");
    }
}
