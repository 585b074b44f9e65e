//! `POST /api/v1/lint` in the CLI's report formats: `?format=` and
//! `Accept` pick the answer, each format comes with its media type and is
//! byte for byte what the CLI's renderer makes of the same findings, the
//! review is stored either way, and a format that cannot be given is a
//! problem (400 for an unknown `?format=`, 406 for an `Accept` that allows
//! nothing this endpoint writes).

mod service_support;

use apilint::output::{self, OutputFormat, RenderOptions, ReviewLink};
use apilint::service::review::{ReviewResult, engine_findings};
use axum::body::Body;
use axum::http::Request;
use service_support::{Answer, SPEC_WITH_MUST, get, send, start_in};

async fn lint(state: &apilint::service::AppState, query: &str, accept: Option<&str>) -> Answer {
    let mut request = Request::post(format!("/api/v1/lint{query}"))
        .header("content-type", "application/yaml")
        .header("host", "lint.example.com:8080");
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    send(state, request.body(Body::from(SPEC_WITH_MUST)).unwrap()).await
}

/// The stored review behind an answer's `Location`.
async fn stored(state: &apilint::service::AppState, answer: &Answer) -> (String, ReviewResult) {
    assert_eq!(answer.status.as_u16(), 201, "{}", answer.text);
    let location = answer.headers["location"].to_str().unwrap().to_string();
    let review = get(state, &location).await;
    assert_eq!(review.status.as_u16(), 200);
    (location, serde_json::from_str(&review.text).unwrap())
}

/// What the renderers make of a stored review's findings, as the service
/// should have answered.
fn expected(format: OutputFormat, review: ReviewResult, permalink: &str) -> String {
    let findings = engine_findings(
        "spec.yaml",
        SPEC_WITH_MUST,
        std::sync::Arc::unwrap_or_clone(review.findings),
    );
    let sources = ["spec.yaml".to_string()];
    let texts = [("spec.yaml".to_string(), SPEC_WITH_MUST.into())];
    let reviews = [ReviewLink {
        document: "spec.yaml".into(),
        url: permalink.into(),
    }];
    output::render(
        format,
        &findings,
        &RenderOptions {
            sources: &sources,
            texts: &texts,
            reviews: &reviews,
            ..RenderOptions::default()
        },
    )
}

#[tokio::test]
async fn every_format_by_query_is_the_cli_renderers_output_with_its_media_type() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let cases = [
        ("text", "text/plain; charset=utf-8"),
        ("json", "application/json"),
        ("sarif", "application/sarif+json"),
        ("junit", "application/xml"),
        ("github-actions", "text/plain; charset=utf-8"),
        ("gitlab", "application/json"),
        ("markdown", "text/markdown; charset=utf-8"),
        // Aliases the CLI takes work too.
        ("stylish", "text/plain; charset=utf-8"),
        ("md", "text/markdown; charset=utf-8"),
    ];
    for (name, media_type) in cases {
        let answer = lint(&state, &format!("?format={name}"), None).await;
        assert_eq!(answer.content_type(), media_type, "{name}");
        assert_eq!(answer.headers["vary"], "accept");
        let (location, review) = stored(&state, &answer).await;
        let format = OutputFormat::from_name(name).unwrap();
        let permalink = format!("http://lint.example.com:8080{location}");
        assert_eq!(answer.text, expected(format, review, &permalink), "{name}");
    }
}

#[tokio::test]
async fn reports_carry_the_findings_frames_and_permalink() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let text = lint(&state, "?format=text", None).await;
    // The finding, and its code frame from the posted text.
    let at = text
        .text
        .find("zalando-118-property-names-snake-case    Property name \"petName\"")
        .unwrap_or_else(|| panic!("{}", text.text));
    let after: Vec<&str> = text.text[at..].lines().take(4).collect();
    assert!(
        after[3].starts_with("    > 17 |                   petName:"),
        "{after:#?}"
    );
    let md = send(
        &state,
        Request::post("/api/v1/lint?format=markdown")
            .header("content-type", "application/yaml")
            .header("host", "lint.example.com")
            .header("x-forwarded-proto", "https")
            .body(Body::from(SPEC_WITH_MUST))
            .unwrap(),
    )
    .await;
    let location = md.headers["location"].to_str().unwrap();
    assert!(
        md.text.contains(&format!(
            "Full review: https://lint.example.com{location}\n"
        )),
        "{}",
        md.text
    );
    assert!(md.text.contains(" MUST findings block this change"));
    let sarif: serde_json::Value =
        serde_json::from_str(&lint(&state, "?format=sarif", None).await.text).unwrap();
    let rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"zalando-118-property-names-snake-case"),
        "{rules:?}"
    );
    let spectral: serde_json::Value =
        serde_json::from_str(&lint(&state, "?format=json", None).await.text).unwrap();
    assert_eq!(spectral[0]["severity"], 0);
    assert_eq!(spectral[0]["source"], "spec.yaml");
}

#[tokio::test]
async fn accept_picks_the_format_when_no_query_does() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let cases = [
        (None, "application/json"),
        (Some("*/*"), "application/json"),
        (Some("application/json"), "application/json"),
        (Some("text/plain"), "text/plain; charset=utf-8"),
        (Some("text/markdown"), "text/markdown; charset=utf-8"),
        (Some("application/sarif+json"), "application/sarif+json"),
        (Some("application/xml"), "application/xml"),
        // The highest q wins, then the first listed; q=0 is "not this".
        (
            Some("text/plain;q=0.5, text/markdown"),
            "text/markdown; charset=utf-8",
        ),
        (
            Some("image/png, application/sarif+json;q=0.1"),
            "application/sarif+json",
        ),
        (
            Some("text/markdown;q=0, text/*;q=0.2"),
            "text/plain; charset=utf-8",
        ),
        (
            Some("application/json, application/problem+json"),
            "application/json",
        ),
    ];
    for (accept, media_type) in cases {
        let answer = lint(&state, "", accept).await;
        assert_eq!(answer.content_type(), media_type, "{accept:?}");
        stored(&state, &answer).await;
    }
    // The default answer is still the service's own review.
    let review = lint(&state, "", None).await.json();
    assert_eq!(review["passed"], false);
    assert!(review["findings"].as_array().unwrap().len() > 1);
    // `?format=` wins over `Accept`.
    let answer = lint(&state, "?format=junit", Some("text/markdown")).await;
    assert_eq!(answer.content_type(), "application/xml");
}

#[tokio::test]
async fn a_format_that_cannot_be_given_is_a_problem_and_no_review() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let detail = lint(&state, "?format=pdf", None).await.problem(400);
    assert!(
        detail.contains("unknown format \"pdf\"") && detail.contains("github-actions"),
        "{detail}"
    );
    let detail = lint(&state, "", Some("image/png, text/markdown;q=0"))
        .await
        .problem(406);
    assert!(detail.contains("image/png"), "{detail}");
    // Nothing was linted or stored.
    let stats = get(&state, "/api/v1/stats").await.json();
    assert_eq!(stats["total_reviews"], 0, "{stats}");
}
