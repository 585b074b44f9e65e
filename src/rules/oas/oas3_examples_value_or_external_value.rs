//! `oas3-examples-value-or-externalValue`: an Example object has exactly
//! one of `value` and `externalValue`.
//!
//! `xor` on example objects in the resolved document: those in
//! `components.examples`, in `components.parameters` and
//! `components.headers`, and under operations (`paths.*.*`) in any
//! `content`, `parameters` or `headers` at any depth. Each offending example
//! is reported at itself with the rule's description as message, whether
//! it has both fields or neither. A `value: null` counts as present.
//!
//! As in Spectral, the examples of path-level parameters
//! (`paths./a.parameters`) are not checked: the `given` paths start at an
//! operation. An example used through `$ref` is reported once, where it is
//! defined.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-examples-value-or-externalValue",
    definition: r#"
description: Examples must have either "value" or "externalValue" field.
recommended: true
formats: [oas3]
given:
  - $.components.examples[*]
  - $.paths[*][*]..content[*].examples[*]
  - $.paths[*][*]..parameters[*].examples[*]
  - $.components.parameters[*].examples[*]
  - $.paths[*][*]..headers[*].examples[*]
  - $.components.headers[*].examples[*]
then:
  function: xor
  functionOptions:
    properties:
      - externalValue
      - value
"#,
    docs: r#"## What it does
Checks that each Example object gives its example either inline in
`value` or as a link in `externalValue`, and not both.

## Why is this bad?
An example with neither field shows nothing; one with both is ambiguous,
and the specification forbids it. Documentation tools and mock servers
then show an empty example or pick one of the two arbitrarily.

## Example
```yaml
# Bad
examples:
  small:
    summary: A small order
  large:
    value: {items: 40}
    externalValue: https://docs.orders.io/examples/large.json
# Good
examples:
  small:
    summary: A small order
    value: {items: 1}
  large:
    externalValue: https://docs.orders.io/examples/large.json
```
"#,
    pass: &[r#"
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
              examples:
                ext: {externalValue: 'http://x.io/b'}
                nul: {value: null}
                ref: {$ref: '#/components/examples/Good'}
components:
  examples:
    Good: {value: 2}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    parameters:
      - name: p
        in: query
        schema: {type: string}
        examples:
          none: {summary: not checked here}
    get:
      parameters:
        - name: q
          in: query
          content:
            application/json:
              schema: {type: string}
              examples:
                both: {value: 1, externalValue: 'http://x.io/a'}
        - $ref: '#/components/parameters/P'
      responses:
        '200':
          description: ok
          headers:
            X-A:
              schema: {type: string}
              examples:
                empty: {}
                good: {value: x}
          content:
            application/json:
              schema: {type: string}
              examples:
                ref: {$ref: '#/components/examples/Bad'}
                ext: {externalValue: 'http://x.io/b'}
components:
  examples:
    Bad: {summary: s}
    Good: {value: 2}
  parameters:
    P:
      name: r
      in: header
      schema: {type: string}
      examples:
        e: {description: d}
  headers:
    H:
      schema: {type: string}
      examples:
        e: {value: 1, externalValue: x}
"#,
        findings: &[
            (
                "Examples must have either \"value\" or \"externalValue\" field.",
                "/paths/~1a/get/parameters/0/content/application~1json/examples/both",
            ),
            (
                "Examples must have either \"value\" or \"externalValue\" field.",
                "/paths/~1a/get/responses/200/headers/X-A/examples/empty",
            ),
            (
                "Examples must have either \"value\" or \"externalValue\" field.",
                "/components/examples/Bad",
            ),
            (
                "Examples must have either \"value\" or \"externalValue\" field.",
                "/components/parameters/P/examples/e",
            ),
            (
                "Examples must have either \"value\" or \"externalValue\" field.",
                "/components/headers/H/examples/e",
            ),
        ],
    }],
};
