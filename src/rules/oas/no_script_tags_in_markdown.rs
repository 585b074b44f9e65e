//! `no-script-tags-in-markdown`: no `<script` in descriptions and titles.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "no-script-tags-in-markdown",
    definition: r#"
description: Markdown descriptions must not have "<script>" tags.
recommended: true
given: $..[description,title]
then:
  function: pattern
  functionOptions:
    notMatch: <script
"#,
    docs: r#"## What it does
Looks for `<script` in every `description` and `title` of the document.

## Why is this bad?
Descriptions are rendered as Markdown, which allows raw HTML. A script tag runs
in the browser of everyone reading the documentation.

## Example
```yaml
# Bad
info:
  description: Orders API <script>steal()</script>
# Good
info:
  description: Orders API
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1', description: 'Use <b>scripts</b> wisely'}
paths: {}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: t, version: '1', description: 'x <script>alert(1)</script>'}
paths:
  /a:
    get:
      description: '<SCRIPT>'
      responses: {'200': {description: '<script src=x>'}}
"#,
        findings: &[
            (
                "Markdown descriptions must not have \"<script>\" tags.",
                "/info/description",
            ),
            (
                "Markdown descriptions must not have \"<script>\" tags.",
                "/paths/~1a/get/responses/200/description",
            ),
        ],
    }],
};
