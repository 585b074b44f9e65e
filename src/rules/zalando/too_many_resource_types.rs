//! #146: an API has few resource types (8 at most by default).

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::paths::{normalized, segments};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-146-limit-resource-types";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 146,
    also: &[],
    level: Level::Should,
    title: "Limit number of resource types",
    given: &["$.paths"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Counts the resource types of the API and reports, at `paths`, when there
are more than 8. As the guideline defines it, a resource type is a
collection, its members and its sub-resources that have no identifier of
their own:

```yaml
/customers                          # type /customers
/customers/{id}                     # type /customers
/customers/{id}/preferences         # type /customers (no own identifier)
/customers/{id}/addresses           # type /customers/{id}/addresses
/customers/{id}/addresses/{addr}    # type /customers/{id}/addresses
/addresses                          # type /addresses
/addresses/{addr}                   # type /addresses
```

A path belongs to the longest collection prefix followed by an identifier
somewhere in the API; a path under no such prefix is a type of its own.

## Why is this bad?
An API that mixes many business functions is hard to understand, evolve
and own. Well-cut APIs have 4 to 8 resource types; more usually means the
API should be split by subdomain.

## Example
```yaml
# Bad: 9 resource types
paths:
  /items: {}
  /orders: {}
  /customers: {}
  /addresses: {}
  /payments: {}
  /refunds: {}
  /shipments: {}
  /returns: {}
  /invoices: {}
# Good: split into an ordering API and a payments API
```

## Options
- `max` (default `8`): the most resource types an API may have.
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /customers: {}
  /customers/{id}: {}
  /customers/{id}/preferences: {}
  /customers/{id}/addresses: {}
  /customers/{id}/addresses/{addr}: {}
  /addresses: {}
  /addresses/{addr}: {}
  /a: {}
  /b: {}
  /c: {}
  /d: {}
  /e: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
basePath: /api
paths:
  /items: {}
  /items/{item_id}: {}
  /items3: {}
  /items4: {}
  /items5: {}
  /items6: {}
  /items7: {}
  /items8: {}
  /items9: {}
  /items10: {}
"#,
        findings: &[(
            "The API has 9 resource types, more than 8: /items, /items3, /items4, /items5, /items6, /items7, /items8, /items9, /items10",
            "/paths",
        )],
    }],
};

/// How many resource types a message names.
const LISTED: usize = 12;

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    max: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { max: 8 }
    }
}

#[derive(Debug)]
struct Check {
    max: usize,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check { max: o.max }))
}

/// The resource types of a set of paths, in order of first appearance.
pub(crate) fn resource_types(paths: &[&str]) -> Vec<String> {
    let norm: Vec<Vec<&str>> = paths.iter().map(|p| normalized(p)).collect();
    // Prefixes that end with a name followed by an identifier somewhere.
    let mut collections: HashSet<&[&str]> = HashSet::new();
    for n in &norm {
        for i in 0..n.len().saturating_sub(1) {
            if n[i] != "{}" && n[i + 1] == "{}" {
                collections.insert(&n[..=i]);
            }
        }
    }
    let mut seen = HashSet::new();
    let mut types = Vec::new();
    for (n, path) in norm.iter().zip(paths) {
        let own = (1..=n.len())
            .rev()
            .map(|k| &n[..k])
            .find(|p| collections.contains(p))
            .unwrap_or_else(|| {
                let end = n.iter().rposition(|s| *s != "{}").map_or(0, |i| i + 1);
                &n[..end]
            });
        if own.is_empty() || !seen.insert(own) {
            continue;
        }
        // Named as first written, parameter names and all.
        let written: Vec<&str> = segments(path)
            .filter(|s| !s.is_empty())
            .take(own.len())
            .collect();
        types.push(format!("/{}", written.join("/")));
    }
    types
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(paths) = input.view() else {
            return Vec::new();
        };
        let keys: Vec<&str> = paths.members().map(|(p, _)| p).collect();
        let types = resource_types(&keys);
        if types.len() <= self.max {
            return Vec::new();
        }
        let mut list = types[..types.len().min(LISTED)].join(", ");
        if types.len() > LISTED {
            list.push_str(&format!(" and {} more", types.len() - LISTED));
        }
        vec![FnResult::here(format!(
            "The API has {} resource types, more than {}: {list}",
            types.len(),
            self.max,
        ))]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn the_guidelines_example_has_three_types() {
        let paths = [
            "/customers",
            "/customers/{id}",
            "/customers/{id}/preferences",
            "/customers/{id}/addresses",
            "/customers/{id}/addresses/{addr}",
            "/addresses",
            "/addresses/{addr}",
        ];
        assert_eq!(
            resource_types(&paths),
            ["/customers", "/customers/{id}/addresses", "/addresses"]
        );
    }

    #[test]
    fn a_company_can_change_the_limit() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a: {}\n  /b/{id}: {}\n  /c: {}\n";
        fails_with(
            &RULE,
            "{max: 2}",
            doc,
            &[(
                "The API has 3 resource types, more than 2: /a, /b, /c",
                "/paths",
            )],
        );
    }
}
