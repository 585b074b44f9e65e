//! `path-keys-no-trailing-slash`: paths do not end with `/`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "path-keys-no-trailing-slash",
    definition: r#"
message: Path must not end with slash.
recommended: true
given: $.paths
then:
  field: '@key'
  function: pattern
  functionOptions:
    notMatch: .+\/$
"#,
    docs: r#"## What it does
Checks that no path except `/` itself ends with a slash.

## Why is this bad?
Many servers and gateways treat `/orders` and `/orders/` as different
resources, and clients that build URLs from the spec then get 404s or
redirects.

## Example
```yaml
# Bad
paths:
  /orders/: {}
# Good
paths:
  /orders: {}
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  '/': {}
  '/a': {}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  '/a/': {}
  '/b': {}
"#,
        findings: &[("Path must not end with slash.", "/paths/~1a~1")],
    }],
};
