//! `contact-properties`: the contact object has `name`, `url` and `email`.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "contact-properties",
    definition: r#"
description: Contact object must have "name", "url" and "email".
recommended: false
given: $.info.contact
then:
  - field: name
    function: truthy
  - field: url
    function: truthy
  - field: email
    function: truthy
"#,
    docs: r#"## What it does
Checks that `info.contact` names a person or team, a URL and an email address.
Off unless switched on (`recommended: false`).

## Why is this bad?
A contact with only a name cannot be reached; one with only an address does not
say who answers. Consumers need all three to ask about the API.

## Example
```yaml
# Bad
info:
  contact:
    name: Order team
# Good
info:
  contact:
    name: Order team
    url: https://wiki.example.com/orders
    email: orders@example.com
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1', contact: {name: n, url: 'https://x.io', email: a@x.io}}
paths: {}
"#],
    fail: &[
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1', contact: {name: n}}
paths: {}
"#,
            findings: &[(
                "Contact object must have \"name\", \"url\" and \"email\".",
                "/info/contact",
            )],
        },
        Fail {
            doc: r#"openapi: 3.0.3
info: {title: t, version: '1', contact: {name: '', url: 'https://x.io', email: a@x.io}}
paths: {}
"#,
            findings: &[(
                "Contact object must have \"name\", \"url\" and \"email\".",
                "/info/contact/name",
            )],
        },
    ],
};
