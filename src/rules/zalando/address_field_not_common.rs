//! #249: address structures use the common address field names.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::common::parse_options;
use super::schemas::{SCHEMA_ROOTS, child, on_properties, words};
use super::{Fail, Level, ZalandoRule};
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-249-address-fields";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 249,
    also: &[],
    level: Level::Must,
    title: "Use the common address fields",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Finds address schemas (objects with a city and at least two more address
or addressee fields, under any of their usual names) and reports fields named otherwise
than the common address and addressee fields:

| common name | instead of |
|---|---|
| `street` | `street_address`, `address_line1`, `line1`, `address1`, `street_name` |
| `additional` | `address_line2`, `line2`, `address2` |
| `city` | `town`, `locality` |
| `zip` | `postal_code`, `postcode`, `post_code`, `zip_code`, `zipcode` |
| `country_code` | `country`, `country_iso_code` |
| `first_name` | `firstname`, `given_name`, `forename` |
| `last_name` | `lastname`, `family_name`, `surname` |
| `business_name` | `company_name` |

Names are compared word by word, so `postalCode` counts as `postal_code`
(the case style itself is `zalando-118-property-names-snake-case`' concern).

## Why is this bad?
Addresses cross many APIs (orders, shipments, customers, partners). With
one set of field names and meanings, clients map them once and an address
from one API fits into another.

## Example
```yaml
# Bad
Address:
  properties:
    address_line1: {type: string}
    postal_code: {type: string}
    city: {type: string}
# Good
Address:
  properties:
    street: {type: string}
    zip: {type: string}
    city: {type: string}
```

## Options
- `names` (default the table above): a mapping from common name to the
  names it replaces.
"#,
    pass: &[r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Address:
      type: object
      properties:
        care_of: {type: string}
        street: {type: string}
        additional: {type: string}
        city: {type: string}
        zip: {type: string}
        country_code: {type: string, format: iso-3166-alpha-2}
    Company:
      type: object
      properties:
        company_name: {type: string}
        country: {type: string}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Address:
    type: object
    properties:
      givenName: {type: string}
      address_line1: {type: string}
      city: {type: string}
      postalCode: {type: string}
      country: {type: string}
"#,
        findings: &[
            (
                "Address field \"givenName\" should be named first_name",
                "/definitions/Address/properties/givenName",
            ),
            (
                "Address field \"address_line1\" should be named street",
                "/definitions/Address/properties/address_line1",
            ),
            (
                "Address field \"postalCode\" should be named zip",
                "/definitions/Address/properties/postalCode",
            ),
            (
                "Address field \"country\" should be named country_code",
                "/definitions/Address/properties/country",
            ),
        ],
    }],
};

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    names: BTreeMap<String, Vec<String>>,
}

impl Default for Options {
    fn default() -> Self {
        let e = |common: &str, others: &[&str]| {
            (
                common.to_string(),
                others.iter().map(|s| s.to_string()).collect(),
            )
        };
        Options {
            names: [
                e(
                    "street",
                    &[
                        "street_address",
                        "address_line1",
                        "address_line_1",
                        "line1",
                        "line_1",
                        "address1",
                        "street_name",
                    ],
                ),
                e(
                    "additional",
                    &[
                        "address_line2",
                        "address_line_2",
                        "line2",
                        "line_2",
                        "address2",
                    ],
                ),
                e("city", &["town", "locality"]),
                e(
                    "zip",
                    &[
                        "postal_code",
                        "postcode",
                        "post_code",
                        "zip_code",
                        "zipcode",
                    ],
                ),
                e("country_code", &["country", "country_iso_code"]),
                e("first_name", &["firstname", "given_name", "forename"]),
                e("last_name", &["lastname", "family_name", "surname"]),
                e("business_name", &["company_name"]),
            ]
            .into_iter()
            .collect(),
        }
    }
}

#[derive(Debug)]
struct Check {
    names: BTreeMap<String, Vec<String>>,
}

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let o: Options = parse_options(CODE, options)?;
    Ok(Box::new(Check { names: o.names }))
}

impl Check {
    /// The common name a field stands for, and whether it is written so.
    fn common(&self, name: &str) -> Option<(&str, bool)> {
        let normal = words(name).join("_");
        self.names.iter().find_map(|(common, others)| {
            if *common == normal {
                Some((common.as_str(), true))
            } else if others.contains(&normal) {
                Some((common.as_str(), false))
            } else {
                None
            }
        })
    }
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_properties(&input, ctx, |props, path| {
            let fields: Vec<(&str, Option<(&str, bool)>)> =
                props.members().map(|(n, _)| (n, self.common(n))).collect();
            let has = |c: &str| {
                fields
                    .iter()
                    .any(|(_, f)| matches!(f, Some((x, _)) if *x == c))
            };
            let recognized = fields.iter().filter(|(_, f)| f.is_some()).count();
            if !(has("city") && recognized >= 3) {
                return Vec::new();
            }
            // Where the common name is there too, the other field means
            // something else (a Japanese address has a city and a town).
            let written = |c: &str| fields.iter().any(|(n, _)| *n == c);
            fields
                .iter()
                .filter_map(|&(name, f)| match f {
                    Some((common, false)) if !written(common) => Some(FnResult::at(
                        format!("Address field \"{name}\" should be named {common}"),
                        child(path, name),
                    )),
                    _ => None,
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::fails_with;
    use super::*;

    #[test]
    fn a_company_can_name_its_fields() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        city: {type: string}\n        street: {type: string}\n        zip: {type: string}\n";
        fails_with(
            &RULE,
            "{names: {city: [], street: [], postal_code: [zip]}}",
            doc,
            &[(
                "Address field \"zip\" should be named postal_code",
                "/components/schemas/A/properties/zip",
            )],
        );
    }
}
