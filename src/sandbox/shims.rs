//! The JavaScript the sandbox brings with it: a prelude run once per
//! runtime, and the modules a rule function may import.
//!
//! Rule functions written for Spectral import a few of its packages. The
//! sandbox answers those imports (and `require` calls) with small modules
//! of its own that do what the functions use:
//! - `@stoplight/spectral-core`: `createRulesetFunction({input, options},
//!   fn)`, which checks the input against its JSON Schema (a mismatch
//!   skips the call, as in Spectral) and the options against theirs (a
//!   mismatch is an error naming the function);
//! - `@stoplight/spectral-formats`: the format functions (`oas2`, `oas3`,
//!   `oas3_0`, `oas3_1`, `asyncapi2`, ...), the same objects that
//!   `context.document.formats` holds, so `formats.has(oas3)` works;
//! - `@stoplight/spectral-functions`: Spectral's core functions (`truthy`,
//!   `pattern`, `schema`, `casing`, ...), which call apilint's own (Rust)
//!   implementations: `(input, options, context)` gives results whose
//!   paths start at `context.path`. The input crosses as JSON, so a
//!   function should pass it the part of the document it checks, not the
//!   whole document.
//!
//! A function may also import the rule set's own files by relative name
//! ([`super::imports`]). Every other module name fails to resolve with a
//! message that says why.

/// Module names the sandbox provides, with their sources.
pub const MODULES: &[(&str, &str)] = &[
    ("@stoplight/spectral-core", SPECTRAL_CORE),
    ("@stoplight/spectral-formats", SPECTRAL_FORMATS),
    ("@stoplight/spectral-functions", SPECTRAL_FUNCTIONS),
];

/// Spectral's core functions, as `@stoplight/spectral-functions` exports
/// them (each is apilint's function of the same name).
pub const CORE_FUNCTIONS: &[&str] = &[
    "alphabetical",
    "casing",
    "defined",
    "enumeration",
    "falsy",
    "length",
    "or",
    "pattern",
    "schema",
    "truthy",
    "typedEnum",
    "undefined",
    "unreferencedReusableObject",
    "xor",
];

/// Why an import or `require` of anything else fails.
pub const UNAVAILABLE: &str = "is not available: apilint runs rule functions in a sandbox without file system, network, process or timer access (only @stoplight/spectral-core, @stoplight/spectral-formats, @stoplight/spectral-functions and the rule set's own files can be imported)";

/// Runs once per runtime. `__apilint_native` holds the Rust callbacks
/// (`root(resolved)`, `fill(target, id)`, `validate(schema, value)`, and
/// for `require`: `resolve(from, name)`, `compileCommonJs(file)`,
/// `unavailable(name)`); the prelude hides them in
/// a closure and leaves one hidden global behind: the shim registry and
/// the call wrapper, under a symbol.
pub const PRELUDE: &str = r#"
(() => {
  "use strict";
  const native = globalThis.__apilint_native;
  delete globalThis.__apilint_native;

  // Format functions: each checks a parsed document; the set a context
  // carries holds the same objects, so `formats.has(oas3)` works.
  const version = (doc, key) =>
    doc !== null && typeof doc === "object" ? doc[key] : undefined;
  const isStr = (v) => typeof v === "string";
  const fmt = (name, displayName, test) => {
    const f = (doc) => test(doc);
    Object.defineProperty(f, "name", { value: name });
    f.displayName = displayName;
    return f;
  };
  const formats = {
    oas2: fmt("oas2", "OpenAPI 2.0 (Swagger)", (d) => { const v = version(d, "swagger"); return v === "2.0" || v === 2; }),
    oas3: fmt("oas3", "OpenAPI 3.x", (d) => { const v = version(d, "openapi"); return isStr(v) && /^3\./.test(v); }),
    oas3_0: fmt("oas3_0", "OpenAPI 3.0.x", (d) => { const v = version(d, "openapi"); return isStr(v) && /^3\.0(\.|$)/.test(v); }),
    oas3_1: fmt("oas3_1", "OpenAPI 3.1.x", (d) => { const v = version(d, "openapi"); return isStr(v) && /^3\.1(\.|$)/.test(v); }),
    oas3_2: fmt("oas3_2", "OpenAPI 3.2.x", (d) => { const v = version(d, "openapi"); return isStr(v) && /^3\.2(\.|$)/.test(v); }),
    asyncapi2: fmt("asyncapi2", "AsyncAPI 2.x", (d) => { const v = version(d, "asyncapi"); return isStr(v) && /^2\./.test(v); }),
    asyncapi3: fmt("asyncapi3", "AsyncAPI 3.x", (d) => { const v = version(d, "asyncapi"); return isStr(v) && /^3\./.test(v); }),
    jsonSchema: fmt("jsonSchema", "JSON Schema", (d) => d !== null && typeof d === "object" && isStr(d.$schema)),
    jsonSchemaLoose: fmt("jsonSchemaLoose", "JSON Schema (loose)", (d) => d !== null && typeof d === "object" && ("$schema" in d || "type" in d)),
    jsonSchemaDraft4: fmt("jsonSchemaDraft4", "JSON Schema Draft 4", (d) => /draft-04/.test(version(d, "$schema"))),
    jsonSchemaDraft6: fmt("jsonSchemaDraft6", "JSON Schema Draft 6", (d) => /draft-06/.test(version(d, "$schema"))),
    jsonSchemaDraft7: fmt("jsonSchemaDraft7", "JSON Schema Draft 7", (d) => /draft-07/.test(version(d, "$schema"))),
    jsonSchemaDraft2019_09: fmt("jsonSchemaDraft2019_09", "JSON Schema Draft 2019-09", (d) => /2019-09/.test(version(d, "$schema"))),
    jsonSchemaDraft2020_12: fmt("jsonSchemaDraft2020_12", "JSON Schema Draft 2020-12", (d) => /2020-12/.test(version(d, "$schema"))),
  };
  // The order of Formats' bits in Rust (src/document/format.rs).
  const BITS = ["oas2", "oas3", "oas3_0", "oas3_1", "asyncapi2", "asyncapi3",
    "jsonSchema", "jsonSchemaLoose", "jsonSchemaDraft4", "jsonSchemaDraft6",
    "jsonSchemaDraft7", "jsonSchemaDraft2019_09", "jsonSchemaDraft2020_12", "oas3_2"];
  const formatSets = new Map();
  const formatSet = (bits) => {
    let set = formatSets.get(bits);
    if (set === undefined) {
      set = new Set(BITS.filter((_, i) => (bits >>> i) & 1).map((n) => formats[n]));
      formatSets.set(bits, set);
    }
    return set;
  };

  const createRulesetFunction = (schemas, fn) => {
    const { input = null, options = null, errorOnInvalidInput = false } = schemas || {};
    const name = (fn && fn.name) || "function";
    const wrapped = function (target, opts, context) {
      if (options !== null) {
        const problem = native.validate(options, opts === undefined ? null : opts);
        if (problem != null) {
          throw new Error(`"${name}" function has invalid options: ${problem}`);
        }
      }
      if (input !== null) {
        const problem = native.validate(input, target);
        if (problem != null) {
          return errorOnInvalidInput ? [{ message: problem }] : undefined;
        }
      }
      return fn.call(this, target, opts, context);
    };
    Object.defineProperty(wrapped, "name", { value: name });
    return wrapped;
  };

  // Spectral's core functions, run by apilint's: the input and options
  // cross as JSON; result paths are relative to the input, and become
  // absolute with the caller's `context.path`.
  let callBits = 0;
  const coreFunctions = {};
  for (const name of native.coreNames) {
    const f = function (input, options, context) {
      const results = native.core(name, input, options === undefined ? null : options, callBits,
        context && context.rule ? String(context.rule.name) : "");
      const at = context && Array.isArray(context.path) ? context.path : [];
      return results.map((r) => ({ message: r.message, path: [...at, ...r.path] }));
    };
    Object.defineProperty(f, "name", { value: name });
    coreFunctions[name] = f;
  }
  Object.freeze(coreFunctions);

  const shims = {
    "@stoplight/spectral-core": { createRulesetFunction },
    "@stoplight/spectral-formats": formats,
    "@stoplight/spectral-functions": coreFunctions,
  };

  // `require`: the shims, and CommonJS files of the rule set read at load
  // time, each run once (its `module.exports` kept). A file's own
  // `require` resolves names from its place; the global one from the
  // function file that is loading or running (`base`).
  let base = null;
  const loaded = new Map();
  const requireFile = (file) => {
    let module = loaded.get(file);
    if (module !== undefined) return module.exports;
    const make = native.compileCommonJs(file);
    if (make === null) {
      throw new Error(`require('${file}'): it is an ES module; import it instead (import x from '...')`);
    }
    if (make === undefined) throw new Error(native.unavailable(file));
    module = { exports: {} };
    loaded.set(file, module);
    const dir = file.slice(0, Math.max(0, file.lastIndexOf("/")));
    make.call(module.exports, module, module.exports, (name) => requireFrom(file, name), file, dir);
    return module.exports;
  };
  const requireFrom = (from, name) => {
    if (Object.prototype.hasOwnProperty.call(shims, name)) return shims[name];
    const file = from === null ? null : native.resolve(from, name);
    if (file == null) throw new Error(native.unavailable(name));
    return requireFile(file);
  };
  const require = (name) => requireFrom(base, name);

  // The call wrapper: builds Spectral's context (lazily: most functions
  // never look at the whole document) and calls the function.
  const call = (fn, input, options, path, rule, source, bits, file) => {
    base = file;
    callBits = bits;
    let document;
    const getDocument = () => document === undefined
      ? (document = { source, formats: formatSet(bits), get data() { return native.root(false); } })
      : document;
    const context = {
      path,
      rule: { name: rule },
      get document() { return getDocument(); },
      documentInventory: {
        get resolved() { return native.root(true); },
        get unresolved() { return native.root(false); },
        get document() { return getDocument(); },
      },
    };
    return fn(input, options, context);
  };

  // A CommonJS module's view of the world, set up before each function
  // module runs and read back after.
  const beginModule = (file) => {
    base = file;
    const module = { exports: {} };
    globalThis.module = module;
    globalThis.exports = module.exports;
    return module;
  };
  const endModule = (module, namespace) => {
    delete globalThis.module;
    delete globalThis.exports;
    const pick = (v) => (typeof v === "function" ? v : undefined);
    return pick(namespace.default)
      ?? pick(module.exports)
      ?? (module.exports !== null && typeof module.exports === "object" ? pick(module.exports.default) : undefined);
  };

  // Document nodes, converted on first touch: `lazy` makes an empty
  // object or array behind a proxy and remembers which node it stands for;
  // the first operation on it has Rust fill in its members (scalars as
  // they are, objects and arrays as further lazy proxies). A function that
  // looks at three levels of a huge resolved subtree converts three levels.
  let pending = new Map();
  const fill = (t) => {
    if (pending.size !== 0) {
      const id = pending.get(t);
      if (id !== undefined) {
        pending.delete(t);
        native.fill(t, id);
      }
    }
  };
  const handler = {
    get(t, k, r) { fill(t); return Reflect.get(t, k, r); },
    set(t, k, v, r) { fill(t); return Reflect.set(t, k, v, r); },
    has(t, k) { fill(t); return Reflect.has(t, k); },
    deleteProperty(t, k) { fill(t); return Reflect.deleteProperty(t, k); },
    ownKeys(t) { fill(t); return Reflect.ownKeys(t); },
    getOwnPropertyDescriptor(t, k) { fill(t); return Reflect.getOwnPropertyDescriptor(t, k); },
    defineProperty(t, k, d) { fill(t); return Reflect.defineProperty(t, k, d); },
    preventExtensions(t) { fill(t); return Reflect.preventExtensions(t); },
  };
  const lazy = (isArray, id) => {
    const target = isArray ? [] : {};
    pending.set(target, id);
    return new Proxy(target, handler);
  };
  // A new document: nodes of the previous one are never filled any more.
  const reset = () => { pending = new Map(); };

  globalThis.require = require;
  Object.defineProperty(globalThis, Symbol.for("apilint"), {
    value: Object.freeze({ shims, call, beginModule, endModule, lazy, reset, requireFile }),
  });
})();
"#;

/// `@stoplight/spectral-core`, as an ES module over the prelude's object.
const SPECTRAL_CORE: &str = r#"
const core = globalThis[Symbol.for("apilint")].shims["@stoplight/spectral-core"];
export const createRulesetFunction = core.createRulesetFunction;
export default core;
"#;

/// `@stoplight/spectral-formats`, likewise.
const SPECTRAL_FORMATS: &str = r#"
const f = globalThis[Symbol.for("apilint")].shims["@stoplight/spectral-formats"];
export const { oas2, oas3, oas3_0, oas3_1, oas3_2, asyncapi2, asyncapi3, jsonSchema,
  jsonSchemaLoose, jsonSchemaDraft4, jsonSchemaDraft6, jsonSchemaDraft7,
  jsonSchemaDraft2019_09, jsonSchemaDraft2020_12 } = f;
export default f;
"#;

/// `@stoplight/spectral-functions`, over the prelude's object.
const SPECTRAL_FUNCTIONS: &str = r#"
const f = globalThis[Symbol.for("apilint")].shims["@stoplight/spectral-functions"];
export const { alphabetical, casing, defined, enumeration, falsy, length, or, pattern,
  schema, truthy, typedEnum, unreferencedReusableObject, xor } = f;
const undefinedFunction = f.undefined;
export { undefinedFunction as undefined };
export default f;
"#;

/// The prelude.
pub fn prelude() -> &'static str {
    PRELUDE
}
