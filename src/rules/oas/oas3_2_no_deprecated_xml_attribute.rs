//! `oas3_2-no-deprecated-xml-attribute`: OpenAPI 3.2 schemas do not use
//! `xml.attribute: true`.
//!
//! `schema` with `not: {required: [attribute], properties: {attribute:
//! {const: true}}}` on the `xml` member of every value that has a truthy
//! `xml`, at any depth of the resolved document. Reported at that `xml`
//! with the rule's message. Only `attribute: true` fails (`false` and the
//! string `"true"` pass), and so does an `xml` that is not an object at
//! all (`xml: true`): the `not` schema matches any non-object. A schema
//! *property* named `xml` is checked like any other value. Only for
//! OpenAPI 3.2 documents.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3_2-no-deprecated-xml-attribute",
    definition: r#"
message: '"xml.attribute" is deprecated in OAS 3.2; use "xml.nodeType: attribute" instead.'
recommended: true
formats: [oas3_2]
given:
  - $..[?(@ && @.xml)].xml
then:
  function: schema
  functionOptions:
    schema:
      not:
        properties:
          attribute:
            const: true
        required:
          - attribute
"#,
    docs: r#"## What it does
Flags `xml.attribute: true` in OpenAPI 3.2 documents.

## Why is this bad?
OpenAPI 3.2 replaced the `attribute` flag of the XML object with
`nodeType`, which can also express elements, text and CDATA. The old flag
is deprecated: newer tools may ignore it, and then serialize the property
as an element instead of an attribute.

## Example
```yaml
# Bad
properties:
  id:
    type: string
    xml:
      attribute: true
# Good
properties:
  id:
    type: string
    xml:
      nodeType: attribute
```
"#,
    pass: &[
        r#"
openapi: 3.2.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        name: {type: string, xml: {attribute: false, name: n}}
        kind: {type: string, xml: {nodeType: attribute}}
        s: {type: string, xml: {attribute: "true"}}
"#,
        // OpenAPI 3.1 still has the flag.
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {type: string, xml: {attribute: true}}
"#,
    ],
    fail: &[Fail {
        doc: r#"
openapi: 3.2.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        id:
          type: string
          xml: {attribute: true}
        r:
          $ref: '#/components/schemas/B'
        arr:
          type: array
          items:
            type: string
            xml: {attribute: true}
    B:
      type: string
      xml:
        attribute: true
    C:
      xml: true
    D:
      type: object
      properties:
        xml:
          type: string
          xml: {attribute: true}
"#,
        findings: &[
            (
                "\"xml.attribute\" is deprecated in OAS 3.2; use \"xml.nodeType: attribute\" instead.",
                "/components/schemas/A/properties/id/xml",
            ),
            (
                "\"xml.attribute\" is deprecated in OAS 3.2; use \"xml.nodeType: attribute\" instead.",
                "/components/schemas/A/properties/arr/items/xml",
            ),
            (
                "\"xml.attribute\" is deprecated in OAS 3.2; use \"xml.nodeType: attribute\" instead.",
                "/components/schemas/B/xml",
            ),
            (
                "\"xml.attribute\" is deprecated in OAS 3.2; use \"xml.nodeType: attribute\" instead.",
                "/components/schemas/C/xml",
            ),
            (
                "\"xml.attribute\" is deprecated in OAS 3.2; use \"xml.nodeType: attribute\" instead.",
                "/components/schemas/D/properties/xml/xml",
            ),
        ],
    }],
};
