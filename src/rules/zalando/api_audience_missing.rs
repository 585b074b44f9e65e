//! #219: the API declares its audience in `info.x-audience`.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::schemas::child;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-219-api-audience";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 219,
    also: &[],
    level: Level::Must,
    title: "Provide API audience",
    given: &["$.info"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that `info.x-audience` is present and names one of the audiences:
`component-internal`, `business-unit-internal`, `company-internal`,
`external-partner` or `external-public`.

## Why is this bad?
The audience decides which standards apply to an API: how carefully it
must be reviewed and documented, how it may change, who may be granted
access, and which hostname it gets. An API has exactly one audience; parts
with a different audience belong in a separate specification.

## Example
```yaml
# Bad
info:
  x-audience: internal
# Good
info:
  x-audience: company-internal
```

## Options
- `audiences` (default the five above): the audience names a company
  uses.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0, x-audience: company-internal}
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
"#,
            findings: &[("API audience info.x-audience is missing", "/info")],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0, x-audience: internal}
paths: {}
"#,
            findings: &[(
                "API audience \"internal\" is not one of component-internal, business-unit-internal, company-internal, external-partner, external-public",
                "/info/x-audience",
            )],
        },
    ],
};

/// The audiences the guidelines define, narrowest first.
pub(crate) const AUDIENCES: &[&str] = &[
    "component-internal",
    "business-unit-internal",
    "company-internal",
    "external-partner",
    "external-public",
];

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    audiences: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            audiences: AUDIENCES.iter().map(|s| s.to_string()).collect(),
        }
    }
}

#[derive(Debug)]
struct Check {
    audiences: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    if o.audiences.is_empty() {
        return Err(format!("\"{CODE}\" needs at least one audience"));
    }
    Ok(Box::new(Check {
        audiences: o.audiences,
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(info) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let at = child(ctx.path(), "x-audience");
        match info.get("x-audience") {
            None => vec![FnResult::at("API audience info.x-audience is missing", at)],
            Some(a) => match a.as_str() {
                Some(s) if self.audiences.iter().any(|x| x == s) => Vec::new(),
                Some(s) => vec![FnResult::at(
                    format!(
                        "API audience \"{s}\" is not one of {}",
                        self.audiences.join(", ")
                    ),
                    at,
                )],
                None => vec![FnResult::at(
                    "API audience info.x-audience is not a string",
                    at,
                )],
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_name_its_audiences() {
        let doc =
            "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0, x-audience: partner}\npaths: {}\n";
        fails_with(&RULE, "{audiences: [internal, partner, public]}", doc, &[]);
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0, x-audience: company-internal}\npaths: {}\n";
        fails_with(
            &RULE,
            "{audiences: [internal, partner, public]}",
            doc,
            &[(
                "API audience \"company-internal\" is not one of internal, partner, public",
                "/info/x-audience",
            )],
        );
    }
}
