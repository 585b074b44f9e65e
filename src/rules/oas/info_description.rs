//! `info-description`: `info.description` is present and not empty.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "info-description",
    definition: r#"
description: Info "description" must be present and non-empty string.
recommended: true
given: $
then:
  field: info.description
  function: truthy
"#,
    docs: r#"## What it does
Checks that `info.description` exists and is not an empty string.

## Why is this bad?
The description is the first thing a reader of the API's documentation sees:
what the API is for, who should use it, and how to get access.

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
  description: Place and track orders of the shop.
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1', description: Places orders.}
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
"#,
            findings: &[(
                "Info \"description\" must be present and non-empty string.",
                "/info",
            )],
        },
        Fail {
            doc: r#"swagger: '2.0'
info: {title: t, version: '1', description: ''}
paths: {}
"#,
            findings: &[(
                "Info \"description\" must be present and non-empty string.",
                "/info/description",
            )],
        },
    ],
};
