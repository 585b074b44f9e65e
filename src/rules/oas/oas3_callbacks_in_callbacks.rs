//! `oas3-callbacks-in-callbacks`: a callback's operations define no
//! callbacks of their own.
//!
//! `undefined` on `callbacks` of each operation of each callback of each
//! operation (`#OperationObject.callbacks[*][*][*].callbacks`, resolved
//! document), whatever its value (`{}` and `null` included), reported at
//! that `callbacks` key. Only one level is looked at: callbacks declared in
//! `components.callbacks` are checked where an operation uses them.
//!
//! Known difference from Spectral (engine, not rule): for a callback used
//! through `$ref`, Spectral reports at the referenced callback itself
//! (`/components/callbacks/CB`) when the expression key below it holds
//! characters such as `{`, `$` or `#` (as real expressions do), because it
//! percent-encodes the segments after the `$ref` and never decodes them;
//! apilint reports the full path (`/components/callbacks/CB/{$request.body#~1y}/put/callbacks`).

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-callbacks-in-callbacks",
    definition: r##"
message: Callbacks should not be defined within a callback
recommended: true
formats: [oas3]
given:
  - "#OperationObject.callbacks[*][*][*].callbacks"
then:
  function: undefined
"##,
    docs: r#"## What it does
Flags `callbacks` inside the operations of a callback.

## Why is this bad?
A callback describes a request the API server sends to the client. A
callback of a callback would be a request the client sends back in
reply, which few tools can model or generate code for; the nesting is
usually a copy-and-paste mistake.

## Example
```yaml
# Bad
callbacks:
  orderShipped:
    '{$request.body#/callbackUrl}':
      post:
        callbacks:
          ack: {}
        responses:
          '200': {description: Received.}
# Good
callbacks:
  orderShipped:
    '{$request.body#/callbackUrl}':
      post:
        responses:
          '200': {description: Received.}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              responses:
                '200': {description: ok}
      responses:
        '200': {description: ok}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              callbacks:
                nested:
                  '{$request.body#/x}':
                    post:
                      responses:
                        '200': {description: ok}
              responses:
                '200': {description: ok}
        viaRef:
          $ref: '#/components/callbacks/CB'
      responses:
        '200': {description: ok}
components:
  callbacks:
    CB:
      abc:
        put:
          callbacks: {}
          responses:
            '200': {description: ok}
"#,
        findings: &[
            (
                "Callbacks should not be defined within a callback",
                "/paths/~1a/post/callbacks/onEvent/{$request.body#~1url}/post/callbacks",
            ),
            (
                "Callbacks should not be defined within a callback",
                "/components/callbacks/CB/abc/put/callbacks",
            ),
        ],
    }],
};
