//! Custom JavaScript functions run sandboxed: hostile functions (an
//! endless loop, a 2 GB allocation, allocation without end, `require('fs')`,
//! `import('http')`, `process.exit()`, a thrown non-string) each yield one
//! clear `rule-function-error` finding while the rest of the lint finishes,
//! with the process's peak memory bounded; well-behaved functions (ES
//! module, CommonJS, `createRulesetFunction`) get Spectral's arguments.
//!
//! Fixtures: tests/fixtures/js-sandbox/ (rule set, functions, document).

use std::path::Path;
use std::time::{Duration, Instant};

use apilint::document::workspace::{LoadOptions, Workspace};
use apilint::engine::{self, Finding, LintOptions, ruleset};
use apilint::sandbox::{self, Limits};

const MEMORY_LIMIT_MB: usize = 128;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/js-sandbox")
        .join(name)
}

/// The sandbox's default time limit per call and [`MEMORY_LIMIT_MB`], set
/// for the whole process: the limits are process-wide and tests run in
/// parallel, so every test that sets them sets these.
fn set_sandbox_limits() {
    sandbox::set_limits(Limits {
        timeout: Duration::from_millis(Limits::DEFAULT_TIMEOUT_MS),
        memory_bytes: MEMORY_LIMIT_MB << 20,
    });
}

fn lint(ruleset_path: &Path, doc: &Path) -> Vec<Finding> {
    set_sandbox_limits();
    let rs = ruleset::load_file(ruleset_path, &ruleset::LoadOptions::default())
        .unwrap_or_else(|e| panic!("rule set does not load:\n{e}"));
    let ws = Workspace::load_file(doc, &LoadOptions::default()).unwrap();
    let opts = LintOptions {
        threads: 1,
        ..LintOptions::default()
    };
    engine::lint(&ws, &rs, &opts).findings
}

/// Peak resident memory of this process, in MB (Linux).
fn peak_rss_mb() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[test]
fn hostile_functions_each_yield_one_clear_finding_and_the_lint_finishes() {
    let started = Instant::now();
    let findings = lint(&fixture("ruleset.yaml"), &fixture("api.yaml"));
    let elapsed = started.elapsed();
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code == sandbox::FUNCTION_ERROR_CODE)
        .collect();
    // (function, what its one finding must say)
    let expected = [
        ("endless-loop", "did not finish within 250 ms"),
        ("huge-allocation", "ran out of memory"),
        ("growing-allocation", "did not finish within 250 ms"),
        ("read-file", "require('fs') is not available"),
        ("import-http", "import of 'http' is not available"),
        ("exit-process", "process is not defined"),
        (
            "throw-object",
            "threw a non-string value, object {\"code\":42}",
        ),
    ];
    for (function, reason) in expected {
        let hits: Vec<&&Finding> = errors
            .iter()
            .filter(|f| f.message.contains(&format!("function \"{function}\"")))
            .collect();
        assert_eq!(hits.len(), 1, "{function}: {errors:#?}");
        assert!(
            hits[0].message.contains(reason),
            "{function}: {}",
            hits[0].message
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");

    // The well-behaved functions ran, before and after the hostile ones.
    let messages = |code: &str| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.message.as_str())
            .collect()
    };
    assert_eq!(
        messages("needs-summary"),
        ["operation has no summary", "operation has no summary"]
    );
    assert_eq!(
        messages("describes-context"),
        ["info | describes-context | true | true | Sandbox test | hello | title,version"]
    );
    assert_eq!(
        messages("short-ids"),
        ["\"replaceTheWholeA\" is longer than 8"]
    );

    // Three functions are stopped by a limit, each after its first call.
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    if let Some(peak) = peak_rss_mb() {
        assert!(
            peak < MEMORY_LIMIT_MB + 250,
            "peak RSS {peak} MB with a {MEMORY_LIMIT_MB} MB limit"
        );
    }
}

/// Writes `files` (path, text) under a fresh folder.
fn files(list: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in list {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Writes a rule set (`ruleset.yaml`) with one function `f` (source
/// `js`, in `functions/f.js`) and `rule`, and a document (`doc.yaml`),
/// returning the folder.
fn one_function(rule: &str, js: &str, doc: &str) -> tempfile::TempDir {
    files(&[
        ("functions/f.js", js),
        ("ruleset.yaml", &format!("functions: [f]\nrules:\n{rule}")),
        ("doc.yaml", doc),
    ])
}

/// The messages of [`one_function`]'s lint of its document.
fn one_function_messages(rule: &str, js: &str, doc: &str) -> Vec<String> {
    let dir = one_function(rule, js, doc);
    lint(
        &dir.path().join("ruleset.yaml"),
        &dir.path().join("doc.yaml"),
    )
    .into_iter()
    .map(|f| f.message)
    .collect()
}

/// The error the rule set at `path` fails to load with.
fn load_failure(path: &Path) -> String {
    ruleset::load_file(path, &ruleset::LoadOptions::default())
        .unwrap_err()
        .to_string()
}

#[test]
fn circular_refs_are_objects_that_contain_themselves() {
    let messages = one_function_messages(
        "  self-ref:\n    given: $.components.schemas.Node\n    severity: error\n    then: { function: f }\n",
        "export default (node) => [{ message: String(node.properties.next === node) }];\n",
        "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next: { $ref: '#/components/schemas/Node' }\n",
    );
    assert_eq!(messages, ["true"]);
}

#[test]
fn a_syntax_error_is_a_rule_set_error_with_its_position() {
    let dir = one_function(
        "  r:\n    given: $\n    then: { function: f }\n",
        "export default (x) => {\n  return [{ message: 'a' ]];\n};\n",
        "{}",
    );
    let err = load_failure(&dir.path().join("ruleset.yaml"));
    assert!(err.contains("ruleset.yaml:1:13"), "{err}");
    assert!(err.contains("function \"f\""), "{err}");
    assert!(err.contains("does not compile"), "{err}");
    assert!(err.contains("f.js:2:"), "{err}");
}

#[test]
fn a_missing_function_file_is_a_rule_set_error() {
    let dir = one_function("  r:\n    given: $\n    then: { function: g }\n", "", "{}");
    std::fs::write(
        dir.path().join("ruleset.yaml"),
        "functions: [f, g]\nrules:\n  r:\n    given: $\n    then: { function: g }\n",
    )
    .unwrap();
    let err = load_failure(&dir.path().join("ruleset.yaml"));
    assert!(
        err.contains("cannot read function \"g\"") && err.contains("no such file"),
        "{err}"
    );
}

/// A rule set whose `given` filters fall back to JavaScript and fail in
/// each way a filter can (an endless loop, an exception, an allocation
/// past the limit), one that fails quietly on nodes without the member it
/// reads, one failing in a `field` path, and a well-behaved rule.
const FAILING_FILTERS: &str = r#"rules:
  loops:
    given: "$.paths[?((() => { for (;;) {} })())]"
    then: { function: truthy }
  throws:
    given: "$.paths[?(@property === '/boom' ? (() => { throw new RangeError('no boom') })() : false)]"
    then: { function: truthy }
  eats-memory:
    given: "$.paths[?('x'.repeat(2 ** 29).length > 0)]"
    then: { function: truthy }
  quiet:
    given: "$.paths[?(@.nothing.trim() === 'x')]"
    then: { function: truthy }
  in-field:
    given: "$.paths"
    then:
      field: "$[?(@property === '/boom' ? (() => { throw new RangeError('boom in field') })() : false)]"
      function: truthy
  has-summary:
    given: "$.paths[*][*]"
    then: { field: summary, function: truthy }
"#;

const TWO_PATHS: &str = "openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /pets:
    get: { summary: s, responses: { '200': { description: ok } } }
  /boom:
    get: { responses: { '200': { description: ok } } }
";

/// (code, path, message) of findings given as JSON (the CLI's `-f json`
/// and the service's answer share these fields).
fn summarize(findings: &[serde_json::Value]) -> Vec<(String, Vec<String>, String)> {
    findings
        .iter()
        .map(|f| {
            let path = f["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_string))
                .collect();
            (
                f["code"].as_str().unwrap().to_string(),
                path,
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Each failing filter yields one `rule-function-error` finding naming
/// its rule, "JSONPath filter" and the reason, at the node it failed on;
/// the rest of the lint finishes.
fn check_filter_failures(findings: &[(String, Vec<String>, String)]) {
    let errors: Vec<_> = findings
        .iter()
        .filter(|(code, _, _)| code == sandbox::FUNCTION_ERROR_CODE)
        .collect();
    let expected: [(&str, &[&str], &str); 4] = [
        (
            "loops",
            &["paths", "/pets"],
            "did not finish within 250 ms (the time limit per call) and was stopped; it is false for the rest of this lint",
        ),
        (
            "throws",
            &["paths", "/boom"],
            "threw RangeError: no boom (the filter is false for that node)",
        ),
        ("eats-memory", &["paths", "/pets"], "ran out of memory"),
        ("in-field", &["paths"], "threw RangeError: boom in field"),
    ];
    for (rule, path, reason) in expected {
        let hits: Vec<_> = errors
            .iter()
            .filter(|(_, _, m)| m.contains(&format!("(rule \"{rule}\", ")))
            .collect();
        assert_eq!(hits.len(), 1, "{rule}: {errors:#?}");
        let (_, at, message) = hits[0];
        assert!(message.starts_with("JSONPath filter `"), "{message}");
        assert!(message.contains(reason), "{rule}: {message}");
        assert_eq!(at, path, "{rule}: {message}");
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    assert!(
        findings
            .iter()
            .any(|(code, path, _)| code == "has-summary" && path[1] == "/boom"),
        "{findings:#?}"
    );
}

#[test]
fn failing_javascript_filters_are_findings_in_the_cli() {
    let dir = files(&[("rules.yaml", FAILING_FILTERS), ("doc.yaml", TWO_PATHS)]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_apilint"))
        .args(["lint", "-r", "rules.yaml", "doc.yaml", "-f", "json"])
        .current_dir(dir.path())
        .env("APILINT_JS_MEMORY_MB", MEMORY_LIMIT_MB.to_string())
        .env_remove("APILINT_JS_TIMEOUT_MS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let findings: Vec<serde_json::Value> =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    check_filter_failures(&summarize(&findings));
    // The two filters that fail on any document were pointed out while
    // the rule set loaded, each at its place in rules.yaml.
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        warnings[0]
            .starts_with("warning: rules.yaml:3:23: JSONPath filter `(() => { for (;;) {} })()`")
            && warnings[0].contains("did not finish within 100 ms"),
        "{stderr}"
    );
    assert!(
        warnings[1].starts_with("warning: rules.yaml:9:23: ")
            && warnings[1].contains("ran out of memory"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_javascript_filters_are_findings_in_the_service() {
    let dir = files(&[("rules.yaml", FAILING_FILTERS)]);
    let rules = dir.path().join("rules.yaml");
    set_sandbox_limits();
    let config = apilint::service::ServiceConfig {
        ruleset: apilint::service::config::RulesetSetting::Named(rules.display().to_string()),
        ..apilint::service::ServiceConfig::for_data_dir(dir.path())
    };
    let state = apilint::service::AppState::start(config).await.unwrap();
    let body = serde_json::json!({ "spec": TWO_PATHS }).to_string();
    let request = axum::http::Request::post("/api/v1/lint")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    use tower::ServiceExt;
    let response = apilint::service::app(state).oneshot(request).await.unwrap();
    assert_eq!(response.status(), 201);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    check_filter_failures(&summarize(answer["findings"].as_array().unwrap()));
}

/// Loads `rules` as `rules.yaml` (the name the errors and warnings show).
fn load_rules(rules: &str) -> Result<engine::RuleSet, ruleset::RulesetError> {
    let dir = files(&[("rules.yaml", rules)]);
    ruleset::load_file(
        &dir.path().join("rules.yaml"),
        &ruleset::LoadOptions::default(),
    )
}

fn load_error(rules: &str) -> String {
    match load_rules(rules) {
        Ok(_) => panic!("loads:\n{rules}"),
        Err(e) => e.to_string(),
    }
}

fn load_warnings(rules: &str) -> Vec<String> {
    load_rules(rules)
        .unwrap_or_else(|e| panic!("does not load: {e}"))
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect()
}

#[test]
fn a_javascript_filter_that_can_never_work_is_a_load_error() {
    // `(@.x) (@.y)` is a call in JavaScript: document values are never
    // functions, so it fails on every node.
    let err = load_error(
        "rules:\n  r:\n    given: \"$..[?((@.x) (@.y))]\"\n    then: { function: truthy }\n",
    );
    assert!(
        err.contains("rules.yaml:3:19: JSONPath filter `(@.x) (@.y)`"),
        "{err}"
    );
    assert!(err.contains("fails whatever the document holds"), "{err}");
    assert!(err.contains("not a function"), "{err}");
    assert!(
        err.contains("an operator between them is probably missing"),
        "{err}"
    );

    // A name that does not exist in the sandbox (Node's `Buffer`).
    let err = load_error(
        "rules:\n  r:\n    given: \"$.paths[?(Buffer.from(@property).length > 3)]\"\n    then: { function: truthy }\n",
    );
    assert!(err.contains("rules.yaml:3:23: "), "{err}");
    assert!(err.contains("ReferenceError"), "{err}");
    assert!(err.contains("Buffer"), "{err}");

    // In a `field` path too.
    let err = load_error(
        "rules:\n  r:\n    given: $.paths\n    then: { field: \"$[?((@.a)(@.b))]\", function: truthy }\n",
    );
    assert!(err.contains("rules.yaml:4:"), "{err}");
    assert!(err.contains("not a function"), "{err}");
}

#[test]
fn javascript_filters_that_look_wrong_are_load_warnings_with_their_place() {
    // Bitwise `&` where `&&` is meant: valid JavaScript, probably a typo.
    let warnings = load_warnings(
        "rules:\n  r:\n    given: \"$.paths[?(@.get & Object.keys(@).length > 1)]\"\n    then: { function: truthy }\n",
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("rules.yaml:3:23: JSONPath filter `@.get & "),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("`&&` is probably meant"),
        "{warnings:?}"
    );

    // Fails on the test values but may work on real ones.
    let warnings = load_warnings(
        "rules:\n  r:\n    given: \"$.paths[?(JSON.parse(@property) > 1)]\"\n    then: { function: truthy }\n",
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("on test values it threw SyntaxError"),
        "{warnings:?}"
    );

    // JavaScript that works: no warning.
    for given in [
        "$.paths[?(Object.keys(@).length > 1)]",
        "$..[?(@.name && @.name.trim().length > 0)]",
        "$.paths[?(@property.split('/').length > 2 ? true : false)]",
        "$..[?(Array.isArray(@.enum) && @.enum.map(String).includes('x'))]",
    ] {
        let warnings = load_warnings(&format!(
            "rules:\n  r:\n    given: \"{given}\"\n    then: {{ function: truthy }}\n"
        ));
        assert!(warnings.is_empty(), "{given}: {warnings:?}");
    }
}

/// The service lints on pooled threads that keep their JavaScript
/// runtimes between requests. A runtime must not keep the last document
/// (its converted values) once the lint is over: after linting a document
/// most of whose nodes a function touched (one call per schema), the thread's runtimes hold no more
/// than after linting a tiny one.
#[test]
fn runtimes_let_go_of_the_document_when_the_lint_ends() {
    let dir = one_function(
        "  touch-all:\n    given: $.components.schemas.*\n    severity: error\n    then: { function: f }\n",
        "export default (s) => { s.properties.n.minimum; return []; };\n",
        "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    S: { properties: { n: { minimum: 1 } } }\n",
    );
    // About 0.4 MB of JSON; what the function touches of it (three levels
    // of every schema), converted to JavaScript values, about 4 MB.
    // (Many short calls, not one long one: the time limit per call holds
    // on a busy machine.)
    let mut big = String::from(
        "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {",
    );
    for i in 0..2_500 {
        if i > 0 {
            big.push(',');
        }
        big.push_str(&format!(
            "\"S{i}\": {{\"type\": \"object\", \"description\": \"schema number {i} of many\", \"properties\": {{\"id\": {{\"type\": \"string\"}}, \"n\": {{\"type\": \"integer\", \"minimum\": {i}}}}}}}"
        ));
    }
    big.push_str("}}}");
    std::fs::write(dir.path().join("big.json"), big).unwrap();

    let rules = dir.path().join("ruleset.yaml");
    let small = dir.path().join("doc.yaml");
    let big = dir.path().join("big.json");
    // A thread like the service's: a walk-sized stack, declared, so a
    // one-thread lint walks on it (and its runtimes stay with it).
    let held = std::thread::Builder::new()
        .stack_size(apilint::engine::lint::WALK_STACK)
        .spawn(move || {
            apilint::engine::lint::declare_walk_stack();
            let rs = ruleset::load_file(&rules, &ruleset::LoadOptions::default()).unwrap();
            let opts = LintOptions {
                threads: 1,
                ..LintOptions::default()
            };
            let lint = |doc: &Path| {
                let ws = Workspace::load_file(doc, &LoadOptions::default()).unwrap();
                let report = engine::lint(&ws, &rs, &opts);
                assert!(
                    report
                        .findings
                        .iter()
                        .all(|f| f.code != sandbox::FUNCTION_ERROR_CODE),
                    "{:#?}",
                    report.findings
                );
                sandbox::thread_memory()
            };
            let after_small = lint(&small);
            let after_big = lint(&big);
            let after_small_again = lint(&small);
            (after_small, after_big, after_small_again)
        })
        .unwrap()
        .join()
        .unwrap();
    let (after_small, after_big, after_small_again) = held;
    eprintln!("held after: small {after_small}, big {after_big}, small {after_small_again}");
    assert!(after_small > 0, "no runtime was made");
    assert!(
        after_big < after_small + (1 << 20),
        "after the big lint the runtime holds {after_big} bytes, after a small one {after_small}"
    );
    assert!(after_small_again < after_small + (1 << 20));
}

#[test]
fn function_files_import_the_rule_sets_other_files() {
    let dir = files(&[
        (
            "rs/rules.yaml",
            "functions: [esm-import, cjs-require]\nrules:\n  esm:\n    given: $.paths.*.*.operationId\n    severity: error\n    then: { function: esm-import }\n  cjs:\n    given: $.paths.*.*.operationId\n    severity: error\n    then: { function: cjs-require }\n",
        ),
        // An ES module importing an ES module and a CommonJS file (whose
        // `module.exports` is its default export), which requires another.
        (
            "rs/functions/esm-import.js",
            "import { isShort } from './lib/strings.js';\nimport limits from './lib/limits.cjs';\nexport default (id) => isShort(id, limits.max) ? [] : [{ message: `esm: \"${id}\" is longer than ${limits.max}` }];\n",
        ),
        (
            "rs/functions/lib/strings.js",
            "export const isShort = (s, max) => s.length <= max;\n",
        ),
        (
            "rs/functions/lib/limits.cjs",
            "module.exports = { max: require('./max') };\n",
        ),
        ("rs/functions/lib/max.js", "module.exports = 8;\n"),
        // CommonJS requiring at load and at call time (from its own folder).
        (
            "rs/functions/cjs-require.js",
            "const limits = require('./lib/limits.cjs');\nmodule.exports = (id) => { const max = require('./lib/max'); return id.length > limits.max && max === limits.max ? [{ message: `cjs: ${id}` }] : []; };\n",
        ),
        (
            "doc.yaml",
            "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    get: { operationId: short, responses: {} }\n    put: { operationId: muchTooLong, responses: {} }\n",
        ),
    ]);
    let findings = lint(
        &dir.path().join("rs/rules.yaml"),
        &dir.path().join("doc.yaml"),
    );
    let messages: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            ("cjs", "cjs: muchTooLong"),
            ("esm", "esm: \"muchTooLong\" is longer than 8")
        ]
    );
}

#[test]
fn an_import_outside_the_rule_sets_folder_is_a_load_error() {
    let dir = files(&[
        (
            "rs/rules.yaml",
            "functions: [escapes]\nrules:\n  r:\n    given: $\n    then: { function: escapes }\n",
        ),
        (
            "rs/functions/escapes.js",
            "import secret from '../../outside.js';\nexport default () => [{ message: secret }];\n",
        ),
        ("outside.js", "export default 'secret';\n"),
    ]);
    let err = load_failure(&dir.path().join("rs/rules.yaml"));
    assert!(
        err.contains("rules.yaml:1:13: function \"escapes\": "),
        "{err}"
    );
    assert!(
        err.contains(
            "escapes.js imports '../../outside.js', which is outside the rule set's folder"
        ),
        "{err}"
    );

    // A name that leads nowhere, and a helper that does not compile.
    std::fs::write(
        dir.path().join("rs/functions/escapes.js"),
        "const h = require('./missing');\nmodule.exports = () => [];\n",
    )
    .unwrap();
    let err = load_failure(&dir.path().join("rs/rules.yaml"));
    assert!(
        err.contains("imports './missing', but there is no such file"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("rs/functions/escapes.js"),
        "import h from './broken.js';\nexport default h;\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("rs/functions/broken.js"),
        "export default (;\n",
    )
    .unwrap();
    let err = load_failure(&dir.path().join("rs/rules.yaml"));
    assert!(
        err.contains("does not compile") && err.contains("broken.js:1:"),
        "{err}"
    );
}

#[test]
fn functions_call_the_core_functions_through_spectral_functions() {
    let messages = one_function_messages(
        "  checks:\n    given: $.paths.*.*\n    severity: error\n    message: '{{error}} at {{path}}'\n    then: { function: f }\n",
        "import { truthy, pattern, schema } from '@stoplight/spectral-functions';\n\
         const at = (context, key) => ({ ...context, path: [...context.path, key] });\n\
         export default (op, _options, context) => [\n\
           ...truthy(op.summary, null, at(context, 'summary')),\n\
           ...pattern(op.operationId, { match: '^[a-z][a-zA-Z]+$' }, at(context, 'operationId')),\n\
           ...schema(op, { schema: { type: 'object', required: ['responses'] } }, context),\n\
         ];\n",
        "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    get: { summary: fine, operationId: getA, responses: {} }\n    put: { operationId: Put_A }\n",
    );
    // Each result at its own path below the operation (the missing
    // `summary` at the operation, the closest node that exists).
    assert_eq!(
        messages,
        [
            "\"put.summary\" property must be truthy at #/paths/~1a/put",
            "Object must have required property \"responses\" at #/paths/~1a/put",
            "\"Put_A\" must match the pattern \"^[a-z][a-zA-Z]+$\" at #/paths/~1a/put/operationId"
        ]
    );
}
