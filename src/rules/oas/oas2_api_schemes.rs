//! `oas2-api-schemes`: a Swagger 2.0 document lists its `schemes`.
//!
//! `schema` on the root's `schemes` field with a non-empty array of
//! strings. The rule's `description` replaces the schema's wording, so
//! every failure reads the same; the path says which: the root when
//! `schemes` is missing, `/schemes` when it is not an array or is empty,
//! `/schemes/N` for each item that is not a string.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-api-schemes",
    definition: r#"
description: OpenAPI host "schemes" must be present and non-empty array.
recommended: true
formats: [oas2]
given: $
then:
  field: schemes
  function: schema
  functionOptions:
    dialect: draft7
    schema:
      items:
        type: string
      minItems: 1
      type: array
"#,
    docs: r#"## What it does
Checks that a Swagger 2.0 document has a `schemes` list with at least one
entry, each a string.

## Why is this bad?
Without `schemes`, tools fall back to the scheme the document itself was
fetched with; clients may then talk plain HTTP to an API that only
answers HTTPS, or the reverse.

## Example
```yaml
# Bad
swagger: "2.0"
info: {title: Orders, version: 1.0.0}
host: api.orders.io
paths: {}
# Good
swagger: "2.0"
info: {title: Orders, version: 1.0.0}
host: api.orders.io
schemes: [https]
paths: {}
```
"#,
    pass: &[r#"
swagger: "2.0"
info: {title: t, version: '1'}
schemes: [https, http]
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
paths: {}
"#,
            findings: &[(
                "OpenAPI host \"schemes\" must be present and non-empty array.",
                "",
            )],
        },
        Fail {
            doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
schemes: []
paths: {}
"#,
            findings: &[(
                "OpenAPI host \"schemes\" must be present and non-empty array.",
                "/schemes",
            )],
        },
        Fail {
            doc: r#"
swagger: "2.0"
info: {title: t, version: '1'}
schemes: [https, 1]
paths: {}
"#,
            findings: &[(
                "OpenAPI host \"schemes\" must be present and non-empty array.",
                "/schemes/1",
            )],
        },
    ],
};
