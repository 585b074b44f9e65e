//! `operation-parameters`: an operation's parameters do not repeat.
//!
//! Warning; the messages are the function's. The check is `oasOpParams`
//! (`functions/oas_op_params.rs`).
//!
//! Test vectors confirmed against Spectral 6.16.3.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-parameters",
    definition: r##"
description: Operation parameters are unique and non-repeating.
message: "{{error}}"
recommended: true
given: "#OperationObject.parameters"
then:
  function: oasOpParams
"##,
    docs: r##"## What it does
Checks an operation's own `parameters` (refs resolved):
- no two parameters have the same `name` and `in` (each repeat is
  reported; a repeat reached through `$ref` is reported at the referenced
  component);
- `in: body` and `in: formData` parameters are not mixed;
- there is at most one `in: body` parameter (each extra one is reported).

Parameters of the path item are not compared with the operation's, since
an operation may override them.

## Why is this bad?
A parameter is identified by its name and location. Two definitions of
the same one contradict each other, and tools keep whichever they see
last. A request has one body: it cannot be both a JSON document and a
form, nor two JSON documents.

## Example
```yaml
# Bad
paths:
  /orders:
    get:
      parameters:
        - {name: limit, in: query, type: integer}
        - {name: limit, in: query, type: string}
      responses: {'200': {description: OK}}
# Good
paths:
  /orders:
    get:
      parameters:
        - {name: limit, in: query, type: integer}
        - {name: limit, in: header, type: string}
      responses: {'200': {description: OK}}
```
"##,
    pass: &[r##"swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    parameters:
      - {name: id, in: query, type: string}
      - {name: id, in: query, type: string}
    post:
      parameters:
        - {name: id, in: query, type: string}
        - {name: id, in: header, type: string}
        - {name: body, in: body, schema: {type: object}}
        - $ref: '#/parameters/Missing'
        - $ref: '#/parameters/Missing'
      responses: {'200': {description: ok}}
    put:
      parameters:
        - {name: b1, in: body, schema: {type: object}}
      responses: {'200': {description: ok}}
"##],
    fail: &[Fail {
        doc: r##"swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    post:
      parameters:
        - {name: a, in: query, type: string}
        - {name: a, in: query, type: string}
        - {name: b, in: body, schema: {}}
        - {name: c, in: body, schema: {}}
        - {name: d, in: formData, type: string}
        - {name: e, in: body, schema: {}}
        - {in: query, type: string}
        - {in: query, type: string}
      responses: {'200': {description: ok}}
    put:
      parameters:
        - $ref: '#/parameters/Limit'
        - $ref: '#/parameters/Limit'
        - {name: c, in: a-b, type: string}
        - {name: b-c, in: a, type: string}
      responses: {'200': {description: ok}}
parameters:
  Limit: {name: limit, in: query, type: integer}
"##,
        findings: &[
            (
                "Operation must not have both \"in:body\" and \"in:formData\" parameters.",
                "/paths/~1a/post/parameters",
            ),
            (
                "A parameter in this operation already exposes the same combination of \"name\" and \"in\" values.",
                "/paths/~1a/post/parameters/1",
            ),
            (
                "Operation must not have more than a single instance of the \"in:body\" parameter.",
                "/paths/~1a/post/parameters/3",
            ),
            (
                "Operation must not have more than a single instance of the \"in:body\" parameter.",
                "/paths/~1a/post/parameters/5",
            ),
            (
                "A parameter in this operation already exposes the same combination of \"name\" and \"in\" values.",
                "/paths/~1a/post/parameters/7",
            ),
            (
                "A parameter in this operation already exposes the same combination of \"name\" and \"in\" values.",
                "/paths/~1a/put/parameters/3",
            ),
            (
                "A parameter in this operation already exposes the same combination of \"name\" and \"in\" values.",
                "/parameters/Limit",
            ),
        ],
    }],
};
