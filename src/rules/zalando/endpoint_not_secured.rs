//! #104: every endpoint is secured with a bearer or OAuth 2.0 security
//! scheme.

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-104-secure-endpoints";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 104,
    also: &[],
    level: Level::Must,
    title: "Secure endpoints",
    given: &[
        "$",
        "$.paths[*][get,put,post,delete,patch,head,options,trace]",
    ],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
Checks that the document defines a security scheme of an accepted kind
(an `http` scheme with `scheme: bearer`, or `oauth2`), and that every
operation is protected by one: through its own `security`, or the
document's `security` when it has none of its own. It reports an
operation without any security requirement, an empty `security: []`, a
requirement list that admits anonymous access (`{}`), and requirements
that use only schemes of other kinds (`basic`, `apiKey`, ...).

Swagger 2.0 has no bearer scheme: there an `apiKey` scheme for the
`Authorization` header counts as bearer.

## Why is this bad?
An endpoint without authentication and authorization exposes its data to
anyone who can reach it. Declaring the scheme in the specification also
tells clients which token to send, and lets gateways enforce it.

## Example
```yaml
# Bad
paths:
  /orders:
    get:
      security: []
# Good
components:
  securitySchemes:
    BearerAuth: {type: http, scheme: bearer, bearerFormat: JWT}
security:
  - BearerAuth: [order-service.read]
```

## Options
- `schemes` (default `[bearer, oauth2]`): the accepted kinds of scheme:
  `bearer`, `oauth2`, `openid-connect`, `basic`, `api-key`, `mutual-tls`
  or `http` (any other HTTP authentication scheme).
"#,
    pass: &[
        r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
components:
  securitySchemes:
    BearerAuth: {type: http, scheme: bearer, bearerFormat: JWT}
security:
  - BearerAuth: [order-service.read]
paths:
  /orders:
    get:
      responses: {'200': {description: ok}}
    post:
      security: [{BearerAuth: [order-service.write]}]
      responses: {'201': {description: ok}}
"#,
        r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
securityDefinitions:
  oauth2:
    type: oauth2
    flow: application
    tokenUrl: https://example.com/token
    scopes: {uid: any client}
  token: {type: apiKey, in: header, name: Authorization}
paths:
  /orders:
    get:
      security: [{oauth2: [uid]}]
      responses: {'200': {description: ok}}
    post:
      security: [{token: []}]
      responses: {'201': {description: ok}}
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
components:
  securitySchemes:
    BearerAuth: {type: http, scheme: bearer}
    Basic: {type: http, scheme: basic}
paths:
  /orders:
    get:
      responses: {'200': {description: ok}}
    post:
      security: []
      responses: {'201': {description: ok}}
    put:
      security: [{}, {BearerAuth: [order-service.write]}]
      responses: {'200': {description: ok}}
    delete:
      security: [{Basic: []}]
      responses: {'204': {description: ok}}
"#,
            findings: &[
                (
                    "Operation GET /orders has no security requirement (bearer or oauth2)",
                    "/paths/~1orders/get",
                ),
                (
                    "Operation POST /orders is not secured: its security requirements are empty",
                    "/paths/~1orders/post/security",
                ),
                (
                    "Operation PUT /orders allows anonymous access (an empty requirement {})",
                    "/paths/~1orders/put/security/0",
                ),
                (
                    "Operation DELETE /orders is not secured by a security scheme of kind bearer or oauth2",
                    "/paths/~1orders/delete/security",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
securityDefinitions:
  key: {type: apiKey, in: query, name: key}
security: [{key: []}]
paths:
  /orders:
    get:
      responses: {'200': {description: ok}}
"#,
            findings: &[
                (
                    "No security scheme of kind bearer or oauth2 is defined",
                    "/securityDefinitions",
                ),
                (
                    "The API is not secured by a security scheme of kind bearer or oauth2",
                    "/security",
                ),
            ],
        },
    ],
};

/// What kind of authentication a security scheme is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    Bearer,
    Oauth2,
    OpenidConnect,
    Basic,
    ApiKey,
    MutualTls,
    Http,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Bearer => "bearer",
            Kind::Oauth2 => "oauth2",
            Kind::OpenidConnect => "openid-connect",
            Kind::Basic => "basic",
            Kind::ApiKey => "api-key",
            Kind::MutualTls => "mutual-tls",
            Kind::Http => "http",
        }
    }
}

/// The kind of a security scheme object, `None` if it has no known type.
pub(crate) fn scheme_kind(scheme: View<'_>) -> Option<Kind> {
    let s = |k: &str| scheme.get(k).and_then(|v| v.as_str());
    Some(match s("type")? {
        "oauth2" => Kind::Oauth2,
        "openIdConnect" => Kind::OpenidConnect,
        "mutualTLS" => Kind::MutualTls,
        "basic" => Kind::Basic,
        "http" => match s("scheme").map(|x| x.to_ascii_lowercase()).as_deref() {
            Some("bearer") => Kind::Bearer,
            Some("basic") => Kind::Basic,
            _ => Kind::Http,
        },
        "apiKey" => {
            // Swagger 2.0 has no bearer scheme; a key in the
            // Authorization header is how bearer tokens are declared.
            let auth = s("in") == Some("header")
                && s("name").is_some_and(|n| n.eq_ignore_ascii_case("authorization"));
            if auth { Kind::Bearer } else { Kind::ApiKey }
        }
        _ => return None,
    })
}

/// The security schemes the document defines (`components.securitySchemes`
/// or Swagger 2.0's `securityDefinitions`) and the path of their mapping.
pub(crate) fn schemes<'a>(root: View<'a>) -> (Option<View<'a>>, Vec<PathSeg>) {
    if root.get("swagger").is_some() {
        (
            root.get("securityDefinitions"),
            vec![PathSeg::Key("securityDefinitions".into())],
        )
    } else {
        (
            root.get("components")
                .and_then(|c| c.get("securitySchemes")),
            vec![
                PathSeg::Key("components".into()),
                PathSeg::Key("securitySchemes".into()),
            ],
        )
    }
}

/// The kind of the scheme named `name`, if defined.
pub(crate) fn kind_of(root: View<'_>, name: &str) -> Option<Kind> {
    schemes(root)
        .0
        .and_then(|s| s.get(name))
        .and_then(scheme_kind)
}

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
    accepted: Vec<Kind>,
    names: String,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    if o.schemes.is_empty() {
        return Err(format!("\"{CODE}\" needs at least one kind of scheme"));
    }
    let names = o
        .schemes
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(" or ");
    Ok(Box::new(Check {
        accepted: o.schemes,
        names,
    }))
}

/// What is wrong with a list of security requirements.
enum Problem {
    Empty,
    Anonymous(usize),
    NoAcceptedScheme,
}

impl Check {
    fn judge(&self, root: View<'_>, requirements: View<'_>) -> Option<Problem> {
        if !requirements.is_array() {
            return None;
        }
        if requirements.is_empty() {
            return Some(Problem::Empty);
        }
        if let Some(i) = requirements
            .items()
            .position(|r| r.is_object() && r.is_empty())
        {
            return Some(Problem::Anonymous(i));
        }
        // A requirement naming an undefined scheme is another rule's
        // finding; only requirements whose schemes are all known count.
        let secured = requirements.items().any(|r| {
            r.members()
                .any(|(name, _)| kind_of(root, name).is_none_or(|k| self.accepted.contains(&k)))
        });
        (!secured).then_some(Problem::NoAcceptedScheme)
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(node) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        let path = ctx.path();
        let root = ctx.root;
        if path.is_empty() {
            let mut out = Vec::new();
            let (defs, defs_path) = schemes(root);
            let defined = defs.is_some_and(|d| {
                d.members()
                    .any(|(_, s)| scheme_kind(s).is_some_and(|k| self.accepted.contains(&k)))
            });
            if !defined {
                out.push(FnResult::at(
                    format!("No security scheme of kind {} is defined", self.names),
                    defs_path,
                ));
            }
            let at = vec![PathSeg::Key("security".into())];
            match root.get("security").and_then(|s| self.judge(root, s)) {
                None => {}
                Some(Problem::Anonymous(i)) => {
                    let mut at = at;
                    at.push(PathSeg::Index(i));
                    out.push(FnResult::at(
                        "The API allows anonymous access (an empty requirement {})",
                        at,
                    ));
                }
                Some(Problem::Empty) => out.push(FnResult::at(
                    "The API is not secured: its security requirements are empty",
                    at,
                )),
                Some(Problem::NoAcceptedScheme) => out.push(FnResult::at(
                    format!(
                        "The API is not secured by a security scheme of kind {}",
                        self.names
                    ),
                    at,
                )),
            }
            return out;
        }
        let (Some(PathSeg::Key(template)), Some(PathSeg::Key(method))) = (path.get(1), path.get(2))
        else {
            return Vec::new();
        };
        let op = format!("Operation {} {template}", method.to_ascii_uppercase());
        let Some(own) = node.get("security") else {
            if root.get("security").is_some() {
                // The document's requirements apply; judged once above.
                return Vec::new();
            }
            return vec![FnResult::here(format!(
                "{op} has no security requirement ({})",
                self.names
            ))];
        };
        let mut at = path.to_vec();
        at.push(PathSeg::Key("security".into()));
        match self.judge(root, own) {
            None => Vec::new(),
            Some(Problem::Empty) => vec![FnResult::at(
                format!("{op} is not secured: its security requirements are empty"),
                at,
            )],
            Some(Problem::Anonymous(i)) => {
                at.push(PathSeg::Index(i));
                vec![FnResult::at(
                    format!("{op} allows anonymous access (an empty requirement {{}})"),
                    at,
                )]
            }
            Some(Problem::NoAcceptedScheme) => vec![FnResult::at(
                format!(
                    "{op} is not secured by a security scheme of kind {}",
                    self.names
                ),
                at,
            )],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_accept_api_keys() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\nsecurity: [{key: []}]\npaths: {}\n";
        fails_with(&RULE, "{schemes: [api-key]}", doc, &[]);
        fails_with(
            &RULE,
            "{schemes: [oauth2]}",
            doc,
            &[
                (
                    "No security scheme of kind oauth2 is defined",
                    "/components/securitySchemes",
                ),
                (
                    "The API is not secured by a security scheme of kind oauth2",
                    "/security",
                ),
            ],
        );
    }
}
