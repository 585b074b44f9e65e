//! #127: durations and time intervals use the `duration` and `period`
//! formats.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::schemas::{SCHEMA_ROOTS, child, format, is_type, on_properties, words};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-127-duration-interval-formats";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 127,
    also: &[],
    level: Level::Should,
    title: "Use standard formats for time duration and interval properties",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Reports `string` properties without a `format` whose name ends in the word
`duration` (which should have `format: duration`, e.g. `P1DT3H`) or
`interval` (`format: period`, e.g. `2022-06-30T14:52:44Z/PT48H`).
Properties with an `enum` are left alone, and so are numbers, whose name
usually carries the unit (`timeout_seconds`).

## Why is this bad?
ISO 8601 durations and intervals say their unit and their start and end;
a free-form string (`"2 days"`, `"2019-01-01 - 2019-02-01"`) has to be
parsed by guesswork.

## Example
```yaml
# Bad
delivery_duration: {type: string}
# Good
delivery_duration: {type: string, format: duration}
```

## Options
- `duration` (default `[duration]`) and `interval` (default `[interval]`):
  the last words of names that hold durations and time intervals.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Job:
      type: object
      properties:
        max_duration: {type: string, format: duration}
        validity_interval: {type: string, format: period}
        timeout_seconds: {type: integer, format: int32}
        billing_interval: {type: string, enum: [MONTHLY, YEARLY]}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Job:
    type: object
    properties:
      maxDuration: {type: string}
      validity_interval: {type: string}
"#,
        findings: &[
            (
                "Property \"maxDuration\" holds a duration: use format duration (ISO 8601, e.g. P1DT3H)",
                "/definitions/Job/properties/maxDuration",
            ),
            (
                "Property \"validity_interval\" holds a time interval: use format period (ISO 8601, e.g. 2022-06-30T14:52:44Z/PT48H)",
                "/definitions/Job/properties/validity_interval",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    duration: Vec<String>,
    interval: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            duration: vec!["duration".into()],
            interval: vec!["interval".into()],
        }
    }
}

#[derive(Debug)]
struct Check {
    duration: Vec<String>,
    interval: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        duration: o.duration,
        interval: o.interval,
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_properties(&input, ctx, |props, path| {
            let mut out = Vec::new();
            for (name, s) in props.members() {
                if !is_type(s, "string") || format(s).is_some() || s.get("enum").is_some() {
                    continue;
                }
                let w = words(name);
                let Some(last) = w.last() else { continue };
                let msg = if self.duration.contains(last) {
                    format!(
                        "Property \"{name}\" holds a duration: use format duration (ISO 8601, e.g. P1DT3H)"
                    )
                } else if self.interval.contains(last) {
                    format!(
                        "Property \"{name}\" holds a time interval: use format period (ISO 8601, e.g. 2022-06-30T14:52:44Z/PT48H)"
                    )
                } else {
                    continue;
                };
                out.push(FnResult::at(msg, child(path, name)));
            }
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_name_its_durations() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        ttl: {type: string}\n";
        fails_with(
            &RULE,
            "{duration: [ttl]}",
            doc,
            &[(
                "Property \"ttl\" holds a duration: use format duration (ISO 8601, e.g. P1DT3H)",
                "/components/schemas/A/properties/ttl",
            )],
        );
    }
}
