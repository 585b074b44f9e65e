//! `apilint serve` as a process: configured through environment variables
//! alone, logging JSON, answering on the port it bound, and stopping
//! cleanly (exit 0) on SIGTERM.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn serve_reads_its_environment_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_apilint"))
        .arg("serve")
        .env("APILINT_ADDR", "127.0.0.1:0")
        .env("APILINT_DATA_DIR", dir.path())
        .env("APILINT_LOG_FORMAT", "json")
        .env("APILINT_RULESET", "spectral:oas")
        .env_remove("APILINT_DATABASE_URL")
        .env_remove("APILINT_API_TOKEN")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut addr = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        let event: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        if event["fields"]["message"] == "apilint serve is listening" {
            assert!(
                event["fields"]["ruleset"]
                    .as_str()
                    .unwrap()
                    .contains("spectral:oas"),
                "{line}"
            );
            addr = Some(event["fields"]["addr"].as_str().unwrap().to_string());
            break;
        }
    }
    let addr = addr.expect("the server logs its address");
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

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status after SIGTERM: {status}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
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
