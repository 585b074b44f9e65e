//! `no-eval-in-markdown`: no `eval(` in descriptions and titles.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "no-eval-in-markdown",
    definition: r#"
description: Markdown descriptions must not have "eval(".
recommended: true
given: $..[description,title]
then:
  function: pattern
  functionOptions:
    notMatch: eval\(
"#,
    docs: r#"## What it does
Looks for `eval(` in every `description` and `title` of the document.

## Why is this bad?
Descriptions are rendered as Markdown by documentation tools. Script code in
them is a cross-site scripting attempt against whoever views the docs.

## Example
```yaml
# Bad
info:
  description: Click <a onclick="eval(atob('...'))">here</a>.
# Good
info:
  description: See the getting-started guide.
```
"#,
    pass: &[r#"openapi: 3.0.3
info: {title: t, version: '1', description: evaluation of orders}
paths: {}
"#],
    fail: &[Fail {
        doc: r#"openapi: 3.0.3
info: {title: 'eval(x)', version: '1', description: 'run eval("alert(1)")'}
paths: {}
"#,
        findings: &[
            (
                "Markdown descriptions must not have \"eval(\".",
                "/info/title",
            ),
            (
                "Markdown descriptions must not have \"eval(\".",
                "/info/description",
            ),
        ],
    }],
};
