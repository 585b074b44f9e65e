//! `oas3-server-variables`: server URLs and their `variables` agree, and
//! substituting the variables gives valid URLs.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-server-variables",
    definition: r##"
description: Server variables must be defined and valid and there must be no unused variables.
message: "{{error}}"
severity: error
recommended: true
given:
  - "$.servers[*]"
  - "#PathItem.servers[*]"
  - "#OperationObject.servers[*]"
  - "#LinkObject.server"
then:
  function: serverVariables
  functionOptions:
    checkSubstitutions: true
    requireDefault: true
"##,
    docs: r#"## What it does
Checks every Server Object (of the document, of path items, of operations
and of links):
- each `{variable}` in the `url` is defined under `variables`, and each
  defined variable is used in the `url`;
- each used variable has a `default`, and the `default` is one of its
  `enum` values when it has an `enum`;
- substituting every combination of the variables' values (their `enum`,
  else their `default`) gives a valid absolute URL; up to five failing
  URLs are listed;
- the Server Object itself has the right shape (a string `url`; variables
  with only `enum`, `default`, `description` and extensions), else it is
  reported as `Invalid Server Object`.

## Why is this bad?
Clients and generated SDKs build the base URL from the server template.
An undefined variable leaves `{braces}` in request URLs, a variable
without a default cannot be filled in automatically, and a combination
that is not a valid URL (a relative path, a space in a host) breaks every
request made with it.

## Example
```yaml
# Bad
servers:
  - url: https://{region}.api.example.com/{version}
    variables:
      region:
        enum: [eu, us]
        default: asia
# Good
servers:
  - url: https://{region}.api.example.com/{version}
    variables:
      region:
        enum: [eu, us]
        default: eu
      version:
        default: v1
```
"#,
    pass: &[r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: 'https://{region}.example.com/{version}'
    variables:
      region: {enum: [eu, us], default: eu}
      version: {default: v1, description: API version, x-internal: false}
  - url: '{scheme}://api.example.com'
    variables:
      scheme: {enum: [http, https], default: https}
  - url: https://api.example.com
paths: {}
"#],
    fail: &[Fail {
        doc: r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: 'https://{env}.x.com/{v}/{w}/{w}'
    variables:
      env: {enum: [a, 'b c'], default: d}
      v: {default: '1'}
      unused: {default: x}
  - url: 1
  - url: '{scheme}://api.example.com'
    variables:
      scheme: {enum: [http, https, 'ftp x', '1a', '-', '/', '?']}
  - url: '/v1/{region}'
    variables:
      region: {default: eu, examples: 'x', x-foo: [1]}
  - url: 'https://x.com'
    variables:
      a: {default: b, type: string}
  - url: 'https://{a}.com'
  - url: 'https://{a}.com'
    variables: {}
  - url: 'https://{a}.com'
    variables:
      a: {enum: []}
  - url: 'https://{a}{b}.com'
    variables:
      a: {enum: [x, y]}
      b: {default: '$&'}
  - url: 'https://{a}.com/{b}'
    variables:
      b: {default: '1'}
paths:
  /p:
    servers:
      - url: '{x}'
        variables: {x: {default: 'http://ok'}}
    get:
      servers:
        - url: 'rel/{x}'
          variables: {x: {default: 'a'}}
      responses:
        '200':
          description: ok
          links:
            l:
              operationId: x
              server: {url: '{u}'}
"#,
        findings: &[
            (
                "Not all server's variables are described with \"variables\" object. Missed: w, w.",
                "/servers/0/variables",
            ),
            (
                "A few substitutions of server variables resulted in invalid URLs: https://b%20c.x.com/1/{w}/{w}",
                "/servers/0/variables",
            ),
            (
                "Server Variable \"env\" has a default not listed in the enum.",
                "/servers/0/variables/env/default",
            ),
            (
                "Server's \"variables\" object has unused defined \"unused\" url variable.",
                "/servers/0/variables/unused",
            ),
            ("Invalid Server Object", "/servers/1"),
            (
                "At least 5 substitutions of server variables resulted in invalid URLs: ftp%20x://api.example.com, 1a://api.example.com, -://api.example.com, /://api.example.com, ?://api.example.com and more",
                "/servers/2/variables",
            ),
            (
                "Server Variable \"scheme\" has a missing default.",
                "/servers/2/variables/scheme",
            ),
            (
                "A few substitutions of server variables resulted in invalid URLs: /v1/eu",
                "/servers/3/variables",
            ),
            ("Invalid Server Object", "/servers/4"),
            (
                "Not all server's variables are described with \"variables\" object. Missed: a.",
                "/servers/5",
            ),
            (
                "Not all server's variables are described with \"variables\" object. Missed: a.",
                "/servers/6/variables",
            ),
            (
                "Server Variable \"a\" has a missing default.",
                "/servers/7/variables/a",
            ),
            (
                "Server Variable \"a\" has a missing default.",
                "/servers/8/variables/a",
            ),
            (
                "Not all server's variables are described with \"variables\" object. Missed: a.",
                "/servers/9/variables",
            ),
            (
                "A few substitutions of server variables resulted in invalid URLs: rel/a",
                "/paths/~1p/get/servers/0/variables",
            ),
            (
                "Not all server's variables are described with \"variables\" object. Missed: u.",
                "/paths/~1p/get/responses/200/links/l/server",
            ),
        ],
    }],
};
