//! `oas2-operation-security-defined`: security requirements of a Swagger
//! 2.0 document name schemes from `securityDefinitions` and scopes those
//! schemes declare.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-operation-security-defined",
    definition: r##"
description: Operation "security" values must match a scheme defined in the "securityDefinitions" object.
message: "{{error}}"
recommended: true
formats: [oas2]
given: "#SecurityRequirementObject"
then:
  function: oasSecurityDefined
  functionOptions:
    oasVersion: 2
"##,
    docs: r#"## What it does
Checks every security requirement (the document's `security` and each
operation's): each scheme it names must be defined in
`securityDefinitions`, and each scope it asks for must be listed in that
scheme's `scopes`.

## Why is this bad?
A requirement naming an unknown scheme or scope cannot be satisfied or
enforced: gateways reject the document or, worse, skip the check, and
clients do not know which credentials to send.

## Example
```yaml
# Bad
securityDefinitions:
  petAuth: {type: oauth2, flow: implicit, authorizationUrl: 'https://example.com/auth', scopes: {read: Read pets}}
security:
  - petAuth: [write]
  - apiKey: []
# Good
securityDefinitions:
  petAuth: {type: oauth2, flow: implicit, authorizationUrl: 'https://example.com/auth', scopes: {read: Read pets, write: Write pets}}
  apiKey: {type: apiKey, in: header, name: X-Key}
security:
  - petAuth: [write]
  - apiKey: []
```
"#,
    pass: &[r#"
swagger: '2.0'
info: {title: t, version: '1'}
securityDefinitions:
  oa: {type: oauth2, flow: implicit, authorizationUrl: 'https://x', scopes: {read: r}}
  key: {type: apiKey, in: header, name: k}
security:
  - oa: [read]
    key: []
  - {}
paths:
  /a:
    get:
      security: [{key: []}]
      responses:
        '200': {description: ok}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: '1'}
securityDefinitions:
  oa: {type: oauth2, flow: implicit, authorizationUrl: 'https://x', scopes: {read: r}}
  key: {type: apiKey, in: header, name: k}
security:
  - oa: [read, write]
    key: []
  - nope: []
  - {}
paths:
  /a:
    get:
      security:
        - oa: [read, admin]
        - other: []
        - key: [x]
      responses:
        '200': {description: ok}
"#,
        findings: &[
            ("\"write\" must be listed among scopes.", "/security/0/oa/1"),
            (
                "API \"security\" values must match a scheme defined in the \"securityDefinitions\" object.",
                "/security/1/nope",
            ),
            (
                "\"admin\" must be listed among scopes.",
                "/paths/~1a/get/security/0/oa/1",
            ),
            (
                "Operation \"security\" values must match a scheme defined in the \"securityDefinitions\" object.",
                "/paths/~1a/get/security/1/other",
            ),
            (
                "\"x\" must be listed among scopes.",
                "/paths/~1a/get/security/2/key/0",
            ),
        ],
    }],
};
