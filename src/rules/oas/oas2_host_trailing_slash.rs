//! `oas2-host-trailing-slash`: a Swagger 2.0 `host` does not end in `/`.
//!
//! `pattern` with `notMatch: /$` on the root's `host`, reported at `/host`.
//! Unlike `oas3-server-trailing-slash`, a `host` of just `/` fails too. A
//! missing or non-string `host` is not checked here.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-host-trailing-slash",
    definition: r#"
description: Server URL must not have trailing slash.
recommended: true
formats: [oas2]
given: $
then:
  field: host
  function: pattern
  functionOptions:
    notMatch: /$
"#,
    docs: r#"## What it does
Checks that a Swagger 2.0 `host` does not end with a slash.

## Why is this bad?
Clients build request URLs by joining `host`, `basePath` and the path,
and `basePath` and paths already start with `/`. A trailing slash on
`host` makes `api.orders.io//orders`, which some servers and proxies
reject or route differently.

## Example
```yaml
# Bad
swagger: "2.0"
info: {title: Orders, version: 1.0.0}
host: api.orders.io/
paths: {}
# Good
swagger: "2.0"
info: {title: Orders, version: 1.0.0}
host: api.orders.io
paths: {}
```
"#,
    pass: &[r#"
swagger: "2.0"
info: {title: t, version: '1'}
host: api.acme.io
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
host: api.acme.io/
paths: {}
"#,
            findings: &[("Server URL must not have trailing slash.", "/host")],
        },
        Fail {
            doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
host: /
paths: {}
"#,
            findings: &[("Server URL must not have trailing slash.", "/host")],
        },
    ],
};
