//! `oas2-discriminator`: a Swagger 2.0 discriminator names a property the
//! schema defines and requires.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-discriminator",
    definition: r#"
description: discriminator property must be defined and required
recommended: true
formats: [oas2]
severity: error
message: "{{error}}"
given: "$.definitions[?(@ && @.discriminator)]"
then:
  function: oasDiscriminator
"#,
    docs: r#"## What it does
Checks each schema under `definitions` that has a `discriminator`: the
property it names must be among the schema's `properties` and listed in its
`required` array.

## Why is this bad?
In Swagger 2.0 the discriminator is the property whose value tells which
sub-schema an object has. If the property is not defined, or may be absent,
consumers cannot tell the variants apart, and code generators fail or
produce unusable polymorphism.

## Example
```yaml
# Bad
definitions:
  Pet:
    type: object
    discriminator: petType
    properties:
      name: {type: string}
# Good
definitions:
  Pet:
    type: object
    discriminator: petType
    properties:
      name: {type: string}
      petType: {type: string}
    required: [petType]
```
"#,
    pass: &[r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths: {}
definitions:
  Pet:
    discriminator: petType
    properties: {petType: {type: string}}
    required: [petType]
  NotAString:
    discriminator: 5
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: '1'}
paths: {}
definitions:
  NoProps:
    discriminator: petType
    type: object
  Wrong:
    discriminator: kind
    properties: {petType: {type: string}}
    required: [petType]
  Ref:
    $ref: '#/definitions/NoProps'
  ArrayProps:
    discriminator: '0'
    properties: [x]
    required: '0'
"#,
        findings: &[
            (
                "The discriminator property must be defined in this schema.",
                "/definitions/NoProps",
            ),
            (
                "The discriminator property must be in the required property list.",
                "/definitions/NoProps",
            ),
            (
                "The discriminator property must be defined in this schema.",
                "/definitions/Wrong/properties",
            ),
            (
                "The discriminator property must be in the required property list.",
                "/definitions/Wrong/required",
            ),
            (
                "The discriminator property must be in the required property list.",
                "/definitions/ArrayProps/required",
            ),
        ],
    }],
};
