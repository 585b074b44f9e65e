//! `openapi-tags`: the document has a non-empty `tags` list.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "openapi-tags",
    definition: r#"
description: OpenAPI object must have non-empty "tags" array.
recommended: false
given: $
then:
  field: tags
  function: schema
  functionOptions:
    dialect: draft7
    schema:
      type: array
      minItems: 1
"#,
    docs: r#"## What it does
Checks that the document declares at least one tag in its top-level `tags`.
Off unless switched on.

## Why is this bad?
Tags group operations in documentation and carry a description of each group.
Declaring them in one place keeps their names and descriptions consistent.

## Example
```yaml
# Bad
tags: []
# Good
tags:
  - name: orders
    description: Placing and tracking orders
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
tags: [{name: a}]
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
"#,
            findings: &[("OpenAPI object must have non-empty \"tags\" array.", "")],
        },
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
tags: []
paths: {}
"#,
            findings: &[(
                "OpenAPI object must have non-empty \"tags\" array.",
                "/tags",
            )],
        },
    ],
};
