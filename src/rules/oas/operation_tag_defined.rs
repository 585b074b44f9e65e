//! `operation-tag-defined`: every operation tag is declared in the top-level
//! `tags`.
//!
//! Warning; the message is the rule's description, at each undeclared tag.
//! The check is `oasTagDefined` (`functions/oas_tag_defined.rs`).
//!
//! Test vectors confirmed against Spectral 6.16.3.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "operation-tag-defined",
    definition: r##"
description: Operation tags must be defined in global tags.
recommended: true
given: $
then:
  function: oasTagDefined
"##,
    docs: r##"## What it does
Checks that each entry of an operation's `tags` is the `name` of a tag
declared in the document's top-level `tags` array. The comparison is
exact (case-sensitive), and entries that are not strings never match.
Each undeclared entry is reported.

## Why is this bad?
Documentation tools group operations by the declared tags, with their
descriptions and order. An undeclared tag (often a typo such as `Pets`
for `pets`) creates a stray group without a description, or an operation
that appears in no group at all.

## Example
```yaml
# Bad
tags:
  - name: pets
paths:
  /pets:
    get:
      tags: [Pets]
      responses: {'200': {description: OK}}
# Good
tags:
  - name: pets
paths:
  /pets:
    get:
      tags: [pets]
      responses: {'200': {description: OK}}
```
"##,
    pass: &[r##"openapi: 3.0.3
info: {title: t, version: '1'}
tags:
  - name: pets
  - name: stores
paths:
  /a:
    get:
      tags: [pets, stores]
      responses: {'200': {description: ok}}
    post:
      tags: pets
      responses: {'200': {description: ok}}
    x-op:
      tags: [unknown]
"##],
    fail: &[
        Fail {
            doc: r##"openapi: 3.0.3
info: {title: t, version: '1'}
tags:
  - name: pets
  - description: a tag without a name declares nothing
  - name: 1
paths:
  /a:
    get:
      tags: [pets, Pets, 1]
      responses: {'200': {description: ok}}
  /b:
    $ref: '#/x-items/B'
x-items:
  B:
    get:
      tags: [stores]
      responses: {'200': {description: ok}}
"##,
            findings: &[
                (
                    "Operation tags must be defined in global tags.",
                    "/paths/~1a/get/tags/1",
                ),
                (
                    "Operation tags must be defined in global tags.",
                    "/paths/~1a/get/tags/2",
                ),
                (
                    "Operation tags must be defined in global tags.",
                    "/x-items/B/get/tags/0",
                ),
            ],
        },
        Fail {
            doc: r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      tags: [pets]
      responses: {'200': {description: ok}}
"##,
            findings: &[(
                "Operation tags must be defined in global tags.",
                "/paths/~1a/get/tags/0",
            )],
        },
    ],
};
