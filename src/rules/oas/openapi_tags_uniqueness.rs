//! `openapi-tags-uniqueness`: the top-level `tags` do not repeat a name.
//!
//! Error; the messages are the function's, at each repeated `name`. The
//! check is `uniquenessTags` (`functions/uniqueness_tags.rs`).
//!
//! Test vectors confirmed against Spectral 6.16.3.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "openapi-tags-uniqueness",
    definition: r##"
description: Each tag must have a unique name.
message: "{{error}}"
severity: error
recommended: true
given: $.tags
then:
  function: uniquenessTags
"##,
    docs: r##"## What it does
Checks that no two entries of the top-level `tags` array have the same
`name`; each repeat is reported at its `name`. As in Spectral, the check
only runs when every entry is an object with a string `name`.

## Why is this bad?
Tags are looked up by name. With two declarations of one name, tools pick
one description and order at random, or show the group twice.

## Example
```yaml
# Bad
tags:
  - name: pets
    description: Pets for sale
  - name: pets
    description: Pets in stock
# Good
tags:
  - name: pets
    description: Pets for sale
  - name: stock
    description: Pets in stock
```
"##,
    pass: &[
        r##"openapi: 3.0.3
info: {title: t, version: '1'}
tags:
  - name: pets
  - name: Pets
  - name: stores
paths: {}
"##,
        r##"openapi: 3.0.3
info: {title: t, version: '1'}
tags:
  - name: pets
  - name: pets
  - description: one item without a name and Spectral checks nothing
paths: {}
"##,
    ],
    fail: &[Fail {
        doc: r##"swagger: '2.0'
info: {title: t, version: '1'}
tags:
  - name: pets
  - name: stores
  - name: pets
    description: again
  - name: users
  - name: pets
  - name: stores
paths: {}
"##,
        findings: &[
            (
                "\"tags\" object contains duplicate tag name \"pets\".",
                "/tags/2/name",
            ),
            (
                "\"tags\" object contains duplicate tag name \"pets\".",
                "/tags/4/name",
            ),
            (
                "\"tags\" object contains duplicate tag name \"stores\".",
                "/tags/5/name",
            ),
        ],
    }],
};
