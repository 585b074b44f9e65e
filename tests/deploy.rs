//! The deployment files agree with the binary they deploy: the
//! Dockerfile's `HEALTHCHECK` is a command `apilint` parses (its run
//! against a live service is in `cli_remote.rs`), and the Kubernetes
//! manifests are YAML whose probe paths are routes of the service, whose
//! environment variables are ones `apilint serve` reads (a misspelt one
//! would be ignored without a word), and whose references between
//! resources (ConfigMap, Secret, Deployment, Service, HPA) match.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use apilint::cli::args::{Cli, Command};
use apilint::document::Workspace;
use apilint::document::workspace::{FileAccess, LoadOptions};
use clap::{CommandFactory, Parser};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A YAML file as JSON, read with apilint's own parser.
fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    let ws = Workspace::from_text(
        name,
        text.as_str().into(),
        None,
        &LoadOptions {
            files: FileAccess::Deny,
            ..LoadOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{name} is not YAML: {e}"));
    ws.view(false).to_json().unwrap()
}

fn k8s(name: &str) -> Value {
    yaml(&root().join("deploy/k8s").join(name))
}

/// The environment variables `apilint serve` reads.
fn serve_env_names() -> BTreeSet<String> {
    let cli = Cli::command();
    let serve = cli.find_subcommand("serve").expect("a serve command");
    serve
        .get_arguments()
        .filter_map(|a| a.get_env())
        .map(|e| e.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_dockerfile_healthcheck_is_apilint_health_on_the_exposed_port() {
    let text = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    // Instructions with their continuation lines joined.
    let joined = text.replace("\\\n", " ");
    let instructions: Vec<&str> = joined
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let healthcheck = instructions
        .iter()
        .find(|l| l.starts_with("HEALTHCHECK"))
        .expect("a HEALTHCHECK");
    let exec = &healthcheck[healthcheck.find("CMD [").expect("exec form") + 4..];
    let argv: Vec<String> = serde_json::from_str(exec).unwrap();
    assert_eq!(argv[0], "apilint");
    let cli = Cli::try_parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    assert!(matches!(cli.command, Command::Health(_)), "{argv:?}");
    // `apilint health` asks APILINT_ADDR, which the image sets to the port
    // it exposes.
    assert!(
        instructions
            .iter()
            .any(|l| l.starts_with("ENV") && l.contains("APILINT_ADDR=0.0.0.0:8080")),
        "{instructions:?}"
    );
    assert!(instructions.contains(&"EXPOSE 8080"));
    assert!(instructions.contains(&"VOLUME [\"/data\"]"));
    let user = instructions
        .iter()
        .rfind(|l| l.starts_with("USER"))
        .expect("a USER");
    assert!(!user.contains("root") && !user.contains(" 0"), "{user}");
    assert!(
        instructions
            .iter()
            .any(|l| l.contains("cargo build --release --locked")),
        "the image builds with the lock file"
    );
}

#[test]
fn the_k8s_manifests_fit_the_service_and_each_other() {
    let served = serve_env_names();
    let routes: BTreeSet<&str> = apilint::service::routes::ROUTES
        .iter()
        .filter(|(m, _)| *m == "get")
        .map(|(_, p)| *p)
        .collect();

    let config = k8s("configmap.yaml");
    let secret = k8s("secret.yaml");
    let deployment = k8s("deployment.yaml");
    let service = k8s("service.yaml");
    let hpa = k8s("hpa.yaml");
    let kustomization = k8s("kustomization.yaml");

    for (what, keys) in [
        ("ConfigMap", &config["data"]),
        ("Secret", &secret["stringData"]),
    ] {
        for key in keys.as_object().unwrap().keys() {
            assert!(
                served.contains(key),
                "{what} sets {key}, which apilint serve does not read"
            );
        }
    }

    let pod = &deployment["spec"]["template"];
    let container = &pod["spec"]["containers"][0];
    for var in container["env"].as_array().unwrap() {
        let name = var["name"].as_str().unwrap();
        assert!(name == "HOME" || served.contains(name), "env {name}");
        if let Some(r) = var["valueFrom"]["secretKeyRef"].as_object() {
            assert_eq!(r["name"], secret["metadata"]["name"]);
            assert!(
                secret["stringData"]
                    .get(r["key"].as_str().unwrap())
                    .is_some(),
                "{r:?}"
            );
        }
        if name == "APILINT_ADDR" {
            let port = var["value"].as_str().unwrap().rsplit(':').next().unwrap();
            assert_eq!(container["ports"][0]["containerPort"].to_string(), port);
        }
    }
    assert_eq!(
        container["envFrom"][0]["configMapRef"]["name"],
        config["metadata"]["name"]
    );
    for probe in ["startupProbe", "livenessProbe", "readinessProbe"] {
        let path = container[probe]["httpGet"]["path"].as_str().unwrap();
        assert!(routes.contains(path), "{probe} asks {path}, no route");
    }
    assert_eq!(container["readinessProbe"]["httpGet"]["path"], "/ready");
    assert!(container["resources"]["requests"]["cpu"].is_string());
    assert!(container["resources"]["limits"]["memory"].is_string());
    assert_eq!(pod["spec"]["securityContext"]["runAsNonRoot"], true);

    let labels = &pod["metadata"]["labels"];
    assert_eq!(&deployment["spec"]["selector"]["matchLabels"], labels);
    assert_eq!(&service["spec"]["selector"], labels);
    assert_eq!(
        service["spec"]["ports"][0]["targetPort"],
        container["ports"][0]["name"]
    );
    assert_eq!(hpa["spec"]["scaleTargetRef"]["kind"], deployment["kind"]);
    assert_eq!(
        hpa["spec"]["scaleTargetRef"]["name"],
        deployment["metadata"]["name"]
    );

    let listed: BTreeSet<String> = kustomization["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    let present: BTreeSet<String> = std::fs::read_dir(root().join("deploy/k8s"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "kustomization.yaml")
        .collect();
    assert_eq!(listed, present, "kustomization.yaml lists every manifest");
}
