//! `openapi-tags-alphabetical`: the top-level tags are sorted by name.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "openapi-tags-alphabetical",
    definition: r#"
description: OpenAPI object must have alphabetical "tags".
recommended: false
given: $
then:
  field: tags
  function: alphabetical
  functionOptions:
    keyedBy: name
"#,
    docs: r#"## What it does
Checks that the document's `tags` list is in alphabetical order of `name`.
Off unless switched on.

## Why is this bad?
Documentation tools show tags in the order given. A sorted list lets readers
find a group of operations quickly.

## Example
```yaml
# Bad
tags:
  - name: orders
  - name: customers
# Good
tags:
  - name: customers
  - name: orders
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
tags: [{name: a}, {name: b}]
paths: {}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
tags: [{name: b}, {name: a}]
paths: {}
"#,
        findings: &[("OpenAPI object must have alphabetical \"tags\".", "/tags")],
    }],
};
