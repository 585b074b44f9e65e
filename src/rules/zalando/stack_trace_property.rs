//! #177: do not expose stack traces.

use serde::Deserialize;
use serde_json::Value;

use super::common::{in_data, parse_options};
use super::http::{member_at, normalize};
use super::{Fail, Level, ZalandoRule};
use crate::document::PathSeg;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-177-no-stack-traces";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 177,
    also: &[],
    level: Level::Must,
    title: "Not expose stack traces",
    given: &["$..properties"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Reports schema properties whose names say they carry a stack trace:
`stack_trace`, `stackTrace`, `stacktrace`, `backtrace`, `traceback`,
`stack_frames`, `exception_stack_trace` and the like (compared without
case, `_` and `-`). Whether a service really sends stack traces cannot be
seen from the document.

## Why is this bad?
Stack traces are implementation details clients must not rely on, and they
leak information (libraries, versions, internal names) that helps
attackers.

## Example
```yaml
# Bad
ErrorDetails:
  type: object
  properties:
    message: {type: string}
    stack_trace: {type: string}
# Good
ErrorDetails:
  type: object
  properties:
    message: {type: string}
```

## Options
- `names` (default `[stacktrace, stacktraces, backtrace, traceback,
  stackframes, exceptionstacktrace, exceptiontrace]`): property names
  that mean a stack trace, lower case without `_` and `-`.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Problem:
      type: object
      properties:
        title: {type: string}
        trace_id: {type: string}
      example: {stack_trace: not checked}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Error:
    type: object
    properties:
      message: {type: string}
      stackTrace:
        type: array
        items: {type: string}
"#,
        findings: &[(
            "Property \"stackTrace\" exposes a stack trace",
            "/definitions/Error/properties/stackTrace",
        )],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    names: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            names: [
                "stacktrace",
                "stacktraces",
                "backtrace",
                "traceback",
                "stackframes",
                "exceptionstacktrace",
                "exceptiontrace",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

#[derive(Debug)]
struct Check {
    names: Vec<String>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check {
        names: o.names.iter().map(|n| normalize(n)).collect(),
    }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(props) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let path = ctx.path();
        if in_data(path)
            || matches!(path.iter().rev().nth(1), Some(PathSeg::Key(k)) if k == "properties")
        {
            return Vec::new();
        }
        props
            .members()
            .filter(|(name, _)| self.names.contains(&normalize(name)))
            .map(|(name, _)| {
                FnResult::at(
                    format!("Property \"{name}\" exposes a stack trace"),
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
    fn a_company_can_name_more() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        exception: {type: string}\n";
        fails_with(
            &RULE,
            "{names: [exception]}",
            doc,
            &[(
                "Property \"exception\" exposes a stack trace",
                "/components/schemas/A/properties/exception",
            )],
        );
    }

    /// A property whose value is a `$ref` is reported where it is named,
    /// not at the shared schema it points to.
    #[test]
    fn a_ref_valued_property_is_reported_where_it_is_named() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    Problem:\n      properties:\n        stack_trace: {$ref: '#/components/schemas/Lines'}\n    Lines:\n      type: array\n      items: {type: string}\n";
        fails_with(
            &RULE,
            "",
            doc,
            &[(
                "Property \"stack_trace\" exposes a stack trace",
                "/components/schemas/Problem/properties",
            )],
        );
    }
}
