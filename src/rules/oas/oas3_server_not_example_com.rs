//! `oas3-server-not-example.com`: no top-level server URL contains
//! `example.com`.
//!
//! `pattern` with `notMatch: example\.com` on each `servers[*].url` of the
//! root: the text anywhere in the URL fails (`https://api.example.com`,
//! `http://example.com.au`), reported at the `url`. Servers on path items
//! and operations are not checked, nor non-string URLs. Off in
//! `recommended`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-server-not-example.com",
    definition: r#"
description: Server URL must not point at example.com.
recommended: false
formats: [oas3]
given: $.servers[*].url
then:
  function: pattern
  functionOptions:
    notMatch: example\.com
"#,
    docs: r#"## What it does
Checks that no URL in the top-level `servers` contains `example.com`.

## Why is this bad?
`example.com` is a placeholder left over from a template. A document
that still points there sends every generated client and every "try it"
request to a domain that will never serve the API.

## Example
```yaml
# Bad
servers:
  - url: https://api.example.com/v1
# Good
servers:
  - url: https://api.orders.io/v1
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: https://api.acme.io
  - url: https://exampleXcom.io
paths:
  /a:
    servers:
      - url: https://example.com
    get:
      responses:
        '200': {description: ok}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: https://api.example.com/
  - url: https://good.io
  - url: http://example.com.au/v1
  - url: 42
  - description: no url
paths: {}
"#,
        findings: &[
            (
                "Server URL must not point at example.com.",
                "/servers/0/url",
            ),
            (
                "Server URL must not point at example.com.",
                "/servers/2/url",
            ),
        ],
    }],
};
