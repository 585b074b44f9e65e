//! #239: binary data is a `string` with format `byte` or `binary`,
//! encoded in base64url.

use serde_json::Value;

use super::common::parse_options;
use super::schemas::{
    NoOptions, SCHEMA_ROOTS, child, describe_in_cap, format, is_json_media_type, on_schemas, types,
};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-239-base64url-binary";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 239,
    also: &[],
    level: Level::Must,
    title: "Encode binary data in `base64url`",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Checks how schemas declare binary data embedded in JSON:
- `format: byte` and `format: binary` belong to `type: string`;
- `format: base64` or `base64url` are not standard formats: the standard
  `byte` (or `binary`) format already means base64url-encoded bytes;
- in OpenAPI 3.1, `contentEncoding: base64` in a JSON payload should be
  `base64url`.

Binary bodies with a standard media type (`image/png`,
`application/octet-stream`, ...) are not affected.

## Why is this bad?
Binary data in JSON must be encoded as text, and clients must know how to
decode it. The guidelines fix one encoding, base64url, and one way to say
so, the standard `byte`/`binary` format on a string.

## Example
```yaml
# Bad
thumbnail: {type: string, format: base64}
# Good
thumbnail: {type: string, format: byte}
```
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /images:
    post:
      requestBody:
        content:
          image/png:
            schema: {type: string, contentEncoding: base64}
      responses:
        '201': {description: ok}
components:
  schemas:
    Document:
      type: object
      properties:
        content: {type: string, format: byte}
        raw: {type: string, contentEncoding: base64url}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Document:
      type: object
      properties:
        thumbnail: {type: string, format: base64}
        content: {type: array, format: binary}
        raw: {type: string, contentEncoding: base64}
"#,
        findings: &[
            (
                "Property \"thumbnail\": format \"base64\" is not standard; use format byte (base64url-encoded)",
                "/components/schemas/Document/properties/thumbnail/format",
            ),
            (
                "Property \"content\": format binary is for strings, not array",
                "/components/schemas/Document/properties/content/format",
            ),
            (
                "Property \"raw\": encode binary data in JSON with base64url, not base64",
                "/components/schemas/Document/properties/raw/contentEncoding",
            ),
        ],
    }],
};

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: NoOptions = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

/// The media type a path runs through (`.../content/<media type>/...`),
/// if any.
fn media_type(path: &[PathSeg]) -> Option<&str> {
    let mut found = None;
    for w in path.windows(2) {
        if let (PathSeg::Key(a), PathSeg::Key(b)) = (&w[0], &w[1])
            && a == "content"
        {
            found = Some(b.as_str());
        }
    }
    found
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_schemas(&input, ctx, |schema, path| {
            let mut out = Vec::new();
            let subject = || describe_in_cap(ctx.root, path, Some(schema));
            match format(schema) {
                Some(f @ ("base64" | "base64url")) => out.push(FnResult::at(
                    format!(
                        "{}: format \"{f}\" is not standard; use format byte (base64url-encoded)",
                        subject()
                    ),
                    child(path, "format"),
                )),
                Some(f @ ("byte" | "binary")) => {
                    let t = types(schema);
                    if let Some(other) = t.iter().find(|&&t| t != "string" && t != "null")
                        && !t.contains(&"string")
                    {
                        out.push(FnResult::at(
                            format!("{}: format {f} is for strings, not {other}", subject()),
                            child(path, "format"),
                        ));
                    }
                }
                _ => {}
            }
            let base64 = schema
                .get("contentEncoding")
                .and_then(|e| e.as_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
            if base64 && media_type(path).is_none_or(is_json_media_type) {
                out.push(FnResult::at(
                    format!(
                        "{}: encode binary data in JSON with base64url, not base64",
                        subject()
                    ),
                    child(path, "contentEncoding"),
                ));
            }
            out
        })
    }
}
