//! `duplicated-entry-in-enum`: an `enum` list must not repeat a value;
//! `oasSchema` checks it against `{type: array, uniqueItems: true}`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "duplicated-entry-in-enum",
    definition: r#"
description: Enum values must not have duplicate entry.
severity: warn
recommended: true
message: "{{error}}"
given:
  - "$..[?(@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array')]"
then:
  field: enum
  function: oasSchema
  functionOptions:
    schema:
      type: array
      uniqueItems: true
"#,
    docs: r#"## What it does
Checks that no `enum` list (of a schema, a parameter, a header) names the
same value twice. The finding names two positions that hold the same
value.

## Why is this bad?
A repeated value is usually a copy-and-paste slip, and it hides whether
another value was meant. Some code generators fail on it, since they turn
each value into a constant with a name of its own.

## Example
```yaml
# Bad
components:
  schemas:
    Status:
      type: string
      enum: [active, paused, active]
# Good
components:
  schemas:
    Status:
      type: string
      enum: [active, paused, closed]
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Status: {type: string, enum: [active, paused, closed]}
    Numbers: {type: number, enum: [1, 2, 3]}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - name: p
          in: query
          schema: {type: string, enum: [a, b, a, c, b]}
        - name: q
          in: query
          schema: {$ref: '#/components/schemas/E'}
      responses:
        '200':
          description: ok
components:
  schemas:
    E: {type: integer, enum: [1, 2, 1.0], nullable: true}
    F:
      type: object
      properties:
        enum: {type: string, enum: [x, x]}
        other: {type: object, enum: [{a: 1}, {a: 1}]}
    G: {enum: [null, null, 'a', 'a']}
    H: {enum: 5}
"#,
            findings: &[
                (
                    "\"enum\" property must not have duplicate items (items ## 1 and 4 are identical)",
                    "/paths/~1a/get/parameters/0/schema/enum",
                ),
                (
                    "\"enum\" property must not have duplicate items (items ## 0 and 2 are identical)",
                    "/components/schemas/E/enum",
                ),
                (
                    "\"enum\" property must not have duplicate items (items ## 0 and 1 are identical)",
                    "/components/schemas/F/properties/enum/enum",
                ),
                (
                    "\"enum\" property must not have duplicate items (items ## 0 and 1 are identical)",
                    "/components/schemas/F/properties/other/enum",
                ),
                (
                    "\"enum\" property must not have duplicate items (items ## 2 and 3 are identical)",
                    "/components/schemas/G/enum",
                ),
            ],
        },
        Fail {
            doc: r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: p, in: query, type: string, enum: [x, y, y]}
      responses:
        '200': {description: ok}
"#,
            findings: &[(
                "\"enum\" property must not have duplicate items (items ## 1 and 2 are identical)",
                "/paths/~1a/get/parameters/0/enum",
            )],
        },
    ],
};
