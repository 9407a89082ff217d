//! `corridor test --junit FILE`: the results as JUnit XML, the format
//! GitLab, Jenkins and GitHub test reporters read. One `testcase` per
//! scenario, one `failure` per broken expectation or golden. Written by an
//! XML writer (escaping is its job), with no timings: the same results give
//! the same bytes.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::verdict::Outcome;

/// The JUnit document for `results`, in the order they were found.
pub fn render(results: &[Outcome]) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests = results.len().to_string();
    let failures = results.iter().map(|r| r.failures.len()).sum::<usize>().to_string();
    let suite = [
        ("name", "corridor test"),
        ("tests", &tests),
        ("failures", &failures),
        ("errors", "0"),
    ];
    w.create_element("testsuites")
        .with_attributes(suite)
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attributes(suite)
                .write_inner_content(|w| {
                    for r in results {
                        case(w, r)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn case(w: &mut Writer<Vec<u8>>, r: &Outcome) -> std::io::Result<()> {
    let el = w
        .create_element("testcase")
        .with_attributes([("name", r.file.as_str()), ("classname", r.name.as_str())]);
    if r.failures.is_empty() {
        el.write_empty()?;
        return Ok(());
    }
    el.write_inner_content(|w| {
        for f in &r.failures {
            w.create_element("failure")
                .with_attributes([("message", f.title.as_str()), ("type", f.kind)])
                .write_text_content(BytesText::new(&f.detail))?;
        }
        Ok(())
    })?;
    Ok(())
}
