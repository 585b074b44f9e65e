//! The browser pages `apilint serve` renders: the editor (`/`), a review's
//! permalink (`/reviews/{id}`, and its embeddable report), and the rule
//! catalogue (`/rules`, `/rules/{code}`). The handlers are in
//! [`crate::service::routes`]' `ui` module; this module builds the HTML.
//!
//! The pages are plain server-rendered HTML with the landmarks, labels and
//! text a screen reader or a browser without JavaScript needs; the editor
//! bundle ([`assets`], source in `web/`) adds CodeMirror where a page has
//! an editor. A page passes data to the bundle as JSON in a
//! `<script type="application/json">` element, never as script code.
//!
//! - [`assets`]: the embedded bundle and its cache-busting URLs;
//! - [`markdown`]: rule documentation to HTML;
//! - [`pages`]: one function per page.
//!
//! Not here: linting and storing (the pages' scripts call `/api/v1`).

pub mod assets;
pub mod markdown;
pub mod pages;

/// `text` safe inside HTML text and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `value` as JSON safe inside a `<script>` element: `<` can only occur
/// inside JSON strings, where `\u003c` means the same, so no `</script>`
/// in a spec can end the element.
pub fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialize")
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_json_cannot_break_out_of_their_element() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let v = serde_json::json!({ "spec": "</script><script>alert(1)</script>" });
        let s = script_json(&v);
        assert!(!s.contains("</script"), "{s}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }
}
