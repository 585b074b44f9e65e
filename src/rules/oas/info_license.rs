//! `info-license`: `info.license` is present.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "info-license",
    definition: r#"
description: Info object must have "license" object.
recommended: false
given: $
then:
  field: info.license
  function: truthy
"#,
    docs: r#"## What it does
Checks that `info.license` exists. Off unless switched on.

## Why is this bad?
Without a license a public API's terms of use are unclear, and many companies'
legal teams forbid integrating such APIs.

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
  license:
    name: Apache 2.0
    url: https://www.apache.org/licenses/LICENSE-2.0
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1', license: {name: MIT}}
paths: {}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
"#,
        findings: &[("Info object must have \"license\" object.", "/info")],
    }],
};
