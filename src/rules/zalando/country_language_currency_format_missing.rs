//! #128 (also #170): country, language and currency codes use the ISO and
//! BCP 47 formats.

use serde_json::Value;

use super::common::parse_options;
use super::schemas::{NoOptions, SCHEMA_ROOTS, child, format, is_type, on_properties, words};
use super::{Fail, Level, ZalandoRule};
use crate::document::View;
use crate::functions::{Context, FnResult, Input, RuleFunction};

const CODE: &str = "zalando-128-country-language-currency-formats";

pub static RULE: ZalandoRule = ZalandoRule {
    code: CODE,
    id: 128,
    also: &[170],
    level: Level::Must,
    title: "Use standard formats for country, language and currency properties",
    given: SCHEMA_ROOTS,
    resolved: false,
    formats: &[],
    new,
    docs: r#"## What it does
Checks `string` properties whose name ends in `country` or `country_code`,
`language`, `language_code` or `locale`, and `currency` or `currency_code`
(in any case style): they must have the standard format of their kind:
- countries: `iso-3166-alpha-2` (`"GB"`);
- languages: `iso-639-1` (`"en"`) or `bcp47` (`"en-DE"`); locales `bcp47`;
- currencies: `iso-4217` (`"EUR"`).

Properties with an `enum`, names such as `country_name`, and a bare
`language` that shows no sign of holding a language code (an example like
`en` or `de-DE`, or a description naming ISO 639, BCP 47 or language
codes) are left alone: it may be a programming language.

## Why is this bad?
Codes from one standard let every client validate, translate and compare
them. Without the format, one API sends `"Germany"`, another `"DE"`,
another `"DEU"`; and it is `"GB"`, not `"UK"`.

## Example
```yaml
# Bad
country_code: {type: string}
# Good
country_code: {type: string, format: iso-3166-alpha-2}
```
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
        country_code: {type: string, format: iso-3166-alpha-2}
        language: {type: string, format: bcp47}
        programming_language: {type: string, example: Rust}
        currency: {type: string, format: iso-4217}
        country_name: {type: string}
        billing_country: {$ref: '#/components/schemas/Country'}
    Country:
      type: object
      properties:
        code: {type: string, format: iso-3166-alpha-2}
"#],
    fail: &[Fail {
        doc: r#"
swagger: '2.0'
info: {title: t, version: 1.0.0}
paths: {}
definitions:
  Order:
    type: object
    properties:
      shippingCountry: {type: string}
      language_code: {type: string, format: iso-639}
      language: {type: string, example: en}
      locale: {type: string}
      currency: {type: string}
"#,
        findings: &[
            (
                "Property \"shippingCountry\" holds a country code: use format iso-3166-alpha-2",
                "/definitions/Order/properties/shippingCountry",
            ),
            (
                "Property \"language_code\" holds a language code: use format iso-639-1 or bcp47, not \"iso-639\"",
                "/definitions/Order/properties/language_code/format",
            ),
            (
                "Property \"language\" holds a language code: use format iso-639-1 or bcp47",
                "/definitions/Order/properties/language",
            ),
            (
                "Property \"locale\" holds a language tag: use format bcp47",
                "/definitions/Order/properties/locale",
            ),
            (
                "Property \"currency\" holds a currency code: use format iso-4217",
                "/definitions/Order/properties/currency",
            ),
        ],
    }],
};

/// What a name's last words say it holds, and the formats that fit.
fn kind(w: &[String]) -> Option<(&'static str, &'static [&'static str])> {
    let last = w.last()?.as_str();
    let subject = if last == "code" && w.len() >= 2 {
        w[w.len() - 2].as_str()
    } else {
        last
    };
    match subject {
        "country" => Some(("a country code", &["iso-3166-alpha-2"])),
        "language" => Some(("a language code", &["iso-639-1", "bcp47"])),
        "locale" if last == "locale" => Some(("a language tag", &["bcp47"])),
        "currency" => Some(("a currency code", &["iso-4217"])),
        _ => None,
    }
}

/// Whether a `language` property shows it holds a language code: an
/// example such as `en` or `de-DE`, or a description naming the standard.
fn says_language_code(schema: View<'_>) -> bool {
    let code_like = |v: View<'_>| {
        v.as_str().is_some_and(|s| {
            let mut parts = s.split(['-', '_']);
            let first = parts.next().unwrap_or("");
            (2..=3).contains(&first.len())
                && first.bytes().all(|b| b.is_ascii_lowercase())
                && parts.all(|p| {
                    (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())
                })
        })
    };
    let example = schema.get("example").is_some_and(code_like)
        || schema
            .get("examples")
            .is_some_and(|e| e.items().next().is_some_and(code_like));
    let description = schema
        .get("description")
        .and_then(|d| d.as_str())
        .map(|d| d.to_ascii_lowercase())
        .is_some_and(|d| {
            [
                "639",
                "bcp",
                "ietf",
                "language code",
                "language tag",
                "locale",
            ]
            .iter()
            .any(|k| d.contains(k))
        });
    example || description
}

#[derive(Debug)]
struct Check;

fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let _: NoOptions = parse_options(CODE, options)?;
    Ok(Box::new(Check))
}

impl RuleFunction for Check {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        on_properties(&input, ctx, |props, path| {
            let mut out = Vec::new();
            for (name, s) in props.members() {
                if !is_type(s, "string") || s.get("enum").is_some() {
                    continue;
                }
                let w = words(name);
                // Unofficial currencies have no ISO code.
                if w.iter().any(|x| x == "unofficial") {
                    continue;
                }
                let Some((what, formats)) = kind(&w) else {
                    continue;
                };
                // A bare `language` may be a programming language; only
                // report it when something says it holds a language code.
                if w.last().is_some_and(|l| l == "language") && !says_language_code(s) {
                    continue;
                }
                let wanted = formats.join(" or ");
                match format(s) {
                    Some(f) if formats.contains(&f) => {}
                    Some(f) => {
                        let mut at = child(path, name);
                        at.push(crate::document::PathSeg::Key("format".into()));
                        out.push(FnResult::at(
                            format!(
                                "Property \"{name}\" holds {what}: use format {wanted}, not \"{f}\""
                            ),
                            at,
                        ));
                    }
                    None => out.push(FnResult::at(
                        format!("Property \"{name}\" holds {what}: use format {wanted}"),
                        child(path, name),
                    )),
                }
            }
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_names() {
        let k = |n: &str| kind(&words(n)).map(|(w, _)| w);
        assert_eq!(k("country"), Some("a country code"));
        assert_eq!(k("billing_country_code"), Some("a country code"));
        assert_eq!(k("countryCode"), Some("a country code"));
        assert_eq!(k("country_name"), None);
        assert_eq!(k("code"), None);
        assert_eq!(k("preferred_language"), Some("a language code"));
        assert_eq!(k("locale"), Some("a language tag"));
        assert_eq!(k("currency"), Some("a currency code"));
    }
}
