//! `oas3-server-trailing-slash`: no top-level server URL ends in `/`.
//!
//! `pattern` with `notMatch: ./$` on each `servers[*].url` of the root,
//! reported at the `url`. The pattern needs a character before the slash,
//! so a URL of just `/` (the host's root) passes. Servers on path items and
//! operations are not checked, nor non-string URLs.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-server-trailing-slash",
    definition: r#"
description: Server URL must not have trailing slash.
recommended: true
formats: [oas3]
given: $.servers[*].url
then:
  function: pattern
  functionOptions:
    notMatch: ./$
"#,
    docs: r#"## What it does
Checks that no URL in the top-level `servers` ends with a slash (a URL
that is just `/` is allowed).

## Why is this bad?
Clients build request URLs by appending the path, which starts with `/`,
to the server URL. A trailing slash makes `https://api.orders.io//orders`,
which some servers and proxies reject or route differently.

## Example
```yaml
# Bad
servers:
  - url: https://api.orders.io/v1/
# Good
servers:
  - url: https://api.orders.io/v1
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: https://api.acme.io/v1
  - url: /
paths:
  /a:
    servers:
      - url: https://api.acme.io/
    get:
      responses:
        '200': {description: ok}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.1.0
info: {title: t, version: '1'}
servers:
  - url: https://api.acme.io/
  - url: https://api.acme.io/v2
  - url: /v1/
paths: {}
"#,
        findings: &[
            ("Server URL must not have trailing slash.", "/servers/0/url"),
            ("Server URL must not have trailing slash.", "/servers/2/url"),
        ],
    }],
};
