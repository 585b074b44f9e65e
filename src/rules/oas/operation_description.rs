//! `operation-description`: every operation has a description.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-description",
    definition: r#"
description: Operation "description" must be present and non-empty string.
recommended: true
given: '#OperationObject'
then:
  field: description
  function: truthy
"#,
    docs: r#"## What it does
Checks that every operation (`get`, `put`, `post`, `delete`, `options`, `head`,
`patch`, `trace` under a path) has a non-empty `description`.

## Why is this bad?
The summary names an operation; the description says what it does, what it
changes and when to use it. Without it clients guess.

## Example
```yaml
# Bad
paths:
  /orders:
    get:
      summary: List orders
# Good
paths:
  /orders:
    get:
      summary: List orders
      description: Lists the caller's orders, newest first.
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      description: Lists things.
      responses: {'200': {description: ok}}
"#],
    fail: &[
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      summary: no description
      responses: {'200': {description: ok}}
"#,
            findings: &[(
                "Operation \"description\" must be present and non-empty string.",
                "/paths/~1a/get",
            )],
        },
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      description: ''
      responses: {'200': {description: ok}}
"#,
            findings: &[(
                "Operation \"description\" must be present and non-empty string.",
                "/paths/~1a/get/description",
            )],
        },
    ],
};
