//! `oas2-valid-media-example`: in Swagger 2.0, every response's
//! `examples` (one per MIME type) must validate against the response's
//! `schema`.
//!
//! Each entry is reported at `.../examples/<mime type>` plus the path inside
//! it; `writeOnly` properties are not required in responses. See the
//! `oasExample` function for the details.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-valid-media-example",
    definition: r#"
description: Examples must be valid against their defined schema.
message: "{{error}}"
recommended: true
formats: [oas2]
severity: error
given:
  - "$..responses..[?(@ && @.schema && @.examples)]"
then:
  function: oasExample
  functionOptions:
    schemaField: "schema"
    oasVersion: 2
    type: media
"#,
    docs: r#"## What it does
Validates each entry of a Swagger 2.0 response's `examples` map (keyed by
MIME type) against the response's `schema`, through `$ref`s. `x-nullable:
true` allows `null`; `writeOnly` properties need not appear.

## Why is this bad?
Response examples end up in documentation and mock servers. An example
that does not match the schema shows consumers a payload the API never
sends, and mocks built from it break clients that follow the schema.

## Example
```yaml
# Bad
responses:
  '200':
    description: A pet
    schema: {$ref: '#/definitions/Pet'}   # requires "name"
    examples:
      application/json: {tag: dog}
# Good
responses:
  '200':
    description: A pet
    schema: {$ref: '#/definitions/Pet'}
    examples:
      application/json: {name: Rex, tag: dog}
```
"#,
    pass: &[r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/Pet'}
          examples:
            application/json: {name: Rex, tag: null}
definitions:
  Pet:
    type: object
    required: [name]
    properties:
      name: {type: string}
      tag: {type: string, x-nullable: true}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/Pet'}
          examples:
            application/json: {tag: null}
            application/xml: {name: Rex, tag: 3}
responses:
  NotFound:
    description: not found
    schema:
      type: object
      properties:
        code: {type: integer, minimum: 400}
    examples:
      application/json: {code: 200}
definitions:
  Pet:
    type: object
    required: [name]
    properties:
      name: {type: string}
      tag: {type: string, x-nullable: true}
"#,
        findings: &[
            (
                "\"application/json\" property must have required property \"name\"",
                "/paths/~1pets/get/responses/200/examples/application~1json",
            ),
            (
                "\"tag\" property type must be string,null",
                "/paths/~1pets/get/responses/200/examples/application~1xml/tag",
            ),
            (
                "\"code\" property must be >= 400",
                "/responses/NotFound/examples/application~1json/code",
            ),
        ],
    }],
};
