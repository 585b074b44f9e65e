//! `oas2-schema`: a Swagger 2.0 document must be valid against the
//! OpenAPI 2.0 schema, through `oasDocumentSchema` on the unresolved
//! document.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas2-schema",
    definition: r#"
description: Validate structure of OpenAPI v2 specification.
message: "{{error}}."
recommended: true
formats: [oas2]
severity: error
resolved: false
given: $
then:
  function: oasDocumentSchema
"#,
    docs: r#"## What it does
Validates the whole document against the OpenAPI 2.0 (Swagger) schema:
required fields, field types, allowed values, and fields that do not exist
in the specification. Each problem is reported at the value that is wrong.

## Why is this bad?
A document that does not follow the specification may be read differently
by each tool, or rejected outright by code generators, gateways and
documentation renderers.

## Example
```yaml
# Bad: no version, a base path without a leading slash
swagger: '2.0'
info:
  title: Pets
basePath: api
paths: {}
# Good
swagger: '2.0'
info:
  title: Pets
  version: 1.0.0
basePath: /api
paths: {}
```
"#,
    pass: &[r#"
swagger: '2.0'
info: {title: Pets, version: 1.0.0, contact: {email: team@example.com, url: 'https://example.com'}}
host: api.example.com
basePath: /v1
schemes: [https]
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, type: integer, x-nullable: true}
        - {name: body, in: body, schema: {$ref: '#/definitions/Pet'}}
      responses:
        '200':
          description: ok
          schema: {type: array, items: {$ref: '#/definitions/Pet'}}
securityDefinitions:
  basic: {type: basic}
  key: {type: apiKey, name: x, in: header}
definitions:
  Pet: {type: object, required: [id], properties: {id: {type: integer}, tag: {type: string, pattern: '^[a-z]+$'}}}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info:
  title: Pets
host: 'http://example.com'
schemes: [http, ftp]
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: quary, type: integer}
      responses:
        '200':
          description: ok
          schema: {type: object, additionalProperties: 5}
securityDefinitions:
  basic: {type: basic, foo: 1}
  key: {type: apiKey, name: x}
"#,
        findings: &[
            (
                "\"info\" property must have required property \"version\".",
                "/info",
            ),
            (
                "\"host\" property must match pattern \"^[^{}/ :\\\\]+(?::\\d+)?$\".",
                "/host",
            ),
            (
                "\"1\" property must be equal to one of the allowed values: \"http\", \"https\", \"ws\", \"wss\". Did you mean \"http\"?.",
                "/schemes/1",
            ),
            (
                "\"0\" property must have required property \"schema\".",
                "/paths/~1pets/get/parameters/0",
            ),
            (
                "\"0\" property must have required property \"required\".",
                "/paths/~1pets/get/parameters/0",
            ),
            (
                "\"0\" property must match exactly one schema in oneOf.",
                "/paths/~1pets/get/parameters/0",
            ),
            (
                "\"in\" property must be equal to one of the allowed values: \"body\". Did you mean \"body\"?.",
                "/paths/~1pets/get/parameters/0/in",
            ),
            (
                "\"in\" property must be equal to one of the allowed values: \"header\". Did you mean \"header\"?.",
                "/paths/~1pets/get/parameters/0/in",
            ),
            (
                "\"in\" property must be equal to one of the allowed values: \"formData\". Did you mean \"formData\"?.",
                "/paths/~1pets/get/parameters/0/in",
            ),
            (
                "\"in\" property must be equal to one of the allowed values: \"query\". Did you mean \"query\"?.",
                "/paths/~1pets/get/parameters/0/in",
            ),
            (
                "\"in\" property must be equal to one of the allowed values: \"path\". Did you mean \"path\"?.",
                "/paths/~1pets/get/parameters/0/in",
            ),
            (
                "Property \"type\" is not expected to be here.",
                "/paths/~1pets/get/parameters/0/type",
            ),
            (
                "\"schema\" property must match exactly one schema in oneOf.",
                "/paths/~1pets/get/responses/200/schema",
            ),
            (
                "\"type\" property must be equal to one of the allowed values: \"file\". Did you mean \"file\"?.",
                "/paths/~1pets/get/responses/200/schema/type",
            ),
            (
                "\"additionalProperties\" property must be a valid schema.",
                "/paths/~1pets/get/responses/200/schema/additionalProperties",
            ),
            (
                "Property \"additionalProperties\" is not expected to be here.",
                "/paths/~1pets/get/responses/200/schema/additionalProperties",
            ),
            (
                "Invalid security securityDefinitions.",
                "/securityDefinitions",
            ),
            (
                "Invalid basic authentication security definition.",
                "/securityDefinitions/basic",
            ),
        ],
    }],
};
