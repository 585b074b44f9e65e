//! #224: hostnames of APIs for external audiences follow the functional
//! naming convention `<functional-name>.zalandoapis.com`.

use serde::Deserialize;
use serde_json::Value;

use super::common::{compile_patterns, parse_options};
use super::{Fail, Level, ZalandoRule};
use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-224-hostname-naming";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 224,
    also: &[],
    level: Level::Must,
    title: "Follow naming convention for hostnames",
    given: &["$"],
    resolved: true,
    formats: &[],
    new,
    docs: r#"## What it does
For APIs whose `info.x-audience` is `external-public` or
`external-partner`, checks the hostnames of the API (`servers[*].url` in
OpenAPI 3, `host` in Swagger 2.0) against the functional naming
convention:

```text
<hostname>        ::= <functional-name>.zalandoapis.com
<functional-name> ::= <functional-domain>-<functional-component>
```

Server URLs without a host (relative ones), with a variable in the host,
and `localhost` are skipped, as are APIs without an audience.
`zalando-223-functional-hostname` checks internal audiences, where the
convention is a SHOULD.

## Why is this bad?
A functional hostname stays stable when teams, applications or
infrastructure change, and tells clients which functional component
serves the API. Application hostnames (`<app>.<team>.zalan.do`) are a
deprecated convention, allowed only for component-internal APIs.

## Example
```yaml
# Bad
info: {x-audience: external-partner}
servers:
  - url: https://order-api.team-x.zalan.do
# Good
info: {x-audience: external-partner}
servers:
  - url: https://sales-order.zalandoapis.com
```

## Options
- `audiences` (default `[external-public, external-partner]`): the
  audiences the convention applies to.
- `pattern` (default `^[a-z][a-z0-9-]*-[a-z][a-z0-9-]*\.zalandoapis\.com$`):
  the regular expression hostnames must match.
- `allow` (default `['^api\.merchants\.zalando\.com$',
  '^api-sandbox\.merchants\.zalando\.com$']`): regular expressions of
  legacy hostnames that pass.
"#,
    pass: &[
        r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0, x-audience: external-partner}
servers:
  - url: https://sales-order.zalandoapis.com/
  - url: https://api.merchants.zalando.com
  - url: /relative
  - url: 'https://{env}.example.com'
  - url: http://localhost:8080
paths: {}
"#,
        r#"
swagger: '2.0'
info: {title: t, version: 1.0.0, x-audience: component-internal}
host: order-api.team-x.zalan.do
paths: {}
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0, x-audience: external-public}
servers:
  - url: https://order-api.team-x.zalan.do/v1
  - url: https://api.example.com
paths: {}
"#,
            findings: &[
                (
                    "Hostname \"order-api.team-x.zalan.do\" does not follow <functional-name>.zalandoapis.com (required for external-public APIs)",
                    "/servers/0/url",
                ),
                (
                    "Hostname \"api.example.com\" does not follow <functional-name>.zalandoapis.com (required for external-public APIs)",
                    "/servers/1/url",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0, x-audience: external-partner}
host: orders.zalan.do
paths: {}
"#,
            findings: &[(
                "Hostname \"orders.zalan.do\" does not follow <functional-name>.zalandoapis.com (required for external-partner APIs)",
                "/host",
            )],
        },
    ],
};

/// The host of a server URL or Swagger `host`, lowercased, without port,
/// credentials or path; `None` when there is none to check.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = match url.split_once("://") {
        Some((_, r)) => r,
        None if url.starts_with("//") => &url[2..],
        None if url.starts_with('/') || url.is_empty() => return None,
        None => url,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    let skip = host.is_empty()
        || host.contains('{')
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    (!skip).then_some(host)
}

/// The hostnames of the API with the paths of the values they come from.
pub(crate) fn hostnames(root: View<'_>) -> Vec<(String, Vec<PathSeg>)> {
    let mut out = Vec::new();
    if let Some(h) = root.get("host").and_then(|h| h.as_str())
        && let Some(host) = host_of(h)
    {
        out.push((host, vec![PathSeg::Key("host".into())]));
    }
    for (i, server) in root
        .get("servers")
        .iter()
        .flat_map(|s| s.items())
        .enumerate()
    {
        if let Some(url) = server.get("url").and_then(|u| u.as_str())
            && let Some(host) = host_of(url)
        {
            out.push((
                host,
                vec![
                    PathSeg::Key("servers".into()),
                    PathSeg::Index(i),
                    PathSeg::Key("url".into()),
                ],
            ));
        }
    }
    out
}

const DEFAULT_PATTERN: &str = r"^[a-z][a-z0-9-]*-[a-z][a-z0-9-]*\.zalandoapis\.com$";

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Options {
    audiences: Vec<String>,
    pattern: String,
    allow: Vec<String>,
}

impl Options {
    pub(crate) fn for_audiences(audiences: &[&str]) -> Options {
        Options {
            audiences: audiences.iter().map(|s| s.to_string()).collect(),
            pattern: DEFAULT_PATTERN.into(),
            allow: vec![
                r"^api\.merchants\.zalando\.com$".into(),
                r"^api-sandbox\.merchants\.zalando\.com$".into(),
            ],
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::for_audiences(&["external-public", "external-partner"])
    }
}

/// The hostname check both #224 and #223 run, for different audiences.
#[derive(Debug)]
pub(crate) struct HostCheck {
    audiences: Vec<String>,
    pattern: regex::Regex,
    allow: Vec<regex::Regex>,
    /// What the message says hostnames should follow.
    convention: String,
    /// `required` or `recommended`, for the message.
    strength: &'static str,
}

impl HostCheck {
    pub(crate) fn new(code: &str, o: Options, strength: &'static str) -> Result<HostCheck, String> {
        let convention = if o.pattern == DEFAULT_PATTERN {
            "<functional-name>.zalandoapis.com".to_string()
        } else {
            format!("the hostname pattern {}", o.pattern)
        };
        let mut p = compile_patterns(code, &[o.pattern])?;
        Ok(HostCheck {
            convention,
            audiences: o.audiences,
            pattern: p.remove(0),
            allow: compile_patterns(code, &o.allow)?,
            strength,
        })
    }

    pub(crate) fn check(&self, root: View<'_>) -> Vec<FnResult> {
        let Some(audience) = root
            .get("info")
            .and_then(|i| i.get("x-audience"))
            .and_then(|a| a.as_str())
        else {
            return Vec::new();
        };
        if !self.audiences.iter().any(|a| a == audience) {
            return Vec::new();
        }
        hostnames(root)
            .into_iter()
            .filter(|(h, _)| !self.pattern.is_match(h) && !self.allow.iter().any(|r| r.is_match(h)))
            .map(|(h, at)| {
                FnResult::at(
                    format!(
                        "Hostname \"{h}\" does not follow {} ({} for {audience} APIs)",
                        self.convention, self.strength
                    ),
                    at,
                )
            })
            .collect()
    }
}

#[derive(Debug)]
struct Check(HostCheck);

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check(HostCheck::new(CODE, o, "required")?)))
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
    fn hosts() {
        assert_eq!(
            host_of("https://a-b.example.com:8443/x").as_deref(),
            Some("a-b.example.com")
        );
        assert_eq!(
            host_of("api.example.com").as_deref(),
            Some("api.example.com")
        );
        assert_eq!(
            host_of("//api.example.com/v1").as_deref(),
            Some("api.example.com")
        );
        assert_eq!(host_of("/v1"), None);
        assert_eq!(host_of("http://127.0.0.1:80"), None);
        assert_eq!(host_of("https://{region}.example.com"), None);
    }

    #[test]
    fn a_company_can_use_its_own_domain() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0, x-audience: external-public}\nservers: [{url: 'https://orders.api.example.com'}, {url: 'https://sales-order.zalandoapis.com'}]\npaths: {}\n";
        fails_with(
            &RULE,
            r"{pattern: '^[a-z][a-z0-9-]*\.api\.example\.com$'}",
            doc,
            &[(
                r#"Hostname "sales-order.zalandoapis.com" does not follow the hostname pattern ^[a-z][a-z0-9-]*\.api\.example\.com$ (required for external-public APIs)"#,
                "/servers/1/url",
            )],
        );
    }
}
