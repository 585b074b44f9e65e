//! `path-params`: path templates and path parameters agree.
//!
//! Error; the messages are the function's. The check is `oasPathParam`
//! (`functions/oas_path_param.rs`).
//!
//! Test vectors confirmed against Spectral 6.16.3.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "path-params",
    definition: r##"
description: Path parameters must be defined and valid.
message: "{{error}}"
severity: error
recommended: true
given: $.paths
then:
  function: oasPathParam
"##,
    docs: r##"## What it does
Checks path templates against `in: path` parameters (refs resolved):
- two paths that differ only in their variable names (`/pets/{id}` and
  `/pets/{petId}`) are reported as equivalent;
- a path may use a variable once;
- every path parameter has `required: true` and is defined at most once
  per level (path item or operation);
- for each operation, every variable of the path has a definition (in the
  operation or its path item), and every definition in force names a
  variable of the path.

Variables are `{name}` with letters, digits, `_` and `-` (optionally
`{;name}`, `{?name}`, `{name*}`); `{}` is not a variable. A definition
reached through `$ref` is reported at the referenced component.

## Why is this bad?
A path variable without a definition has no type or description, and
clients cannot fill it; a definition the path does not use is never
sent. Equivalent paths are the same route to a server, so which one
handles a request is undefined.

## Example
```yaml
# Bad
paths:
  /pets/{petId}:
    get:
      parameters:
        - {name: id, in: path, schema: {type: string}}
      responses: {'200': {description: OK}}
# Good
paths:
  /pets/{petId}:
    get:
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: OK}}
```
"##,
    pass: &[r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets/{petId}:
    parameters:
      - {name: petId, in: path, required: true, schema: {type: string}}
    get:
      responses: {'200': {description: ok}}
    put:
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer}}
      responses: {'200': {description: ok}}
  /stores/{storeId}/items/{itemId}:
    get:
      parameters:
        - $ref: '#/components/parameters/StoreId'
        - {name: itemId, in: path, required: true, schema: {type: string}}
        - {name: itemId, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
  /files/{}:
    get:
      responses: {'200': {description: ok}}
  /x/{toString}:
    get:
      responses: {'200': {description: ok}}
components:
  parameters:
    StoreId: {name: storeId, in: path, required: true, schema: {type: string}}
"##],
    fail: &[
        Fail {
            doc: r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{x}:
    get:
      parameters:
        - {name: x, in: path, required: true}
      responses: {'200': {description: ok}}
  /a/{y}:
    parameters:
      - {name: y, in: path, required: true}
    get:
      responses: {'200': {description: ok}}
  /b/{id}/c/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true}
      responses: {'200': {description: ok}}
  /c/{p}:
    parameters:
      - {name: p, in: path}
      - {name: p, in: path, required: true}
    get:
      parameters:
        - {name: p, in: path, required: false}
        - {name: q, in: path, required: true}
        - {name: q, in: path, required: true}
      responses: {'200': {description: ok}}
    put:
      responses: {'200': {description: ok}}
  /d/{missing}:
    get:
      responses: {'200': {description: ok}}
    post:
      responses: {'200': {description: ok}}
  /e/{}:
    get:
      parameters:
        - {name: '', in: path, required: true}
      responses: {'200': {description: ok}}
  /f/{a}{b*}/{;c}/{?d}:
    get:
      parameters:
        - {name: a, in: path, required: true}
      responses: {'200': {description: ok}}
"##,
            findings: &[
                (
                    "Paths \"/a/{x}\" and \"/a/{y}\" must not be equivalent.",
                    "/paths/~1a~1{y}",
                ),
                (
                    "Path \"/b/{id}/c/{id}\" must not use parameter \"{id}\" multiple times.",
                    "/paths/~1b~1{id}~1c~1{id}",
                ),
                (
                    "Path parameter \"p\" must have \"required\" property that is set to \"true\".",
                    "/paths/~1c~1{p}/parameters/0",
                ),
                (
                    "Path parameter \"p\" must not be defined multiple times.",
                    "/paths/~1c~1{p}/parameters/1",
                ),
                (
                    "Path parameter \"p\" must have \"required\" property that is set to \"true\".",
                    "/paths/~1c~1{p}/get/parameters/0",
                ),
                (
                    "Parameter \"q\" must be used in path \"/c/{p}\".",
                    "/paths/~1c~1{p}/get/parameters/1",
                ),
                (
                    "Path parameter \"q\" must not be defined multiple times.",
                    "/paths/~1c~1{p}/get/parameters/2",
                ),
                (
                    "Operation must define parameter \"{missing}\" as expected by path \"/d/{missing}\".",
                    "/paths/~1d~1{missing}/get",
                ),
                (
                    "Operation must define parameter \"{missing}\" as expected by path \"/d/{missing}\".",
                    "/paths/~1d~1{missing}/post",
                ),
                (
                    "Parameter \"\" must be used in path \"/e/{}\".",
                    "/paths/~1e~1{}/get/parameters/0",
                ),
                (
                    "Operation must define parameter \"{b}\" as expected by path \"/f/{a}{b*}/{;c}/{?d}\".",
                    "/paths/~1f~1{a}{b*}~1{;c}~1{?d}/get",
                ),
                (
                    "Operation must define parameter \"{c}\" as expected by path \"/f/{a}{b*}/{;c}/{?d}\".",
                    "/paths/~1f~1{a}{b*}~1{;c}~1{?d}/get",
                ),
                (
                    "Operation must define parameter \"{d}\" as expected by path \"/f/{a}{b*}/{;c}/{?d}\".",
                    "/paths/~1f~1{a}{b*}~1{;c}~1{?d}/get",
                ),
            ],
        },
        Fail {
            doc: r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{x}:
    get:
      parameters:
        - $ref: '#/components/parameters/X'
        - $ref: '#/components/parameters/Unused'
      responses: {'200': {description: ok}}
  /b/{x}:
    $ref: '#/x-items/B'
  /d/{k}:
    get:
      parameters:
        - {name: constructor, in: path, required: true}
        - {name: 1, in: path, required: true}
        - {name: k, in: path, required: 'true'}
      responses: {'200': {description: ok}}
x-items:
  B:
    parameters:
      - $ref: '#/components/parameters/X'
    get:
      parameters:
        - {name: zz, in: path, required: true}
      responses: {'200': {description: ok}}
components:
  parameters:
    X: {name: x, in: path}
    Unused: {name: u, in: path, required: true}
"##,
            findings: &[
                (
                    "Path parameter \"constructor\" must not be defined multiple times.",
                    "/paths/~1d~1{k}/get/parameters/0",
                ),
                (
                    "Parameter \"1\" must be used in path \"/d/{k}\".",
                    "/paths/~1d~1{k}/get/parameters/1",
                ),
                (
                    "Path parameter \"k\" must have \"required\" property that is set to \"true\".",
                    "/paths/~1d~1{k}/get/parameters/2",
                ),
                (
                    "Parameter \"zz\" must be used in path \"/b/{x}\".",
                    "/x-items/B/get/parameters/0",
                ),
                (
                    "Path parameter \"x\" must have \"required\" property that is set to \"true\".",
                    "/components/parameters/X",
                ),
                (
                    "Parameter \"u\" must be used in path \"/a/{x}\".",
                    "/components/parameters/Unused",
                ),
            ],
        },
    ],
};
