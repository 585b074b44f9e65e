//! The service's configuration: [`ServeArgs`] (parsed flags and
//! environment) resolved into a typed [`ServiceConfig`].
//!
//! Parsing only checked syntax; this step checks meaning (a CORS origin
//! that is not a header value, an allow-list entry that is not a host name)
//! and fills in defaults, so the rest of the service reads plain fields.
//! It does no I/O: opening the database and loading the rule set happen
//! when the server starts ([`super::serve`]).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::args::{LogFormat, ServeArgs};

/// Where the active rule set comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulesetSetting {
    /// A built-in name (`apilint:zalando`) or a rule set file on the server.
    Named(String),
    /// A git repository, pulled every `poll` (never when zero).
    Repo {
        url: String,
        git_ref: Option<String>,
        path: String,
        poll: Duration,
    },
}

/// Which origins a browser may call the API from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cors {
    /// No CORS headers: same-origin only.
    Off,
    Any,
    Origins(Vec<String>),
}

/// Everything the running service needs to know.
#[derive(Clone, Debug)]
pub struct ServiceConfig {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    /// `None`: SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// How long start-up keeps trying a database that does not answer.
    pub database_wait: Duration,
    pub ruleset: RulesetSetting,
    pub admin_token: Option<String>,
    pub webhook_secret: Option<String>,
    pub api_token: Option<String>,
    pub max_body: usize,
    pub request_timeout: Duration,
    /// Hosts `spec_url` may name; empty means URL fetching is off.
    pub url_fetch_hosts: Vec<String>,
    pub cors: Cors,
    pub max_concurrent_lints: usize,
    /// Bytes of lint results kept for reuse (0: none).
    pub lint_cache_bytes: usize,
    /// Bytes of request bodies in memory at once; more are shed with 503.
    pub max_body_memory: usize,
    /// Lint requests that may wait for a slot; more are shed with 503.
    pub max_queue: usize,
    /// Longest wait for a lint slot before 503.
    pub queue_timeout: Duration,
    /// Time to send the headers (hyper's header read timeout, which also
    /// bounds an idle keep-alive connection) and, separately, the body.
    pub read_timeout: Duration,
    /// Open connections at most; the accept loop waits past it.
    pub max_connections: usize,
    pub log_format: LogFormat,
}

/// A configuration value that makes no sense.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl ServiceConfig {
    /// Checks and completes parsed arguments.
    pub fn from_args(args: &ServeArgs) -> Result<ServiceConfig, ConfigError> {
        let ruleset = match &args.ruleset_repo {
            Some(url) => RulesetSetting::Repo {
                url: url.clone(),
                git_ref: args.ruleset_ref.clone(),
                path: args.ruleset_path.clone(),
                poll: Duration::from_secs(args.ruleset_poll),
            },
            None => RulesetSetting::Named(args.ruleset.clone()),
        };
        let mut hosts = Vec::new();
        for host in &args.allow_url_fetch {
            let host = host.trim().to_ascii_lowercase();
            if host.is_empty() {
                continue;
            }
            let bare = host.strip_prefix("*.").unwrap_or(&host);
            if bare.is_empty()
                || !bare
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            {
                return Err(ConfigError(format!(
                    "--allow-url-fetch: \"{host}\" is not a host name (write e.g. `specs.example.com` or `*.example.com`)"
                )));
            }
            hosts.push(host);
        }
        let origins: Vec<String> = args
            .cors_origins
            .iter()
            .map(|o| o.trim().trim_end_matches('/').to_string())
            .filter(|o| !o.is_empty())
            .collect();
        let cors = if origins.is_empty() {
            Cors::Off
        } else if origins.iter().any(|o| o == "*") {
            Cors::Any
        } else {
            for o in &origins {
                if !(o.starts_with("http://") || o.starts_with("https://"))
                    || axum::http::HeaderValue::from_str(o).is_err()
                {
                    return Err(ConfigError(format!(
                        "--cors-origins: \"{o}\" is not an origin (write e.g. `https://portal.example.com`)"
                    )));
                }
            }
            Cors::Origins(origins)
        };
        if args.max_body == 0 {
            return Err(ConfigError("--max-body must be at least 1 byte".into()));
        }
        if args.request_timeout == 0 {
            return Err(ConfigError(
                "--request-timeout must be at least 1 second".into(),
            ));
        }
        let max_concurrent_lints = match args.max_concurrent_lints {
            Some(0) => {
                return Err(ConfigError(
                    "--max-concurrent-lints must be at least 1".into(),
                ));
            }
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(2, |n| n.get()),
        };
        if args.read_timeout == 0 {
            return Err(ConfigError(
                "--read-timeout must be at least 1 second".into(),
            ));
        }
        if args.max_connections == 0 {
            return Err(ConfigError("--max-connections must be at least 1".into()));
        }
        let empty_is_none = |s: &Option<String>| s.clone().filter(|t| !t.is_empty());
        Ok(ServiceConfig {
            addr: args.addr,
            data_dir: args.data_dir.clone(),
            database_url: empty_is_none(&args.database_url),
            database_wait: Duration::from_secs(args.database_wait),
            ruleset,
            admin_token: empty_is_none(&args.admin_token),
            webhook_secret: empty_is_none(&args.webhook_secret),
            api_token: empty_is_none(&args.api_token),
            max_body: args.max_body,
            request_timeout: Duration::from_secs(args.request_timeout),
            url_fetch_hosts: hosts,
            cors,
            max_concurrent_lints,
            lint_cache_bytes: args.lint_cache_mb.saturating_mul(1024 * 1024),
            max_body_memory: match args.max_body_memory {
                Some(0) => {
                    return Err(ConfigError(
                        "--max-body-memory must be at least 1 byte".into(),
                    ));
                }
                Some(n) => n,
                None => default_body_memory(args.max_body),
            },
            max_queue: args.max_queue,
            queue_timeout: Duration::from_secs(args.queue_timeout),
            read_timeout: Duration::from_secs(args.read_timeout),
            max_connections: args.max_connections,
            log_format: args.log_format,
        })
    }

    /// A configuration for tests and embedding: built-in `apilint:zalando`,
    /// SQLite in `data_dir`, no tokens, default limits.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> ServiceConfig {
        ServiceConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            database_url: None,
            database_wait: Duration::ZERO,
            ruleset: RulesetSetting::Named(crate::cli::DEFAULT_BUILTIN.to_string()),
            admin_token: None,
            webhook_secret: None,
            api_token: None,
            max_body: 10 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            url_fetch_hosts: Vec::new(),
            cors: Cors::Off,
            max_concurrent_lints: 2,
            lint_cache_bytes: 64 * 1024 * 1024,
            max_body_memory: default_body_memory(10 * 1024 * 1024),
            max_queue: 64,
            queue_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(15),
            max_connections: 4096,
            log_format: LogFormat::Text,
        }
    }
}

/// `--max-body-memory` when not given: room for 16 bodies of the largest
/// size at once (many more of the usual size), and 64 MiB at least.
fn default_body_memory(max_body: usize) -> usize {
    max_body.saturating_mul(16).max(64 << 20)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn args(extra: &[&str]) -> ServeArgs {
        let mut argv = vec!["apilint", "serve"];
        argv.extend_from_slice(extra);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Serve(a) => a,
            _ => panic!("not serve"),
        }
    }

    #[test]
    fn defaults_need_no_configuration() {
        let c = ServiceConfig::from_args(&args(&[])).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.ruleset, RulesetSetting::Named("apilint:zalando".into()));
        assert_eq!(c.max_body, 10 * 1024 * 1024);
        assert_eq!(c.cors, Cors::Off);
        assert!(c.url_fetch_hosts.is_empty() && c.database_url.is_none());
        assert_eq!(
            (c.max_queue, c.queue_timeout, c.read_timeout),
            (64, Duration::from_secs(10), Duration::from_secs(15))
        );
        assert_eq!(c.max_body_memory, 160 << 20);
        assert_eq!(c.max_connections, 4096);
    }

    #[test]
    fn the_load_limits_take_flags_and_refuse_zero() {
        let c =
            ServiceConfig::from_args(&args(&["--max-body", "1000", "--max-queue", "0"])).unwrap();
        assert_eq!((c.max_body_memory, c.max_queue), (64 << 20, 0));
        for flag in ["--read-timeout", "--max-connections", "--max-body-memory"] {
            let e = ServiceConfig::from_args(&args(&[flag, "0"])).unwrap_err();
            assert!(e.to_string().contains(flag), "{e}");
        }
    }

    #[test]
    fn a_repo_replaces_the_named_rule_set() {
        let c = ServiceConfig::from_args(&args(&[
            "--ruleset-repo",
            "/srv/rules.git",
            "--ruleset-ref",
            "main",
            "--ruleset-poll",
            "0",
        ]))
        .unwrap();
        assert_eq!(
            c.ruleset,
            RulesetSetting::Repo {
                url: "/srv/rules.git".into(),
                git_ref: Some("main".into()),
                path: ".spectral.yaml".into(),
                poll: Duration::ZERO
            }
        );
    }

    #[test]
    fn bad_hosts_and_origins_are_rejected_with_the_flag_named() {
        let e = ServiceConfig::from_args(&args(&["--allow-url-fetch", "http://x/"])).unwrap_err();
        assert!(e.to_string().contains("--allow-url-fetch"), "{e}");
        let e = ServiceConfig::from_args(&args(&["--cors-origins", "portal"])).unwrap_err();
        assert!(e.to_string().contains("--cors-origins"), "{e}");
        let c = ServiceConfig::from_args(&args(&[
            "--cors-origins",
            "https://a.example,https://b.example/",
        ]))
        .unwrap();
        assert_eq!(
            c.cors,
            Cors::Origins(vec!["https://a.example".into(), "https://b.example".into()])
        );
    }
}
