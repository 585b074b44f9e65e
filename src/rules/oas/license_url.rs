//! `license-url`: `info.license.url` is present.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "license-url",
    definition: r#"
description: License object must include "url".
recommended: false
given: $
then:
  field: info.license.url
  function: truthy
"#,
    docs: r#"## What it does
Checks that the license object links to the license text. Off unless switched on.

## Why is this bad?
A license name alone ("Company terms") leaves readers guessing which text applies.

## Example
```yaml
# Bad
info:
  license:
    name: Apache 2.0
# Good
info:
  license:
    name: Apache 2.0
    url: https://www.apache.org/licenses/LICENSE-2.0
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1', license: {name: MIT, url: 'https://opensource.org/licenses/MIT'}}
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1', license: {name: MIT}}
paths: {}
"#,
            findings: &[("License object must include \"url\".", "/info/license")],
        },
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
"#,
            findings: &[("License object must include \"url\".", "/info")],
        },
    ],
};
