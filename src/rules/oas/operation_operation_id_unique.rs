//! `operation-operationId-unique`: no two operations share an `operationId`.
//!
//! Error; the message is the rule's description, at each repeated
//! `operationId`. The check is `oasOpIdUnique`
//! (`functions/oas_op_id_unique.rs`).
//!
//! Test vectors confirmed against Spectral 6.16.3.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-operationId-unique",
    definition: r##"
description: Every operation must have unique "operationId".
recommended: true
severity: error
given: $.paths
then:
  function: oasOpIdUnique
"##,
    docs: r##"## What it does
Checks that every `operationId` is used by one operation only. Each
operation that repeats an id already used by an earlier operation (in
document order) is reported at its `operationId`; the first user of the
id is not.

## Why is this bad?
Code generators name methods after operation ids and documentation tools
link to them. A repeated id makes generated clients fail to compile or
silently drop one of the operations, and links land on the wrong one.

## Example
```yaml
# Bad
paths:
  /orders:
    get: {operationId: getOrders, responses: {'200': {description: OK}}}
  /orders/{id}:
    get: {operationId: getOrders, responses: {'200': {description: OK}}}
# Good
paths:
  /orders:
    get: {operationId: listOrders, responses: {'200': {description: OK}}}
  /orders/{id}:
    get: {operationId: getOrder, responses: {'200': {description: OK}}}
```
"##,
    pass: &[r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get: {operationId: listA, responses: {'200': {description: ok}}}
    post: {operationId: createA, responses: {'200': {description: ok}}}
    put: {responses: {'200': {description: ok}}}
    x-internal: {operationId: listA}
  /b:
    get: {operationId: '1', responses: {'200': {description: ok}}}
    post: {operationId: 1, responses: {'200': {description: ok}}}
    put: {responses: {'200': {description: ok}}}
"##],
    fail: &[Fail {
        doc: r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get: {operationId: list, responses: {'200': {description: ok}}}
    post: {operationId: 1, responses: {'200': {description: ok}}}
    put: {operationId: 1.0, responses: {'200': {description: ok}}}
  /b:
    get: {operationId: list, responses: {'200': {description: ok}}}
    post: {operationId: null, responses: {'200': {description: ok}}}
    put: {operationId: null, responses: {'200': {description: ok}}}
  /c:
    $ref: '#/x-items/C'
x-items:
  C:
    get: {operationId: list, responses: {'200': {description: ok}}}
"##,
        findings: &[
            (
                "Every operation must have unique \"operationId\".",
                "/paths/~1a/put/operationId",
            ),
            (
                "Every operation must have unique \"operationId\".",
                "/paths/~1b/get/operationId",
            ),
            (
                "Every operation must have unique \"operationId\".",
                "/paths/~1b/put/operationId",
            ),
            (
                "Every operation must have unique \"operationId\".",
                "/x-items/C/get/operationId",
            ),
        ],
    }],
};
