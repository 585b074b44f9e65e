//! `oas2-valid-schema-example`: in Swagger 2.0, every schema's or
//! parameter's `example`, `x-example` and `default` must validate against
//! that schema or parameter.
//!
//! Targets: objects under `definitions`, `parameters` and `responses` that
//! have one of those fields and look like a schema (`enum`, `type`,
//! `format`, `$ref`, `properties` or `items`). Read as JSON Schema draft 4
//! with `x-nullable`; see the `oasExample` function for the details
//! (refs, recursive schemas, messages).

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-valid-schema-example",
    definition: r#"
description: Examples must be valid against their defined schema.
message: "{{error}}"
recommended: true
formats: [oas2]
severity: error
given:
  - "$..definitions..[?(@property !== 'properties' && @ && (@.example !== void 0 || @['x-example'] !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"
  - "$..parameters..[?(@property !== 'properties' && @ && (@.example !== void 0 || @['x-example'] !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"
  - "$..responses..[?(@property !== 'properties' && @ && (@.example !== void 0 || @['x-example'] !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"
then:
  function: oasExample
  functionOptions:
    schemaField: "$"
    oasVersion: 2
    type: schema
"#,
    docs: r#"## What it does
Validates the `example`, `x-example` and `default` of every schema and
parameter of a Swagger 2.0 document against the schema (or parameter) they
belong to: types, formats, enums, bounds, required properties and so on.
`x-nullable: true` allows `null`. A schema Spectral's validator cannot
compile (an invalid keyword, `x-nullable` without `type`) is reported at the
example with the validator's message.

## Why is this bad?
Examples and defaults are what people and tools copy: documentation shows
them, mock servers return them and clients send defaults when a value is
omitted. A value that breaks its own schema teaches consumers the wrong
shape and makes the contract contradict itself.

## Example
```yaml
# Bad
definitions:
  Size:
    type: integer
    minimum: 1
    default: 0
# Good
definitions:
  Size:
    type: integer
    minimum: 1
    default: 1
```
"#,
    pass: &[r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, type: integer, required: true, x-example: 20, default: 10}
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/Pet'}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string, example: Rex}
      tag: {type: string, x-nullable: true, example: null}
      kind: {$ref: '#/definitions/Kind'}
    example: {name: Rex, kind: dog}
  Kind: {type: string, enum: [cat, dog], default: cat}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, type: integer, required: true, x-example: many, default: 1.5}
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/Pet'}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string, example: 5}
      tag: {type: string, x-nullable: true, example: 3}
      kind: {$ref: '#/definitions/Kind'}
    example: {name: Rex, kind: dgo}
  Kind: {type: string, enum: [cat, dog], default: bird}
"#,
        findings: &[
            (
                "\"x-example\" property type must be integer",
                "/paths/~1pets/get/parameters/0/x-example",
            ),
            (
                "\"default\" property type must be integer",
                "/paths/~1pets/get/parameters/0/default",
            ),
            (
                "\"example\" property type must be string",
                "/definitions/Pet/properties/name/example",
            ),
            (
                "\"example\" property type must be string,null",
                "/definitions/Pet/properties/tag/example",
            ),
            (
                "\"kind\" property must be equal to one of the allowed values: \"cat\", \"dog\". Did you mean \"dog\"?",
                "/definitions/Pet/example/kind",
            ),
            (
                "\"default\" property must be equal to one of the allowed values: \"cat\", \"dog\"",
                "/definitions/Kind/default",
            ),
        ],
    }],
};
