//! `oasSecurityDefined`: every scheme a security requirement names must be
//! defined, and every scope it asks for must be declared by that scheme.
//!
//! Option `oasVersion`: `2` (schemes in `securityDefinitions`, scopes in a
//! scheme's `scopes`) or `3` (schemes in `components.securitySchemes`,
//! scopes in any of a scheme's `flows.*.scopes`); absent means 3.
//!
//! The target is one security requirement object (`$.security[*]` or an
//! operation's `security[*]`). Like Spectral, only objects whose values are
//! all arrays of strings are checked (anything else passes silently), and
//! an empty requirement (`{}`, "no security") passes.
//!
//! Results, per scheme name in the requirement's order:
//! - an undefined scheme, at `.../security/0/name`:
//!   `API "security" values must match a scheme defined in the
//!   "components.securitySchemes" object.` (`Operation` instead of `API`
//!   below an operation, `securityDefinitions` for version 2);
//! - for a defined scheme, each undeclared scope at its index
//!   (`.../security/0/name/1`): `"write" must be listed among scopes.`
//!
//! The definitions are read from the root document as written, not
//! resolved, as Spectral does: a scheme that is itself a `$ref` exists but
//! declares no scopes. Names are tested the way JavaScript's `in` tests
//! them, so a scheme or scope named like an `Object.prototype` member
//! (`constructor`, `toString`, ...) is always "defined"; as the value of such
//! a name is then not an object, a scheme named so has no scopes.

use serde_json::Value;

use crate::document::{PathSeg, View};
use crate::functions::{Context, FnResult, Input, RuleFunction};

/// Names every plain JavaScript object answers to through its prototype.
const OBJECT_PROTOTYPE: &[&str] = &[
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V2,
    V3,
}

#[derive(Debug)]
struct OasSecurityDefined {
    version: Version,
}

pub(crate) fn new(options: Option<&Value>) -> Result<Box<dyn RuleFunction>, String> {
    let invalid = || {
        "\"oasSecurityDefined\" function and its \"oasVersion\" option accepts only the following values: 2, 3"
            .to_string()
    };
    let mut version = Version::V3;
    match options {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (key, value) in map {
                if key != "oasVersion" {
                    return Err(format!(
                        "\"oasSecurityDefined\" function does not support \"{key}\" option"
                    ));
                }
                version = match value.as_f64() {
                    Some(2.0) => Version::V2,
                    Some(3.0) => Version::V3,
                    _ => return Err(invalid()),
                };
            }
        }
        Some(_) => {
            return Err(
                "\"oasSecurityDefined\" function has invalid options specified. Example valid options: { \"oasVersion\": 2 }, { \"oasVersion\": 3 }"
                    .to_string(),
            );
        }
    }
    Ok(Box::new(OasSecurityDefined { version }))
}

/// JavaScript's `name in object` for a plain object: own keys, plus the
/// prototype's members.
fn js_in(object: View<'_>, name: &str) -> bool {
    object.get(name).is_some() || OBJECT_PROTOTYPE.contains(&name)
}

/// Whether `scheme` (as written) declares `scope`.
fn declares_scope(version: Version, scheme: View<'_>, scope: &str) -> bool {
    let scopes_have = |holder: View<'_>| {
        holder
            .get("scopes")
            .is_some_and(|s| s.is_object() && js_in(s, scope))
    };
    if !scheme.is_object() {
        return false;
    }
    match version {
        Version::V2 => scopes_have(scheme),
        Version::V3 => scheme.get("flows").is_some_and(|flows| {
            flows
                .members()
                .any(|(_, flow)| flow.is_object() && scopes_have(flow))
        }),
    }
}

impl RuleFunction for OasSecurityDefined {
    fn call(&self, input: Input<'_>, ctx: &Context<'_, '_>) -> Vec<FnResult> {
        let Some(requirement) = input.view().filter(|v| v.is_object()) else {
            return Vec::new();
        };
        // Spectral's input schema: every value an array of strings.
        let well_formed = requirement
            .members()
            .all(|(_, v)| v.is_array() && v.items().all(|s| s.as_str().is_some()));
        if requirement.is_empty() || !well_formed {
            return Vec::new();
        }
        let root = ctx.root.with_resolved(false);
        if !root.is_object() {
            return Vec::new();
        }
        let definitions = match self.version {
            Version::V2 => root.get("securityDefinitions"),
            Version::V3 => root
                .get("components")
                .filter(|c| c.is_object())
                .and_then(|c| c.get("securitySchemes")),
        }
        .filter(|d| d.is_object());
        let path = ctx.path();
        let mut out = Vec::new();
        for (name, scopes) in requirement.members() {
            let mut at = path.to_vec();
            at.push(PathSeg::Key(name.to_string()));
            let Some(defs) = definitions.filter(|d| js_in(*d, name)) else {
                let object = if path.len() == 2 { "API" } else { "Operation" };
                let location = match self.version {
                    Version::V2 => "securityDefinitions",
                    Version::V3 => "components.securitySchemes",
                };
                out.push(FnResult::at(
                    format!(
                        "{object} \"security\" values must match a scheme defined in the \"{location}\" object."
                    ),
                    at,
                ));
                continue;
            };
            let scheme = defs.get(name);
            for (i, scope) in scopes.items().enumerate() {
                let scope = scope.as_str().unwrap_or_default();
                if !scheme.is_some_and(|s| declares_scope(self.version, s, scope)) {
                    let mut p = at.clone();
                    p.push(PathSeg::Index(i));
                    out.push(FnResult::at(
                        format!("\"{scope}\" must be listed among scopes."),
                        p,
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::functions::testing::{build_error, run};

    const V2: &str = "\
swagger: '2.0'
securityDefinitions:
  oa: {type: oauth2, scopes: {read: r}}
  key: {type: apiKey}
security:
  - {oa: [read, write], key: [], nope: []}
";

    #[test]
    fn version_2_reads_security_definitions() {
        let found = run(
            "oasSecurityDefined",
            json!({"oasVersion": 2}),
            V2,
            "/security/0",
        );
        assert_eq!(
            found,
            vec![
                (
                    "\"write\" must be listed among scopes.".to_string(),
                    "/security/0/oa/1".to_string()
                ),
                (
                    "API \"security\" values must match a scheme defined in the \"securityDefinitions\" object."
                        .to_string(),
                    "/security/0/nope".to_string()
                ),
            ]
        );
    }

    #[test]
    fn bad_options_are_rejected() {
        assert_eq!(
            build_error("oasSecurityDefined", json!({"oasVersion": 4})),
            "\"oasSecurityDefined\" function and its \"oasVersion\" option accepts only the following values: 2, 3"
        );
        assert_eq!(
            build_error("oasSecurityDefined", json!({"x": 4})),
            "\"oasSecurityDefined\" function does not support \"x\" option"
        );
        assert!(build_error("oasSecurityDefined", json!([2])).contains("invalid options"));
        assert!(
            run("oasSecurityDefined", Value::Null, V2, "/security/0")
                .iter()
                .all(|(m, _)| m.contains("components.securitySchemes"))
        );
    }
}
