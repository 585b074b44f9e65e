//! #228: resource identifiers (path parameters) are URL-friendly:
//! `[a-zA-Z0-9:._\-/]*`, and never empty.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::paths::{PARAMETERS, key_path};
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-228-url-friendly-resource-ids";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 228,
    also: &[],
    level: Level::Must,
    title: "Use URL-friendly resource identifiers",
    given: PARAMETERS,
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Looks at the schema of every path parameter (`in: path`) for signs that
identifiers may hold characters outside `[a-zA-Z0-9:._\-/]`, or be empty:
- a `format` whose values need such characters (`email`, `idn-email`,
  `uri`, `iri`, `uri-reference`, `iri-reference`, `uri-template`,
  `json-pointer`, `relative-json-pointer`);
- a `pattern` that names such a character literally (`@`, a space, `\s`,
  `+`, `%`, ...; wildcards such as `.` or `[^/]` are not judged);
- `enum` values or an `example` with such characters;
- `minLength: 0`, an empty `enum` value or `allowEmptyValue: true`.

## Why is this bad?
Identifiers with other characters must be percent-encoded in URLs, which
clients, proxies and logs handle inconsistently: the same resource ends up
with several spellings, or none that works. An empty identifier produces
an unnormalized path (`/orders/`, see #136).

## Example
```yaml
# Bad
parameters:
  - name: customer-email
    in: path
    required: true
    schema: {type: string, format: email}
# Good
parameters:
  - name: customer-id
    in: path
    required: true
    schema: {type: string, pattern: '^[a-z0-9-]+$', minLength: 1}
```

## Options
- `characters` (default `"a-zA-Z0-9:._\\-/"`): the characters identifiers
  may use, as the inside of a regular expression character class.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /orders/{order-id}:
    parameters:
      - name: order-id
        in: path
        required: true
        schema: {type: string, pattern: '^[A-Z]{2}:[0-9a-f\-]{8,}(\.v[0-9]+)?$', minLength: 1, example: 'DE:1681e6b8'}
      - {name: q, in: query, schema: {type: string, format: email}}
      - {name: kind, in: path, required: true, schema: {type: string, enum: [parcel, letter], pattern: '[^/]+'}}
      - {name: n, in: path, required: true, schema: {type: integer, enum: [1, 2]}}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /customers/{email}/carts/{name}:
    parameters:
      - {name: email, in: path, required: true, type: string, format: email}
      - {name: name, in: path, required: true, type: string, minLength: 0, enum: ['my cart', '']}
"#,
            findings: &[
                (
                    "Path parameter \"email\" has format \"email\", whose values are not URL-friendly",
                    "/paths/~1customers~1{email}~1carts~1{name}/parameters/0/format",
                ),
                (
                    "Path parameter \"name\" may be empty (minLength 0); identifiers must never be empty",
                    "/paths/~1customers~1{email}~1carts~1{name}/parameters/1/minLength",
                ),
                (
                    "Path parameter \"name\" allows \"my cart\", which is not URL-friendly",
                    "/paths/~1customers~1{email}~1carts~1{name}/parameters/1/enum/0",
                ),
                (
                    "Path parameter \"name\" allows the empty string; identifiers must never be empty",
                    "/paths/~1customers~1{email}~1carts~1{name}/parameters/1/enum/1",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  parameters:
    Sku:
      name: sku
      in: path
      required: true
      schema: {type: string, pattern: '^[a-z]+@[a-z]+(\s[0-9]+)?$', example: 'a b'}
"#,
            findings: &[
                (
                    "Path parameter \"sku\" allows \"@\" (pattern \"^[a-z]+@[a-z]+(\\s[0-9]+)?$\"), which is not URL-friendly",
                    "/components/parameters/Sku/schema/pattern",
                ),
                (
                    "Path parameter \"sku\" allows \"a b\", which is not URL-friendly",
                    "/components/parameters/Sku/schema/example",
                ),
            ],
        },
    ],
};

/// Formats whose values hold characters identifiers must not.
const UNFRIENDLY_FORMATS: &[&str] = &[
    "email",
    "idn-email",
    "uri",
    "iri",
    "uri-reference",
    "iri-reference",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
];

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    characters: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            characters: r"a-zA-Z0-9:._\-/".into(),
        }
    }
}

#[derive(Debug)]
struct Check {
    /// One allowed character.
    allowed: regex::Regex,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let allowed = regex::Regex::new(&format!("^[{}]$", o.characters)).map_err(|e| {
        format!(
            "\"{CODE}\" has invalid characters \"{}\": {e}",
            o.characters
        )
    })?;
    Ok(Box::new(Check { allowed }))
}

impl Check {
    fn ok(&self, c: char) -> bool {
        let mut buf = [0u8; 4];
        self.allowed.is_match(c.encode_utf8(&mut buf))
    }

    /// The first character a pattern names literally that identifiers
    /// must not hold (`\s` stands for a space).
    fn pattern_char(&self, pattern: &str) -> Option<char> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        let mut in_class = false;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '\\' => {
                    let &e = chars.get(i + 1)?;
                    i += 2;
                    match e {
                        's' => return Some(' '),
                        // Classes and escapes that are wildcards or
                        // allowed (`\d`, `\w`, `\S`, `\p{L}`, `\u0041`).
                        'd' | 'D' | 'w' | 'W' | 'S' | 'b' | 'B' | 'n' | 'r' | 't' => {}
                        'p' | 'P' | 'u' | 'x' => {
                            // Skip `{...}` or the hex digits.
                            if chars.get(i) == Some(&'{') {
                                while i < chars.len() && chars[i] != '}' {
                                    i += 1;
                                }
                                i += 1;
                            } else {
                                while i < chars.len() && chars[i].is_ascii_hexdigit() {
                                    i += 1;
                                }
                            }
                        }
                        _ if e.is_ascii_alphanumeric() => {}
                        _ if !self.ok(e) => return Some(e),
                        _ => {}
                    }
                    continue;
                }
                '[' if !in_class => {
                    if chars.get(i + 1) == Some(&'^') {
                        // A negated class allows what it does not name:
                        // not judged. Skip to its end.
                        i += 2;
                        while i < chars.len() && chars[i] != ']' {
                            i += if chars[i] == '\\' { 2 } else { 1 };
                        }
                        i += 1;
                        continue;
                    }
                    in_class = true;
                    i += 1;
                    // A leading `]` is literal.
                    if chars.get(i) == Some(&']') {
                        return Some(']');
                    }
                    continue;
                }
                ']' if in_class => in_class = false,
                '-' if in_class => {}
                '{' if !in_class => {
                    // A quantifier `{2,5}`.
                    while i < chars.len() && chars[i] != '}' {
                        i += 1;
                    }
                }
                '(' if !in_class && chars.get(i + 1) == Some(&'?') => {
                    // Group syntax: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<name>`.
                    i += 2;
                    match chars.get(i) {
                        Some(':' | '=' | '!') => i += 1,
                        Some('<') if matches!(chars.get(i + 1), Some('=' | '!')) => i += 2,
                        Some('<' | 'P') => {
                            while i < chars.len() && chars[i] != '>' {
                                i += 1;
                            }
                            i += 1;
                        }
                        _ => {}
                    }
                    continue;
                }
                '^' | '$' | '.' | '*' | '+' | '?' | '(' | ')' | '|' if !in_class => {}
                _ if !self.ok(c) => return Some(c),
                _ => {}
            }
            i += 1;
        }
        None
    }
}

/// A value quoted for messages (JSON string syntax, so that spaces and
/// control characters show).
fn shown(v: &str) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(param) = input.view() else {
            return Vec::new();
        };
        if param.get("in").and_then(|v| v.as_str()) != Some("path") {
            return Vec::new();
        }
        let name = param.get("name").and_then(|v| v.as_str()).unwrap_or("");
        let path = ctx.path();
        let mut out = Vec::new();
        if param.get("allowEmptyValue").and_then(|v| v.as_bool()) == Some(true) {
            out.push(FnResult::at(
                format!("Path parameter \"{name}\" allows an empty value; identifiers must never be empty"),
                key_path(path, "allowEmptyValue"),
            ));
        }
        // Swagger 2.0 puts the schema keywords on the parameter itself.
        let (schema, at): (View<'_>, Vec<PathSeg>) = match param.get("schema") {
            Some(s) => (s, key_path(path, "schema")),
            None => (param, path.to_vec()),
        };
        if let Some(f) = schema.get("format").and_then(|v| v.as_str())
            && UNFRIENDLY_FORMATS.contains(&f)
        {
            out.push(FnResult::at(
                format!("Path parameter \"{name}\" has format \"{f}\", whose values are not URL-friendly"),
                key_path(&at, "format"),
            ));
        }
        if schema.get("minLength").and_then(|v| v.as_f64()) == Some(0.0) {
            out.push(FnResult::at(
                format!("Path parameter \"{name}\" may be empty (minLength 0); identifiers must never be empty"),
                key_path(&at, "minLength"),
            ));
        }
        if let Some(p) = schema.get("pattern").and_then(|v| v.as_str())
            && let Some(c) = self.pattern_char(p)
        {
            out.push(FnResult::at(
                format!(
                    "Path parameter \"{name}\" allows {} (pattern \"{p}\"), which is not URL-friendly",
                    shown(&c.to_string()),
                ),
                key_path(&at, "pattern"),
            ));
        }
        let value_result = |v: &str, at: Vec<PathSeg>| -> Option<FnResult> {
            if v.is_empty() {
                Some(FnResult::at(
                    format!(
                        "Path parameter \"{name}\" allows the empty string; identifiers must never be empty"
                    ),
                    at,
                ))
            } else if !v.chars().all(|c| self.ok(c)) {
                Some(FnResult::at(
                    format!(
                        "Path parameter \"{name}\" allows {}, which is not URL-friendly",
                        shown(v)
                    ),
                    at,
                ))
            } else {
                None
            }
        };
        if let Some(values) = schema.get("enum") {
            for (i, v) in values.items().enumerate() {
                if let Some(s) = v.as_str() {
                    let mut p = key_path(&at, "enum");
                    p.push(PathSeg::Index(i));
                    out.extend(value_result(s, p));
                }
            }
        }
        if let Some(s) = schema.get("example").and_then(|v| v.as_str()) {
            out.extend(value_result(s, key_path(&at, "example")));
        }
        // OpenAPI 3.x: the parameter's own example, beside its schema.
        if at.len() > path.len()
            && let Some(s) = param.get("example").and_then(|v| v.as_str())
        {
            out.extend(value_result(s, key_path(path, "example")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    fn check() -> Check {
        Check {
            allowed: regex::Regex::new(r"^[a-zA-Z0-9:._\-/]$").unwrap(),
        }
    }

    #[test]
    fn pattern_characters() {
        let c = check();
        assert_eq!(c.pattern_char("^[a-z0-9-]+$"), None);
        assert_eq!(c.pattern_char("^[^/]+$"), None);
        assert_eq!(c.pattern_char(r"^\d{2,4}\.[A-Z]+$"), None);
        assert_eq!(c.pattern_char(r"^(?:[a-z]+)(?<v>\.[0-9])?$"), None);
        assert_eq!(c.pattern_char(r"^\p{L}+$"), None);
        assert_eq!(c.pattern_char(r"^.+$"), None);
        assert_eq!(c.pattern_char("^[a-z]+@x$"), Some('@'));
        assert_eq!(c.pattern_char(r"^[a-z\s]+$"), Some(' '));
        assert_eq!(c.pattern_char(r"^a\+b$"), Some('+'));
        assert_eq!(c.pattern_char("^[a-z ]+$"), Some(' '));
        assert_eq!(c.pattern_char("^[!-~]+$"), Some('!'));
    }

    #[test]
    fn a_company_can_allow_more_characters() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a/{id}:\n    parameters:\n      - {name: id, in: path, required: true, schema: {type: string, pattern: '^[a-z~]+$', example: 'a,b'}}\n";
        fails_with(
            &RULE,
            "{characters: 'a-z~'}",
            doc,
            &[(
                "Path parameter \"id\" allows \"a,b\", which is not URL-friendly",
                "/paths/~1a~1{id}/parameters/0/schema/example",
            )],
        );
    }
}
