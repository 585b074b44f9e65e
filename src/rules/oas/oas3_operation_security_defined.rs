//! `oas3-operation-security-defined`: security requirements of an OpenAPI
//! 3 document name schemes from `components.securitySchemes` and scopes
//! one of those schemes' OAuth flows declares.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-operation-security-defined",
    definition: r##"
description: Operation "security" values must match a scheme defined in the "components.securitySchemes" object.
message: "{{error}}"
recommended: true
formats: [oas3]
given: "#SecurityRequirementObject"
then:
  function: oasSecurityDefined
  functionOptions:
    oasVersion: 3
"##,
    docs: r#"## What it does
Checks every security requirement (the document's `security` and each
operation's): each scheme it names must be defined in
`components.securitySchemes`, and each scope it asks for must be declared
in the `scopes` of one of that scheme's `flows`. Schemes are read as
written: a scheme that is a `$ref` declares no scopes.

## Why is this bad?
A requirement naming an unknown scheme or scope cannot be satisfied or
enforced: gateways reject the document or, worse, skip the check, and
clients do not know which credentials to send.

## Example
```yaml
# Bad
security:
  - oauth: [pets:write]
  - bearer: []
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: 'https://example.com/token', scopes: {pets:read: Read pets}}
# Good
security:
  - oauth: [pets:read]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: 'https://example.com/token', scopes: {pets:read: Read pets}}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
security:
  - oa: [read, write]
  - {}
paths:
  /a:
    get:
      security: [{key: []}, {oa: [write]}]
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: k}
    oa:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://x', scopes: {read: r}}
        password: {tokenUrl: 'https://x', scopes: {write: w}}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
security:
  - oa: [read, write]
  - missing: []
  - {}
  - oa2: [read, constructor]
  - constructor: []
  - toString: [a]
paths:
  /a:
    get:
      security:
        - oa: [read, nope]
          bad: []
        - oa: [1]
        - x: notarray
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    oa:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://x', scopes: {read: r}}
        password: {tokenUrl: 'https://x', scopes: {write: w}}
    oa2:
      $ref: '#/components/securitySchemes/oa'
"#,
            findings: &[
                (
                    "API \"security\" values must match a scheme defined in the \"components.securitySchemes\" object.",
                    "/security/1/missing",
                ),
                ("\"read\" must be listed among scopes.", "/security/3/oa2/0"),
                (
                    "\"constructor\" must be listed among scopes.",
                    "/security/3/oa2/1",
                ),
                (
                    "\"a\" must be listed among scopes.",
                    "/security/5/toString/0",
                ),
                (
                    "\"nope\" must be listed among scopes.",
                    "/paths/~1a/get/security/0/oa/1",
                ),
                (
                    "Operation \"security\" values must match a scheme defined in the \"components.securitySchemes\" object.",
                    "/paths/~1a/get/security/0/bad",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: '1'}
security:
  - bearer: []
paths:
  /a:
    get:
      security:
        - oa: [read]
      responses:
        '200': {description: ok}
"#,
            findings: &[
                (
                    "API \"security\" values must match a scheme defined in the \"components.securitySchemes\" object.",
                    "/security/0/bearer",
                ),
                (
                    "Operation \"security\" values must match a scheme defined in the \"components.securitySchemes\" object.",
                    "/paths/~1a/get/security/0/oa",
                ),
            ],
        },
    ],
};
