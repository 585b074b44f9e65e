//! `oas2-parameter-description`: every Swagger 2.0 parameter has a
//! `description`.
//!
//! `truthy` on the `description` of every object with an `in` key found
//! under any `parameters` key, at any depth of the resolved document. So:
//! - a missing description is reported at the parameter, an empty one at
//!   its `description`;
//! - a parameter used through `$ref` is reported once, where it is defined
//!   (`/parameters/p`), not at each use;
//! - as in Spectral, a schema property called `parameters` whose own
//!   `properties` has an `in` key matches too (reported at that
//!   `properties` object).
//!
//! Off in `recommended`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-parameter-description",
    definition: r#"
description: Parameter objects must have "description".
recommended: false
formats: [oas2]
given: $..parameters[?(@ && @.in)]
then:
  field: description
  function: truthy
"#,
    docs: r#"## What it does
Checks that every parameter of a Swagger 2.0 document (in paths, in
operations and in the shared `parameters`) has a non-empty `description`.

## Why is this bad?
A parameter's name rarely says enough: its unit, its format, what an
empty value means, how it combines with other parameters. Documentation
and generated clients show the description next to the parameter;
without one, users guess.

## Example
```yaml
# Bad
parameters:
  - name: limit
    in: query
    type: integer
# Good
parameters:
  - name: limit
    in: query
    type: integer
    description: Maximum number of orders to return (1-100).
```
"#,
    pass: &[r#"
swagger: "2.0"
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - $ref: '#/parameters/p'
        - {name: y, in: header, type: string, description: The y.}
      responses:
        '200': {description: ok}
parameters:
  p: {name: p, in: query, type: string, description: The p.}
"#],
    fail: &[Fail {
        doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
paths:
  /a:
    parameters:
      - {name: x, in: query, type: string}
    get:
      parameters:
        - $ref: '#/parameters/p'
        - {name: y, in: header, type: string, description: ""}
        - {name: z, in: header, type: string, description: ok}
      responses:
        '200': {description: ok}
parameters:
  p: {name: p, in: query, type: string}
  q: {name: q, in: query, type: string, description: fine}
definitions:
  D:
    type: object
    properties:
      parameters:
        type: object
        properties:
          in: {type: string}
"#,
        findings: &[
            (
                "Parameter objects must have \"description\".",
                "/paths/~1a/parameters/0",
            ),
            (
                "Parameter objects must have \"description\".",
                "/paths/~1a/get/parameters/1/description",
            ),
            (
                "Parameter objects must have \"description\".",
                "/parameters/p",
            ),
            (
                "Parameter objects must have \"description\".",
                "/definitions/D/properties/parameters/properties",
            ),
        ],
    }],
};
