//! `oas3-schema`: an OpenAPI 3.x document must be valid against the
//! OpenAPI schema of its version (3.0, 3.1 or 3.2), through
//! `oasDocumentSchema` on the unresolved document.

use super::{Fail, OasRule};

pub static RULE: OasRule = OasRule {
    name: "oas3-schema",
    definition: r#"
description: Validate structure of OpenAPI v3 specification.
message: "{{error}}."
severity: error
formats: [oas3]
recommended: true
resolved: false
given: $
then:
  function: oasDocumentSchema
"#,
    docs: r#"## What it does
Validates the whole document against the OpenAPI 3.x schema of its version
(3.0, 3.1 or 3.2): required fields, field types, allowed values, and fields
that do not exist in the specification. Each problem is reported at the
value that is wrong.

## Why is this bad?
A document that does not follow the specification may be read differently
by each tool, or rejected outright by code generators, gateways and
documentation renderers.

## Example
```yaml
# Bad: no title, a misspelled parameter location
openapi: 3.0.3
info:
  version: 1.0.0
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: quary, schema: {type: integer}}
      responses:
        '200': {description: The pets}
# Good
openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200': {description: The pets}
```
"#,
    pass: &[
        r#"
openapi: 3.0.3
info: {title: Pets, version: 1.0.0, contact: {url: /support}, license: {name: MIT}}
servers: [{url: 'https://{host}/v1', variables: {host: {default: api.example.com}}}]
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        default: {$ref: '#/components/responses/Error'}
components:
  schemas:
    Pet: {type: object, nullable: true, additionalProperties: false, properties: {id: {type: string, pattern: '^\d+$'}}}
  responses:
    Error: {description: error}
  securitySchemes:
    bearer: {type: http, scheme: bearer, bearerFormat: JWT}
"#,
        r#"
openapi: 3.1.0
info: {title: Pets, version: 1.0.0, summary: Pets, license: {name: MIT, identifier: MIT}}
webhooks:
  newPet:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Pet:
      type: [object, 'null']
      properties:
        id: {type: integer, examples: [1]}
        tags: {type: array, prefixItems: [{const: a}], items: false}
      discriminator: {propertyName: id}
"#,
        r#"
openapi: 3.2.0
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    query:
      responses: {'200': {description: ok}}
components:
  schemas:
    Pet: {type: object, xml: {nodeType: element}}
"#,
    ],
    fail: &[
        Fail {
            doc: r#"
openapi: 3.0.3
info:
  version: 1.0.0
  x-foo: 1
  foo: bar
  contact:
    email: notanemail
    url: 5
paths:
  /a:
    get:
      parameters:
        - name: p
          in: quary
          schema: {type: string}
        - name: q
          in: query
        - name: r
          in: header
          schema: {type: strin}
          content: {}
      responses:
        '200':
          description: ok
        '999':
          description: bad
        default:
          foo: 1
components:
  schemas:
    A:
      type: object
      additionalProperties: 5
    B:
      $ref: '#/components/schemas/A'
      description: sibling
    C:
      nullable: yes
      properties:
        x: {type: [string, null]}
  securitySchemes:
    s1:
      type: foo
    s2:
      type: http
    s3:
      in: header
"#,
            findings: &[
                (
                    "\"info\" property must have required property \"title\".",
                    "/info",
                ),
                ("Property \"foo\" is not expected to be here.", "/info/foo"),
                (
                    "\"email\" property must match format \"email\".",
                    "/info/contact/email",
                ),
                ("\"url\" property must be string.", "/info/contact/url"),
                (
                    "\"in\" property must be equal to one of the allowed values: \"path\", \"query\", \"header\", \"cookie\". Did you mean \"query\"?.",
                    "/paths/~1a/get/parameters/0/in",
                ),
                (
                    "\"schema\" or \"content\" must be present.",
                    "/paths/~1a/get/parameters/1",
                ),
                (
                    "Schema and content are mutually exclusive, at least one is required.",
                    "/paths/~1a/get/parameters/2",
                ),
                (
                    "\"type\" property must be equal to one of the allowed values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\". Did you mean \"string\"?.",
                    "/paths/~1a/get/parameters/2/schema/type",
                ),
                (
                    "\"content\" property must not have fewer than 1 properties.",
                    "/paths/~1a/get/parameters/2/content",
                ),
                (
                    "Property \"999\" is not expected to be here.",
                    "/paths/~1a/get/responses/999",
                ),
                (
                    "\"default\" property must have required property \"description\".",
                    "/paths/~1a/get/responses/default",
                ),
                (
                    "Property \"foo\" is not expected to be here.",
                    "/paths/~1a/get/responses/default/foo",
                ),
                (
                    "\"additionalProperties\" property must be a valid Schema Object.",
                    "/components/schemas/A/additionalProperties",
                ),
                (
                    "\"nullable\" property must be boolean.",
                    "/components/schemas/C/nullable",
                ),
                (
                    "\"type\" property must be equal to one of the allowed values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\".",
                    "/components/schemas/C/properties/x/type",
                ),
                (
                    "\"type\" property must be equal to one of the allowed values: \"apiKey\", \"http\", \"oauth2\", \"openIdConnect\".",
                    "/components/securitySchemes/s1/type",
                ),
                (
                    "Security scheme must have a valid type.",
                    "/components/securitySchemes/s3",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.1.0
info:
  title: t
  version: 1.0.0
  summary: 5
  license: {name: MIT, identifier: MIT, url: 'https://x'}
paths:
  /a: 5
  /b:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: objectt
                properties:
                  a: 7
                  b: {type: [string, 5]}
                  c: {minLength: -1, pattern: '(', xml: {foo: 1}}
components:
  schemas:
    Foo: 5
    Bar: true
    Baz:
      discriminator: {mapping: {}}
      externalDocs: {}
      unevaluatedProperties: 3
"#,
            findings: &[
                ("\"summary\" property must be string.", "/info/summary"),
                ("\"license\" property must not be valid.", "/info/license"),
                ("\"~1a\" property must be object.", "/paths/~1a"),
                (
                    "\"type\" property must be equal to one of the allowed values: \"array\", \"boolean\", \"integer\", \"null\", \"number\", \"object\", \"string\". Did you mean \"object\"?.",
                    "/paths/~1b/get/responses/200/content/application~1json/schema/type",
                ),
                (
                    "\"a\" property must be a valid Schema Object.",
                    "/paths/~1b/get/responses/200/content/application~1json/schema/properties/a",
                ),
                (
                    "\"1\" property must be equal to one of the allowed values: \"array\", \"boolean\", \"integer\", \"null\", \"number\", \"object\", \"string\".",
                    "/paths/~1b/get/responses/200/content/application~1json/schema/properties/b/type/1",
                ),
                (
                    "\"minLength\" property must be >= 0.",
                    "/paths/~1b/get/responses/200/content/application~1json/schema/properties/c/minLength",
                ),
                (
                    "\"pattern\" property must match format \"regex\".",
                    "/paths/~1b/get/responses/200/content/application~1json/schema/properties/c/pattern",
                ),
                (
                    "\"Foo\" property must be a valid Schema Object.",
                    "/components/schemas/Foo",
                ),
                (
                    "\"discriminator\" property must have required property \"propertyName\".",
                    "/components/schemas/Baz/discriminator",
                ),
                (
                    "\"externalDocs\" property must have required property \"url\".",
                    "/components/schemas/Baz/externalDocs",
                ),
                (
                    "\"unevaluatedProperties\" property must be a valid Schema Object.",
                    "/components/schemas/Baz/unevaluatedProperties",
                ),
            ],
        },
        Fail {
            doc: r#"
openapi: 3.2.0
info: {title: t, version: '1', foo: 2}
paths:
  /a:
    query:
      responses:
        '200': {description: ok}
    get:
      parameters:
        - {name: a, in: querystring, content: {}}
        - {name: b, in: path}
      responses:
        '200': {}
components:
  schemas:
    A: 5
    B: {type: strin, xml: {nodeType: foo}, discriminator: {}}
    C: {properties: {x: {type: [a]}}}
  securitySchemes:
    s: {type: http}
    t: {type: foo}
"#,
            findings: &[
                (
                    "\"info\" property must not have unevaluated properties.",
                    "/info",
                ),
                (
                    "\"content\" property must not have fewer than 1 properties.",
                    "/paths/~1a/get/parameters/0/content",
                ),
                (
                    "\"1\" property must have required property \"schema\".",
                    "/paths/~1a/get/parameters/1",
                ),
                (
                    "\"1\" property must have required property \"content\".",
                    "/paths/~1a/get/parameters/1",
                ),
                (
                    "\"1\" property must match exactly one schema in oneOf.",
                    "/paths/~1a/get/parameters/1",
                ),
                (
                    "\"A\" property must be object,boolean.",
                    "/components/schemas/A",
                ),
                (
                    "\"type\" property must be equal to one of the allowed values: \"array\", \"boolean\", \"integer\", \"null\", \"number\", \"object\", \"string\". Did you mean \"string\"?.",
                    "/components/schemas/B/type",
                ),
                (
                    "\"type\" property must be array.",
                    "/components/schemas/B/type",
                ),
                (
                    "\"type\" property must match a schema in anyOf.",
                    "/components/schemas/B/type",
                ),
                (
                    "\"nodeType\" property must be equal to one of the allowed values: \"element\", \"attribute\", \"text\", \"cdata\", \"none\". Did you mean \"none\"?.",
                    "/components/schemas/B/xml/nodeType",
                ),
                (
                    "\"type\" property must be equal to one of the allowed values: \"array\", \"boolean\", \"integer\", \"null\", \"number\", \"object\", \"string\".",
                    "/components/schemas/C/properties/x/type",
                ),
                (
                    "\"type\" property must match a schema in anyOf.",
                    "/components/schemas/C/properties/x/type",
                ),
                (
                    "\"0\" property must be equal to one of the allowed values: \"array\", \"boolean\", \"integer\", \"null\", \"number\", \"object\", \"string\". Did you mean \"array\"?.",
                    "/components/schemas/C/properties/x/type/0",
                ),
                (
                    "\"s\" property must have required property \"scheme\".",
                    "/components/securitySchemes/s",
                ),
                (
                    "\"type\" property must be equal to one of the allowed values: \"apiKey\", \"http\", \"mutualTLS\", \"oauth2\", \"openIdConnect\".",
                    "/components/securitySchemes/t/type",
                ),
            ],
        },
    ],
};
