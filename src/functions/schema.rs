//! `schema`: a value must validate against a JSON Schema.
//!
//! Options:
//! - `schema` (required): the JSON Schema, an object. Local `$ref`s
//!   (`#/definitions/x`) work; refs to other files or URLs are a rule set
//!   error (nothing is fetched).
//! - `dialect`: `auto` (default: the schema's `$schema`, else draft 7, as
//!   Spectral), `draft4`, `draft6`, `draft7`, `draft2019-09` or
//!   `draft2020-12`.
//! - `allErrors` (default `false`): report every error instead of the first.
//!
//! The schema is compiled once, here. Formats are asserted (`email`,
//! `date-time`, `uri`, ... and OpenAPI's `byte`); unknown formats pass.
//!
//! A missing target fails with `#{{print("property")}}must exist`. Anything
//! else (a property name is a string) is validated and each error is
//! reported at the target's path plus the error's instance path, in the
//! wording Spectral produces from Ajv's errors (its `better-ajv-errors`):
//! - `"name" property type must be string`, `Item at index 1 must be
//!   string`, or `Value type must be string` when nothing names the value;
//! - `"info" property must have required property "title"`;
//! - `Property "extra" is not expected to be here` (at the object);
//! - `"kind" property must be equal to one of the allowed values: "a", "b"`,
//!   plus `. Did you mean "a"?` for a close string;
//! - `"c" property must be equal to constant`;
//! - `"name" property must not have fewer than 3 characters` (`more than`,
//!   `items`, `properties` alike), `must be >= 0`, `must be < 10`,
//!   `must be multiple of 2`, `must match pattern "^a"`,
//!   `must match format "email"`, `must not have duplicate items (items ## 0
//!   and 1 are identical)` (Ajv's pair: when `items` declares only scalar
//!   types it names the later index first, `## 1 and 0`), `must have
//!   property b when property a is present`, `must not be valid`,
//!   `property name must be valid`;
//! - `"one" property must match exactly one schema in oneOf. None of the
//!   schemas matched, see the other errors reported for this value` (the
//!   errors of each alternative are reported before it; `anyOf` alike).
//!
//! Where the property name comes from: the last segment of the error's
//! instance path, else the target's own last path segment; `Item at index
//! N` when that is an array index; else the value's JavaScript type
//! (`String must ...`).
//!
//! Which errors: without `allErrors`, Ajv stops at the first failing
//! keyword, checking keywords in a fixed order (`type`, `const`, `enum`,
//! the combinators, then numeric, string, array and object keywords,
//! `required` before `properties`); the schema's keywords are reordered to
//! that order before compiling so the first error is the one Spectral
//! reports. The alternatives of a failed `anyOf`/`oneOf` contribute their
//! first error each. Then the same pruning as Spectral's: at one location a
//! `required` error hides the others and everything below; an `anyOf` error
//! with errors below it is dropped; a location whose only errors are
//! `enum` errors is dropped when a sibling location has errors.
//!
//! Other modules validate with [`Schema::compile`] and [`Schema::check`],
//! choosing the [`Dialect`] themselves; [`Schema::compile_bundle`] takes a
//! schema with the schemas it refers to by URI and its own format checks,
//! and [`Schema::raw_errors`] gives every error unpruned, for callers that
//! word errors their own way (the OpenAPI document schema). Not handled: OpenAPI 3.0's
//! `nullable` (a caller can rewrite the schema before compiling); Ajv's number formats (`int32`,
//! `int64`, `float`, `double`), which the validator only applies to strings.

use std::fmt;
use std::sync::LazyLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{Draft, ValidationError};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::options::{Kind, Spec};
use super::print::{PROPERTY, js_number, json_number};
use super::{Context, FnResult, Input, RuleFunction};
use crate::document::PathSeg;

const SPEC: Spec = Spec {
    function: "schema",
    example: r#"{ "schema": { /* any JSON Schema can be defined here */ } , { "schema": { "type": "object" }, "dialect": "auto" }"#,
    fields: &[
        ("schema", Kind::Object),
        ("dialect", Kind::String),
        ("allErrors", Kind::Bool),
    ],
};

const DIALECTS: &str = r#""auto", "draft4", "draft6", "draft7", "draft2019-09", "draft2020-12""#;

/// `functionOptions` of `schema`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Options {
    schema: Map<String, Value>,
    #[serde(default)]
    dialect: Dialect,
    #[serde(default)]
    all_errors: bool,
}

/// The JSON Schema draft a schema is read as.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// The draft the schema's `$schema` names, else draft 7.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "draft4")]
    Draft4,
    #[serde(rename = "draft6")]
    Draft6,
    #[serde(rename = "draft7")]
    Draft7,
    #[serde(rename = "draft2019-09")]
    Draft201909,
    #[serde(rename = "draft2020-12")]
    Draft202012,
}

impl Dialect {
    fn draft(self, schema: &Value) -> Draft {
        match self {
            Dialect::Draft4 => Draft::Draft4,
            Dialect::Draft6 => Draft::Draft6,
            Dialect::Draft7 => Draft::Draft7,
            Dialect::Draft201909 => Draft::Draft201909,
            Dialect::Draft202012 => Draft::Draft202012,
            Dialect::Auto => {
                let declared = schema.get("$schema").and_then(Value::as_str).unwrap_or("");
                if declared.contains("draft-04") {
                    Draft::Draft4
                } else if declared.contains("draft-06") {
                    Draft::Draft6
                } else if declared.contains("2019-09") {
                    Draft::Draft201909
                } else if declared.contains("2020-12") {
                    Draft::Draft202012
                } else {
                    Draft::Draft7
                }
            }
        }
    }
}

/// A compiled schema and how to report against it; other functions (the
/// OpenAPI schema rules) build one with [`Schema::compile`].
pub(crate) struct Schema {
    validator: jsonschema::Validator,
    /// The schema as compiled (keywords in Ajv's order), for looking up
    /// what an error's keyword said.
    schema: Value,
    /// Other schemas it refers to by URI ([`Schema::compile_bundle`]), as
    /// compiled, for the same look-ups in them.
    resources: Vec<(String, Value)>,
    /// The registry the bundle was compiled with, which also knows the
    /// JSON Schema meta-schemas bundled schemas refer to.
    registry: Option<jsonschema::Registry<'static>>,
    all_errors: bool,
}

/// A schema that comes with the schemas it refers to by URI and its own
/// format checks (the OpenAPI document schemas): see
/// [`Schema::compile_bundle`].
pub(crate) struct Bundle<'a> {
    /// `(URI, schema)` of every schema the main one refers to by URI.
    /// The JSON Schema drafts' own meta-schemas need not be listed.
    pub(crate) resources: &'a [(&'a str, &'a Value)],
    /// The formats to assert and how; a format the validator knows but
    /// that is not listed here is asserted the validator's way, so list a
    /// no-op check to turn one off.
    pub(crate) formats: &'a [(&'static str, FormatCheck)],
}

/// A format check: whether a string is of the format.
pub(crate) type FormatCheck = fn(&str) -> bool;

impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schema")
            .field("schema", &self.schema)
            .field("all_errors", &self.all_errors)
            .finish()
    }
}

pub(super) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let map = options
        .and_then(Value::as_object)
        .ok_or_else(|| SPEC.invalid())?;
    for (key, value) in map {
        if key == "dialect"
            && !value
                .as_str()
                .is_some_and(|d| DIALECTS.split(", ").any(|v| v.trim_matches('"') == d))
        {
            return Err(format!(
                "\"schema\" function and its \"dialect\" option accepts only the following values: {DIALECTS}"
            ));
        }
    }
    SPEC.check_members_of(map, "", SPEC.fields)?;
    SPEC.require(map, "schema")?;
    let opts: Options = SPEC.parse(map)?;
    let schema = Schema::compile(&Value::Object(opts.schema), opts.dialect, opts.all_errors)?;
    Ok(Box::new(schema))
}

impl Schema {
    /// Compiles `schema` read as `dialect`. Fails on an invalid schema or a
    /// `$ref` that cannot be resolved locally.
    pub(crate) fn compile(
        schema: &Value,
        dialect: Dialect,
        all_errors: bool,
    ) -> Result<Schema, String> {
        let schema = ajv_order(schema);
        let validator = jsonschema::options()
            .with_draft(dialect.draft(&schema))
            .should_validate_formats(true)
            .with_format("byte", is_base64)
            .build(&schema)
            .map_err(|e| {
                format!(
                    "\"schema\" function and its \"schema\" option is not a usable JSON Schema: {e}"
                )
            })?;
        Ok(Schema {
            validator,
            schema,
            resources: Vec::new(),
            registry: None,
            all_errors,
        })
    }

    /// Compiles `schema` (its dialect from its `$schema`) with the
    /// resources and formats of `bundle`, reporting all errors. Every
    /// schema's keywords are put in Ajv's order, as [`Schema::compile`]
    /// does, so errors come in Ajv's order.
    pub(crate) fn compile_bundle(schema: &Value, bundle: &Bundle<'_>) -> Result<Schema, String> {
        let schema = ajv_order(schema);
        let resources: Vec<(String, Value)> = bundle
            .resources
            .iter()
            .map(|(uri, s)| (uri.to_string(), ajv_order(s)))
            .collect();
        let registry = jsonschema::Registry::new()
            .extend(
                resources
                    .iter()
                    .map(|(uri, s)| (uri.as_str(), jsonschema::Resource::from_contents(s.clone()))),
            )
            .and_then(|b| b.prepare())
            .map_err(|e| format!("the bundled schemas do not load: {e}"))?;
        let mut options = jsonschema::options()
            .with_draft(Dialect::Auto.draft(&schema))
            .with_registry(&registry)
            .should_validate_formats(true);
        for (name, check) in bundle.formats {
            options = options.with_format(*name, *check);
        }
        let validator = options
            .build(&schema)
            .map_err(|e| format!("the bundled schema does not compile: {e}"))?;
        Ok(Schema {
            validator,
            schema,
            resources,
            registry: Some(registry),
            all_errors: true,
        })
    }

    /// Whether `instance` is valid: much faster than collecting errors.
    pub(crate) fn is_valid(&self, instance: &Value) -> bool {
        self.validator.is_valid(instance)
    }

    /// Every error Ajv would report for `instance` (with `allErrors`, or
    /// the first one without), in Ajv's order, without Spectral's pruning:
    /// for callers that word and filter errors their own way.
    pub(crate) fn raw_errors(&self, instance: &Value) -> Vec<AjvError> {
        let mut raw: Vec<AjvError> = Vec::new();
        if self.all_errors {
            for e in self.validator.iter_errors(instance) {
                self.convert(&e, instance, true, &mut raw);
            }
        } else if let Err(e) = self.validator.validate(instance) {
            self.convert(&e, instance, false, &mut raw);
        }
        raw
    }

    /// The schema value an error's keyword sits in (`{"type": [...]}`'s
    /// array for a `type` error), looked up in whichever schema of the
    /// bundle the error was raised in.
    fn keyword_value<'s>(&'s self, e: &ValidationError<'_>) -> Option<&'s Value> {
        self.schema_at(e, false)
    }

    /// The schema object holding an error's keyword.
    fn keyword_parent<'s>(&'s self, e: &ValidationError<'_>) -> Option<&'s Value> {
        self.schema_at(e, true)
    }

    fn schema_at<'s>(&'s self, e: &ValidationError<'_>, parent: bool) -> Option<&'s Value> {
        let up = |pointer: &str| -> String {
            if parent {
                pointer.rsplit_once('/').map_or("", |(p, _)| p).to_string()
            } else {
                pointer.to_string()
            }
        };
        if let Some(uri) = e.absolute_keyword_location()
            && !self.resources.is_empty()
        {
            let text = uri.as_str();
            let (base, fragment) = text.split_once('#').unwrap_or((text, ""));
            let base = base.trim_end_matches('/');
            let root_id = self.schema.get("$id").and_then(Value::as_str).unwrap_or("");
            let pointer = up(&percent_decode(fragment));
            let doc = if root_id.trim_end_matches('#').trim_end_matches('/') == base {
                Some(&self.schema)
            } else {
                self.resources
                    .iter()
                    .find(|(u, _)| u.trim_end_matches('#').trim_end_matches('/') == base)
                    .map(|(_, s)| s)
            };
            if let Some(doc) = doc {
                return doc.pointer(&pointer);
            }
            // A meta-schema the registry knows.
            let registry = self.registry.as_ref()?;
            let uri = jsonschema::uri::from_str(base).ok()?;
            let resolved = registry.resolver(uri).lookup(base).ok()?;
            return resolved.contents().pointer(&pointer);
        }
        self.schema.pointer(&up(e.schema_path().as_str()))
    }

    /// Validates `instance`, reporting at `base` plus each error's path.
    pub(crate) fn check(&self, instance: &Value, base: &[PathSeg]) -> Vec<FnResult> {
        let raw = self.raw_errors(instance);
        if raw.is_empty() {
            return Vec::new();
        }
        prune(raw)
            .into_iter()
            .map(|e| {
                let message = e.message(instance, base);
                let mut path = base.to_vec();
                path.extend(e.path);
                FnResult::at(message, path)
            })
            .collect()
    }

    /// Turns one validator error into Ajv's errors for it, in Ajv's order
    /// (alternatives' errors before the combinator's own).
    fn convert(
        &self,
        e: &ValidationError<'_>,
        instance: &Value,
        all: bool,
        out: &mut Vec<AjvError>,
    ) {
        let path = instance_path(instance, e);
        let schema_path = e.schema_path().as_str();
        let evaluation = e.evaluation_path().as_str().to_string();
        let mut push = |keyword: &'static str, message: String| {
            out.push(AjvError {
                keyword,
                path: path.clone(),
                message,
                allowed: None,
                property: None,
                evaluation: evaluation.clone(),
            })
        };
        match e.kind() {
            ValidationErrorKind::Type { kind } => {
                let declared = self.keyword_value(e).and_then(type_list);
                let types = declared.unwrap_or_else(|| match kind {
                    TypeKind::Single(t) => t.as_str().to_string(),
                    TypeKind::Multiple(set) => {
                        set.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
                    }
                });
                push("type", format!("must be {types}"));
            }
            ValidationErrorKind::Required { property } => {
                let missing = property
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| property.to_string());
                let keyword = schema_path.rsplit('/').next().unwrap_or("");
                if keyword == "dependencies" || keyword == "dependentRequired" {
                    let dependency = self
                        .keyword_value(e)
                        .and_then(|deps| dependency(deps, value_at(instance, &path), &missing));
                    let (prop, deps) =
                        dependency.unwrap_or_else(|| ("?".to_string(), vec![missing]));
                    let noun = if deps.len() == 1 {
                        "property"
                    } else {
                        "properties"
                    };
                    push(
                        "dependencies",
                        format!(
                            "must have {noun} {} when property {prop} is present",
                            deps.join(", ")
                        ),
                    );
                } else {
                    push(
                        "required",
                        format!("must have required property '{missing}'"),
                    );
                }
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                // Ajv stops at the first extra property unless asked for all.
                let n = if all { unexpected.len() } else { 1 };
                for name in unexpected.iter().take(n) {
                    out.push(AjvError {
                        keyword: "additionalProperties",
                        path: path.clone(),
                        message: unexpected_property(name),
                        allowed: None,
                        property: Some(name.clone()),
                        evaluation: evaluation.clone(),
                    });
                }
            }
            ValidationErrorKind::Enum { options } => out.push(AjvError {
                keyword: "enum",
                path: path.clone(),
                message: "must be equal to one of the allowed values".to_string(),
                allowed: Some(options.as_array().cloned().unwrap_or_default()),
                property: None,
                evaluation: evaluation.clone(),
            }),
            ValidationErrorKind::Constant { .. } => {
                push("const", "must be equal to constant".to_string())
            }
            ValidationErrorKind::MinLength { limit } => push(
                "minLength",
                format!("must NOT have fewer than {limit} characters"),
            ),
            ValidationErrorKind::MaxLength { limit } => push(
                "maxLength",
                format!("must NOT have more than {limit} characters"),
            ),
            ValidationErrorKind::MinItems { limit } => push(
                "minItems",
                format!("must NOT have fewer than {limit} items"),
            ),
            ValidationErrorKind::MaxItems { limit } => {
                push("maxItems", format!("must NOT have more than {limit} items"))
            }
            ValidationErrorKind::AdditionalItems { limit } => push(
                "additionalItems",
                format!("must NOT have more than {limit} items"),
            ),
            ValidationErrorKind::MinProperties { limit } => push(
                "minProperties",
                format!("must NOT have fewer than {limit} properties"),
            ),
            ValidationErrorKind::MaxProperties { limit } => push(
                "maxProperties",
                format!("must NOT have more than {limit} properties"),
            ),
            ValidationErrorKind::Minimum { limit } => {
                push("minimum", format!("must be >= {}", number(limit)))
            }
            ValidationErrorKind::Maximum { limit } => {
                push("maximum", format!("must be <= {}", number(limit)))
            }
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                push("exclusiveMinimum", format!("must be > {}", number(limit)))
            }
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                push("exclusiveMaximum", format!("must be < {}", number(limit)))
            }
            ValidationErrorKind::MultipleOf { multiple_of } => push(
                "multipleOf",
                format!("must be multiple of {}", js_number(*multiple_of)),
            ),
            ValidationErrorKind::Pattern { pattern } => {
                push("pattern", format!("must match pattern \"{pattern}\""))
            }
            ValidationErrorKind::Format { format } => {
                push("format", format!("must match format \"{format}\""))
            }
            ValidationErrorKind::UniqueItems => {
                let item_types = self
                    .keyword_parent(e)
                    .and_then(|parent| parent.get("items"))
                    .map(schema_types)
                    .unwrap_or_default();
                let (j, i) = duplicate_pair(e.instance(), &item_types);
                push(
                    "uniqueItems",
                    format!("must NOT have duplicate items (items ## {j} and {i} are identical)"),
                )
            }
            ValidationErrorKind::Not { .. } => push("not", "must NOT be valid".to_string()),
            ValidationErrorKind::Contains => push(
                "contains",
                "must contain at least 1 valid item(s)".to_string(),
            ),
            ValidationErrorKind::FalseSchema => {
                push("false schema", "boolean schema is false".to_string())
            }
            ValidationErrorKind::AnyOf { context } => {
                self.convert_alternatives(context, instance, all, out);
                out.push(AjvError {
                    keyword: "anyOf",
                    path: path.clone(),
                    message: format!("must match a schema in anyOf. {NONE_MATCHED}"),
                    allowed: None,
                    property: None,
                    evaluation: evaluation.clone(),
                });
            }
            ValidationErrorKind::OneOfNotValid { context } => {
                self.convert_alternatives(context, instance, all, out);
                out.push(AjvError {
                    keyword: "oneOf",
                    path: path.clone(),
                    message: format!("must match exactly one schema in oneOf. {NONE_MATCHED}"),
                    allowed: None,
                    property: None,
                    evaluation: evaluation.clone(),
                });
            }
            ValidationErrorKind::OneOfMultipleValid { .. } => push(
                "oneOf",
                "must match exactly one schema in oneOf".to_string(),
            ),
            ValidationErrorKind::PropertyNames { error } => {
                self.convert(error, instance, all, out);
                out.push(AjvError {
                    keyword: "propertyNames",
                    path: path.clone(),
                    message: "property name must be valid".to_string(),
                    allowed: None,
                    property: None,
                    evaluation: evaluation.clone(),
                });
            }
            ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let n = if all { unexpected.len() } else { 1 };
                for name in unexpected.iter().take(n) {
                    out.push(AjvError {
                        keyword: "unevaluatedProperties",
                        path: path.clone(),
                        message: "must NOT have unevaluated properties".to_string(),
                        allowed: None,
                        property: Some(name.clone()),
                        evaluation: evaluation.clone(),
                    });
                }
            }
            ValidationErrorKind::UnevaluatedItems { .. } => push(
                "unevaluatedItems",
                "must NOT have unevaluated items".to_string(),
            ),
            // Ajv does not assert content keywords; neither do we.
            ValidationErrorKind::ContentEncoding { .. }
            | ValidationErrorKind::ContentMediaType { .. }
            | ValidationErrorKind::FromUtf8 { .. } => {}
            _ => push("other", e.to_string()),
        }
    }

    fn convert_alternatives(
        &self,
        context: &[Vec<ValidationError<'static>>],
        instance: &Value,
        all: bool,
        out: &mut Vec<AjvError>,
    ) {
        for branch in context {
            let take = if all { branch.len() } else { 1 };
            for e in branch.iter().take(take) {
                self.convert(e, instance, all, out);
            }
        }
    }
}

const NONE_MATCHED: &str =
    "None of the schemas matched, see the other errors reported for this value";

/// Spectral's wording of Ajv errors found (and pruned) by another
/// validator, the `oasExample` function's: each error's message as
/// [`Schema::check`] words it, reported at `base` plus the error's path.
pub(crate) fn format_ajv_errors(
    errors: Vec<AjvError>,
    instance: &Value,
    base: &[PathSeg],
) -> Vec<FnResult> {
    errors
        .into_iter()
        .map(|e| {
            let message = e.message(instance, base);
            let mut path = base.to_vec();
            path.extend(e.path);
            FnResult::at(message, path)
        })
        .collect()
}

impl RuleFunction for Schema {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let instance = match input {
            Input::Undefined => return vec![FnResult::here(format!("{PROPERTY}must exist"))],
            Input::Key(k) => Value::String(k.to_string()),
            Input::Index(i) => Value::from(i),
            Input::Node(v) => match v.to_json() {
                Ok(json) => json,
                Err(e) => return vec![FnResult::here(e)],
            },
        };
        self.check(&instance, ctx.path())
    }
}

/// One error as Ajv would report it.
#[derive(Clone, Debug)]
pub(crate) struct AjvError {
    /// Ajv's keyword (`required`, `type`, ...).
    pub(crate) keyword: &'static str,
    /// Relative to the validated value.
    pub(crate) path: Vec<PathSeg>,
    /// Ajv's message (`must NOT have ...`), or the final text for
    /// `additionalProperties`.
    pub(crate) message: String,
    /// For `enum`: the allowed values.
    pub(crate) allowed: Option<Vec<Value>>,
    /// For `additionalProperties` and `unevaluatedProperties`: the
    /// property not allowed.
    pub(crate) property: Option<String>,
    /// The keyword's evaluation path: the JSON pointer from the schema's
    /// root to it through every `$ref` followed (`/properties/info/$ref/required`).
    pub(crate) evaluation: String,
}

impl AjvError {
    /// The text Spectral shows for this error.
    fn message(&self, instance: &Value, base: &[PathSeg]) -> String {
        let subject = Subject::of(&self.path, instance, base);
        match self.keyword {
            "additionalProperties" => self.message.clone(),
            "type" => match subject {
                Subject::Value(_) => format!("Value type {}", spectral_wording(&self.message)),
                Subject::Item(i) => {
                    format!("Item at index {i} {}", spectral_wording(&self.message))
                }
                Subject::Property(p) => {
                    format!("\"{p}\" property type {}", spectral_wording(&self.message))
                }
            },
            "enum" => enum_message(
                &format!("{} {}", subject.pretty(), self.message),
                self.allowed.as_deref().unwrap_or_default(),
                super::print::json_text,
                value_at(instance, &self.path),
            ),
            _ => format!("{} {}", subject.pretty(), spectral_wording(&self.message)),
        }
    }
}

/// What an error message names.
enum Subject {
    /// Nothing names it: the value's JavaScript type (`String`, `Object`).
    Value(&'static str),
    Item(usize),
    Property(String),
}

impl Subject {
    fn of(path: &[PathSeg], instance: &Value, base: &[PathSeg]) -> Subject {
        match path.last().or(base.last()) {
            Some(PathSeg::Index(i)) => Subject::Item(*i),
            Some(PathSeg::Key(k)) => Subject::Property(k.clone()),
            None => Subject::Value(match value_at(instance, path) {
                Some(Value::String(_)) => "String",
                Some(Value::Number(_)) => "Number",
                Some(Value::Bool(_)) => "Boolean",
                _ => "Object",
            }),
        }
    }

    fn pretty(&self) -> String {
        match self {
            Subject::Value(t) => t.to_string(),
            Subject::Item(i) => format!("Item at index {i}"),
            Subject::Property(p) => format!("\"{p}\" property"),
        }
    }
}

/// Spectral's cleanup of an Ajv message, in every wording of Ajv errors
/// (this function's and the OpenAPI document schema's): single quotes
/// become double quotes and `NOT` becomes `not` (`must NOT have more than
/// 2 items` → `must not have more than 2 items`).
pub(crate) fn spectral_wording(message: &str) -> String {
    message.replace('\'', "\"").replace("NOT", "not")
}

/// Spectral's message for a property that `additionalProperties` (or
/// `unevaluatedProperties`) does not allow, reported at the property.
pub(crate) fn unexpected_property(name: &str) -> String {
    format!("Property \"{name}\" is not expected to be here")
}

/// Spectral's message for an `enum` error: `head` (the subject and Ajv's
/// message), a colon and the allowed values as `print` writes each, then
/// `. Did you mean "x"?` when the offending value `actual` is a string
/// close to an allowed one (see [`best_match`]). The callers print values
/// their own way, so `print` is theirs.
pub(crate) fn enum_message(
    head: &str,
    allowed: &[Value],
    print: impl Fn(&Value) -> String,
    actual: Option<&Value>,
) -> String {
    let printed: Vec<String> = allowed.iter().map(print).collect();
    let mut text = format!("{head}: {}", printed.join(", "));
    if let Some(Value::String(actual)) = actual
        && let Some(best) = best_match(actual, allowed)
    {
        text.push_str(&format!(". Did you mean \"{best}\"?"));
    }
    text
}

/// Spectral's "did you mean": the allowed string closest to `actual` by
/// edit distance, if it is closer than its own length (or the only value).
pub(crate) fn best_match<'a>(actual: &str, allowed: &'a [Value]) -> Option<&'a str> {
    let (best, distance) = allowed
        .iter()
        .filter_map(Value::as_str)
        .map(|candidate| (candidate, levenshtein(actual, candidate)))
        // The first of equally close candidates wins, as a stable sort gives.
        .fold(None, |acc: Option<(&str, usize)>, (c, d)| match acc {
            Some((_, best)) if best <= d => acc,
            _ => Some((c, d)),
        })?;
    (allowed.len() == 1 || distance < best.encode_utf16().count()).then_some(best)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<u16> = a.encode_utf16().collect();
    let b: Vec<u16> = b.encode_utf16().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The error's instance path with array indices told apart from keys that
/// look like numbers (the validator's path does not say which is which).
fn instance_path(instance: &Value, e: &ValidationError<'_>) -> Vec<PathSeg> {
    let mut out = Vec::new();
    let mut cur = Some(instance);
    for seg in e.instance_path().segments() {
        let key = match seg {
            LocationSegment::Property(p) => p.into_owned(),
            LocationSegment::Index(i) => i.to_string(),
        };
        let next = match cur {
            Some(Value::Array(items)) => match key.parse::<usize>() {
                Ok(i) => {
                    out.push(PathSeg::Index(i));
                    items.get(i)
                }
                Err(_) => {
                    out.push(PathSeg::Key(key));
                    None
                }
            },
            Some(Value::Object(map)) => {
                let next = map.get(&key);
                out.push(PathSeg::Key(key));
                next
            }
            _ => {
                out.push(PathSeg::Key(key));
                None
            }
        };
        cur = next;
    }
    out
}

/// A URI fragment with `%XX` escapes decoded (`%24ref` is `$ref`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn value_at<'v>(instance: &'v Value, path: &[PathSeg]) -> Option<&'v Value> {
    path.iter().try_fold(instance, |v, seg| match (v, seg) {
        (Value::Array(items), PathSeg::Index(i)) => items.get(*i),
        (Value::Object(map), PathSeg::Key(k)) => map.get(k),
        _ => None,
    })
}

/// A `type` keyword's value as Ajv prints it (`integer,boolean`).
fn type_list(t: &Value) -> Option<String> {
    match t {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => None,
    }
}

/// For a `required` error raised by `dependencies`/`dependentRequired`
/// (whose error does not say which property caused it): the first present
/// property of `object` whose dependency list names `missing`, with that
/// list.
fn dependency(
    deps: &Value,
    object: Option<&Value>,
    missing: &str,
) -> Option<(String, Vec<String>)> {
    let object = object?.as_object()?;
    deps.as_object()?.iter().find_map(|(prop, list)| {
        let list: Vec<String> = list
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        (object.contains_key(prop) && list.iter().any(|d| d == missing))
            .then(|| (prop.clone(), list))
    })
}

fn number(v: &Value) -> String {
    match v {
        Value::Number(n) => json_number(n),
        other => other.to_string(),
    }
}

/// The types a schema declares (`type`, plus `null` for `nullable: true`),
/// as Ajv reads them to pick its duplicate search.
fn schema_types(schema: &Value) -> Vec<String> {
    let mut types: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    if schema.get("nullable") == Some(&Value::Bool(true)) && !types.iter().any(|t| t == "null") {
        types.push("null".to_string());
    }
    types
}

/// The pair Ajv names for duplicate items, in the order its message
/// names them. When the items are declared to be of scalar types only,
/// Ajv scans from the end remembering each value of those types, and
/// names the remembered (later) index first; otherwise it scans from the
/// end for the first item equal to an earlier one and names the earlier
/// one first.
fn duplicate_pair(array: &Value, item_types: &[String]) -> (usize, usize) {
    let items = array.as_array().map(Vec::as_slice).unwrap_or_default();
    let scalar = !item_types.is_empty() && item_types.iter().all(|t| t != "object" && t != "array");
    if scalar {
        let of_type = |v: &Value| {
            item_types.iter().any(|t| match (t.as_str(), v) {
                ("string", Value::String(_))
                | ("number", Value::Number(_))
                | ("boolean", Value::Bool(_))
                | ("null", Value::Null) => true,
                ("integer", Value::Number(n)) => n.as_f64().is_some_and(|f| f.fract() == 0.0),
                _ => false,
            })
        };
        // Ajv keys its memory by the value's string form; strings get a
        // suffix when several types are allowed, so `"1"` is not `1`.
        let key = |v: &Value| match v {
            Value::String(s) if item_types.len() > 1 => format!("{s}_"),
            Value::String(s) => s.clone(),
            Value::Number(n) => n
                .as_f64()
                .map(crate::js::number_to_string)
                .unwrap_or_else(|| n.to_string()),
            other => other.to_string(),
        };
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for i in (0..items.len()).rev() {
            if !of_type(&items[i]) {
                continue;
            }
            let k = key(&items[i]);
            if let Some(&j) = seen.get(&k) {
                return (j, i);
            }
            seen.insert(k, i);
        }
        return (0, 0);
    }
    for i in (0..items.len()).rev() {
        for j in (0..i).rev() {
            if json_equal(&items[i], &items[j]) {
                return (j, i);
            }
        }
    }
    (0, 0)
}

/// Deep equality where `1` equals `1.0`, as in JavaScript.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// OpenAPI's `byte` format: base64.
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().is_multiple_of(4)
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Ajv's keyword order; keywords not listed keep their order after these.
/// The OpenAPI document schema keeps its own list (Ajv 2020's, in
/// `oas_document_schema.rs`): the two differ on `type`, the `items`
/// keywords and the `dependent*` keywords, and each decides the order of
/// its own function's findings, so one merged list would change one of
/// them.
const AJV_ORDER: &[&str] = &[
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "type",
    "const",
    "enum",
    "not",
    "anyOf",
    "oneOf",
    "allOf",
    "if",
    "then",
    "else",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "maxItems",
    "minItems",
    "uniqueItems",
    "additionalItems",
    "items",
    "prefixItems",
    "contains",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "propertyNames",
    "additionalProperties",
    "dependencies",
    "dependentSchemas",
    "properties",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// A copy of `schema` with every schema object's keywords in Ajv's order
/// (the validator checks keywords in the order they are written, and
/// reports the first failure). Only keyword order changes, so pointers
/// into the schema stay valid.
fn ajv_order(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let rank = |k: &str| {
        AJV_ORDER
            .iter()
            .position(|o| *o == k)
            .unwrap_or(AJV_ORDER.len())
    };
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by_key(|(k, _)| rank(k));
    let mut out = Map::with_capacity(map.len());
    for (k, v) in entries {
        let v = match k.as_str() {
            // Maps of schemas.
            "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas"
            | "dependencies" => match v {
                Value::Object(m) => {
                    Value::Object(m.iter().map(|(n, s)| (n.clone(), ajv_order(s))).collect())
                }
                other => other.clone(),
            },
            // Lists of schemas (or one schema, for `items`).
            "allOf" | "anyOf" | "oneOf" | "prefixItems" | "items" => match v {
                Value::Array(items) => Value::Array(items.iter().map(ajv_order).collect()),
                other => ajv_order(other),
            },
            "not"
            | "if"
            | "then"
            | "else"
            | "additionalProperties"
            | "additionalItems"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema" => ajv_order(v),
            _ => v.clone(),
        };
        out.insert(k.clone(), v);
    }
    Value::Object(out)
}

/// Spectral's pruning of Ajv's errors (see the module docs), returning the
/// survivors in report order: each location's errors, then the locations
/// below it. Locations group as Spectral groups them: a key and a following
/// array index form one step (`/deep/1`).
fn prune(errors: Vec<AjvError>) -> Vec<AjvError> {
    let mut root = Group::default();
    for e in errors {
        let mut node = &mut root;
        for key in group_keys(&e.path) {
            let at = match node.children.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    node.children.push((key, Group::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[at].1;
        }
        node.errors.push(e);
    }
    prune_children(&mut root);
    let mut out = Vec::new();
    root.emit(&mut out);
    out
}

#[derive(Default)]
struct Group {
    errors: Vec<AjvError>,
    children: Vec<(String, Group)>,
}

impl Group {
    fn all(&self, keyword: &str) -> bool {
        !self.errors.is_empty() && self.errors.iter().all(|e| e.keyword == keyword)
    }

    /// A `required` error hides everything else here and below; an `anyOf`
    /// error with errors below it goes, with its neighbours here.
    fn prune_self(&mut self) {
        if self.errors.iter().any(|e| e.keyword == "required") {
            self.errors.retain(|e| e.keyword == "required");
            self.children.clear();
        }
        if self.errors.iter().any(|e| e.keyword == "anyOf") && !self.children.is_empty() {
            self.errors.clear();
        }
    }

    fn emit(&self, out: &mut Vec<AjvError>) {
        if self.all("enum") {
            // Several enums at one place read as one list.
            let mut merged = self.errors[0].clone();
            let mut allowed: Vec<Value> = Vec::new();
            for v in self.errors.iter().flat_map(|e| e.allowed.iter().flatten()) {
                if !allowed.contains(v) {
                    allowed.push(v.clone());
                }
            }
            merged.allowed = Some(allowed);
            out.push(merged);
        } else {
            out.extend(self.errors.iter().cloned());
        }
        for (_, child) in &self.children {
            child.emit(out);
        }
    }
}

fn prune_children(node: &mut Group) {
    let keys: Vec<String> = node.children.iter().map(|(k, _)| k.clone()).collect();
    for key in keys {
        let Some(at) = node.children.iter().position(|(k, _)| *k == key) else {
            continue;
        };
        node.children[at].1.prune_self();
        // A place with only `enum` errors is noise next to other errors.
        if node.children[at].1.all("enum") && node.children.len() > 1 {
            node.children.remove(at);
            continue;
        }
        prune_children(&mut node.children[at].1);
    }
}

/// Spectral's grouping keys for an instance path: matches of
/// `/[\w-]+(/\d+)?` over the JSON pointer, `""` for the root. (Spectral
/// drops an error whose pointer has no match at all; we keep it, grouped by
/// its whole pointer.)
fn group_keys(path: &[PathSeg]) -> Vec<String> {
    static STEP: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"/[A-Za-z0-9_-]+(?:/[0-9]+)?").expect("valid regex"));
    if path.is_empty() {
        return vec![String::new()];
    }
    let pointer = crate::document::tree::to_pointer(path);
    let keys: Vec<String> = STEP
        .find_iter(&pointer)
        .map(|m| m.as_str().to_string())
        .collect();
    if keys.is_empty() { vec![pointer] } else { keys }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::functions::testing::{build_error, run, run_key};

    /// The schema and document of tests/spectral-observed/fn-schema.
    fn observed_schema(all_errors: bool) -> Value {
        json!({
            "allErrors": all_errors,
            "schema": {
                "type": "object",
                "required": ["name", "kind"],
                "additionalProperties": false,
                "properties": {
                    "name": {"type": "string", "minLength": 3, "pattern": "^[a-z]+$"},
                    "kind": {"enum": ["a", "b"]},
                    "count": {"type": "integer", "maximum": 5},
                    "email": {"type": "string", "format": "email"},
                    "c": {"const": "x"},
                    "nested": {"type": "object", "properties": {"deep": {"type": "array", "items": {"type": "string"}}}},
                    "one": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                    "anyof": {"anyOf": [{"type": "string"}, {"type": "boolean"}]}
                }
            }
        })
    }

    const ITEMS: &str = "\
items:
  t1: 5
  t2: {name: ab, kind: a}
  t3: {name: Abc, kind: z, count: 10}
  t4: {kind: a}
  t5: {name: abc, kind: a, extra: 1, other: 2}
  t6: {name: abc, kind: a, nested: {deep: [x, 1, 2]}}
  t7: {name: abc, kind: a, one: [1]}
  t8: {name: abc, kind: a, email: notanemail, c: y}
  t9: {name: abc, kind: a, anyof: 1.5}
  t10: {name: 7, kind: a}
  t11: {}
  t12: {name: abc, kind: z}
  t13: {name: abc, kind: a, c: y}
  t14: {name: abc, kind: a, count: '3'}
  t15: {name: abc, kind: a, count: 1.5}
";

    /// `(path, message)` for every item of [`ITEMS`], as the observed
    /// expected.json lists them.
    fn all_items(all_errors: bool) -> Vec<(String, String)> {
        let f = crate::functions::testing::build("schema", observed_schema(all_errors)).unwrap();
        (1..=15)
            .flat_map(|i| {
                crate::functions::testing::run_fn(f.as_ref(), ITEMS, &format!("/items/t{i}"), false)
            })
            .map(|(m, p)| (p, m))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, m)| (p.to_string(), m.to_string()))
            .collect()
    }

    const ONE_OF: &str = "\"one\" property must match exactly one schema in oneOf. None of the schemas matched, see the other errors reported for this value";
    const ANY_OF: &str = "\"anyof\" property must match a schema in anyOf. None of the schemas matched, see the other errors reported for this value";

    #[test]
    fn first_errors_match_spectral() {
        assert_eq!(
            all_items(false),
            pairs(&[
                ("/items/t1", "\"t1\" property type must be object"),
                (
                    "/items/t2/name",
                    "\"name\" property must not have fewer than 3 characters"
                ),
                (
                    "/items/t3/name",
                    "\"name\" property must match pattern \"^[a-z]+$\""
                ),
                (
                    "/items/t4",
                    "\"t4\" property must have required property \"name\""
                ),
                ("/items/t5", "Property \"extra\" is not expected to be here"),
                ("/items/t6/nested/deep/1", "Item at index 1 must be string"),
                ("/items/t7/one", "\"one\" property type must be string"),
                ("/items/t7/one", "\"one\" property type must be integer"),
                ("/items/t7/one", ONE_OF),
                (
                    "/items/t8/email",
                    "\"email\" property must match format \"email\""
                ),
                ("/items/t9/anyof", "\"anyof\" property type must be string"),
                ("/items/t9/anyof", "\"anyof\" property type must be boolean"),
                ("/items/t9/anyof", ANY_OF),
                ("/items/t10/name", "\"name\" property type must be string"),
                (
                    "/items/t11",
                    "\"t11\" property must have required property \"name\""
                ),
                (
                    "/items/t12/kind",
                    "\"kind\" property must be equal to one of the allowed values: \"a\", \"b\""
                ),
                ("/items/t13/c", "\"c\" property must be equal to constant"),
                (
                    "/items/t14/count",
                    "\"count\" property type must be integer"
                ),
                (
                    "/items/t15/count",
                    "\"count\" property type must be integer"
                ),
            ])
        );
    }

    #[test]
    fn all_errors_match_spectral() {
        assert_eq!(
            all_items(true),
            pairs(&[
                ("/items/t1", "\"t1\" property type must be object"),
                (
                    "/items/t2/name",
                    "\"name\" property must not have fewer than 3 characters"
                ),
                (
                    "/items/t3/name",
                    "\"name\" property must match pattern \"^[a-z]+$\""
                ),
                ("/items/t3/count", "\"count\" property must be <= 5"),
                (
                    "/items/t4",
                    "\"t4\" property must have required property \"name\""
                ),
                ("/items/t5", "Property \"extra\" is not expected to be here"),
                ("/items/t5", "Property \"other\" is not expected to be here"),
                ("/items/t6/nested/deep/1", "Item at index 1 must be string"),
                ("/items/t6/nested/deep/2", "Item at index 2 must be string"),
                ("/items/t7/one", "\"one\" property type must be string"),
                ("/items/t7/one", "\"one\" property type must be integer"),
                ("/items/t7/one", ONE_OF),
                (
                    "/items/t8/email",
                    "\"email\" property must match format \"email\""
                ),
                ("/items/t8/c", "\"c\" property must be equal to constant"),
                ("/items/t9/anyof", "\"anyof\" property type must be string"),
                ("/items/t9/anyof", "\"anyof\" property type must be boolean"),
                ("/items/t9/anyof", ANY_OF),
                ("/items/t10/name", "\"name\" property type must be string"),
                (
                    "/items/t11",
                    "\"t11\" property must have required property \"name\""
                ),
                (
                    "/items/t11",
                    "\"t11\" property must have required property \"kind\""
                ),
                (
                    "/items/t12/kind",
                    "\"kind\" property must be equal to one of the allowed values: \"a\", \"b\""
                ),
                ("/items/t13/c", "\"c\" property must be equal to constant"),
                (
                    "/items/t14/count",
                    "\"count\" property type must be integer"
                ),
                (
                    "/items/t15/count",
                    "\"count\" property type must be integer"
                ),
            ])
        );
    }

    /// The document of tests/spectral-observed/fn-schema-extras.
    const EXTRAS: &str = "\
e:
  x1: alpah
  x2: zzz
  x3: gama
o:
  colour: red
  zzzzzz: 1
arrs:
  a1: [1]
  a2: [1, 2, 3, 4]
  a3: [1, 1]
nums:
  n1: -1
  n2: 10
  n3: 3
strs:
  s1: abc
  s2: \"😀😀\"
objs:
  o1: {}
  o2: {a: 1, b: 2}
  o3: {a: 1}
  o4: {AB: 1}
nots:
  s: str
  n: 1.5
";

    fn extra(schema: Value, pointer: &str) -> Vec<String> {
        run("schema", json!({"schema": schema}), EXTRAS, pointer)
            .into_iter()
            .map(|(m, _)| m)
            .collect()
    }

    #[test]
    fn enum_suggests_a_close_value() {
        let s = json!({"enum": ["alpha", "beta", "gamma"]});
        let list = "must be equal to one of the allowed values: \"alpha\", \"beta\", \"gamma\"";
        assert_eq!(
            extra(s.clone(), "/e/x1"),
            vec![format!("\"x1\" property {list}. Did you mean \"alpha\"?")]
        );
        assert_eq!(
            extra(s.clone(), "/e/x2"),
            vec![format!("\"x2\" property {list}")]
        );
        assert_eq!(
            extra(s, "/e/x3"),
            vec![format!("\"x3\" property {list}. Did you mean \"gamma\"?")]
        );
        assert_eq!(
            extra(json!({"enum": [1, null]}), "/e/x2"),
            vec!["\"x2\" property must be equal to one of the allowed values: 1, null"]
        );
        // Numbers as JavaScript prints them: `1.0` is `1`.
        assert_eq!(
            extra(json!({"enum": [1.0, 2.5, 1e21]}), "/e/x2"),
            vec!["\"x2\" property must be equal to one of the allowed values: 1, 2.5, 1e+21"]
        );
    }

    #[test]
    fn a_missing_target_must_exist() {
        assert_eq!(
            run(
                "schema",
                json!({"schema": {"type": "string"}}),
                EXTRAS,
                "/e/nothere"
            ),
            vec![(
                "#{{print(\"property\")}}must exist".to_string(),
                "/e/nothere".to_string()
            )]
        );
    }

    #[test]
    fn additional_properties_reports_the_first_at_the_object() {
        let s = json!({"type": "object", "properties": {"color": {"type": "string"}}, "additionalProperties": false});
        assert_eq!(
            run("schema", json!({"schema": s}), EXTRAS, "/o"),
            vec![(
                "Property \"colour\" is not expected to be here".to_string(),
                "/o".to_string()
            )]
        );
    }

    #[test]
    fn array_number_string_and_object_keywords() {
        let arrays = json!({"type": "array", "minItems": 2, "maxItems": 3, "uniqueItems": true});
        assert_eq!(
            extra(arrays.clone(), "/arrs/a1"),
            vec!["\"a1\" property must not have fewer than 2 items"]
        );
        assert_eq!(
            extra(arrays.clone(), "/arrs/a2"),
            vec!["\"a2\" property must not have more than 3 items"]
        );
        assert_eq!(
            extra(arrays, "/arrs/a3"),
            vec!["\"a3\" property must not have duplicate items (items ## 0 and 1 are identical)"]
        );
        let numbers =
            json!({"type": "number", "minimum": 0, "exclusiveMaximum": 10, "multipleOf": 2});
        assert_eq!(
            extra(numbers.clone(), "/nums/n1"),
            vec!["\"n1\" property must be >= 0"]
        );
        assert_eq!(
            extra(numbers.clone(), "/nums/n2"),
            vec!["\"n2\" property must be < 10"]
        );
        assert_eq!(
            extra(numbers, "/nums/n3"),
            vec!["\"n3\" property must be multiple of 2"]
        );
        let strings = json!({"type": "string", "maxLength": 2});
        assert_eq!(
            extra(strings.clone(), "/strs/s1"),
            vec!["\"s1\" property must not have more than 2 characters"]
        );
        // Lengths count characters, not UTF-16 units.
        assert!(extra(strings, "/strs/s2").is_empty());
        let objects = json!({
            "type": "object", "minProperties": 1, "maxProperties": 1,
            "dependencies": {"a": ["b"]}, "propertyNames": {"pattern": "^[a-z]$"}
        });
        assert_eq!(
            extra(objects.clone(), "/objs/o1"),
            vec!["\"o1\" property must not have fewer than 1 properties"]
        );
        assert_eq!(
            extra(objects.clone(), "/objs/o2"),
            vec!["\"o2\" property must not have more than 1 properties"]
        );
        assert_eq!(
            extra(objects.clone(), "/objs/o3"),
            vec!["\"o3\" property must have property b when property a is present"]
        );
        assert_eq!(
            extra(objects, "/objs/o4"),
            vec![
                "\"o4\" property must match pattern \"^[a-z]$\"",
                "\"o4\" property property name must be valid"
            ]
        );
    }

    #[test]
    fn not_and_type_lists() {
        assert_eq!(
            extra(json!({"not": {"type": "string"}}), "/nots/s"),
            vec!["\"s\" property must not be valid"]
        );
        let multi = json!({"type": ["integer", "boolean"]});
        assert_eq!(
            extra(multi.clone(), "/nots/s"),
            vec!["\"s\" property type must be integer,boolean"]
        );
        assert_eq!(
            extra(multi, "/nots/n"),
            vec!["\"n\" property type must be integer,boolean"]
        );
    }

    #[test]
    fn unnamed_values_are_named_by_type() {
        assert_eq!(
            run("schema", json!({"schema": {"type": "number"}}), "x\n", ""),
            vec![("Value type must be number".to_string(), "".to_string())]
        );
        assert_eq!(
            run("schema", json!({"schema": {"maxLength": 0}}), "abc\n", ""),
            vec![(
                "String must not have more than 0 characters".to_string(),
                "".to_string()
            )]
        );
        assert_eq!(
            run("schema", json!({"schema": {"minItems": 5}}), "[1]\n", "")[0].0,
            "Object must not have fewer than 5 items"
        );
        assert_eq!(
            run(
                "schema",
                json!({"schema": {"enum": ["a"]}}),
                "list: [b]\n",
                "/list/0"
            )[0]
            .0,
            "Item at index 0 must be equal to one of the allowed values: \"a\". Did you mean \"a\"?"
        );
    }

    #[test]
    fn property_names_are_validated_as_strings() {
        assert_eq!(
            run_key(
                "schema",
                json!({"schema": {"pattern": "^x"}}),
                EXTRAS,
                "/o/colour"
            ),
            vec![(
                "\"colour\" property must match pattern \"^x\"".to_string(),
                "/o/colour".to_string()
            )]
        );
    }

    #[test]
    fn numeric_keys_stay_keys_in_paths() {
        let doc = "responses:\n  '200': {}\n";
        let s = json!({"schema": {"properties": {"200": {"required": ["description"]}}}});
        assert_eq!(
            run("schema", s, doc, "/responses"),
            vec![(
                "\"200\" property must have required property \"description\"".to_string(),
                "/responses/200".to_string()
            )]
        );
    }

    #[test]
    fn dialects_and_local_refs() {
        let draft4 = json!({"schema": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "maximum": 2, "exclusiveMaximum": true}});
        assert_eq!(
            run("schema", draft4, "n: 2\n", "/n")[0].0,
            "\"n\" property must be < 2"
        );
        let refs = json!({"schema": {"definitions": {"s": {"type": "string"}}, "properties": {"a": {"$ref": "#/definitions/s"}}}});
        assert_eq!(
            run("schema", refs, "v: {a: 1}\n", "/v")[0].0,
            "\"a\" property type must be string"
        );
        let explicit =
            json!({"dialect": "draft2020-12", "schema": {"prefixItems": [{"type": "string"}]}});
        assert_eq!(
            run("schema", explicit, "v: [1]\n", "/v")[0].0,
            "Item at index 0 must be string"
        );
    }

    #[test]
    fn required_hides_other_errors_at_and_below_its_place() {
        let inner =
            json!({"required": ["a"], "minProperties": 5, "properties": {"b": {"type": "string"}}});
        let s = json!({"allErrors": true, "schema": {"properties": {"x": inner.clone()}}});
        assert_eq!(
            run("schema", s, "v: {x: {b: 1}}\n", "/v"),
            vec![(
                "\"x\" property must have required property \"a\"".to_string(),
                "/v/x".to_string()
            )]
        );
        // Spectral files errors at the validated value itself apart from
        // the ones below it, so these are not hidden.
        let s = json!({"allErrors": true, "schema": inner});
        assert_eq!(
            run("schema", s, "v: {b: 1}\n", "/v"),
            vec![
                (
                    "\"v\" property must have required property \"a\"".to_string(),
                    "/v".to_string()
                ),
                (
                    "\"b\" property type must be string".to_string(),
                    "/v/b".to_string()
                ),
            ]
        );
    }

    #[test]
    fn any_of_with_errors_below_is_dropped() {
        let any_of = json!({"anyOf": [
            {"properties": {"a": {"type": "string"}}},
            {"properties": {"a": {"type": "boolean"}}}
        ]});
        assert_eq!(
            run(
                "schema",
                json!({"schema": {"properties": {"x": any_of}}}),
                "v: {x: {a: 1}}\n",
                "/v"
            ),
            vec![
                (
                    "\"a\" property type must be string".to_string(),
                    "/v/x/a".to_string()
                ),
                (
                    "\"a\" property type must be boolean".to_string(),
                    "/v/x/a".to_string()
                ),
            ]
        );
    }

    #[test]
    fn enum_only_places_give_way_to_sibling_errors() {
        let s = json!({"allErrors": true, "schema": {"properties": {"x": {"properties": {
            "k": {"enum": ["a"]}, "n": {"type": "string"}
        }}}}});
        assert_eq!(
            run("schema", s, "v: {x: {k: z, n: 1}}\n", "/v"),
            vec![(
                "\"n\" property type must be string".to_string(),
                "/v/x/n".to_string()
            )]
        );
    }

    #[test]
    fn dependent_required_names_all_dependencies() {
        let s =
            json!({"dialect": "draft2019-09", "schema": {"dependentRequired": {"a": ["b", "c"]}}});
        assert_eq!(
            run("schema", s, "v: {a: 1, c: 2}\n", "/v")[0].0,
            "\"v\" property must have properties b, c when property a is present"
        );
    }

    #[test]
    fn other_keywords() {
        let one = |schema: Value, doc: &str| {
            run("schema", json!({"schema": schema}), doc, "/v")[0]
                .0
                .clone()
        };
        assert_eq!(
            one(json!({"exclusiveMinimum": 1}), "v: 1\n"),
            "\"v\" property must be > 1"
        );
        assert_eq!(
            one(json!({"contains": {"type": "string"}}), "v: [1]\n"),
            "\"v\" property must contain at least 1 valid item(s)"
        );
        assert_eq!(
            one(json!({"properties": {"a": false}}), "v: {a: 1}\n"),
            "\"a\" property boolean schema is false"
        );
        assert_eq!(
            one(
                json!({"oneOf": [{"type": "number"}, {"type": "integer"}]}),
                "v: 1\n"
            ),
            "\"v\" property must match exactly one schema in oneOf"
        );
        assert_eq!(
            one(
                json!({"items": [{"type": "string"}], "additionalItems": false}),
                "v: [a, b]\n"
            ),
            "\"v\" property must not have more than 1 items"
        );
        let unevaluated = json!({"dialect": "draft2019-09", "schema": {"properties": {"a": {}}, "unevaluatedProperties": false}});
        assert_eq!(
            run("schema", unevaluated, "v: {a: 1, b: 2}\n", "/v")[0].0,
            "\"v\" property must not have unevaluated properties"
        );
        assert_eq!(
            one(json!({"format": "byte"}), "v: '3'\n"),
            "\"v\" property must match format \"byte\""
        );
        assert!(
            run(
                "schema",
                json!({"schema": {"format": "no-such-format"}}),
                "v: x\n",
                "/v"
            )
            .is_empty()
        );
    }

    #[test]
    fn duplicate_pairs_follow_ajvs_two_searches() {
        let list = json!(["a", "b", "a", "b"]);
        // Items of unknown type: the first item (from the end) equal to an
        // earlier one, earlier index first.
        assert_eq!(duplicate_pair(&list, &[]), (1, 3));
        // Scalar items: the first repeat (from the end), later index first.
        assert_eq!(duplicate_pair(&list, &["string".to_string()]), (3, 1));
        // Values of other types are skipped; several types keep "1" and 1 apart.
        let mixed = json!([1, "1", 2, 1.0]);
        assert_eq!(duplicate_pair(&mixed, &["string".to_string()]), (0, 0));
        let types = ["string".to_string(), "number".to_string()];
        assert_eq!(duplicate_pair(&mixed, &types), (3, 0));
        assert_eq!(
            schema_types(&json!({"type": "string", "nullable": true})),
            ["string", "null"]
        );
    }

    #[test]
    fn byte_format_is_base64() {
        assert!(is_base64("MIT3") && is_base64("") && is_base64("ab=="));
        assert!(!is_base64("3") && !is_base64("a===") && !is_base64("ab c"));
    }

    #[test]
    fn bad_options_are_rejected() {
        assert_eq!(
            build_error("schema", json!(2)),
            "\"schema\" function has invalid options specified. Example valid options: { \"schema\": { /* any JSON Schema can be defined here */ } , { \"schema\": { \"type\": \"object\" }, \"dialect\": \"auto\" }"
        );
        assert_eq!(
            build_error("schema", json!({"schema": {}, "foo": true})),
            "\"schema\" function does not support \"foo\" option"
        );
        assert_eq!(
            build_error("schema", json!({"schema": {}, "dialect": "foo"})),
            "\"schema\" function and its \"dialect\" option accepts only the following values: \"auto\", \"draft4\", \"draft6\", \"draft7\", \"draft2019-09\", \"draft2020-12\""
        );
        assert_eq!(
            build_error("schema", json!({"schema": {}, "allErrors": null})),
            "\"schema\" function and its \"allErrors\" option accepts only the following types: boolean"
        );
        assert_eq!(
            build_error("schema", json!({"schema": null})),
            "\"schema\" function and its \"schema\" option accepts only the following types: object"
        );
        assert_eq!(
            build_error("schema", json!({})),
            "\"schema\" function is missing \"schema\" option"
        );
        let not_usable =
            "\"schema\" function and its \"schema\" option is not a usable JSON Schema: ";
        assert!(build_error("schema", json!({"schema": {"type": 5}})).starts_with(not_usable));
        assert!(
            build_error("schema", json!({"schema": {"$ref": "#/nope"}})).starts_with(not_usable)
        );
        assert!(
            build_error(
                "schema",
                json!({"schema": {"$ref": "https://example.com/s.json"}})
            )
            .starts_with(not_usable)
        );
        assert!(
            build_error("schema", json!({"schema": {"$ref": "other.json"}}))
                .starts_with(not_usable)
        );
    }

    #[test]
    fn dialect_override_is_internal_api() {
        let s = Schema::compile(&json!({"type": "string"}), Dialect::Draft4, false).unwrap();
        let results = s.check(&json!(1), &[PathSeg::Key("x".into())]);
        assert_eq!(results[0].message, "\"x\" property type must be string");
        assert_eq!(results[0].path, Some(vec![PathSeg::Key("x".into())]));
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    #[test]
    fn ajv_order_reorders_keywords_only() {
        let s = ajv_order(
            &json!({"properties": {"b": {"minimum": 1, "type": "integer"}, "a": {}}, "required": ["a"], "type": "object"}),
        );
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"type":"object","required":["a"],"properties":{"b":{"type":"integer","minimum":1},"a":{}}}"#
        );
        assert_eq!(
            group_keys(&[
                PathSeg::Key("nested".into()),
                PathSeg::Key("deep".into()),
                PathSeg::Index(1)
            ]),
            vec!["/nested", "/deep/1"]
        );
        assert_eq!(group_keys(&[]), vec![""]);
        assert_eq!(group_keys(&[PathSeg::Key("{id}".into())]), vec!["/{id}"]);
    }
}
