//! Checking `functionOptions` before they become a typed options struct.
//!
//! Each function's options are a `serde` struct with
//! `deny_unknown_fields`; this module runs first so that a bad option
//! produces Spectral's sentence for it (`"length" function does not support
//! "foo" option`) rather than serde's, which does not name the option when a
//! value has the wrong type. The wording follows Spectral 6's
//! `RulesetFunctionValidationError`, so messages read the same as there.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The JSON types an option may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Bool => "boolean",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }

    fn accepts(self, v: &Value) -> bool {
        match self {
            Kind::Bool => v.is_boolean(),
            Kind::Number => v.is_number(),
            Kind::String => v.is_string(),
            Kind::Array => v.is_array(),
            Kind::Object => v.is_object(),
        }
    }
}

/// What a function accepts: its name, an example for the "invalid options"
/// sentence, and each option with its type.
pub(crate) struct Spec {
    pub function: &'static str,
    /// Spectral's "Example valid options: ..." text.
    pub example: &'static str,
    pub fields: &'static [(&'static str, Kind)],
}

impl Spec {
    /// `"length" function has invalid options specified. Example valid options: ...`
    pub fn invalid(&self) -> String {
        format!(
            "\"{}\" function has invalid options specified. Example valid options: {}",
            self.function, self.example
        )
    }

    /// `"casing" function is missing "type" option`
    pub fn missing(&self, option: &str) -> String {
        format!(
            "\"{}\" function is missing \"{}\" option",
            self.function, option
        )
    }

    /// `"casing" function does not support "foo" option`
    pub fn unsupported(&self, option: &str) -> String {
        format!(
            "\"{}\" function does not support \"{}\" option",
            self.function, option
        )
    }

    /// `"length" function and its "min" option accepts only the following types: number`
    pub fn wrong_type(&self, option: &str, kind: Kind) -> String {
        format!(
            "\"{}\" function and its \"{}\" option accepts only the following types: {}",
            self.function,
            option,
            kind.name()
        )
    }

    /// The options as an object whose keys are all known and whose values
    /// have the declared types. Absent or `null` options, or options that
    /// are not an object, are invalid.
    pub fn object<'v>(&self, options: Option<&'v Value>) -> Result<&'v Map<String, Value>, String> {
        let map = options
            .and_then(Value::as_object)
            .ok_or_else(|| self.invalid())?;
        self.check_members(map, "")?;
        Ok(map)
    }

    /// Checks the members of `map` (at option path `prefix`, e.g.
    /// `separator.`) against `fields`.
    pub fn check_members_of(
        &self,
        map: &Map<String, Value>,
        prefix: &str,
        fields: &[(&str, Kind)],
    ) -> Result<(), String> {
        for (key, value) in map {
            let name = format!("{prefix}{key}");
            match fields.iter().find(|(f, _)| f == key) {
                None => return Err(self.unsupported(&name)),
                Some((_, kind)) if !kind.accepts(value) => {
                    return Err(self.wrong_type(&name, *kind));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn check_members(&self, map: &Map<String, Value>, prefix: &str) -> Result<(), String> {
        self.check_members_of(map, prefix, self.fields)
    }

    /// Fails with the "missing" sentence unless `map` has `option`.
    pub fn require(&self, map: &Map<String, Value>, option: &str) -> Result<(), String> {
        if map.contains_key(option) {
            Ok(())
        } else {
            Err(self.missing(option))
        }
    }

    /// The typed options. The checks above already ran, so a failure here
    /// is a shape the checks do not cover; serde's text is kept then.
    pub fn parse<T: DeserializeOwned>(&self, map: &Map<String, Value>) -> Result<T, String> {
        T::deserialize(Value::Object(map.clone()))
            .map_err(|e| format!("\"{}\" function has invalid options: {e}", self.function))
    }
}

/// For functions that take no options: `null` or absent only.
pub(crate) fn none(function: &str, options: Option<&Value>) -> Result<(), String> {
    match options {
        None | Some(Value::Null) => Ok(()),
        Some(_) => Err(format!(
            "\"{function}\" function does not accept any options"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SPEC: Spec = Spec {
        function: "demo",
        example: "{ \"n\": 1 }",
        fields: &[("n", Kind::Number), ("s", Kind::String)],
    };

    #[test]
    fn names_the_offending_option() {
        assert_eq!(
            SPEC.object(Some(&json!({"n": "1"}))).unwrap_err(),
            "\"demo\" function and its \"n\" option accepts only the following types: number"
        );
        assert_eq!(
            SPEC.object(Some(&json!({"x": 1}))).unwrap_err(),
            "\"demo\" function does not support \"x\" option"
        );
        assert_eq!(
            SPEC.object(None).unwrap_err(),
            "\"demo\" function has invalid options specified. Example valid options: { \"n\": 1 }"
        );
        assert_eq!(
            SPEC.require(SPEC.object(Some(&json!({}))).unwrap(), "n")
                .unwrap_err(),
            "\"demo\" function is missing \"n\" option"
        );
    }

    #[test]
    fn no_options_means_null_or_absent() {
        assert!(none("truthy", None).is_ok());
        assert!(none("truthy", Some(&Value::Null)).is_ok());
        assert_eq!(
            none("truthy", Some(&json!({}))).unwrap_err(),
            "\"truthy\" function does not accept any options"
        );
    }
}
