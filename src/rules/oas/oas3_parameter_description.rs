//! `oas3-parameter-description`: every OpenAPI 3 parameter has a
//! `description`.
//!
//! `truthy` on the `description` of each parameter (an item with an `in`
//! key) of a path item, of an operation, or of `components.parameters`, in
//! the resolved document. A missing description is reported at the
//! parameter, an empty one at its `description`; a parameter used through
//! `$ref` is reported once, where it is defined. Parameters of callbacks'
//! and webhooks' operations are not checked (the `given` paths do not
//! reach them). Off in `recommended`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-parameter-description",
    definition: r##"
description: Parameter objects must have "description".
recommended: false
formats: [oas3]
given:
  - "#PathItem.parameters[?(@ && @.in)]"
  - "#OperationObject.parameters[?(@ && @.in)]"
  - $.components.parameters[?(@ && @.in)]
then:
  field: description
  function: truthy
"##,
    docs: r#"## What it does
Checks that every parameter of an OpenAPI 3 document (on path items, on
operations and in `components.parameters`) has a non-empty
`description`.

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
    schema: {type: integer}
# Good
parameters:
  - name: limit
    in: query
    schema: {type: integer}
    description: Maximum number of orders to return (1-100).
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: z, in: header, description: ok, schema: {type: string}}
        - $ref: '#/components/parameters/P'
      responses:
        '200': {description: ok}
components:
  parameters:
    P: {name: p, in: query, description: The p., schema: {type: string}}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    parameters:
      - {name: x, in: query, schema: {type: string}}
      - $ref: '#/components/parameters/P'
    get:
      parameters:
        - {name: y, in: header, description: "", schema: {type: string}}
        - {name: z, in: header, description: ok, schema: {type: string}}
        - {$ref: '#/components/parameters/P'}
      callbacks:
        cb:
          '{$request.body#/url}':
            post:
              parameters:
                - {name: w, in: query, schema: {type: string}}
              responses:
                '200': {description: ok}
      responses:
        '200': {description: ok}
components:
  parameters:
    P: {name: p, in: query, schema: {type: string}}
    Q: {name: q, in: query, description: fine, schema: {type: string}}
    N: {name: n, schema: {type: string}}
"#,
        findings: &[
            (
                "Parameter objects must have \"description\".",
                "/paths/~1a/parameters/0",
            ),
            (
                "Parameter objects must have \"description\".",
                "/paths/~1a/get/parameters/0/description",
            ),
            (
                "Parameter objects must have \"description\".",
                "/components/parameters/P",
            ),
        ],
    }],
};
