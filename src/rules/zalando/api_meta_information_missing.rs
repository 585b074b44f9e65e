//! #218: the API must contain meta information (`info` title, version,
//! description and the owning team's contact).

use serde_json::Value;

use super::common::parse_options;
use super::schemas::NoOptions;
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-218-api-meta-information";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 218,
    also: &[],
    level: Level::Must,
    title: "Contain API meta information",
    given: &["$"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that `info` has a non-empty `title`, `version` and `description`,
and a `contact` with the owning team's `name`, `url` and `email`. A missing
`info` or `contact` is reported once rather than field by field.

`info.x-api-id` and `info.x-audience`, which the guideline also asks for,
are checked by `zalando-215-api-identifier` and `zalando-219-api-audience`.

## Why is this bad?
API management, catalogs and reviewers rely on this information: without
a description nobody knows what the API is for, and without a contact
nobody knows whom to ask or to warn before a change.

## Example
```yaml
# Bad
info:
  title: Parcel Service API
  version: 1.3.7
# Good
info:
  title: Parcel Service API
  version: 1.3.7
  description: Creates and tracks parcels.
  contact:
    name: Team Parcel
    url: https://team-parcel.example.com
    email: team-parcel@example.com
```
"#,
    pass: &[r#"
openapi: 3.1.0
info:
  title: Parcel Service API
  version: 1.3.7
  description: Creates and tracks parcels.
  contact: {name: Team Parcel, url: 'https://parcel.example.com', email: parcel@example.com}
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: '2.0'
info:
  title: ''
  version: 1.0.0
  contact: {name: Team Parcel}
paths: {}
"#,
            findings: &[
                ("API meta information info.description is missing", "/info"),
                ("API meta information info.title is missing", "/info/title"),
                (
                    "API meta information info.contact.url is missing",
                    "/info/contact",
                ),
                (
                    "API meta information info.contact.email is missing",
                    "/info/contact",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0, description: d}
paths: {}
"#,
            findings: &[(
                "API meta information info.contact (name, url and email of the owning team) is missing",
                "/info",
            )],
        },
    ],
};

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: NoOptions = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

/// Whether a field holds something: a non-empty string, or any other
/// non-null value (a version written as a number still counts).
fn present(v: Option<View<'_>>) -> bool {
    match v {
        None => false,
        Some(v) => match v.as_str() {
            Some(s) => !s.trim().is_empty(),
            None => !v.is_null(),
        },
    }
}

fn missing(field: &str) -> FnResult {
    let path = field
        .split('.')
        .map(|k| PathSeg::Key(k.to_string()))
        .collect();
    FnResult::at(format!("API meta information {field} is missing"), path)
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(root) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let Some(info) = root.get("info").filter(|v| v.is_object()) else {
            return vec![missing("info")];
        };
        let mut out: Vec<FnResult> = ["title", "version", "description"]
            .into_iter()
            .filter(|k| !present(info.get(k)))
            .map(|k| missing(&format!("info.{k}")))
            .collect();
        match info.get("contact").filter(|v| v.is_object()) {
            None => out.push(FnResult::at(
                "API meta information info.contact (name, url and email of the owning team) is missing",
                vec![
                    PathSeg::Key("info".into()),
                    PathSeg::Key("contact".into()),
                ],
            )),
            Some(contact) => out.extend(
                ["name", "url", "email"]
                    .into_iter()
                    .filter(|k| !present(contact.get(k)))
                    .map(|k| missing(&format!("info.contact.{k}"))),
            ),
        }
        out
    }
}
