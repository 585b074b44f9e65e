//! `no-$ref-siblings`: an object with a `$ref` holds nothing else
//! (OpenAPI 2.0 and 3.0, where siblings of `$ref` are ignored).

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "no-$ref-siblings",
    definition: r#"
formats: [oas2, oas3_0]
description: Property must not be placed among $ref
message: "{{error}}"
severity: error
recommended: true
resolved: false
given: "$..[?(@property === '$ref')]"
then:
  function: refSiblings
"#,
    docs: r#"## What it does
Finds objects that hold a `$ref` together with other keys, and reports each
other key.

## Why is this bad?
In OpenAPI 2.0 and 3.0 a Reference Object is replaced by what it points
to: everything written next to `$ref` is ignored by tools. A `description`
or `nullable: true` placed there looks like it applies, but does not.
(OpenAPI 3.1 allows some siblings, so the rule does not apply there.)

## Example
```yaml
# Bad
schema:
  $ref: '#/components/schemas/Pet'
  nullable: true
# Good
schema:
  allOf:
    - $ref: '#/components/schemas/Pet'
  nullable: true
```
"#,
    pass: &[
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/S'}
components:
  schemas:
    S: {type: object}
"#,
        // OpenAPI 3.1 is not checked.
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
components:
  schemas:
    S: {$ref: '#/components/schemas/T', description: d}
    T: {type: object}
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/parameters/p'
          description: hi
          name: x
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/S'
                nullable: true
              example:
                $ref: not a ref
                other: 1
components:
  parameters:
    p: {name: p, in: query, schema: {type: string}}
  schemas:
    S:
      type: object
      properties:
        $ref: {type: string}
        a: {type: string}
"#,
            findings: &[
                (
                    "$ref must not be placed next to any other properties",
                    "/paths/~1a/get/parameters/0/description",
                ),
                (
                    "$ref must not be placed next to any other properties",
                    "/paths/~1a/get/parameters/0/name",
                ),
                (
                    "$ref must not be placed next to any other properties",
                    "/paths/~1a/get/responses/200/content/application~1json/schema/nullable",
                ),
                (
                    "$ref must not be placed next to any other properties",
                    "/paths/~1a/get/responses/200/content/application~1json/example/other",
                ),
                (
                    "$ref must not be placed next to any other properties",
                    "/components/schemas/S/properties/a",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths: {}
definitions:
  A:
    description: before
    $ref: '#/definitions/B'
    x-extra: true
  B: {type: string}
"#,
            findings: &[
                (
                    "$ref must not be placed next to any other properties",
                    "/definitions/A/description",
                ),
                (
                    "$ref must not be placed next to any other properties",
                    "/definitions/A/x-extra",
                ),
            ],
        },
    ],
};
