//! #235: date and date-time property names say they are one (`_at`).

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, parse_options};
use super::http::member_at;
use super::schemas::{format, properties_match, words};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-235-date-time-property-names";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 235,
    also: &[],
    level: Level::Should,
    title: "Use naming convention for date/time properties",
    given: &["$..properties"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the names of properties with `format: date-time` or `format: date`:
a name must end in `_at` (`created_at`) or contain `date`, `day` or `time`
(`birth_date`, `delivery_day`, `timestamp`). `created` and `modified` pass
too: earlier guidelines named them. Names are judged by their words,
whatever their case style: `startedAt` ends in `_at` like `started_at`.

## Why is this bad?
Without a marker, a timestamp reads like a flag: `returned` may be a
boolean or the moment of the return. `returned_at` cannot be mistaken, and
a shared convention lets readers spot times in any payload at a glance.

## Example
```yaml
# Bad
properties:
  returned: {type: string, format: date-time}
# Good
properties:
  returned_at: {type: string, format: date-time}
```

## Options
- `formats` (default `["date-time", "date"]`): the formats that make a
  property a date or time.
- `patterns` (default `["_at$", "date", "day", "time", "^created$",
  "^modified$"]`): regular expressions a name must match one of (compared
  with the name's words in lowercase joined by `_`, so `startedAt` is
  read as `started_at`).
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        created_at: {type: string, format: date-time}
        birth_date: {type: string, format: date}
        deliveryDay: {type: string, format: date}
        # Regression (kubernetes.io ContainerStateRunning): the `At`
        # suffix of a camelCase name is the `_at` suffix.
        startedAt: {type: string, format: date-time}
        timestamp: {type: string, format: date-time}
        created: {type: string, format: date-time}
        returned: {type: boolean}
        expires: {type: string}
      example: {returned: '2024-01-01'}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Order:
    type: object
    properties:
      returned: {type: string, format: date-time}
      valid_until: {type: string, format: date}
"#,
        findings: &[
            (
                "Date/time property \"returned\" should be named with an \"_at\" suffix",
                "/definitions/Order/properties/returned",
            ),
            (
                "Date/time property \"valid_until\" should be named with an \"_at\" suffix",
                "/definitions/Order/properties/valid_until",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    formats: Vec<String>,
    patterns: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            formats: vec!["date-time".into(), "date".into()],
            patterns: ["_at$", "date", "day", "time", "^created$", "^modified$"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

#[derive(Debug)]
struct Check {
    formats: Vec<String>,
    patterns: Vec<regex::Regex>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        formats: o.formats,
        patterns: compile_patterns(CODE, &o.patterns)?,
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some((props, path)) = properties_match(&input, ctx) else {
            return Vec::new();
        };
        props
            .members()
            .filter(|(name, schema)| {
                format(*schema).is_some_and(|f| self.formats.iter().any(|x| x == f)) && {
                    // Judge the name's words, not its case style (that is
                    // #118's concern): `startedAt` ends in `_at` as much as
                    // `started_at` does.
                    let snake = words(name).join("_");
                    !self.patterns.iter().any(|r| r.is_match(&snake))
                }
            })
            .map(|(name, _)| {
                FnResult::at(
                    format!("Date/time property \"{name}\" should be named with an \"_at\" suffix"),
                    member_at(path, props, name),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_change_formats_and_patterns() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        valid_from: {type: string, format: date}\n        start: {type: string, format: time}\n        ends: {type: string, format: date-time}\n";
        fails_with(
            &RULE,
            "{formats: [date, time], patterns: ['_at$', '_from$']}",
            doc,
            &[(
                "Date/time property \"start\" should be named with an \"_at\" suffix",
                "/components/schemas/A/properties/start",
            )],
        );
    }
}
