//! `oas2-host-not-example`: a Swagger 2.0 `host` is not `example.com`.
//!
//! `pattern` with `notMatch: example\.com` on the root's `host`: the text
//! `example.com` anywhere in it fails (`api.example.com`,
//! `example.com.au`), reported at `/host`. A missing or non-string `host`
//! is not checked here. Off in `recommended`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-host-not-example",
    definition: r#"
description: Host URL must not point at example.com.
recommended: false
formats: [oas2]
given: $
then:
  field: host
  function: pattern
  functionOptions:
    notMatch: example\.com
"#,
    docs: r#"## What it does
Checks that a Swagger 2.0 `host` does not contain `example.com`.

## Why is this bad?
`example.com` is a placeholder left over from a template. A document
that still points there sends every generated client and every "try it"
request to a domain that will never serve the API.

## Example
```yaml
# Bad
swagger: "2.0"
info: {title: Orders, version: 1.0.0}
host: api.example.com
paths: {}
# Good
swagger: "2.0"
info: {title: Orders, version: 1.0.0}
host: api.orders.io
paths: {}
```
"#,
    pass: &[
        r#"
swagger: "2.0"
info: {title: t, version: '1'}
host: api.acme.io
paths: {}
"#,
        r#"
swagger: "2.0"
info: {title: t, version: '1'}
host: exampleXcom.io
paths: {}
"#,
    ],
    fail: &[Fail {
        doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
host: api.example.com:8080
paths: {}
"#,
        findings: &[("Host URL must not point at example.com.", "/host")],
    }],
};
