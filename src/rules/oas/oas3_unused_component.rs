//! `oas3-unused-component`: every reusable component is referenced.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-unused-component",
    definition: r#"
message: Potentially unused component has been detected.
recommended: true
formats: [oas3]
resolved: false
given: $
then:
  function: oasUnusedComponent
"#,
    docs: r#"## What it does
Reports each member of `components` (`schemas`, `responses`, `parameters`,
`examples`, `requestBodies`, `headers`, `links` and `callbacks`) that no
`$ref` points to. A component referenced only from inside itself counts as
unused; one referenced from another component counts as used, even if that
other component is unused. A `$ref` into a component
(`#/components/schemas/Pet/properties/id`) does not count as using it.
Security schemes are not checked.

## Why is this bad?
Unused components are dead weight: readers wonder what they are for,
generators produce classes nobody uses, and they often are leftovers of a
renamed or removed operation that should have been cleaned up.

## Example
```yaml
# Bad
paths: {}
components:
  schemas:
    Pet: {type: object}
# Good
paths:
  /pets:
    get:
      responses:
        '200':
          description: The pets.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet: {type: object}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters: [{$ref: '#/components/parameters/p'}]
      responses:
        '200': {$ref: '#/components/responses/ok'}
components:
  schemas:
    S: {type: object}
  responses:
    ok: {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S'}}}}
  parameters:
    p: {name: a, in: query}
  securitySchemes:
    k: {type: apiKey, in: header, name: k}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters: [{$ref: '#/components/parameters/used'}]
      responses:
        '200': {$ref: '#/components/responses/ok'}
      callbacks:
        cb: {$ref: '#/components/callbacks/usedCb'}
components:
  schemas:
    S: {type: object}
    Self: {properties: {me: {$ref: '#/components/schemas/Self'}}}
    A: {properties: {b: {$ref: '#/components/schemas/B'}}}
    B: {properties: {a: {$ref: '#/components/schemas/A'}}}
    Inner: {properties: {id: {type: string}}}
    UsesInner: {$ref: '#/components/schemas/Inner/properties/id'}
  responses:
    ok: {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S'}}}}
    notok: {description: no}
  parameters:
    used: {name: a, in: query}
    unused: {name: b, in: query}
  examples:
    ex: {value: 1}
  requestBodies:
    rb: {content: {}}
  headers: [1]
  links:
    l: {operationId: x}
  callbacks:
    usedCb: {}
    unusedCb: {}
  securitySchemes:
    k: {type: apiKey, in: header, name: k}
"#,
        findings: &[
            (
                "Potentially unused component has been detected.",
                "/components/schemas/Self",
            ),
            (
                "Potentially unused component has been detected.",
                "/components/schemas/Inner",
            ),
            (
                "Potentially unused component has been detected.",
                "/components/schemas/UsesInner",
            ),
            (
                "Potentially unused component has been detected.",
                "/components/responses/notok",
            ),
            (
                "Potentially unused component has been detected.",
                "/components/parameters/unused",
            ),
            (
                "Potentially unused component has been detected.",
                "/components/examples/ex",
            ),
            (
                "Potentially unused component has been detected.",
                "/components/requestBodies/rb",
            ),
            (
                "Potentially unused component has been detected.",
                "/components/links/l",
            ),
            (
                "Potentially unused component has been detected.",
                "/components/callbacks/unusedCb",
            ),
        ],
    }],
};
