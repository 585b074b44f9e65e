//! `operation-singular-tag`: operations have at most one tag.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-singular-tag",
    definition: r#"
description: Operation must not have more than a single tag.
recommended: false
given: '#OperationObject'
then:
  field: tags
  function: length
  functionOptions:
    max: 1
"#,
    docs: r#"## What it does
Checks that no operation has more than one tag. Off unless switched on.

## Why is this bad?
Documentation tools list an operation under every one of its tags, so a
multi-tagged operation appears several times and the grouping stops helping.

## Example
```yaml
# Bad
tags: [orders, customers]
# Good
tags: [orders]
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      tags: [a]
      responses: {'200': {description: ok}}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      tags: [a, b]
      responses: {'200': {description: ok}}
"#,
        findings: &[(
            "Operation must not have more than a single tag.",
            "/paths/~1a/get/tags",
        )],
    }],
};
