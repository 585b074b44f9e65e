//! #116: `info.version` uses semantic versioning, `MAJOR.MINOR.PATCH`.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-116-semantic-versioning";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 116,
    also: &[],
    level: Level::Must,
    title: "Use semantic versioning",
    given: &["$.info.version"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that the API version in `info.version` has the form
`MAJOR.MINOR.PATCH` (three numbers without leading zeros), without a
pre-release part (`-beta`) or build metadata (`+build.5`). A missing
version is reported by `zalando-218-api-meta-information`.

## Why is this bad?
Semantic versions tell clients at a glance whether a new version of the
specification breaks them (MAJOR), adds something (MINOR) or only fixes
text (PATCH). Tools that order and compare specification versions need
one version format.

## Example
```yaml
# Bad
info:
  version: v1.2-beta
# Good
info:
  version: 1.2.0
```

## Options
- `pattern` (default `^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`):
  the regular expression versions must match.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 0.10.3}
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0-beta}
paths: {}
"#,
            findings: &[(
                "API version \"1.0.0-beta\" is not MAJOR.MINOR.PATCH",
                "/info/version",
            )],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0}
paths: {}
"#,
            findings: &[("API version 1.0 is not MAJOR.MINOR.PATCH", "/info/version")],
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
            pattern: r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$".into(),
        }
    }
}

#[derive(Debug)]
struct Check {
    pattern: regex::Regex,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let pattern = regex::Regex::new(&o.pattern)
        .map_err(|e| format!("\"{CODE}\" has an invalid pattern \"{}\": {e}", o.pattern))?;
    Ok(Box::new(Check { pattern }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(v) = input.view() else {
            return Vec::new();
        };
        let shown = match (v.as_str(), v.as_f64()) {
            (Some(s), _) if self.pattern.is_match(s) => return Vec::new(),
            (Some(s), _) => format!("\"{s}\""),
            (None, Some(_)) => match v.to_json() {
                Ok(j) => j.to_string(),
                Err(_) => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        vec![FnResult::here(format!(
            "API version {shown} is not MAJOR.MINOR.PATCH"
        ))]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_allow_two_part_versions() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1.2'}\npaths: {}\n";
        fails_with(&RULE, r"{pattern: '^\d+\.\d+(\.\d+)?$'}", doc, &[]);
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 'v1'}\npaths: {}\n";
        fails_with(
            &RULE,
            r"{pattern: '^\d+\.\d+(\.\d+)?$'}",
            doc,
            &[(
                "API version \"v1\" is not MAJOR.MINOR.PATCH",
                "/info/version",
            )],
        );
    }
}
