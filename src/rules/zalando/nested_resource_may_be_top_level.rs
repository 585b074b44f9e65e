//! #145: a nested sub-resource with its own identifier may rather be a
//! top-level resource.

use std::collections::HashSet;

use serde_json::Value;

use super::common::parse_options;
use super::paths::{has_param, key_path, segments};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-145-consider-non-nested-urls";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 145,
    also: &[],
    level: Level::May,
    title: "Consider using (non-) nested URLs",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Points at sub-resources that have their own identifier below another
resource's identifier (`/customers/{customer-id}/addresses/{address-id}`)
when the API has no top-level collection of the same name
(`/addresses/{address-id}`). Each nested collection is reported once, at
the first path that shows it.

This is a hint: nesting is right when the sub-resource cannot exist or be
reached without its parent.

## Why is this bad?
If the sub-resource's identifiers are unique on their own, clients that
hold one (from an event, a link, another service) must also know the
parent's identifier to fetch it. A top-level resource
(`/sales-orders/{order-id}`) can be fetched directly, and the parent can
still list its members (`/customers/{customer-id}/sales-orders`).

## Example
```yaml
# Nested: clients need the customer to fetch an order
paths:
  /customers/{customer-id}/sales-orders/{order-id}: {}
# Top-level, if order ids are globally unique
paths:
  /customers/{customer-id}: {}
  /sales-orders/{order-id}: {}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /customers/{customer-id}/addresses/{address-id}: {}
  /addresses/{address-id}: {}
  /customers/{customer-id}/preferences: {}
  /shopping-carts/{country}/{session-id}: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths:
  /products/{product-id}/updates: {}
  /products/{product-id}/updates/{update-id}: {}
  /products/{product-id}/updates/{update-id}/notes/{note-id}: {}
  /products/{product-id}/updates/{update-id}/comments: {}
"#,
        findings: &[
            (
                "Sub-resource \"updates\" has its own identifier; if its identifiers are unique on their own, consider a top-level \"/updates/{update-id}\"",
                "/paths/~1products~1{product-id}~1updates~1{update-id}",
            ),
            (
                "Sub-resource \"notes\" has its own identifier; if its identifiers are unique on their own, consider a top-level \"/notes/{note-id}\"",
                "/paths/~1products~1{product-id}~1updates~1{update-id}~1notes~1{note-id}",
            ),
        ],
    }],
};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view() else {
            return Vec::new();
        };
        // Collections that are identified at the top level: `/name/{id}`.
        let top: HashSet<&str> = paths
            .members()
            .filter_map(|(p, _)| {
                let mut s = segments(p).filter(|s| !s.is_empty());
                match (s.next(), s.next()) {
                    (Some(name), Some(id)) if !has_param(name) && has_param(id) => Some(name),
                    _ => None,
                }
            })
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (path, _) in paths.members() {
            let segs: Vec<&str> = segments(path).filter(|s| !s.is_empty()).collect();
            let mut key = String::new();
            let mut below_id = false;
            for (i, seg) in segs.iter().enumerate() {
                key.push('/');
                key.push_str(if has_param(seg) { "{}" } else { seg });
                if has_param(seg) {
                    below_id = true;
                    continue;
                }
                let Some(id) = segs.get(i + 1).filter(|s| has_param(s)) else {
                    continue;
                };
                if !below_id || top.contains(seg) || !seen.insert(key.clone()) {
                    continue;
                }
                out.push(FnResult::at(
                    format!(
                        "Sub-resource \"{seg}\" has its own identifier; if its identifiers are unique on their own, consider a top-level \"/{seg}/{id}\""
                    ),
                    key_path(ctx.path(), path),
                ));
            }
        }
        out
    }
}
