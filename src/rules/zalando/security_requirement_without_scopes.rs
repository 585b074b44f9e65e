//! #105: security requirements assign permissions (scopes).

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::endpoint_not_secured::{Kind, kind_of};
use super::schemas::child;
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-105-assign-scopes";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 105,
    also: &[],
    level: Level::Must,
    title: "Define and assign permissions (scopes)",
    given: &[
        "$.security[*]",
        "$.paths[*][get,put,post,delete,patch,head,options,trace].security[*]",
    ],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks every security requirement (the document's and each operation's)
that names a bearer or OAuth 2.0 scheme: it must list at least one
permission (scope). An endpoint that needs no specific permission lists
the `uid` pseudo permission, so that this is visibly a decision.

In Swagger 2.0 only `oauth2` requirements can list scopes, so only those
are checked there.

## Why is this bad?
A token alone says who calls, not what the caller may do. Without
permissions every authenticated client may read and change everything
the endpoint offers.

## Example
```yaml
# Bad
security:
  - BearerAuth: []
# Good
security:
  - BearerAuth: [business-partner-service.read]
```

## Options
- `schemes` (default `[bearer, oauth2]`): the kinds of scheme whose
  requirements must list scopes (see `zalando-104-secure-endpoints`).
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
components:
  securitySchemes:
    BearerAuth: {type: http, scheme: bearer}
    Key: {type: apiKey, in: header, name: X-Key}
security:
  - BearerAuth: [uid]
paths:
  /orders:
    get:
      security: [{BearerAuth: [order-service.read]}, {Key: []}]
      responses: {'200': {description: ok}}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
components:
  securitySchemes:
    BearerAuth: {type: http, scheme: bearer}
security:
  - BearerAuth: []
paths:
  /orders:
    get:
      security: [{BearerAuth: []}]
      responses: {'200': {description: ok}}
"#,
            findings: &[
                (
                    "Security requirement \"BearerAuth\" assigns no permission: list its scopes, or uid",
                    "/security/0/BearerAuth",
                ),
                (
                    "Security requirement \"BearerAuth\" assigns no permission: list its scopes, or uid",
                    "/paths/~1orders/get/security/0/BearerAuth",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
securityDefinitions:
  oauth2: {type: oauth2, flow: application, tokenUrl: 'https://example.com/t', scopes: {uid: u}}
  token: {type: apiKey, in: header, name: Authorization}
paths:
  /orders:
    get:
      security: [{oauth2: []}, {token: []}]
      responses: {'200': {description: ok}}
"#,
            findings: &[(
                "Security requirement \"oauth2\" assigns no permission: list its scopes, or uid",
                "/paths/~1orders/get/security/0/oauth2",
            )],
        },
    ],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    schemes: Vec<Kind>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            schemes: vec![Kind::Bearer, Kind::Oauth2],
        }
    }
}

#[derive(Debug)]
struct Check {
    kinds: Vec<Kind>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check { kinds: o.schemes }))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(req) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let swagger = ctx.root.get("swagger").is_some();
        req.members()
            .filter(|(_, scopes)| scopes.is_array() && scopes.is_empty())
            .filter(|(name, _)| {
                kind_of(ctx.root, name).is_some_and(|k| {
                    self.kinds.contains(&k) && (!swagger || k == Kind::Oauth2)
                })
            })
            .map(|(name, _)| {
                FnResult::at(
                    format!(
                        "Security requirement \"{name}\" assigns no permission: list its scopes, or uid"
                    ),
                    child(ctx.path(), name),
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
    fn a_company_can_check_oauth2_only() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\ncomponents:\n  securitySchemes:\n    b: {type: http, scheme: bearer}\nsecurity: [{b: []}]\npaths: {}\n";
        fails_with(&RULE, "{schemes: [oauth2]}", doc, &[]);
    }
}
