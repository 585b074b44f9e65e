//! `apilint serve` as a process: configured through environment variables
//! alone, logging JSON, answering on the port it bound, and stopping
//! cleanly (exit 0) on SIGTERM.

#![cfg(unix)]

mod service_support;

use std::io::Read;
use std::process::Command;
use std::time::Duration;

use service_support::server::{LISTENING, Serve};

#[test]
fn serve_reads_its_environment_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Serve::new()
        .env("APILINT_ADDR", "127.0.0.1:0")
        .env("APILINT_DATA_DIR", dir.path())
        .env("APILINT_LOG_FORMAT", "json")
        .env("APILINT_RULESET", "spectral:oas")
        .start();
    // Every line up to the listening event is JSON, and that event names
    // the rule set from the environment.
    let event = |line: &str| -> serde_json::Value {
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"))
    };
    let log = server.log_lines();
    let listening = log
        .iter()
        .position(|line| event(line)["fields"]["message"] == LISTENING)
        .expect("the server logs its address");
    let line = &log[listening];
    assert!(
        event(line)["fields"]["ruleset"]
            .as_str()
            .unwrap()
            .contains("spectral:oas"),
        "{line}"
    );
    let addr = server.addr;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut body = String::new();
    agent
        .get(&format!("http://{addr}/api/v1/ruleset"))
        .call()
        .unwrap()
        .into_body()
        .into_reader()
        .read_to_string(&mut body)
        .unwrap();
    assert!(body.contains("\"name\":\"spectral:oas\""), "{body}");
    assert!(dir.path().join("reviews.sqlite").exists());

    let status = server.terminate();
    assert!(status.success(), "exit status after SIGTERM: {status}");
    let rest = &server.log_lines()[listening + 1..];
    assert!(
        rest.iter().any(|l| l.contains("apilint serve stopped")),
        "{rest:?}"
    );
}

#[test]
fn a_bad_setting_is_exit_code_2_with_the_flag_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_apilint"))
        .args(["serve", "--cors-origins", "portal"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cors-origins"));
}
