//! `path-declarations-must-exist`: path templates have names between their braces.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "path-declarations-must-exist",
    definition: r#"
message: Path parameter declarations must not be empty, ex."/given/{}" is invalid.
recommended: true
given: $.paths
then:
  field: '@key'
  function: pattern
  functionOptions:
    notMatch: '{}'
"#,
    docs: r#"## What it does
Checks that no path contains an empty template `{}`.

## Why is this bad?
`{}` declares a path parameter without a name, so no parameter definition can
describe it and clients cannot fill it in.

## Example
```yaml
# Bad
paths:
  /orders/{}: {}
# Good
paths:
  /orders/{order_id}: {}
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  '/a/{id}': {}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  '/a/{}': {}
  '/b/{}/c': {}
"#,
        findings: &[
            (
                "Path parameter declarations must not be empty, ex.\"/given/{}\" is invalid.",
                "/paths/~1a~1{}",
            ),
            (
                "Path parameter declarations must not be empty, ex.\"/given/{}\" is invalid.",
                "/paths/~1b~1{}~1c",
            ),
        ],
    }],
};
