//! `oas2-unused-definition`: every Swagger 2.0 definition is referenced.
//!
//! `unreferencedReusableObject` on `/definitions` of the unresolved
//! document (the rule reads `$ref`s, so it must see them). Each definition
//! that no `$ref` points at is reported at `/definitions/Name` with the
//! rule's description as message. A `$ref` from a definition to itself
//! does not keep it, nor does a `$ref` into it
//! (`#/definitions/Name/properties/x`); a `$ref` from a used definition
//! does.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-unused-definition",
    definition: r#"
description: Potentially unused definition has been detected.
recommended: true
resolved: false
formats: [oas2]
given: $.definitions
then:
  function: unreferencedReusableObject
  functionOptions:
    reusableObjectsLocation: '#/definitions'
"#,
    docs: r#"## What it does
Flags entries of `definitions` that no `$ref` in the document points at.

## Why is this bad?
An unused definition is usually a leftover: a model that was renamed or
replaced, or one that was meant to be used and never wired in. Readers
and code generators still see it, so it documents something the API does
not do and produces classes nobody needs.

## Example
```yaml
# Bad
paths: {}
definitions:
  Order: {type: object}
# Good
paths:
  /orders/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, type: string}
      responses:
        '200':
          description: The order.
          schema: {$ref: '#/definitions/Order'}
definitions:
  Order: {type: object}
```
"#,
    pass: &[r#"
swagger: "2.0"
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          schema:
            $ref: '#/definitions/Used'
definitions:
  Used:
    type: object
    properties:
      b: {$ref: '#/definitions/ViaUsed'}
  ViaUsed: {type: string}
"#],
    fail: &[Fail {
        doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          schema:
            $ref: '#/definitions/Used'
definitions:
  Used:
    type: object
    properties:
      b: {$ref: '#/definitions/ViaUsed'}
      c: {$ref: '#/definitions/Part/properties/x'}
  ViaUsed: {type: string}
  Part:
    type: object
    properties:
      x: {type: string}
  Self:
    type: object
    properties:
      next: {$ref: '#/definitions/Self'}
  Orphan: {type: string}
"#,
        findings: &[
            (
                "Potentially unused definition has been detected.",
                "/definitions/Part",
            ),
            (
                "Potentially unused definition has been detected.",
                "/definitions/Self",
            ),
            (
                "Potentially unused definition has been detected.",
                "/definitions/Orphan",
            ),
        ],
    }],
};
