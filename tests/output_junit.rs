//! The JUnit renderer: a snapshot of the shared sample findings, and a
//! check that the report is well-formed XML with the counts CI servers read,
//! done with a tiny scanner (enough for the XML we write: no comments,
//! CDATA or DTD) rather than an XML crate.

mod common;

use apilint::output::junit::{JunitOptions, render};
use common::{check_snapshot, sample_acknowledged_findings, sample_findings};

/// One tag of the report: its name, attributes (unescaped) and, for
/// elements with text, the text (unescaped).
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    depth: usize,
}

impl Element {
    fn attr(&self, key: &str) -> &str {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no {key}", self.name))
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').expect("unterminated reference") + i;
        let entity = &rest[i + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = entity.strip_prefix('#').expect("unknown entity");
                char::from_u32(n.parse().expect("decimal reference")).unwrap()
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Checks well-formedness and returns the elements in document order.
fn scan(xml: &str) -> Vec<Element> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration first");
    for c in body.chars() {
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c > '\u{ffff}';
        assert!(allowed, "character XML 1.0 forbids: {c:?}");
    }
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        assert!(!text.contains('>'), "raw > in text: {text:?}");
        if let Some(&top) = open.last() {
            elements[top].text.push_str(&unescape(text));
        } else {
            assert!(text.trim().is_empty(), "text outside the root: {text:?}");
        }
        let gt = rest[lt..].find('>').expect("unterminated tag") + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let top = open.pop().expect("close tag without open tag");
            assert_eq!(elements[top].name, name, "mismatched close tag");
            continue;
        }
        let (tag, self_closing) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        assert!(!tag.contains('<'), "raw < in a tag: {tag:?}");
        let (name, mut attrs_src) = tag.split_once(' ').unwrap_or((tag, ""));
        let mut attrs = Vec::new();
        loop {
            attrs_src = attrs_src.trim_start();
            if attrs_src.is_empty() {
                break;
            }
            let (key, after) = attrs_src.split_once("=\"").expect("attribute syntax");
            let end = after.find('"').expect("unterminated attribute");
            let value = &after[..end];
            for (i, _) in value.match_indices('&') {
                let entity = &value[i..value[i..].find(';').unwrap() + i + 1];
                assert!(
                    [
                        "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#9;", "&#10;", "&#13;"
                    ]
                    .contains(&entity),
                    "unexpected reference {entity}"
                );
            }
            assert!(
                !value.contains(['\t', '\n', '\r']),
                "raw whitespace would be normalized"
            );
            assert!(
                attrs.iter().all(|(k, _)| k != key),
                "duplicate attribute {key}"
            );
            attrs.push((key.to_string(), unescape(value)));
            attrs_src = &after[end + 1..];
        }
        elements.push(Element {
            name: name.to_string(),
            attrs,
            text: String::new(),
            depth: open.len(),
        });
        if elements.len() > 1 {
            assert!(!open.is_empty(), "a second root element");
        }
        if !self_closing {
            open.push(elements.len() - 1);
        }
    }
    assert!(
        rest.trim().is_empty() && open.is_empty(),
        "unclosed elements"
    );
    elements
}

fn sources() -> Vec<String> {
    vec!["api/openapi.yaml".into(), "api/clean & tidy.yaml".into()]
}

#[test]
fn junit_snapshot() {
    let sources = sources();
    let out = render(&sample_findings(), &JunitOptions { sources: &sources });
    check_snapshot("output_junit.xml", &out);
}

#[test]
fn report_is_well_formed_and_counts_add_up() {
    let sources = sources();
    let findings = sample_findings();
    let elements = scan(&render(&findings, &JunitOptions { sources: &sources }));

    let root = &elements[0];
    assert_eq!(root.name, "testsuites");
    assert_eq!(root.attr("name"), "apilint");
    assert_eq!(root.attr("failures"), findings.len().to_string());
    // Every finding, plus the passing case of the clean file.
    assert_eq!(root.attr("tests"), (findings.len() + 1).to_string());
    assert_eq!(root.attr("errors"), "0");

    let suites: Vec<&Element> = elements.iter().filter(|e| e.name == "testsuite").collect();
    let names: Vec<&str> = suites.iter().map(|s| s.attr("name")).collect();
    assert_eq!(
        names,
        [
            "api/openapi.yaml",
            "api/clean & tidy.yaml",
            "api/schemas/pet.yaml",
            "https://example.com/common.yaml"
        ]
    );
    let counts: Vec<(&str, &str)> = suites
        .iter()
        .map(|s| (s.attr("tests"), s.attr("failures")))
        .collect();
    assert_eq!(counts, [("5", "5"), ("1", "0"), ("1", "1"), ("1", "1")]);
    assert!(elements.iter().all(|e| match e.name.as_str() {
        "testsuites" => e.depth == 0,
        "testsuite" => e.depth == 1,
        "testcase" => e.depth == 2,
        "failure" | "skipped" => e.depth == 3,
        other => panic!("unexpected element {other}"),
    }));

    let failures: Vec<&Element> = elements.iter().filter(|e| e.name == "failure").collect();
    assert_eq!(failures.len(), findings.len());
    for (failure, f) in failures.iter().zip(&findings) {
        assert_eq!(failure.attr("type"), f.severity.name());
        let location = format!(
            "{}:{}:{} {} ",
            f.source,
            f.range.start.line + 1,
            f.range.start.character + 1,
            f.code
        );
        assert!(failure.text.starts_with(&location), "{}", failure.text);
    }
    // Quotes, tab and backslash survive; U+0001 cannot be written in XML
    // 1.0 and becomes U+FFFD.
    assert_eq!(failures[3].attr("message"), findings[3].message);
    assert_eq!(
        failures[5].attr("message"),
        "\"pet name\" must be camel case\u{fffd}"
    );

    let cases: Vec<&Element> = elements.iter().filter(|e| e.name == "testcase").collect();
    assert_eq!(cases[0].attr("name"), "oas3-api-servers 1:1");
    assert_eq!(
        cases[2].attr("name"),
        "operation-operationId #/paths/~1pets~1{petId}/get"
    );
    assert_eq!(cases[5].attr("classname"), "api/clean & tidy.yaml");
    assert_eq!(cases[5].attr("name"), "no problems");
}

#[test]
fn no_findings_gives_one_passing_case_per_file() {
    let sources = sources();
    let elements = scan(&render(&[], &JunitOptions { sources: &sources }));
    assert_eq!(elements[0].attr("tests"), "2");
    assert_eq!(elements[0].attr("failures"), "0");
    let cases: Vec<&Element> = elements.iter().filter(|e| e.name == "testcase").collect();
    assert_eq!(cases.len(), 2);
    assert!(elements.iter().all(|e| e.name != "failure"));
}

#[test]
fn no_findings_and_no_files_is_an_empty_report() {
    let out = render(&[], &JunitOptions::default());
    let elements = scan(&out);
    assert_eq!(elements.len(), 1);
    assert_eq!(elements[0].attr("tests"), "0");
}

#[test]
fn a_file_listed_twice_gets_one_suite() {
    let sources = vec!["a.yaml".to_string(), "a.yaml".to_string()];
    let elements = scan(&render(&[], &JunitOptions { sources: &sources }));
    assert_eq!(elements.iter().filter(|e| e.name == "testsuite").count(), 1);
}

#[test]
fn junit_acknowledged_snapshot() {
    let sources = sources();
    let out = render(
        &sample_acknowledged_findings(),
        &JunitOptions { sources: &sources },
    );
    check_snapshot("output_junit_acknowledged.xml", &out);
}

#[test]
fn acknowledged_findings_are_skipped_not_failed() {
    let sources = sources();
    let findings = sample_acknowledged_findings();
    let elements = scan(&render(&findings, &JunitOptions { sources: &sources }));
    let root = &elements[0];
    assert_eq!(root.attr("failures"), "5");
    assert_eq!(root.attr("skipped"), "2");
    assert_eq!(root.attr("tests"), "8");
    let first = elements.iter().find(|e| e.name == "testsuite").unwrap();
    assert_eq!(
        (
            first.attr("tests"),
            first.attr("failures"),
            first.attr("skipped")
        ),
        ("5", "3", "2")
    );
    let skipped: Vec<&Element> = elements.iter().filter(|e| e.name == "skipped").collect();
    assert_eq!(skipped.len(), 2);
    assert_eq!(
        skipped[0].attr("message"),
        "acknowledged by jane.doe@example.com: The contact is published on the developer portal."
    );
    assert!(
        skipped[0]
            .text
            .starts_with("api/openapi.yaml:3:6 info-contact ")
    );
    assert_eq!(elements.iter().filter(|e| e.name == "failure").count(), 5);
    // Suites without acknowledged findings have no `skipped` attribute.
    let suites: Vec<&Element> = elements.iter().filter(|e| e.name == "testsuite").collect();
    assert!(
        suites[1..]
            .iter()
            .all(|s| !s.attrs.iter().any(|(k, _)| k == "skipped"))
    );
}
