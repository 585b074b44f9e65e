//! #225: permission (scope) names follow the naming convention
//! `<application-id>[.<resource-name>].<access-mode>` or `uid`.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, parse_options};
use super::endpoint_not_secured::{Kind, scheme_kind, schemes};
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-225-scope-naming";

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 225,
    also: &[],
    level: Level::Must,
    title: "Follow the naming convention for permissions (scopes)",
    given: &["$"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks the names of permissions (scopes) of bearer and OAuth 2.0 schemes
against the convention

```text
<permission> ::= <application-id>.<access-mode>
               | <application-id>.<resource-name>.<access-mode>
               | uid
<application-id>, <resource-name> ::= [a-z][a-z0-9-]*
<access-mode> ::= read | write
```

Each scope name is reported once: where an OAuth 2.0 scheme declares it,
or else where a security requirement first uses it.

## Why is this bad?
Permissions are granted across many applications in a central registry.
One naming scheme tells at a glance which application owns a permission
and whether it reads or writes, and keeps names from colliding.

## Example
```yaml
# Bad
security:
  - BearerAuth: [ReadOrders]
# Good
security:
  - BearerAuth: [order-service.read]
```

## Options
- `pattern` (default
  `^(uid|[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)?\.(read|write))$`): the
  regular expression scope names must match.
- `allow` (default `[]`): regular expressions of further scope names that
  pass, e.g. those of an IAM system with its own conventions.
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
      security: [{BearerAuth: [order-service.read, order-service.sales-order.write]}, {Key: [Anything]}]
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
    OAuth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://example.com/token
          scopes: {orders:read: read orders, order-service.read: read}
security:
  - BearerAuth: [ReadOrders]
paths:
  /orders:
    get:
      security: [{BearerAuth: [ReadOrders, order-service.delete]}, {OAuth: ['orders:read']}]
      responses: {'200': {description: ok}}
"#,
            findings: &[
                (
                    "Permission \"orders:read\" does not follow <application-id>[.<resource-name>].<access-mode> (read or write) or uid",
                    "/components/securitySchemes/OAuth/flows/clientCredentials/scopes/orders:read",
                ),
                (
                    "Permission \"ReadOrders\" does not follow <application-id>[.<resource-name>].<access-mode> (read or write) or uid",
                    "/security/0/BearerAuth/0",
                ),
                (
                    "Permission \"order-service.delete\" does not follow <application-id>[.<resource-name>].<access-mode> (read or write) or uid",
                    "/paths/~1orders/get/security/0/BearerAuth/1",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
securityDefinitions:
  oauth2: {type: oauth2, flow: application, tokenUrl: 'https://example.com/t', scopes: {write_pets: modify pets}}
paths: {}
"#,
            findings: &[(
                "Permission \"write_pets\" does not follow <application-id>[.<resource-name>].<access-mode> (read or write) or uid",
                "/securityDefinitions/oauth2/scopes/write_pets",
            )],
        },
    ],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    pattern: String,
    allow: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pattern: r"^(uid|[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)?\.(read|write))$".into(),
            allow: Vec::new(),
        }
    }
}

#[derive(Debug)]
struct Check {
    pattern: regex::Regex,
    allow: Vec<regex::Regex>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    let mut compiled = compile_patterns(CODE, &[o.pattern])?;
    Ok(Box::new(Check {
        pattern: compiled.remove(0),
        allow: compile_patterns(CODE, &o.allow)?,
    }))
}

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

impl Check {
    fn ok(&self, scope: &str) -> bool {
        self.pattern.is_match(scope) || self.allow.iter().any(|r| r.is_match(scope))
    }

    fn message(scope: &str) -> String {
        format!(
            "Permission \"{scope}\" does not follow <application-id>[.<resource-name>].<access-mode> (read or write) or uid"
        )
    }

    /// Checks the scopes a requirement list uses.
    fn requirements(
        &self,
        root: View<'_>,
        reqs: View<'_>,
        at: &[PathSeg],
        seen: &mut HashSet<String>,
        out: &mut Vec<FnResult>,
    ) {
        let (defs, _) = schemes(root);
        for (i, req) in reqs.items().enumerate() {
            for (name, scopes) in req.members() {
                let checked = defs
                    .and_then(|d| d.get(name))
                    .and_then(scheme_kind)
                    .is_some_and(|k| matches!(k, Kind::Bearer | Kind::Oauth2));
                if !checked {
                    continue;
                }
                for (j, scope) in scopes.items().enumerate() {
                    let Some(s) = scope.as_str() else { continue };
                    if self.ok(s) || !seen.insert(s.to_string()) {
                        continue;
                    }
                    let mut p = at.to_vec();
                    p.extend([PathSeg::Index(i), key(name), PathSeg::Index(j)]);
                    out.push(FnResult::at(Self::message(s), p));
                }
            }
        }
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, _ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(root) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        // Declared scopes first, where OAuth 2.0 schemes name them.
        let (defs, defs_path) = schemes(root);
        for (name, scheme) in defs.iter().flat_map(|d| d.members()) {
            if scheme_kind(scheme) != Some(Kind::Oauth2) {
                continue;
            }
            let mut blocks: Vec<(View<'_>, Vec<PathSeg>)> = Vec::new();
            let mut base = defs_path.clone();
            base.push(key(name));
            if let Some(s) = scheme.get("scopes") {
                let mut p = base.clone();
                p.push(key("scopes"));
                blocks.push((s, p));
            }
            for (flow, f) in scheme.get("flows").iter().flat_map(|f| f.members()) {
                if let Some(s) = f.get("scopes") {
                    let mut p = base.clone();
                    p.extend([key("flows"), key(flow), key("scopes")]);
                    blocks.push((s, p));
                }
            }
            for (scopes, p) in blocks {
                for (scope, _) in scopes.members() {
                    if self.ok(scope) {
                        seen.insert(scope.to_string());
                    } else if seen.insert(scope.to_string()) {
                        let mut at = p.clone();
                        at.push(key(scope));
                        out.push(FnResult::at(Self::message(scope), at));
                    }
                }
            }
        }
        if let Some(reqs) = root.get("security") {
            self.requirements(root, reqs, &[key("security")], &mut seen, &mut out);
        }
        for (template, item) in root.get("paths").iter().flat_map(|p| p.members()) {
            for (method, op) in item.members() {
                if !METHODS.contains(&method) {
                    continue;
                }
                if let Some(reqs) = op.get("security") {
                    let at = [key("paths"), key(template), key(method), key("security")];
                    self.requirements(root, reqs, &at, &mut seen, &mut out);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_allow_other_scopes() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\ncomponents:\n  securitySchemes:\n    b: {type: http, scheme: bearer}\nsecurity: [{b: ['orders:read', ReadOrders]}]\npaths: {}\n";
        fails_with(
            &RULE,
            "{allow: ['^[a-z]+:(read|write)$']}",
            doc,
            &[(
                "Permission \"ReadOrders\" does not follow <application-id>[.<resource-name>].<access-mode> (read or write) or uid",
                "/security/0/b/1",
            )],
        );
    }
}
