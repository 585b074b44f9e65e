//! #215: the API has a globally unique, immutable identifier in
//! `info.x-api-id`.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::schemas::child;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-215-api-identifier";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 215,
    also: &[],
    level: Level::Must,
    title: "Provide API identifiers",
    given: &["$.info"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that `info.x-api-id` is present and matches the identifier pattern
of the guidelines, `^[a-z0-9][a-z0-9-:.]{6,62}[a-z0-9]$` (a UUID, or a
URN-like name of 8 to 64 lowercase characters).

## Why is this bad?
Titles and versions change; the identifier does not. API catalogs and
compatibility checks use it to tell which specifications are versions of
the same API. Generate a fresh UUID when you create an API, and never copy
an identifier into another API.

## Example
```yaml
# Bad
info:
  title: Parcel Service API
  version: 1.5.8
# Good
info:
  x-api-id: d0184f38-b98d-11e7-9c56-68f728c1ba70
  title: Parcel Service API
  version: 1.5.8
```

## Options
- `pattern` (default `^[a-z0-9][a-z0-9-:.]{6,62}[a-z0-9]$`): the regular
  expression identifiers must match.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0, x-api-id: d0184f38-b98d-11e7-9c56-68f728c1ba70}
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
"#,
            findings: &[("API identifier info.x-api-id is missing", "/info")],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0, x-api-id: My API}
paths: {}
"#,
            findings: &[(
                "API identifier \"My API\" does not match ^[a-z0-9][a-z0-9-:.]{6,62}[a-z0-9]$",
                "/info/x-api-id",
            )],
        },
    ],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    pattern: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pattern: "^[a-z0-9][a-z0-9-:.]{6,62}[a-z0-9]$".into(),
        }
    }
}

#[derive(Debug)]
struct Check {
    source: String,
    pattern: regex::Regex,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let pattern = regex::Regex::new(&o.pattern)
        .map_err(|e| format!("\"{CODE}\" has an invalid pattern \"{}\": {e}", o.pattern))?;
    Ok(Box::new(Check {
        source: o.pattern,
        pattern,
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(info) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let at = child(ctx.path(), "x-api-id");
        match info.get("x-api-id") {
            None => vec![FnResult::at("API identifier info.x-api-id is missing", at)],
            Some(id) => match id.as_str() {
                Some(s) if self.pattern.is_match(s) => Vec::new(),
                Some(s) => vec![FnResult::at(
                    format!("API identifier \"{s}\" does not match {}", self.source),
                    at,
                )],
                None => vec![FnResult::at(
                    "API identifier info.x-api-id is not a string",
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
    fn a_company_can_use_its_own_id_scheme() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0, x-api-id: internal-titles-v1}\npaths: {}\n";
        fails_with(
            &RULE,
            r"{pattern: '^(internal|public)-[a-z]{4,}-v\d+$'}",
            doc,
            &[],
        );
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0, x-api-id: d0184f38-b98d-11e7}\npaths: {}\n";
        fails_with(
            &RULE,
            r"{pattern: '^(internal|public)-[a-z]{4,}-v\d+$'}",
            doc,
            &[(
                r#"API identifier "d0184f38-b98d-11e7" does not match ^(internal|public)-[a-z]{4,}-v\d+$"#,
                "/info/x-api-id",
            )],
        );
    }
}
