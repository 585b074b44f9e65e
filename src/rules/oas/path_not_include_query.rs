//! `path-not-include-query`: paths contain no query string.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "path-not-include-query",
    definition: r#"
description: Path must not include query string.
recommended: true
given: $.paths
then:
  field: '@key'
  function: pattern
  functionOptions:
    notMatch: \?
"#,
    docs: r#"## What it does
Checks that no path key contains a `?`.

## Why is this bad?
Query parameters belong in `parameters` with `in: query`, where they get a
type, a description and validation. In the path they are invisible to tools.

## Example
```yaml
# Bad
paths:
  /orders?status=open: {}
# Good
paths:
  /orders:
    get:
      parameters:
        - {name: status, in: query, schema: {type: string}}
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  '/a': {}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  '/a?b=c': {}
"#,
        findings: &[("Path must not include query string.", "/paths/~1a?b=c")],
    }],
};
