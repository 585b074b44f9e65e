//! `operation-operationId-valid-in-url`: operation ids only use characters allowed in URLs.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-operationId-valid-in-url",
    definition: r#"
message: operationId must not contain characters that are invalid when used in URL.
recommended: true
given: '#OperationObject'
then:
  field: operationId
  function: pattern
  functionOptions:
    match: ^[A-Za-z0-9-._~:/?#\[\]@!\$&'()*+,;=]*$
"#,
    docs: r#"## What it does
Checks that each `operationId` only uses characters that may appear in a URL
(RFC 3986: letters, digits and `-._~:/?#[]@!$&'()*+,;=`).

## Why is this bad?
Documentation tools put operation ids into links. A space or a non-ASCII
letter breaks those links or needs escaping that tools get wrong.

## Example
```yaml
# Bad
operationId: list orders
# Good
operationId: listOrders
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: 'list-Things_1.x~:/?#[]@!$&()*+,;='
      responses: {'200': {description: ok}}
"#],
    fail: &[
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: list things
      responses: {'200': {description: ok}}
"#,
            findings: &[(
                "operationId must not contain characters that are invalid when used in URL.",
                "/paths/~1a/get/operationId",
            )],
        },
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: 'ünïcode'
      responses: {'200': {description: ok}}
"#,
            findings: &[(
                "operationId must not contain characters that are invalid when used in URL.",
                "/paths/~1a/get/operationId",
            )],
        },
    ],
};
