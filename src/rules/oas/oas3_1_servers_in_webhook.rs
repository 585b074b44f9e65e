//! `oas3_1-servers-in-webhook`: webhooks define no `servers`.
//!
//! `undefined` on `webhooks.servers` (a webhook named `servers`) and on the
//! `servers` of each member of each webhook (`$.webhooks[*][*].servers`,
//! resolved document): in practice the operations' `servers`. Reported at
//! that `servers` key, whatever its value (`[]` included). A webhook's own
//! path-item-level `servers` is not looked at (the `given` paths skip it).
//! A webhook path item used through `$ref` is reported where it is
//! defined. Only for OpenAPI 3.1 and 3.2 documents.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3_1-servers-in-webhook",
    definition: r#"
message: Servers should not be defined in a webhook.
recommended: true
formats: [oas3_1, oas3_2]
given:
  - $.webhooks.servers
  - $.webhooks[*][*].servers
then:
  function: undefined
"#,
    docs: r#"## What it does
Flags `servers` in the operations of webhooks (OpenAPI 3.1 and later).

## Why is this bad?
A webhook is a request the API sends to a URL its consumer registered.
The receiving server is the consumer's, not one the API can name, so a
`servers` list there is meaningless and misleads readers and tools.

## Example
```yaml
# Bad
webhooks:
  orderShipped:
    post:
      servers:
        - url: https://hooks.orders.io
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
      servers: []
"#,
    ],
    fail: &[Fail {
        doc: r#"
openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  servers: {}
  newPet:
    servers:
      - url: https://a.io
    post:
      servers:
        - url: https://b.io
      responses:
        '200': {description: ok}
  refd:
    $ref: '#/components/pathItems/P'
components:
  pathItems:
    P:
      get:
        servers: []
        responses:
          '200': {description: ok}
"#,
        findings: &[
            (
                "Servers should not be defined in a webhook.",
                "/webhooks/servers",
            ),
            (
                "Servers should not be defined in a webhook.",
                "/webhooks/newPet/post/servers",
            ),
            (
                "Servers should not be defined in a webhook.",
                "/components/pathItems/P/get/servers",
            ),
        ],
    }],
};
