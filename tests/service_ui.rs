//! The browser pages through `app()` with `tower::ServiceExt::oneshot`:
//! the editor, a review's permalink and its embeddable report, the rule
//! catalogue, the embedded assets with their cache headers, the 404 pages,
//! the pages being off with an API token; and the editor's lint that
//! stores nothing (`"store": false`). The pages in a real browser:
//! tests/editor_e2e.rs.

mod service_support;

use apilint::service::ServiceConfig;
use apilint::service::ui::assets;
use axum::body::Body;
use axum::http::Request;
use serde_json::json;
use service_support::*;
use tower::ServiceExt;

const SNAKE: &str = "zalando-118-property-names-snake-case";

fn assert_html(a: &Answer, status: u16) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text);
    assert_eq!(a.content_type(), "text/html; charset=utf-8", "{}", a.text);
    assert!(a.text.starts_with("<!doctype html>"), "{}", a.text);
}

/// The JSON a page hands its script, parsed back.
fn page_json(html: &str, id: &str) -> serde_json::Value {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no {id} in {html}"))
        + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[tokio::test]
async fn the_editor_page_links_its_assets_and_passes_the_server_settings() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let a = get(&state, "/").await;
    assert_html(&a, 200);
    assert!(a.text.contains("data-page=\"editor\""));
    assert!(a.text.contains(&assets::url("editor.js")), "{}", a.text);
    assert!(a.text.contains(&assets::url("editor.css")), "{}", a.text);
    // Labels the editor's controls need.
    assert!(a.text.contains("<label for=\"ruleset\">Rule set</label>"));
    assert!(a.text.contains("aria-labelledby=\"problems-title\""));
    let csp = a.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let config = page_json(&a.text, "apilint-config");
    assert_eq!(config["ruleset"], "apilint:zalando");
    assert_eq!(config["rulesets"][0], "apilint:zalando");
    assert!(
        config["rulesets"]
            .as_array()
            .unwrap()
            .contains(&json!("spectral:oas"))
    );
    assert_eq!(config["url_fetch"], false);
    assert!(config["sample"].as_str().unwrap().starts_with("openapi:"));

    let mut with_fetch = ServiceConfig::for_data_dir(dir.path().join("b"));
    with_fetch.url_fetch_hosts = vec!["specs.example.com".into()];
    let state = start(with_fetch).await;
    let a = get(&state, "/").await;
    assert_eq!(page_json(&a.text, "apilint-config")["url_fetch"], true);
}

/// The raw response to `GET uri` with `headers`.
async fn raw(
    state: &apilint::service::AppState,
    uri: &str,
    headers: &[(&str, &str)],
) -> axum::response::Response {
    let mut request = Request::get(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    apilint::service::app(state.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn assets_are_served_embedded_gzipped_on_request_and_cached_by_their_hash() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let js = assets::find("editor.js").unwrap();
    let url = assets::url("editor.js");

    let r = raw(&state, &url, &[]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(r.headers().get("content-encoding").is_none());
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let body = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(&body[..], js.bytes);
    // The bundle is CodeMirror, built: not an empty or placeholder file.
    assert!(js.bytes.len() > 100_000 && String::from_utf8_lossy(js.bytes).contains("cm-content"));

    let r = raw(&state, &url, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert_eq!(r.headers()["vary"], "accept-encoding");
    let body = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(&body[..], js.gzip);
    assert!(js.gzip.len() < js.bytes.len() / 2);

    // Without the current hash: revalidate; a matching ETag is a 304.
    let r = raw(&state, "/assets/editor.css?v=old", &[]).await;
    assert_eq!(r.headers()["cache-control"], "no-cache");
    assert_eq!(r.headers()["content-type"], "text/css; charset=utf-8");
    let r = raw(&state, &url, &[("if-none-match", &etag)]).await;
    assert_eq!(r.status(), 304);

    let a = get(&state, "/assets/nope.js").await;
    assert!(a.problem(404).contains("nope.js"));
}

#[tokio::test]
async fn a_review_permalink_shows_the_spec_and_findings_and_an_embeddable_report() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let spec = format!("{SPEC_WITH_MUST}# </script><script>alert(1)</script>\n");
    let lint = post_json(&state, "/api/v1/lint", json!({ "spec": spec })).await;
    assert_eq!(lint.status, 201, "{}", lint.text);
    let id = lint.json()["id"].as_str().unwrap().to_string();

    let a = get(&state, &format!("/reviews/{id}")).await;
    assert_html(&a, 200);
    assert!(a.text.contains("data-page=\"review\""));
    assert!(a.text.contains("id=\"edit-copy\""));
    // The spec cannot end the script element it travels in.
    assert_eq!(a.text.matches("</script>").count(), 2, "{}", a.text);
    let review = page_json(&a.text, "apilint-review");
    let api = get(&state, &format!("/api/v1/reviews/{id}")).await.json();
    assert_eq!(review, api);
    assert_eq!(review["spec"], spec.as_str());

    let e = get(&state, &format!("/reviews/{id}?embed=1")).await;
    assert_html(&e, 200);
    assert!(!e.text.contains("<script"), "the report needs no script");
    let must = api["counts"]["must"].as_u64().unwrap();
    assert!(e.text.contains(&format!(">MUST {must}<")), "{}", e.text);
    assert!(
        e.text.contains("line 17 \u{b7} Property name"),
        "{}",
        e.text
    );
    assert!(e.text.contains(&format!("href=\"/rules/{SNAKE}\"")));
    assert_eq!(
        e.text.matches("<li>").count(),
        api["findings"].as_array().unwrap().len()
    );

    let missing = get(&state, "/reviews/00000000-0000-0000-0000-000000000000").await;
    assert_html(&missing, 404);
    assert!(
        missing.text.contains("no review with id"),
        "{}",
        missing.text
    );
}

#[tokio::test]
async fn the_rule_catalogue_renders_each_rules_explain_text() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let list = get(&state, "/rules").await;
    assert_html(&list, 200);
    let rules = get(&state, "/api/v1/rules").await.json();
    let count = rules["rules"].as_array().unwrap().len();
    assert_eq!(list.text.matches("<tr><td>").count(), count);
    assert!(list.text.contains(&format!("href=\"/rules/{SNAKE}\"")));

    let one = get(&state, &format!("/rules/{SNAKE}")).await;
    assert_html(&one, 200);
    assert!(one.text.contains("<h2>What it does</h2>"), "{}", one.text);
    assert!(one.text.contains("<h2>Example</h2>"));
    assert!(
        one.text
            .contains("<pre><code class=\"language-yaml\"># Bad")
    );
    assert!(one.text.contains("badge level-must\">MUST<"));
    assert!(
        one.text
            .contains("href=\"https://opensource.zalando.com/restful-api-guidelines/#118\"",)
    );
    // The same text as `apilint rules --explain`: every prose line of it.
    let docs = get(&state, &format!("/api/v1/rules/{SNAKE}")).await.json();
    let first = docs["docs"]
        .as_str()
        .unwrap()
        .lines()
        .find(|l| l.starts_with("Checks"))
        .unwrap();
    assert!(one.text.contains(first.trim_end()), "{first}");

    let other = get(&state, "/rules/info-contact?ruleset=spectral:oas").await;
    assert_html(&other, 200);
    assert!(other.text.contains("spectral:oas"));

    let unknown = get(&state, "/rules/no-such-rule").await;
    assert_html(&unknown, 404);
    assert!(unknown.text.contains("has no rule"), "{}", unknown.text);
    let bad_set = get(&state, "/rules?ruleset=nope").await;
    assert_html(&bad_set, 422);
}

#[tokio::test]
async fn the_pages_are_off_with_an_api_token_and_the_assets_stay_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServiceConfig::for_data_dir(dir.path());
    config.api_token = Some("s3cret".into());
    let state = start(config).await;
    for page in ["/", "/rules", &format!("/rules/{SNAKE}"), "/reviews/x"] {
        let a = get(&state, page).await;
        assert_html(&a, 403);
        assert!(a.text.contains("--api-token"), "{page}: {}", a.text);
    }
    assert_eq!(get(&state, &assets::url("editor.css")).await.status, 200);
}

#[tokio::test]
async fn a_lint_with_store_false_answers_200_and_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = start_in(dir.path()).await;
    let a = post_json(
        &state,
        "/api/v1/lint",
        json!({ "spec": SPEC_WITH_MUST, "store": false }),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(a.headers.get("location").is_none());
    let v = a.json();
    assert!(v["counts"]["must"].as_u64().unwrap() >= 1);
    let id = v["id"].as_str().unwrap();
    get(&state, &format!("/api/v1/reviews/{id}"))
        .await
        .problem(404);
    let stats = get(&state, "/api/v1/stats").await.json();
    assert_eq!(stats["total_reviews"], 0, "{stats}");
}
