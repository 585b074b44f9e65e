//! `oas2-oneOf`: a Swagger 2.0 document does not use `oneOf`.
//!
//! `undefined` on every `oneOf` key at any depth of the resolved
//! document, whatever its value (`null` included), reported at the key.
//! As in Spectral, this includes a schema *property* named `oneOf`
//! (`properties: {oneOf: ...}`), and a schema used through several
//! `$ref`s is reported once, where it is defined.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-oneOf",
    definition: r#"
message: '"oneOf" keyword must not be used in OpenAPI v2 document.'
description: oneOf is not available in OpenAPI v2, it was added in OpenAPI v3
recommended: true
formats: [oas2]
given: $..oneOf
then:
  function: undefined
"#,
    docs: r#"## What it does
Flags `oneOf` anywhere in a Swagger 2.0 document.

## Why is this bad?
Swagger 2.0 schemas have no `oneOf`: it arrived with OpenAPI 3.0. Tools
reading a 2.0 document ignore it or reject the document, so the schema
that users and generated code see is not the one written. Model the
alternatives another way (`allOf` with a `discriminator`, or a looser
schema), or move the document to OpenAPI 3.

## Example
```yaml
# Bad
definitions:
  Id:
    oneOf:
      - type: string
      - type: integer
# Good
definitions:
  Id:
    type: string
    description: A numeric or textual identifier, always sent as a string.
```
"#,
    pass: &[r#"
swagger: "2.0"
info: {title: t, version: '1'}
paths: {}
definitions:
  A:
    anyOf: [{type: string}]
    allOf: [{type: object}]
"#],
    fail: &[Fail {
        doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          schema:
            $ref: '#/definitions/A'
        '201':
          description: ok
          schema:
            type: array
            items:
              oneOf: [{type: integer}]
definitions:
  A:
    oneOf:
      - type: string
      - type: integer
  B:
    type: object
    properties:
      oneOf: {type: string}
  C:
    oneOf: null
"#,
        findings: &[
            (
                "\"oneOf\" keyword must not be used in OpenAPI v2 document.",
                "/paths/~1a/get/responses/201/schema/items/oneOf",
            ),
            (
                "\"oneOf\" keyword must not be used in OpenAPI v2 document.",
                "/definitions/A/oneOf",
            ),
            (
                "\"oneOf\" keyword must not be used in OpenAPI v2 document.",
                "/definitions/B/properties/oneOf",
            ),
            (
                "\"oneOf\" keyword must not be used in OpenAPI v2 document.",
                "/definitions/C/oneOf",
            ),
        ],
    }],
};
