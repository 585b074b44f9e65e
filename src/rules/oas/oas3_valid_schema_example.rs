//! `oas3-valid-schema-example`: in OpenAPI 3.x, every schema's `example`
//! and `default` must validate against that schema.
//!
//! Targets: schema-like objects (with `enum`, `type`, `format`, `$ref`,
//! `properties` or `items`) under `components.schemas` and under any
//! `content`, `headers` or `parameters`. Read as JSON Schema draft 4 with
//! `nullable` in 3.0, as 2020-12 (or the `jsonSchemaDialect`) in 3.1. See
//! the `oasExample` function for the details (refs, recursive schemas,
//! messages).

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-valid-schema-example",
    definition: r#"
description: Examples must be valid against their defined schema.
message: "{{error}}"
recommended: true
formats: [oas3]
severity: error
given:
  - "$.components.schemas..[?(@property !== 'properties' && @ && (@ && @.example !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"
  - "$..content..[?(@property !== 'properties' && @ && (@ && @.example !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"
  - "$..headers..[?(@property !== 'properties' && @ && (@ && @.example !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"
  - "$..parameters..[?(@property !== 'properties' && @ && (@ && @.example !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"
then:
  function: oasExample
  functionOptions:
    schemaField: "$"
    oasVersion: 3
    type: schema
"#,
    docs: r#"## What it does
Validates the `example` and the `default` of every schema against the
schema itself, through `$ref`s: types, formats (`date`, `date-time`,
`email`, `uuid`, `int32`, ...), enums, patterns, bounds, required
properties. In OpenAPI 3.0 `nullable: true` allows `null` (3.1 lists
`"null"` in `type`). A schema Spectral's validator cannot compile
(`nullable` without `type`, `required: []`, a boolean `exclusiveMinimum`
without `minimum`, ...) is reported at the example with the validator's
message. Recursive schemas are not checked, as in Spectral.

## Why is this bad?
Examples and defaults are copied into documentation, SDKs and mock
servers; defaults are what clients assume when they omit a value. A value
that violates its own schema is a contradiction inside the contract that
consumers will trip over.

## Example
```yaml
# Bad
Pet:
  type: object
  properties:
    birthday: {type: string, format: date}
  example: {birthday: '2021-02-29'}
# Good
Pet:
  type: object
  properties:
    birthday: {type: string, format: date}
  example: {birthday: '2020-02-29'}
```
"#,
    pass: &[
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, example: Rex}
        tag: {type: string, nullable: true, example: null}
        owner: {$ref: '#/components/schemas/Owner'}
        age: {type: integer, format: int32, default: 3}
      example: {name: Rex, tag: null, owner: {id: 7}}
    Owner:
      type: object
      properties:
        id: {type: integer, minimum: 1}
      default: {id: 1}
"#,
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    # Recursive: Spectral's resolver leaves the inner $ref in place and its
    # validator then skips the schema, so even this bad example passes.
    Node:
      type: object
      properties:
        name: {type: string}
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
      example: {name: 1}
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, example: 5}
        tag: {type: string, nullable: true, example: 3}
        owner: {$ref: '#/components/schemas/Owner'}
        age: {type: integer, format: int32, default: 3000000000}
      example: {name: Rex, owner: {id: 0}}
    Owner:
      type: object
      properties:
        id: {type: integer, minimum: 1}
      default: {}
      example: {id: x}
    Wrapper:
      nullable: true
      allOf: [{$ref: '#/components/schemas/Owner'}]
      example: {id: 2}
"#,
            findings: &[
                (
                    "\"example\" property type must be string",
                    "/components/schemas/Pet/properties/name/example",
                ),
                (
                    "\"example\" property type must be string,null",
                    "/components/schemas/Pet/properties/tag/example",
                ),
                (
                    "\"default\" property must match format \"int32\"",
                    "/components/schemas/Pet/properties/age/default",
                ),
                (
                    "\"id\" property must be >= 1",
                    "/components/schemas/Pet/example/owner/id",
                ),
                (
                    "\"id\" property type must be integer",
                    "/components/schemas/Owner/example/id",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Status:
      type: object
      required: []
      properties:
        code: {type: integer}
      example: {code: 1}
    Limit:
      type: integer
      exclusiveMinimum: true
      default: 1
    Owner:
      type: object
      properties:
        pet:
          type: object
          nullable: true
          properties:
            kind: {nullable: true, allOf: [{type: string}]}
      example: {pet: null}
"#,
            findings: &[
                (
                    "schema is invalid: data/required must NOT have fewer than 1 items",
                    "/components/schemas/Status/example",
                ),
                (
                    "schema is invalid: data must have property minimum when property exclusiveMinimum is present",
                    "/components/schemas/Limit/default",
                ),
                (
                    "\"nullable\" cannot be used without \"type\"",
                    "/components/schemas/Owner/example",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    T1:
      type: [string, 'null']
      example: 5
    T2:
      type: string
      nullable: true
      example: 5
    T3:
      type: string
      nullable: true
      example: null
    Ex:
      type: number
      exclusiveMinimum: 0
      example: 0
"#,
            findings: &[
                (
                    "\"example\" property type must be string,null",
                    "/components/schemas/T1/example",
                ),
                (
                    "\"example\" property type must be string",
                    "/components/schemas/T2/example",
                ),
                (
                    "\"example\" property must be > 0",
                    "/components/schemas/Ex/example",
                ),
            ],
        },
    ],
};
