//! #143: resources and sub-resources are identified by path segments
//! (`/resources/{resource-id}/sub-resources/{sub-resource-id}`).

use serde_json::Value;

use super::common::parse_options;
use super::paths::{has_param, is_param, key_path, segments};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-143-resources-via-path-segments";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 143,
    also: &[],
    level: Level::Must,
    title: "Identify resources and sub-resources via path segments",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that paths follow the shape
`/resources/{resource-id}/sub-resources/{sub-resource-id}`:
- a path must not start with a parameter (`/{tenant}/orders`): the first
  segment names a collection;
- a parameter must not be glued to a name in one segment
  (`/order-{order-id}`, `/orders{id}`, `/{id}:cancel`): the name and the
  identifier each get their own segment.

Compound keys stay allowed (#241): several parameters in a row
(`/shopping-carts/{country}/{session-id}`) or joined by punctuation
(`/{artifact-name}:{tag}`), and a file suffix after a parameter
(`/{file-name}.json`) pass.

## Why is this bad?
When every sub-path is a reference to a resource or a set of them, URLs
can be understood, truncated and composed: `/partners/{id}/addresses`,
`/partners/{id}` and `/partners` all mean something. A leading parameter
or an identifier fused with a name breaks that: the name of the
collection is missing, or it cannot be addressed on its own.

## Example
```yaml
# Bad
paths:
  /{partner-id}/addresses: {}
  /partners/address-{address-id}: {}
# Good
paths:
  /partners/{partner-id}/addresses/{address-id}: {}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /: {}
  /shopping-carts/{country}/{session-id}/items/{item-id}: {}
  /api-specifications/{repository-name}/{artifact-name}:{tag}: {}
  /files/{file-name}.json: {}
  /employees/self: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /{partner-id}/addresses: {}
  /partners/address-{address-id}: {}
  /orders/{order-id}:cancel: {}
"#,
        findings: &[
            (
                "Path \"/{partner-id}/addresses\" starts with a parameter; start it with the name of the resource collection",
                "/paths/~1{partner-id}~1addresses",
            ),
            (
                "Path segment \"address-{address-id}\" mixes a name with a parameter; give the name and the identifier a segment each",
                "/paths/~1partners~1address-{address-id}",
            ),
            (
                "Path segment \"{order-id}:cancel\" mixes a name with a parameter; give the name and the identifier a segment each",
                "/paths/~1orders~1{order-id}:cancel",
            ),
        ],
    }],
};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

/// Whether a segment that holds a parameter also holds a name: letters
/// outside the braces, other than a trailing file suffix (`.json`).
fn mixes_name(seg: &str) -> bool {
    if !has_param(seg) || is_param(seg) {
        return false;
    }
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in seg.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let suffix_start = seg.rfind('}').map_or(0, |i| i + 1);
    let suffix = &seg[suffix_start..];
    let outside_suffix = if suffix.starts_with('.')
        && suffix.len() > 1
        && suffix[1..].bytes().all(|b| b.is_ascii_alphanumeric())
    {
        &outside[..outside.len() - suffix.len()]
    } else {
        &outside[..]
    };
    outside_suffix.bytes().any(|b| b.is_ascii_alphabetic())
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (path, _) in paths.members() {
            if segments(path).next().is_some_and(has_param) {
                out.push(FnResult::at(
                    format!(
                        "Path \"{path}\" starts with a parameter; start it with the name of the resource collection"
                    ),
                    key_path(ctx.path(), path),
                ));
            }
            for seg in segments(path).filter(|s| mixes_name(s)) {
                out.push(FnResult::at(
                    format!(
                        "Path segment \"{seg}\" mixes a name with a parameter; give the name and the identifier a segment each"
                    ),
                    key_path(ctx.path(), path),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_mixed_with_parameters() {
        assert!(mixes_name("order-{id}"));
        assert!(mixes_name("{id}:cancel"));
        assert!(mixes_name("{id}-details.json"));
        assert!(!mixes_name("{id}"));
        assert!(!mixes_name("{a}:{b}"));
        assert!(!mixes_name("{name}.json"));
        assert!(!mixes_name("orders"));
    }
}
