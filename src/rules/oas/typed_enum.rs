//! `typed-enum`: every `enum` value of a schema has the schema's `type`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "typed-enum",
    definition: r#"
description: Enum values must respect the specified type.
message: "{{error}}"
recommended: true
given: "$..[?(@ && @.enum && @.type)]"
then:
  function: typedEnum
"#,
    docs: r#"## What it does
Checks every schema that has both `enum` and `type`: each `enum` value must
be of one of the schema's types. `integer` accepts whole numbers (`2.0`
too); `null` is accepted when the schema is `nullable: true` in OpenAPI 3.0
or `x-nullable: true` in Swagger 2.0 (in OpenAPI 3.1, list `null` in
`type`). Each offending value is reported at its place in the `enum`.

## Why is this bad?
A value of the wrong type can never validate against its own schema: the
enum promises a value that the API can never accept or return, and code
generators produce enums that do not compile or silently drop the value.

## Example
```yaml
# Bad
type: integer
enum: [1, 2, "3"]
# Good
type: integer
enum: [1, 2, 3]
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Size: {type: integer, enum: [1, 2.0, 3]}
    Color: {type: string, nullable: true, enum: [red, null]}
    Mixed: {type: [string, number], enum: [a, 1.5]}
    NoType: {enum: [1, a]}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    s1: {type: string, enum: [a, 1, true, b, null, 1.5]}
    s3: {type: number, enum: [1, 2.5]}
    s5: {type: integer, nullable: true, enum: [1, null, z, 2.0, 2.5, 1e300]}
    s6: {type: [string, integer], enum: [a, 1, {}, [1]]}
    s7: {type: integer, enum: 3}
    s8: {type: 7, enum: [a]}
    s9: {type: string, x-nullable: true, enum: [null]}
    s10: {type: [], enum: [a]}
    s11: {type: '', enum: [a]}
    s12: {type: boolean, enum: []}
    s13: {type: string, enum: ["quo\"te", 1e21, -0.0, 100000000000000000000000]}
    r: {$ref: '#/components/schemas/s1'}
    p:
      type: object
      properties:
        x: {$ref: '#/components/schemas/s3'}
        y: {type: integer, enum: [0.5]}
"#,
            findings: &[
                (
                    "Enum value 1 must be \"string\".",
                    "/components/schemas/s1/enum/1",
                ),
                (
                    "Enum value true must be \"string\".",
                    "/components/schemas/s1/enum/2",
                ),
                (
                    "Enum value null must be \"string\".",
                    "/components/schemas/s1/enum/4",
                ),
                (
                    "Enum value 1.5 must be \"string\".",
                    "/components/schemas/s1/enum/5",
                ),
                (
                    "Enum value \"z\" must be \"integer,null\".",
                    "/components/schemas/s5/enum/2",
                ),
                (
                    "Enum value 2.5 must be \"integer,null\".",
                    "/components/schemas/s5/enum/4",
                ),
                (
                    "Enum value Object{} must be \"string,integer\".",
                    "/components/schemas/s6/enum/2",
                ),
                (
                    "Enum value Array[] must be \"string,integer\".",
                    "/components/schemas/s6/enum/3",
                ),
                (
                    "Enum value null must be \"string\".",
                    "/components/schemas/s9/enum/0",
                ),
                (
                    "Enum value \"a\" must be \"\".",
                    "/components/schemas/s10/enum/0",
                ),
                (
                    "Enum value 1e+21 must be \"string\".",
                    "/components/schemas/s13/enum/1",
                ),
                (
                    "Enum value 0 must be \"string\".",
                    "/components/schemas/s13/enum/2",
                ),
                (
                    "Enum value 1e+23 must be \"string\".",
                    "/components/schemas/s13/enum/3",
                ),
                (
                    "Enum value 0.5 must be \"integer\".",
                    "/components/schemas/p/properties/y/enum/0",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths: {}
definitions:
  a: {type: string, x-nullable: true, enum: [null, 1]}
  b: {type: string, nullable: true, enum: [null]}
"#,
            findings: &[
                (
                    "Enum value 1 must be \"string,null\".",
                    "/definitions/a/enum/1",
                ),
                (
                    "Enum value null must be \"string\".",
                    "/definitions/b/enum/0",
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
    a: {type: [string, 'null'], enum: [null, 1]}
    b: {type: string, nullable: true, enum: [null]}
"#,
            findings: &[
                (
                    "Enum value 1 must be \"string,null\".",
                    "/components/schemas/a/enum/1",
                ),
                (
                    "Enum value null must be \"string\".",
                    "/components/schemas/b/enum/0",
                ),
            ],
        },
    ],
};
