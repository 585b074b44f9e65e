//! The service over a real socket (127.0.0.1, a free port): a client that
//! speaks HTTP/1.1 sees the same API, the body limit holds against a real
//! `Content-Length`, and shutdown is graceful.

mod service_support;

use std::io::Read;
use std::time::Duration;

use apilint::service::ServiceConfig;
use apilint::service::serve::serve_on;
use service_support::*;
use tokio::net::TcpListener;

/// Starts the service on a free port; returns its base URL and the handle
/// that stops it.
async fn running(
    config: ServiceConfig,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let state = start(config).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_on(listener, state, async move {
        let _ = stopped.await;
    }));
    (base, stop, server)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// Status, content type and body of a blocking request.
fn call(
    req: impl FnOnce(&ureq::Agent) -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> (u16, String, String) {
    let response = req(&agent()).unwrap();
    let status = response.status().as_u16();
    let ct = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let mut text = String::new();
    response
        .into_body()
        .into_reader()
        .read_to_string(&mut text)
        .unwrap();
    (status, ct, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lint_and_permalink_over_a_socket_then_a_graceful_stop() {
    let dir = tempfile::tempdir().unwrap();
    let (base, stop, server) = running(ServiceConfig::for_data_dir(dir.path())).await;
    let url = base.clone();
    let (status, location, body) = tokio::task::spawn_blocking(move || {
        let response = agent()
            .post(&format!("{url}/api/v1/lint"))
            .header("content-type", "application/yaml")
            .send(SPEC_WITH_MUST)
            .unwrap();
        let status = response.status().as_u16();
        let location = response.headers()["location"].to_str().unwrap().to_string();
        let mut text = String::new();
        response
            .into_body()
            .into_reader()
            .read_to_string(&mut text)
            .unwrap();
        (status, location, text)
    })
    .await
    .unwrap();
    assert_eq!(status, 201, "{body}");
    let url = format!("{base}{location}");
    let (status, _, stored) = tokio::task::spawn_blocking(move || call(|a| a.get(&url).call()))
        .await
        .unwrap();
    assert_eq!(status, 200);
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["spec"], SPEC_WITH_MUST);

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    let url = format!("{base}/health");
    let after = tokio::task::spawn_blocking(move || agent().get(&url).call())
        .await
        .unwrap();
    assert!(after.is_err(), "the server still answers after shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_over_a_socket_are_problems_too() {
    let dir = tempfile::tempdir().unwrap();
    let (base, stop, server) = running(ServiceConfig {
        max_body: 4096,
        ..ServiceConfig::for_data_dir(dir.path())
    })
    .await;
    let url = base.clone();
    let results = tokio::task::spawn_blocking(move || {
        vec![
            call(|a| {
                a.post(&format!("{url}/api/v1/lint"))
                    .header("content-type", "application/yaml")
                    .send(&"#".repeat(10_000)[..])
            }),
            call(|a| a.get(&format!("{url}/no/such/thing")).call()),
            call(|a| {
                a.post(&format!("{url}/api/v1/lint"))
                    .header("content-type", "application/json")
                    .send("{\"spec\": 1")
            }),
        ]
    })
    .await
    .unwrap();
    let statuses: Vec<u16> = results.iter().map(|r| r.0).collect();
    assert_eq!(statuses, [413, 404, 400]);
    for (_, ct, body) in &results {
        assert_eq!(ct, "application/problem+json", "{body}");
    }
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
