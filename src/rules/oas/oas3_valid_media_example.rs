//! `oas3-valid-media-example`: in OpenAPI 3.x, the `example` or the
//! `examples` of every media type, header and parameter must validate
//! against its `schema`.
//!
//! `example` wins when both are present; `examples` entries are checked by
//! their `value` (entries with `externalValue` are skipped, entries without
//! `value` fail with `"<name>.value" property must exist`). `readOnly`
//! properties are not required in requests, `writeOnly` ones not in
//! responses. See the `oasExample` function for the details.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-valid-media-example",
    definition: r#"
description: Examples must be valid against their defined schema.
message: "{{error}}"
recommended: true
formats: [oas3]
severity: error
given:
  - "$..content..[?(@ && @.schema && (@.example !== void 0 || @.examples))]"
  - "$..headers..[?(@ && @.schema && (@.example !== void 0 || @.examples))]"
  - "$..parameters..[?(@ && @.schema && (@.example !== void 0 || @.examples))]"
then:
  function: oasExample
  functionOptions:
    schemaField: "schema"
    oasVersion: 3
    type: media
"#,
    docs: r#"## What it does
Validates the `example` of every media type, header and parameter that has
a `schema` (or, without `example`, the `value` of each of its `examples`)
against that schema, through `$ref`s. In request bodies `readOnly`
properties need not appear, in responses `writeOnly` ones. In OpenAPI 3.0
`nullable: true` allows `null`; a schema Spectral's validator cannot compile
(`nullable` without `type`, `required: []`, ...) is reported at the example
with the validator's message. Recursive schemas are not checked, as in
Spectral.

## Why is this bad?
Examples are the first thing readers copy and what mock servers return. An
example that contradicts its schema documents a payload the API rejects or
never sends, and generated tests and mocks inherit the mistake.

## Example
```yaml
# Bad
content:
  application/json:
    schema:
      type: object
      required: [name]
      properties:
        name: {type: string}
    example: {name: 42}
# Good
content:
  application/json:
    schema:
      type: object
      required: [name]
      properties:
        name: {type: string}
    example: {name: Rex}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: {name: Rex, secret: s3cret}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              examples:
                rex: {value: {id: 1, name: Rex, tag: null}}
                remote: {externalValue: 'https://example.com/rex.json'}
components:
  schemas:
    Pet:
      type: object
      required: [id, name, secret]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
        tag: {type: string, nullable: true}
        secret: {type: string, writeOnly: true}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    post:
      parameters:
        - name: limit
          in: query
          schema: {type: integer, maximum: 100}
          example: 500
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: {id: 1}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              examples:
                rex: {value: {id: 1, name: 7}}
                empty: {summary: no value}
components:
  schemas:
    Pet:
      type: object
      required: [id, name, secret]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string, nullable: true}
        secret: {type: string, writeOnly: true}
"#,
            findings: &[
                (
                    "\"example\" property must be <= 100",
                    "/paths/~1pets/post/parameters/0/example",
                ),
                (
                    "\"example\" property must have required property \"name\"",
                    "/paths/~1pets/post/requestBody/content/application~1json/example",
                ),
                (
                    "\"name\" property type must be string,null",
                    "/paths/~1pets/post/responses/200/content/application~1json/examples/rex/value/name",
                ),
                (
                    "\"empty.value\" property must exist",
                    "/paths/~1pets/post/responses/200/content/application~1json/examples/empty",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          headers:
            X-Rate-Limit:
              schema: {type: integer, format: int32}
              example: 3000000000
          content:
            application/json:
              schema:
                nullable: true
                allOf: [{$ref: '#/components/schemas/Pet'}]
              example: {name: Rex}
            text/csv:
              schema: {type: string, pattern: '^[a-z,]+$'}
              examples:
                ok: {value: 'a,b'}
                bad: {value: 'A;B'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
"#,
            findings: &[
                (
                    "\"example\" property must match format \"int32\"",
                    "/paths/~1pets/get/responses/200/headers/X-Rate-Limit/example",
                ),
                (
                    "\"nullable\" cannot be used without \"type\"",
                    "/paths/~1pets/get/responses/200/content/application~1json/example",
                ),
                (
                    "\"value\" property must match pattern \"^[a-z,]+$\"",
                    "/paths/~1pets/get/responses/200/content/text~1csv/examples/bad/value",
                ),
            ],
        },
    ],
};
