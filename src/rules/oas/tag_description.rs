//! `tag-description`: every top-level tag has a description.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "tag-description",
    definition: r#"
description: Tag object must have "description".
recommended: false
given: $.tags[*]
then:
  field: description
  function: truthy
"#,
    docs: r#"## What it does
Checks that every entry of the top-level `tags` list has a `description`.
Off unless switched on.

## Why is this bad?
Documentation tools show the tag description as the introduction of the
group of operations. Without it readers only see a name.

## Example
```yaml
# Bad
tags:
  - name: orders
# Good
tags:
  - name: orders
    description: Placing and tracking orders
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
tags: [{name: a, description: d}]
paths: {}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
tags: [{name: a, description: d}, {name: b}]
paths: {}
"#,
        findings: &[("Tag object must have \"description\".", "/tags/1")],
    }],
};
