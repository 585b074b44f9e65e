//! `operation-success-response`: every operation has a success or redirect
//! response.
//!
//! Warning; the message is the rule's description, at the operation's
//! `responses`. The check is `oasOpSuccessResponse`
//! (`functions/oas_op_success_response.rs`).
//!
//! Test vectors confirmed against Spectral 6.16.3.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-success-response",
    definition: r##"
description: Operation must have at least one "2xx" or "3xx" response.
recommended: true
given: "#OperationObject"
then:
  field: responses
  function: oasOpSuccessResponse
"##,
    docs: r##"## What it does
Checks that each operation's `responses` names at least one success
(`2xx`) or redirect (`3xx`) status code. Keys are read as numbers the way
Spectral reads them, so `"204"` and `"301"` count; in OpenAPI 3 the range
keys `2XX` and `3XX` count too. `default` alone does not. Operations
without a `responses` object are left to the schema rules.

## Why is this bad?
An operation that only describes failures tells clients nothing about
what a successful call returns, so generated clients cannot type the
result and readers cannot tell how the operation is meant to succeed.

## Example
```yaml
# Bad
paths:
  /orders:
    get:
      responses:
        '400': {description: Bad request}
        default: {description: Error}
# Good
paths:
  /orders:
    get:
      responses:
        '200': {description: The orders}
        default: {description: Error}
```
"##,
    pass: &[
        r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '2XX': {description: ok}
    post:
      responses:
        '201': {description: created}
        '400': {description: bad}
    put:
      responses:
        default: {description: other}
        '304': {description: not modified}
    delete:
      description: no responses object, not checked
    patch:
      responses: []
"##,
        r##"swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        ' 204 ': {description: read as a number}
    post:
      responses:
        '0xC8': {description: hexadecimal 200}
"##,
    ],
    fail: &[
        Fail {
            doc: r##"openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        default: {description: anything}
        '400': {description: bad}
    post:
      responses:
        '2xx': {description: range keys are upper case}
    put:
      responses:
        '199': {description: too low}
        '400': {description: too high}
"##,
            findings: &[
                (
                    "Operation must have at least one \"2xx\" or \"3xx\" response.",
                    "/paths/~1a/get/responses",
                ),
                (
                    "Operation must have at least one \"2xx\" or \"3xx\" response.",
                    "/paths/~1a/post/responses",
                ),
                (
                    "Operation must have at least one \"2xx\" or \"3xx\" response.",
                    "/paths/~1a/put/responses",
                ),
            ],
        },
        Fail {
            doc: r##"swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '2XX': {description: range keys are OpenAPI 3 only}
"##,
            findings: &[(
                "Operation must have at least one \"2xx\" or \"3xx\" response.",
                "/paths/~1a/get/responses",
            )],
        },
    ],
};
