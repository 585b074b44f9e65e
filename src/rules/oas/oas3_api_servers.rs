//! `oas3-api-servers`: an OpenAPI 3 document lists its `servers`.
//!
//! `schema` on the root's `servers` field with a non-empty array of
//! objects. The rule's `description` replaces the schema's wording, so
//! every failure reads the same; the path says which: the root when
//! `servers` is missing, `/servers` when it is not an array (`null`
//! included) or is empty, `/servers/N` for the first item that is not an
//! object (a bare URL string, say). Only the root list counts: servers on
//! paths or operations do not satisfy it.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-api-servers",
    definition: r#"
description: OpenAPI "servers" must be present and non-empty array.
recommended: true
formats: [oas3]
given: $
then:
  field: servers
  function: schema
  functionOptions:
    dialect: draft7
    schema:
      items:
        type: object
      minItems: 1
      type: array
"#,
    docs: r#"## What it does
Checks that an OpenAPI 3 document has a top-level `servers` list with at
least one server object.

## Why is this bad?
Without `servers`, tools assume the API is served from `/` on whatever
host served the document. Generated clients and "try it" consoles then
have no real base URL, and readers cannot tell where the API runs.

## Example
```yaml
# Bad
openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths: {}
# Good
openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
servers:
  - url: https://api.orders.io/v1
paths: {}
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: https://api.acme.io
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
"#,
            findings: &[(
                "OpenAPI \"servers\" must be present and non-empty array.",
                "",
            )],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info: {title: t, version: '1'}
servers: []
paths: {}
"#,
            findings: &[(
                "OpenAPI \"servers\" must be present and non-empty array.",
                "/servers",
            )],
        },
        Fail {
            doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: https://a.io}, https://b.io]
paths: {}
"#,
            findings: &[(
                "OpenAPI \"servers\" must be present and non-empty array.",
                "/servers/1",
            )],
        },
    ],
};
