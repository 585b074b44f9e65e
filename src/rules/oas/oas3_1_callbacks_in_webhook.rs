//! `oas3_1-callbacks-in-webhook`: webhooks' operations define no
//! `callbacks`.
//!
//! `undefined` on the `callbacks` of each member of each webhook
//! (`$.webhooks[*][*].callbacks`, resolved document), whatever its value
//! (`{}` included), reported at that `callbacks` key. A webhook path item
//! used through `$ref` is reported where it is defined. Only for OpenAPI
//! 3.1 and 3.2 documents.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3_1-callbacks-in-webhook",
    definition: r#"
message: Callbacks should not be defined in a webhook.
recommended: true
formats: [oas3_1, oas3_2]
given:
  - $.webhooks[*][*].callbacks
then:
  function: undefined
"#,
    docs: r#"## What it does
Flags `callbacks` in the operations of webhooks (OpenAPI 3.1 and later).

## Why is this bad?
A webhook is already a request the API sends to its consumer. A callback
on it would be a request answering that request, which few tools can
model or generate code for; it is usually a copy-and-paste mistake from
an ordinary operation.

## Example
```yaml
# Bad
webhooks:
  orderShipped:
    post:
      callbacks:
        ack:
          '{$request.body#/ackUrl}':
            post:
              responses:
                '200': {description: Acknowledged.}
      responses:
        '200': {description: Received.}
# Good
webhooks:
  orderShipped:
    post:
      responses:
        '200': {description: Received.}
```
"#,
    pass: &[
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  newPet:
    post:
      responses:
        '200': {description: ok}
"#,
        // Not checked in OpenAPI 3.0, which has no webhooks.
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
webhooks:
  newPet:
    post:
      callbacks: {}
"#,
    ],
    fail: &[Fail {
        doc: r#"
openapi: 3.2.0
info: {title: t, version: '1'}
webhooks:
  newPet:
    post:
      callbacks:
        cb:
          '{$request.body#/x}':
            post:
              responses:
                '200': {description: ok}
      responses:
        '200': {description: ok}
  refd:
    $ref: '#/components/pathItems/P'
components:
  pathItems:
    P:
      get:
        callbacks: {}
        responses:
          '200': {description: ok}
"#,
        findings: &[
            (
                "Callbacks should not be defined in a webhook.",
                "/webhooks/newPet/post/callbacks",
            ),
            (
                "Callbacks should not be defined in a webhook.",
                "/components/pathItems/P/get/callbacks",
            ),
        ],
    }],
};
