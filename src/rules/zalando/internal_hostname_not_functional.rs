//! #223: hostnames of APIs for company-wide audiences should follow the
//! functional naming schema (the SHOULD part of the guideline; #224
//! checks where it is a MUST).

use serde_json::Value;

use super::common::parse_options;
use super::hostname_not_functional::{HostCheck, Options};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-223-functional-hostname";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 223,
    also: &[],
    level: Level::Should,
    title: "Use functional naming schema",
    given: &["$"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
For APIs whose `info.x-audience` is `company-internal` or
`business-unit-internal`, checks the hostnames of the API
(`servers[*].url`, or `host` in Swagger 2.0) against the functional naming
schema `<functional-domain>-<functional-component>.zalandoapis.com`.

The guideline makes functional naming a MUST for external audiences
(checked by `zalando-224-hostname-naming`), a SHOULD for these internal
ones, and a MAY for component-internal APIs, which are not checked.
Relative server URLs, hosts with variables and `localhost` are skipped.

## Why is this bad?
Functional names keep hostnames stable when the applications and teams
behind an API change, and tell readers which functional component owns
the API. An API that starts company-internal often grows a wider audience
later; a functional hostname from the start avoids moving clients.

## Example
```yaml
# Bad
info: {x-audience: company-internal}
servers:
  - url: https://order-api.team-x.zalan.do
# Good
info: {x-audience: company-internal}
servers:
  - url: https://sales-order.zalandoapis.com
```

## Options
- `audiences` (default `[company-internal, business-unit-internal]`): the
  audiences the recommendation applies to.
- `pattern` and `allow`: as for `zalando-224-hostname-naming`.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0, x-audience: company-internal}
servers:
  - url: https://sales-order.zalandoapis.com
paths: {}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0, x-audience: business-unit-internal}
host: order-api.team-x.zalan.do
paths: {}
"#,
        findings: &[(
            "Hostname \"order-api.team-x.zalan.do\" does not follow <functional-name>.zalandoapis.com (recommended for business-unit-internal APIs)",
            "/host",
        )],
    }],
};

#[derive(Debug)]
struct Check(HostCheck);

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = match options {
        None => Options::for_audiences(&["company-internal", "business-unit-internal"]),
        Some(_) => {
            // Options left out keep this rule's defaults, not #224's.
            let mut base = serde_json::to_value(Options::for_audiences(&[
                "company-internal",
                "business-unit-internal",
            ]))
            .map_err(|e| e.to_string())?;
            if let (Some(b), Some(Value::Object(given))) = (base.as_object_mut(), options) {
                for (k, v) in given {
                    b.insert(k.clone(), v.clone());
                }
            }
            parse_options(CODE, Some(&base))?
        }
    };
    Ok(Box::new(Check(HostCheck::new(CODE, o, "recommended")?)))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        match input.view().filter(|v| v.is_object()) {
            Some(root) => self.0.check(root),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_extend_the_audiences() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0, x-audience: component-internal}\nservers: [{url: 'https://orders.team.zalan.do'}]\npaths: {}\n";
        fails_with(&RULE, "{}", doc, &[]);
        fails_with(
            &RULE,
            "{audiences: [component-internal]}",
            doc,
            &[(
                "Hostname \"orders.team.zalan.do\" does not follow <functional-name>.zalandoapis.com (recommended for component-internal APIs)",
                "/servers/0/url",
            )],
        );
    }
}
