//! The lint engine under hostile shapes: deep ref chains, exponential ref
//! fan-out, cycles. Each must finish quickly with complete or explicitly
//! incomplete results, never a crash or a hang.

use std::sync::Arc;
use std::time::{Duration, Instant};

use apilint::document::workspace::{LoadOptions, Workspace};
use apilint::engine::{self, LintOptions, ruleset};

const RULES: &str = r#"
rules:
  no-descriptions:
    given: $..description
    then:
      function: falsy
  typed:
    given: "$..[?(@.type == 'object')]"
    then:
      field: properties
      function: truthy
"#;

fn lint(text: String, opts: &LintOptions) -> Vec<apilint::engine::Finding> {
    let rs =
        ruleset::load_str("rules.yaml", RULES, None, &ruleset::LoadOptions::default()).unwrap();
    let ws =
        Workspace::from_text("spec.yaml", Arc::from(text), None, &LoadOptions::default()).unwrap();
    engine::lint(&ws, &rs, opts).findings
}

/// Runs `f` on a thread with a 16 MB stack (the CLI's lint thread has more);
/// a stack overflow would abort the test binary, which counts as failure.
fn on_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn a_chain_of_2000_schemas_linked_by_refs_is_walked_to_the_end() {
    // S0.properties.next -> S1 ... -> S1999, each with a description.
    let mut text = String::from("components:\n  schemas:\n");
    for i in 0..6000 {
        text.push_str(&format!(
            "    S{i}:\n      type: object\n      description: d{i}\n      properties:\n        next: {{$ref: '#/components/schemas/S{}'}}\n",
            (i + 1) % 6000
        ));
    }
    let findings = on_thread(move || lint(text, &LintOptions::default()));
    let descriptions = findings
        .iter()
        .filter(|f| f.code == "no-descriptions")
        .count();
    assert_eq!(
        descriptions, 6000,
        "every schema's description is found once"
    );
    assert!(findings.iter().all(|f| f.code != "lint-limit"));
}

#[test]
fn exponential_ref_fan_out_is_linear_in_the_walk() {
    // L{i} refers to L{i+1} twice: 2^30 paths to the bottom, 31 nodes.
    let mut text = String::from("components:\n  schemas:\n");
    for i in 0..30 {
        text.push_str(&format!(
            "    L{i}:\n      type: object\n      description: level {i}\n      properties:\n        a: {{$ref: '#/components/schemas/L{n}'}}\n        b: {{$ref: '#/components/schemas/L{n}'}}\n",
            n = i + 1
        ));
    }
    text.push_str("    L30: {type: string, description: bottom}\n");
    let start = Instant::now();
    let findings = on_thread(move || lint(text, &LintOptions::default()));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.code == "no-descriptions")
            .count(),
        31
    );
}

#[test]
fn a_visit_budget_stops_the_walk_with_a_finding() {
    let mut text = String::from("components:\n  schemas:\n");
    for i in 0..200 {
        text.push_str(&format!(
            "    S{i}: {{type: object, description: d, properties: {{x: {{type: string}}}}}}\n"
        ));
    }
    let opts = LintOptions {
        max_visits: 100,
        ..LintOptions::default()
    };
    let findings = lint(text, &opts);
    let limit: Vec<_> = findings.iter().filter(|f| f.code == "lint-limit").collect();
    assert_eq!(limit.len(), 1, "{findings:?}");
    assert!(limit[0].message.contains("incomplete"));
}

/// A one-thread lint on a thread that declared a walk-sized stack (as the
/// service's blocking pool does) walks in place, not on threads of its
/// own; the deep chain must still be walked to the end there, with the
/// same findings as the spawned walks give.
#[test]
fn a_one_thread_lint_walks_the_deep_chain_in_place_with_the_same_findings() {
    let mut text = String::from("components:\n  schemas:\n");
    for i in 0..6000 {
        text.push_str(&format!(
            "    S{i}:\n      type: object\n      description: d{i}\n      properties:\n        next: {{$ref: '#/components/schemas/S{}'}}\n",
            (i + 1) % 6000
        ));
    }
    let opts = LintOptions {
        threads: 1,
        ..LintOptions::default()
    };
    let spawned = {
        let (text, opts) = (text.clone(), opts.clone());
        on_thread(move || lint(text, &opts))
    };
    let in_place = std::thread::Builder::new()
        .stack_size(engine::lint::WALK_STACK)
        .spawn(move || {
            engine::lint::declare_walk_stack();
            lint(text, &opts)
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(
        in_place
            .iter()
            .filter(|f| f.code == "no-descriptions")
            .count(),
        6000
    );
    assert!(in_place.iter().all(|f| f.code != "lint-limit"));
    let key = |f: &apilint::engine::Finding| (f.code.clone(), f.path.clone(), f.message.clone());
    assert_eq!(
        in_place.iter().map(key).collect::<Vec<_>>(),
        spawned.iter().map(key).collect::<Vec<_>>()
    );
}
