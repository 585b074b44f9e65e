//! `info-contact`: the `info` object has a `contact` object.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "info-contact",
    definition: r#"
description: Info object must have "contact" object.
recommended: true
given: $
then:
  field: info.contact
  function: truthy
"#,
    docs: r#"## What it does
Checks that `info.contact` is present (and not empty, `false` or `0`).

## Why is this bad?
Consumers of an API need to know whom to ask about it. Without a contact,
questions and incident reports go nowhere.

## Example
```yaml
# Bad
info:
  title: Orders
  version: 1.0.0
# Good
info:
  title: Orders
  version: 1.0.0
  contact:
    name: Order team
    email: orders@example.com
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1', contact: {name: Order team}}
paths: {}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
"#,
        findings: &[("Info object must have \"contact\" object.", "/info")],
    }],
};
