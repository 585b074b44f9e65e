//! `oas2-api-host`: a Swagger 2.0 document names its `host`.
//!
//! `truthy` on the root's `host` field: a missing `host` is reported at the
//! root (path ``), an empty string (or `false`, `0`, `null`) at `/host`.
//! Any other value passes, even a number: the type is `oas2-schema`'s job.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-api-host",
    definition: r#"
description: OpenAPI "host" must be present and non-empty string.
recommended: true
formats: [oas2]
given: $
then:
  field: host
  function: truthy
"#,
    docs: r#"## What it does
Checks that a Swagger 2.0 document has a non-empty `host`.

## Why is this bad?
Without `host`, tools assume the API lives on the host that served the
document, which is rarely where it actually runs. Generated clients and
"try it" consoles then send requests to the wrong place.

## Example
```yaml
# Bad
swagger: "2.0"
info: {title: Orders, version: 1.0.0}
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
paths: {}
"#,
            findings: &[("OpenAPI \"host\" must be present and non-empty string.", "")],
        },
        Fail {
            doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
host: ""
paths: {}
"#,
            findings: &[(
                "OpenAPI \"host\" must be present and non-empty string.",
                "/host",
            )],
        },
    ],
};
