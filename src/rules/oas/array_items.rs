//! `array-items`: array schemas have `items`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "array-items",
    definition: r#"
message: 'Schemas with "type: array", require a sibling "items" field'
severity: 0
recommended: true
resolved: false
given: '#ArrayProperties'
then:
  function: truthy
  field: items
"#,
    docs: r#"## What it does
Checks that every schema with `type: array` (in OpenAPI 3.1 also a `type` list
containing `array`) has an `items` schema.

## Why is this bad?
OpenAPI 2.0 and 3.0 require `items` for arrays; without it the element type is
unknown to code generators and validators.

## Example
```yaml
# Bad
schema:
  type: array
# Good
schema:
  type: array
  items:
    type: string
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {type: array, items: {type: string}}
"#],
    fail: &[
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {type: array}
    B: {type: object, properties: {c: {type: array}}}
"#,
            findings: &[
                (
                    "Schemas with \"type: array\", require a sibling \"items\" field",
                    "/components/schemas/A",
                ),
                (
                    "Schemas with \"type: array\", require a sibling \"items\" field",
                    "/components/schemas/B/properties/c",
                ),
            ],
        },
        Fail {
            doc: r#"openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {type: [array, 'null']}
"#,
            findings: &[(
                "Schemas with \"type: array\", require a sibling \"items\" field",
                "/components/schemas/A",
            )],
        },
    ],
};
