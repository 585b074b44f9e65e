//! `oas2-operation-formData-consume-check`: (OpenAPI 2) operations with
//! `in: formData` parameters consume a form media type.
//!
//! Warning; the message is the rule's description, at the operation. The
//! check is `oasOpFormDataConsumeCheck`
//! (`functions/oas_op_form_data_consume_check.rs`).
//!
//! Test vectors confirmed against Spectral 6.16.3.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-operation-formData-consume-check",
    definition: r##"
description: 'Operations with "in: formData" parameter must include "application/x-www-form-urlencoded" or "multipart/form-data" in their "consumes" property.'
recommended: true
formats: [oas2]
given: "#OperationObject"
then:
  function: oasOpFormDataConsumeCheck
"##,
    docs: r##"## What it does
In OpenAPI 2 documents, checks that an operation with `in: formData`
parameters lists `application/x-www-form-urlencoded` or
`multipart/form-data` (parameters such as `; boundary=...` allowed) in
its own `consumes`. As in Spectral, only operations that have both their
own `consumes` and their own `parameters` arrays are checked; an
operation relying on the document's global `consumes` is not.

## Why is this bad?
Form parameters are only sent in a form-encoded or multipart body. If
the operation says it consumes something else, clients and servers
disagree on how the request body is encoded, and uploads fail.

## Example
```yaml
# Bad
paths:
  /avatar:
    post:
      consumes: [application/json]
      parameters:
        - {name: file, in: formData, type: file}
      responses: {'204': {description: Stored}}
# Good
paths:
  /avatar:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: file, in: formData, type: file}
      responses: {'204': {description: Stored}}
```
"##,
    pass: &[
        r##"swagger: '2.0'
info: {title: t, version: '1'}
consumes: [application/json]
paths:
  /a:
    post:
      consumes: ['multipart/form-data; boundary=x']
      parameters:
        - {name: f, in: formData, type: file}
      responses: {'200': {description: ok}}
    put:
      description: inherits the global consumes, so it is not checked
      parameters:
        - {name: f, in: formData, type: string}
      responses: {'200': {description: ok}}
    patch:
      consumes: [application/json]
      parameters:
        - {name: b, in: body, schema: {type: object}}
      responses: {'200': {description: ok}}
"##,
        r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      consumes: [application/json]
      parameters:
        - {name: f, in: formData}
      responses: {'200': {description: ok}}
"##,
    ],
    fail: &[Fail {
        doc: r##"swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    post:
      consumes: [application/json]
      parameters:
        - {name: f, in: formData, type: string}
      responses: {'200': {description: ok}}
    put:
      consumes: []
      parameters:
        - $ref: '#/parameters/Upload'
      responses: {'200': {description: ok}}
parameters:
  Upload: {name: u, in: formData, type: file}
"##,
        findings: &[
            (
                "Operations with \"in: formData\" parameter must include \"application/x-www-form-urlencoded\" or \"multipart/form-data\" in their \"consumes\" property.",
                "/paths/~1a/post",
            ),
            (
                "Operations with \"in: formData\" parameter must include \"application/x-www-form-urlencoded\" or \"multipart/form-data\" in their \"consumes\" property.",
                "/paths/~1a/put",
            ),
        ],
    }],
};
