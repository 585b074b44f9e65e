//! `operation-operationId`: every operation has an `operationId`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-operationId",
    definition: r#"
description: Operation must have "operationId".
recommended: true
given: '#OperationObject'
then:
  field: operationId
  function: truthy
"#,
    docs: r#"## What it does
Checks that every operation has an `operationId`.

## Why is this bad?
Code generators name methods after the operation id, and documentation tools
link to operations by it. Without one, generated names change whenever a path
changes.

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
      operationId: listOrders
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: listThings
      responses: {'200': {description: ok}}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      summary: no id
      responses: {'200': {description: ok}}
"#,
        findings: &[("Operation must have \"operationId\".", "/paths/~1a/get")],
    }],
};
