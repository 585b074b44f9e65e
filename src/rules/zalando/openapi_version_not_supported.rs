//! #101: the API is specified with a supported version of OpenAPI.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-101-openapi-version";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 101,
    also: &[],
    level: Level::Must,
    title: "Provide API Specifications using OpenAPI",
    given: &["$"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that the document declares a full OpenAPI version
(`openapi: 3.1.0`, or `swagger: '2.0'`) whose `MAJOR.MINOR` is among the
accepted versions: 2.0, 3.0, 3.1 and 3.2 by default. The guidelines
encourage OpenAPI 3.1, especially for new APIs; a company that requires it
sets `versions: ['3.1']`.

Whether the specification is a single self-contained file is checked by
`zalando-234-durable-remote-refs`.

## Why is this bad?
The OpenAPI version decides how every other part of the document is read:
a missing, partial (`3.0`) or unknown version leaves tools guessing, and
reviewers and gateways may not support it.

## Example
```yaml
# Bad
openapi: '3.0'
# Good
openapi: 3.1.0
```

## Options
- `versions` (default `['2.0', '3.0', '3.1', '3.2']`): the accepted
  `MAJOR.MINOR` versions.
"#,
    pass: &[
        "openapi: 3.1.0\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
        "swagger: '2.0'\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
    ],
    fail: &[
        Fail {
            doc: "openapi: '3.0'\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
            findings: &[(
                "OpenAPI version \"3.0\" is not a full version MAJOR.MINOR.PATCH (e.g. 3.1.0)",
                "/openapi",
            )],
        },
        Fail {
            doc: "openapi: 3.9.1\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
            findings: &[(
                "OpenAPI version \"3.9.1\" is not accepted; use one of 2.0, 3.0, 3.1, 3.2",
                "/openapi",
            )],
        },
    ],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    versions: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            versions: ["2.0", "3.0", "3.1", "3.2"].map(String::from).to_vec(),
        }
    }
}

#[derive(Debug)]
struct Check {
    versions: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    if o.versions.is_empty() {
        return Err(format!("\"{CODE}\" needs at least one version"));
    }
    Ok(Box::new(Check {
        versions: o.versions,
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(root) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let (field, value) = match (root.get("openapi"), root.get("swagger")) {
            (Some(v), _) => ("openapi", v),
            (None, Some(v)) => ("swagger", v),
            (None, None) => {
                return vec![FnResult::here(
                    "The document declares no OpenAPI version (openapi: 3.1.0)",
                )];
            }
        };
        let at = vec![PathSeg::Key(field.to_string())];
        let text = match (value.as_str(), value.to_json()) {
            (Some(s), _) => s.to_string(),
            (None, Ok(j)) => j.to_string(),
            (None, Err(_)) => return Vec::new(),
        };
        let parts: Vec<&str> = text.split('.').collect();
        let numeric = parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        // Swagger's version is "2.0" by its own specification.
        let full = numeric && (parts.len() == 3 || (field == "swagger" && parts.len() == 2));
        if !full {
            return vec![FnResult::at(
                format!(
                    "OpenAPI version \"{text}\" is not a full version MAJOR.MINOR.PATCH (e.g. 3.1.0)"
                ),
                at,
            )];
        }
        let major_minor = format!("{}.{}", parts[0], parts[1]);
        if self.versions.contains(&major_minor) {
            return Vec::new();
        }
        vec![FnResult::at(
            format!(
                "OpenAPI version \"{text}\" is not accepted; use one of {}",
                self.versions.join(", ")
            ),
            at,
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_require_3_1() {
        fails_with(
            &RULE,
            "{versions: ['3.1']}",
            "swagger: '2.0'\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
            &[(
                "OpenAPI version \"2.0\" is not accepted; use one of 3.1",
                "/swagger",
            )],
        );
    }
}
