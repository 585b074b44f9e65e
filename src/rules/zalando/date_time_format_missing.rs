//! #126 (also #169): date and time properties use the standard string
//! formats, with upper-case `T` and `Z`.

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, parse_options};
use super::schemas::{SCHEMA_ROOTS, child, describe_in, format, is_type, on_properties, words};
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-126-date-time-formats";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 126,
    also: &[169],
    level: Level::Must,
    title: "Use standard formats for date and time properties",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Two checks:
- A `string` property whose name says it holds a point in time (it ends in
  `_at` or `At`, or in the word `date`, `timestamp` or `datetime`) must
  have a `format`, e.g. `date-time` or `date`. Properties with an `enum`
  are left alone.
- Examples (`example`, `examples`) of `date-time`, `date` and `time`
  properties must be RFC 3339 values, with an upper-case `T` between date
  and time and an upper-case `Z` for UTC.

## Why is this bad?
A date in a plain string leaves clients guessing its format
(`30.07.2019`? `07/30/19`? seconds since 1970?). RFC 3339 is unambiguous,
sorts as text, and every platform parses it. RFC 3339 also accepts
lower-case `t` and `z`, but many parsers do not.

## Example
```yaml
# Bad
created_at: {type: string, example: '2019-07-30t06:43:40z'}
# Good
created_at: {type: string, format: date-time, example: '2019-07-30T06:43:40Z'}
```

## Options
- `names` (default `['_at$', '[a-z0-9]At$', '(^|_)date$', '[a-z0-9]Date$',
  '(?i)timestamp$', '(?i)date_?time$']`): regular expressions of property
  names that hold points in time.
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
        created_at: {type: string, format: date-time, example: '2019-07-30T06:43:40.252Z'}
        delivery_date: {type: string, format: date, examples: ['2019-07-30']}
        opens: {type: string, format: time, example: '08:00:00+01:00'}
        updated_at: {type: integer, format: int64}
        look_at: {type: string, enum: [FRONT, BACK]}
        category: {type: string}
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
      createdAt: {type: string}
      delivery_date: {type: string, example: '2019-07-30'}
      modified_at: {type: string, format: date-time, example: '2019-07-30t06:43:40z'}
"#,
        findings: &[
            (
                "Property \"createdAt\" holds a date or time: give it a format (date-time, date, ...)",
                "/definitions/Order/properties/createdAt",
            ),
            (
                "Property \"delivery_date\" holds a date or time: give it a format (date-time, date, ...)",
                "/definitions/Order/properties/delivery_date",
            ),
            (
                "Example \"2019-07-30t06:43:40z\" of property \"modified_at\" is not an RFC 3339 date-time with upper-case T and Z",
                "/definitions/Order/properties/modified_at/example",
            ),
        ],
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
                "_at$",
                "[a-z0-9]At$",
                "(^|_)date$",
                "[a-z0-9]Date$",
                "(?i)timestamp$",
                "(?i)date_?time$",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

#[derive(Debug)]
struct Check {
    names: Vec<regex::Regex>,
    date_time: regex::Regex,
    date: regex::Regex,
    time: regex::Regex,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let re = |s: &str| regex::Regex::new(s).expect("valid regex");
    Ok(Box::new(Check {
        names: compile_patterns(CODE, &o.names)?,
        date_time: re(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"),
        date: re(r"^\d{4}-\d{2}-\d{2}$"),
        time: re(r"^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"),
    }))
}

impl Check {
    fn names_a_date(&self, name: &str) -> bool {
        // `_at` alone is not a time.
        !words(name).is_empty() && name != "_at" && self.names.iter().any(|r| r.is_match(name))
    }

    fn properties(&self, props: View<'_>, path: &[PathSeg]) -> Vec<FnResult> {
        props
            .members()
            .filter(|(name, s)| {
                is_type(*s, "string")
                    && format(*s).is_none()
                    && s.get("enum").is_none()
                    && self.names_a_date(name)
            })
            .map(|(name, _)| {
                FnResult::at(
                    format!(
                        "Property \"{name}\" holds a date or time: give it a format (date-time, date, ...)"
                    ),
                    child(path, name),
                )
            })
            .collect()
    }

    fn examples(&self, root: View<'_>, schema: View<'_>, path: &[PathSeg]) -> Vec<FnResult> {
        let Some(f) = format(schema) else {
            return Vec::new();
        };
        let (re, what) = match f {
            "date-time" => (
                &self.date_time,
                "an RFC 3339 date-time with upper-case T and Z",
            ),
            "date" => (&self.date, "an RFC 3339 date (YYYY-MM-DD)"),
            "time" => (&self.time, "an RFC 3339 time with upper-case Z"),
            _ => return Vec::new(),
        };
        let mut values: Vec<(View<'_>, Vec<PathSeg>)> = Vec::new();
        if let Some(e) = schema.get("example") {
            values.push((e, child(path, "example")));
        }
        if let Some(es) = schema.get("examples").filter(|e| e.is_array()) {
            for (i, e) in es.items().enumerate() {
                let mut p = child(path, "examples");
                p.push(PathSeg::Index(i));
                values.push((e, p));
            }
        }
        values
            .into_iter()
            .filter_map(|(v, p)| {
                let s = v.as_str().filter(|s| !s.is_empty())?;
                (!re.is_match(s)).then(|| {
                    FnResult::at(
                        format!(
                            "Example \"{s}\" of {} is not {what}",
                            describe_in(root, path, Some(schema))
                        ),
                        p,
                    )
                })
            })
            .collect()
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_properties(&input, ctx, |props, path| {
            let mut out = self.properties(props, path);
            for (name, schema) in props.members() {
                if format(schema).is_some() {
                    out.extend(self.examples(ctx.root, schema, &child(path, name)));
                }
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
    fn a_company_can_name_its_time_properties() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        created_at: {type: string}\n        when: {type: string}\n";
        fails_with(
            &RULE,
            "{names: ['^when$']}",
            doc,
            &[(
                "Property \"when\" holds a date or time: give it a format (date-time, date, ...)",
                "/components/schemas/A/properties/when",
            )],
        );
    }
}
