//! The service on a real PostgreSQL server: migrations, reviews that
//! survive a restart, statistics. Runs when `APILINT_TEST_DATABASE_URL`
//! names a server (a database on it that the user may `CREATE DATABASE`
//! from); each test makes its own database and drops it afterwards.
//! `.ci/run` starts a throwaway server and sets the variable; under CI
//! (`CI=true`) a missing variable is a failure, not a skip.

mod service_support;

use apilint::service::ServiceConfig;
use apilint::service::store::Backend;
use serde_json::json;
use service_support::*;
use sqlx::Connection;

fn server_url() -> Option<String> {
    match std::env::var("APILINT_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "APILINT_TEST_DATABASE_URL is not set: .ci/run starts PostgreSQL and sets it"
            );
            eprintln!(
                "skipped: set APILINT_TEST_DATABASE_URL=postgres://... to run the PostgreSQL tests"
            );
            None
        }
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{name}{query}", &base[..host_end])
}

/// A fresh database on the test server; dropped by [`drop_database`].
async fn fresh_database(server: &str) -> (String, String) {
    let name = format!("apilint_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(server)
        .await
        .expect("the test server answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    (with_database(server, &name), name)
}

async fn drop_database(server: &str, name: &str) {
    let mut conn = sqlx::PgConnection::connect(server).await.unwrap();
    // `FORCE` (PostgreSQL 13+): a session the closed pool ended may still
    // be on its way out on the server, and a plain DROP then fails with
    // "being accessed by other users" (seen once in CI).
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .unwrap();
}

fn config(dir: &std::path::Path, url: &str) -> ServiceConfig {
    ServiceConfig {
        database_url: Some(url.to_string()),
        ..ServiceConfig::for_data_dir(dir)
    }
}

#[tokio::test]
async fn reviews_survive_a_restart_on_postgres() {
    let Some(server) = server_url() else { return };
    let (url, name) = fresh_database(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let state = start(config(dir.path(), &url)).await;
        assert_eq!(state.store().backend(), Backend::Postgres);
        let a = post_json(&state, "/api/v1/lint", json!({"spec": SPEC_WITH_MUST})).await;
        assert_eq!(a.status, 201, "{}", a.text);
        state.store().close().await;
        a.json()["id"].as_str().unwrap().to_string()
    };
    // A second start finds the schema migrated and the review there.
    let state = start(config(dir.path(), &url)).await;
    let r = get(&state, &format!("/api/v1/reviews/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["spec"], SPEC_WITH_MUST);
    assert!(
        !dir.path().join("reviews.sqlite").exists(),
        "SQLite was used"
    );
    state.store().close().await;
    drop_database(&server, &name).await;
}

#[tokio::test]
async fn statistics_on_postgres_match_the_reviews() {
    let Some(server) = server_url() else { return };
    let (url, name) = fresh_database(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let state = start(config(dir.path(), &url)).await;
    for _ in 0..2 {
        post_json(&state, "/api/v1/lint", json!({"spec": SPEC_WITH_MUST})).await;
    }
    post_json(
        &state,
        "/api-violations",
        json!({"api_definition_string": SPEC_WITH_MUST}),
    )
    .await;
    let v = get(&state, "/api/v1/stats").await.json();
    assert_eq!(v["total_reviews"], 3);
    assert_eq!(v["distinct_apis"], 1);
    assert!(v["counts"]["must"].as_i64().unwrap() >= 3, "{v}");
    let snake = v["top_rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "zalando-118-property-names-snake-case")
        .unwrap();
    assert_eq!(snake["reviews"], 3);
    let z = get(&state, "/review-statistics").await.json();
    assert_eq!(z["total_reviews"], 3);
    assert_eq!(z["number_of_endpoints"], 3);
    let none = get(
        &state,
        "/api/v1/stats?from=2000-01-01T00:00:00Z&to=2000-01-02",
    )
    .await
    .json();
    assert_eq!(none["total_reviews"], 0);
    assert_eq!(get(&state, "/ready").await.status, 200);
    state.store().close().await;
    drop_database(&server, &name).await;
}

#[test]
fn the_database_name_is_replaced_in_any_url_form() {
    assert_eq!(
        with_database("postgres://u:p@h:5/postgres", "x"),
        "postgres://u:p@h:5/x"
    );
    assert_eq!(
        with_database("postgres://u@h:5/postgres?sslmode=disable", "x"),
        "postgres://u@h:5/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}
