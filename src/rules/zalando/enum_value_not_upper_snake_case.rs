//! #125/#240: enum values are UPPER_SNAKE_CASE strings.

use serde::Deserialize;
use serde_json::Value;

use super::common::{Case, compile_patterns, in_data, parse_options};
use super::schemas::{has_type, is_named_member, view_at};
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-125-enum-values-upper-snake-case";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 125,
    also: &[240],
    level: Level::Should,
    title: "Declare enum values using UPPER_SNAKE_CASE string",
    given: &["$..enum", "$..x-extensible-enum", "$..examples"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the string values of every `enum` and `x-extensible-enum` against
UPPER_SNAKE_CASE (`^[A-Z][A-Z0-9_]*$`), reporting a list once, with the
values that do not match. The `examples` of a string schema
are checked too when the schema's `description` or `title` says it is an
(extensible) enum: the guidelines now list open-ended values as
`examples`.

Not checked: values without letters (`"1"`, `"404"`), values with a `/`
(media types, URLs, paths) and language tags with a region (`de-DE`),
which are sourced outside the API, enums of parameters
named `sort` (#137 sort expressions such as `-created_at`), and values in
example data.

## Why is this bad?
Enum values are constants. Writing them in one distinct style sets them
apart from property names and free text, keeps them identical across
APIs, and maps cleanly to constants in client code. Values that come
from outside the API (ISO language codes, media types) keep their own
spelling; suppress the finding or list them under `allow`.

## Example
```yaml
# Bad
status: {type: string, enum: [active, inProgress]}
# Good
status: {type: string, enum: [ACTIVE, IN_PROGRESS]}
```

## Options
- `case` (default `upper-snake`): the style enum values must follow:
  `upper-snake`, `snake`, `camel`, `pascal` or `kebab`.
- `allow` (default `[]`): regular expressions of values that pass.
- `skip_parameters` (default `["sort"]`): names of parameters whose enums
  are not checked.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /orders:
    get:
      parameters:
        - {name: sort, in: query, schema: {type: string, enum: [-created_at, +id]}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Order:
      type: object
      properties:
        status: {type: string, enum: [ACTIVE, IN_PROGRESS, V2, null]}
        code: {type: string, enum: ['404', '500']}
        media: {type: string, enum: [application/json]}
        locale: {type: string, enum: [de-DE, en-GB]}
        size: {type: integer, enum: [1, 2]}
        name: {type: string, examples: [john, jane]}
        enum: {type: string}
      example: {status: active, x: {enum: [lower]}}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Order:
    type: object
    properties:
      status: {type: string, enum: [active, IN_PROGRESS, inProgress]}
      channel:
        type: string
        x-extensible-enum: [Web-Shop]
      color:
        type: string
        enum: [red, green, blue, black, white, gray, BROWN]
"#,
            findings: &[
                (
                    "Enum values \"active\", \"inProgress\" are not UPPER_SNAKE_CASE",
                    "/definitions/Order/properties/status/enum",
                ),
                (
                    "Enum value \"Web-Shop\" is not UPPER_SNAKE_CASE",
                    "/definitions/Order/properties/channel/x-extensible-enum/0",
                ),
                (
                    "Enum values \"red\", \"green\", \"blue\", \"black\", \"white\" and 1 more are not UPPER_SNAKE_CASE",
                    "/definitions/Order/properties/color/enum",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    DeliveryMethod:
      type: string
      description: Extensible enum of delivery methods.
      examples: [PARCEL, letter]
"#,
            findings: &[(
                "Enum value \"letter\" is not UPPER_SNAKE_CASE",
                "/components/schemas/DeliveryMethod/examples/1",
            )],
        },
    ],
};

/// How many values a message names.
const LISTED: usize = 5;

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    case: Case,
    allow: Vec<String>,
    skip_parameters: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            case: Case::UpperSnake,
            allow: Vec::new(),
            skip_parameters: vec!["sort".into()],
        }
    }
}

#[derive(Debug)]
struct Check {
    case: Case,
    allow: Vec<regex::Regex>,
    skip_parameters: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        case: o.case,
        allow: compile_patterns(CODE, &o.allow)?,
        skip_parameters: o.skip_parameters,
    }))
}

/// Whether the schema holding `examples` presents them as enum values.
fn examples_are_enum(schema: View<'_>) -> bool {
    let says = |k: &str| {
        schema
            .get(k)
            .and_then(|v| v.as_str())
            .is_some_and(|t| t.to_ascii_lowercase().contains("enum"))
    };
    has_type(schema, "string") && (says("description") || says("title"))
}

/// A language tag with a region (`de-DE`, `en-GB`): ISO codes keep their
/// spelling.
fn is_locale(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 5
        && b[..2].iter().all(u8::is_ascii_lowercase)
        && b[2] == b'-'
        && b[3..].iter().all(u8::is_ascii_uppercase)
}

impl Check {
    /// Whether the list at `path` belongs to a parameter whose enums are
    /// not checked.
    fn skipped_parameter(&self, root: View<'_>, path: &[PathSeg]) -> bool {
        let Some(i) = path
            .iter()
            .rposition(|s| matches!(s, PathSeg::Key(k) if k == "parameters"))
        else {
            return false;
        };
        if i + 1 >= path.len() {
            return false;
        }
        view_at(root, &path[..=i + 1])
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .is_some_and(|n| self.skip_parameters.iter().any(|s| s == n))
    }

    fn passes(&self, value: &str) -> bool {
        !value.bytes().any(|b| b.is_ascii_alphabetic())
            || value.contains('/')
            || is_locale(value)
            || self.case.matches(value)
            || self.allow.iter().any(|r| r.is_match(value))
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(values) = input.view().filter(|v| v.is_array()) else {
            return Vec::new();
        };
        let path = ctx.path();
        let Some((PathSeg::Key(keyword), parent)) = path.split_last() else {
            return Vec::new();
        };
        if in_data(parent) || is_named_member(path) {
            return Vec::new();
        }
        if keyword == "examples" && !view_at(ctx.root, parent).is_some_and(examples_are_enum) {
            return Vec::new();
        }
        let bad: Vec<(usize, &str)> = values
            .items()
            .enumerate()
            .filter_map(|(i, v)| v.as_str().map(|s| (i, s)))
            .filter(|(_, s)| !self.passes(s))
            .collect();
        if bad.is_empty() || self.skipped_parameter(ctx.root, path) {
            return Vec::new();
        }
        let case = self.case.name();
        if let [(i, value)] = bad[..] {
            let mut at = path.to_vec();
            at.push(PathSeg::Index(i));
            return vec![FnResult::at(
                format!("Enum value \"{value}\" is not {case}"),
                at,
            )];
        }
        // One finding per list: an enum of twenty lowercase values is one
        // decision to fix, not twenty.
        let mut list = bad
            .iter()
            .take(LISTED)
            .map(|(_, v)| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(", ");
        if bad.len() > LISTED {
            list.push_str(&format!(" and {} more", bad.len() - LISTED));
        }
        vec![FnResult::here(format!("Enum values {list} are not {case}"))]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_allow_values_and_parameters() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: lang, in: query, schema: {type: string, enum: [de, en]}}\n        - {name: sort, in: query, schema: {type: string, enum: [name]}}\n        - {name: kind, in: query, schema: {type: string, enum: [big, Small]}}\n      responses: {'200': {description: ok}}\n";
        fails_with(
            &RULE,
            "{skip_parameters: [lang], allow: ['^[a-z]+$']}",
            doc,
            &[(
                "Enum value \"Small\" is not UPPER_SNAKE_CASE",
                "/paths/~1a/get/parameters/2/schema/enum/1",
            )],
        );
    }
}
