//! `operation-tags`: every operation has a non-empty `tags` list.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-tags",
    definition: r#"
description: Operation must have non-empty "tags" array.
recommended: true
given: '#OperationObject'
then:
  field: tags
  function: schema
  functionOptions:
    dialect: draft7
    schema:
      type: array
      minItems: 1
"#,
    docs: r#"## What it does
Checks that every operation has a `tags` array with at least one tag.

## Why is this bad?
Documentation tools group operations by tag; untagged operations end up in a
catch-all group, and code generators put them in a default client class.

## Example
```yaml
# Bad
paths:
  /orders:
    get:
      operationId: listOrders
# Good
paths:
  /orders:
    get:
      operationId: listOrders
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
    fail: &[
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      summary: s
      responses: {'200': {description: ok}}
"#,
            findings: &[(
                "Operation must have non-empty \"tags\" array.",
                "/paths/~1a/get",
            )],
        },
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      tags: []
      responses: {'200': {description: ok}}
"#,
            findings: &[(
                "Operation must have non-empty \"tags\" array.",
                "/paths/~1a/get/tags",
            )],
        },
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      tags: a
      responses: {'200': {description: ok}}
"#,
            findings: &[(
                "Operation must have non-empty \"tags\" array.",
                "/paths/~1a/get/tags",
            )],
        },
    ],
};
