//! Fetching a spec named by `spec_url` (or Zally's `api_definition_url`),
//! only when the operator allowed it, and only from allowed hosts.
//!
//! A server that fetches URLs for its clients can be turned against the
//! network it sits in (SSRF). The guard, in order:
//! - URL fetching is off unless `--allow-url-fetch` lists hosts;
//! - the URL is `http(s)` and its host is on that list (`*.example.com`
//!   matches subdomains of example.com);
//! - the host is resolved once and every address it resolves to must be
//!   public (no loopback, private, link-local, CGNAT, unique-local,
//!   multicast or unspecified address, v4, v6 or v4-mapped v6); the
//!   connection then goes to exactly those checked addresses (the DNS
//!   answer is pinned, so a rebinding name cannot swap in 127.0.0.1
//!   between check and connect), never through a proxy;
//! - redirects are followed by hand, at most [`MAX_REDIRECTS`], and only
//!   to the same host (each hop is resolved and checked again);
//! - the body is capped at the server's body limit and the whole fetch at
//!   its request timeout.
//!
//! The resolution and the pinned client are [`crate::document::fetch`]'s,
//! shared with remote `$ref`s in the CLI.

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use axum::http::Uri;

use crate::document::fetch::{Lookup, SystemLookup, Unresolved, pinned_agent, resolve_checked};
use crate::document::workspace::decode_text;

pub const MAX_REDIRECTS: usize = 3;

/// Why a URL was not fetched.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The server does not fetch URLs at all.
    #[error("this server does not fetch specs from URLs (start it with --allow-url-fetch HOSTS)")]
    Disabled,
    /// The URL is not acceptable (scheme, host, address).
    #[error("{0}")]
    Refused(String),
    /// The remote end failed.
    #[error("{0}")]
    Failed(String),
}

/// Whether `host` is on the allow-list.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let host = host.to_ascii_lowercase();
    allowed.iter().any(|a| match a.strip_prefix("*.") {
        Some(domain) => host.ends_with(&format!(".{domain}")),
        None => *a == host,
    })
}

pub use crate::document::fetch::address_is_public;

/// What a fetch may do.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Hosts that may be named; empty: URL fetching is off.
    pub allowed: Vec<String>,
    pub max_bytes: usize,
    pub timeout: Duration,
    /// Where host names are looked up (the system's resolver; a test hook).
    pub lookup: Arc<dyn Lookup>,
    /// Connect to non-public addresses too. Only tests set this, to reach a
    /// server on loopback; the service never does.
    pub allow_private: bool,
}

/// A URL that passed the policy, and the addresses to connect to.
struct Checked {
    host: String,
    addrs: Vec<std::net::SocketAddr>,
}

/// Checks `url` against the policy and resolves its host (once).
fn check(url: &str, policy: &Policy) -> Result<Checked, FetchError> {
    let uri: Uri = url
        .parse()
        .map_err(|_| FetchError::Refused(format!("\"{url}\" is not a URL")))?;
    let scheme = uri.scheme_str().unwrap_or("");
    if scheme != "http" && scheme != "https" {
        return Err(FetchError::Refused(format!(
            "\"{url}\": only http and https URLs are fetched"
        )));
    }
    let host = uri
        .host()
        .ok_or_else(|| FetchError::Refused(format!("\"{url}\" has no host")))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    if !host_allowed(&host, &policy.allowed) {
        return Err(FetchError::Refused(format!(
            "host \"{host}\" is not on this server's URL allow-list"
        )));
    }
    let addrs = resolve_checked(&uri, &policy.lookup, policy.allow_private, policy.timeout)
        .map_err(|e| match e {
            Unresolved::NotPublic { host, ip } => FetchError::Refused(format!(
                "host \"{host}\" resolves to a non-public address ({ip}); not fetched"
            )),
            other => FetchError::Failed(other.to_string()),
        })?;
    Ok(Checked { host, addrs })
}

/// Fetches `url` under the server's policy: the system resolver, public
/// addresses only. Blocking: call from the blocking pool.
pub fn fetch(
    url: &str,
    allowed: &[String],
    max_bytes: usize,
    timeout: Duration,
) -> Result<String, FetchError> {
    fetch_with(
        url,
        &Policy {
            allowed: allowed.to_vec(),
            max_bytes,
            timeout,
            lookup: Arc::new(SystemLookup),
            allow_private: false,
        },
    )
}

/// Fetches `url` under `policy`. Blocking.
pub fn fetch_with(url: &str, policy: &Policy) -> Result<String, FetchError> {
    if policy.allowed.is_empty() {
        return Err(FetchError::Disabled);
    }
    let deadline = std::time::Instant::now() + policy.timeout;
    let mut current = url.to_string();
    let mut checked = check(&current, policy)?;
    let first_host = checked.host.clone();
    for _ in 0..=MAX_REDIRECTS {
        // The timeout bounds the whole fetch, redirects included.
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let response = pinned_agent(left, checked.addrs)
            .get(&current)
            .call()
            .map_err(|e| FetchError::Failed(format!("cannot fetch \"{current}\": {e}")))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| {
                    FetchError::Failed(format!("\"{current}\" redirects without a Location"))
                })?;
            let next = resolve_location(&current, location);
            // The host is compared before it is resolved: a cross-host
            // redirect costs no lookup.
            let next_host = next.parse::<Uri>().ok().and_then(|u| {
                u.host()
                    .map(|h| h.trim_matches(['[', ']']).to_ascii_lowercase())
            });
            if next_host.as_deref() != Some(first_host.as_str()) {
                return Err(FetchError::Refused(format!(
                    "\"{current}\" redirects to another host ({}); not followed",
                    next_host.as_deref().unwrap_or("?")
                )));
            }
            checked = check(&next, policy)?;
            current = next;
            continue;
        }
        if !status.is_success() {
            return Err(FetchError::Failed(format!(
                "\"{current}\" answered {status}"
            )));
        }
        let max_bytes = policy.max_bytes;
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(max_bytes as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| FetchError::Failed(format!("cannot read \"{current}\": {e}")))?;
        if body.len() > max_bytes {
            return Err(FetchError::Failed(format!(
                "\"{current}\" is larger than {max_bytes} bytes"
            )));
        }
        return decode_text(body).map_err(|e| FetchError::Failed(format!("\"{current}\": {e}")));
    }
    Err(FetchError::Failed(format!(
        "\"{url}\" redirects more than {MAX_REDIRECTS} times"
    )))
}

/// A redirect target: absolute, or relative to the current URL's origin.
fn resolve_location(current: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let Ok(uri) = current.parse::<Uri>() else {
        return location.to_string();
    };
    let origin = format!(
        "{}://{}",
        uri.scheme_str().unwrap_or("https"),
        uri.authority().map_or("", |a| a.as_str())
    );
    if location.starts_with('/') {
        format!("{origin}{location}")
    } else {
        let path = uri.path();
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{origin}{dir}{location}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(hosts: &[&str]) -> Vec<String> {
        hosts.iter().map(|h| h.to_string()).collect()
    }

    #[test]
    fn the_allow_list_matches_hosts_and_subdomains_only() {
        let allowed = list(&["specs.example.com", "*.corp.example"]);
        assert!(host_allowed("SPECS.example.com", &allowed));
        assert!(host_allowed("a.b.corp.example", &allowed));
        assert!(!host_allowed("corp.example", &allowed));
        assert!(!host_allowed("evilcorp.example", &allowed));
        assert!(!host_allowed("specs.example.com.evil.test", &allowed));
    }

    #[test]
    fn private_and_local_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!address_is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:2800:220:1::1"] {
            assert!(address_is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn an_allowed_host_that_resolves_to_loopback_is_refused() {
        let e = fetch(
            "http://localhost:9/spec.yaml",
            &list(&["localhost"]),
            1000,
            Duration::from_secs(2),
        )
        .unwrap_err();
        assert!(
            matches!(e, FetchError::Refused(ref m) if m.contains("non-public")),
            "{e}"
        );
    }

    #[test]
    fn disabled_and_unlisted_and_non_http_are_refused() {
        assert_eq!(
            fetch("https://a.example/x", &[], 10, Duration::from_secs(1)),
            Err(FetchError::Disabled)
        );
        let allowed = list(&["a.example"]);
        let e = fetch("https://b.example/x", &allowed, 10, Duration::from_secs(1)).unwrap_err();
        assert!(e.to_string().contains("allow-list"), "{e}");
        let e = fetch("file:///etc/passwd", &allowed, 10, Duration::from_secs(1)).unwrap_err();
        assert!(matches!(e, FetchError::Refused(_)), "{e}");
    }

    /// The DNS test hook: canned answers by host name (in the order asked,
    /// the last one repeating), counting the lookups.
    #[derive(Debug, Default)]
    struct Canned {
        answers: std::collections::HashMap<String, Vec<Vec<std::net::SocketAddr>>>,
        asked: std::sync::Mutex<Vec<String>>,
    }

    impl Canned {
        fn with(mut self, host: &str, answers: &[&[&str]]) -> Self {
            let answers = answers
                .iter()
                .map(|a| a.iter().map(|s| s.parse().unwrap()).collect())
                .collect();
            self.answers.insert(host.to_string(), answers);
            self
        }
        fn asked(&self) -> Vec<String> {
            self.asked.lock().unwrap().clone()
        }
    }

    impl Lookup for Canned {
        fn lookup(&self, host: &str, _port: u16) -> std::io::Result<Vec<std::net::SocketAddr>> {
            let mut asked = self.asked.lock().unwrap();
            let n = asked.iter().filter(|h| *h == host).count();
            asked.push(host.to_string());
            let answers = self.answers.get(host).ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such host (canned)")
            })?;
            Ok(answers[n.min(answers.len() - 1)].clone())
        }
    }

    /// A loopback HTTP server that answers each request with the response
    /// `respond` gives for its request line ("" = never answer), recording
    /// every request head; returns its address.
    fn recorder(
        respond: fn(&str) -> String,
    ) -> (std::net::SocketAddr, Arc<std::sync::Mutex<Vec<String>>>) {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let log = log.clone();
                std::thread::spawn(move || {
                    let mut head = Vec::new();
                    let mut byte = [0u8];
                    while !head.ends_with(b"\r\n\r\n") {
                        match std::io::Read::read(&mut stream, &mut byte) {
                            Ok(1) => head.push(byte[0]),
                            _ => return,
                        }
                    }
                    let head = String::from_utf8_lossy(&head).to_string();
                    let answer = respond(head.lines().next().unwrap_or(""));
                    log.lock().unwrap().push(head);
                    if answer.is_empty() {
                        std::thread::sleep(Duration::from_secs(5));
                        return;
                    }
                    let _ = stream.write_all(answer.as_bytes());
                });
            }
        });
        (addr, seen)
    }

    fn policy(lookup: Arc<Canned>, allow_private: bool) -> Policy {
        Policy {
            allowed: list(&["specs.example.com", "other.example.com"]),
            max_bytes: 1000,
            timeout: Duration::from_secs(2),
            lookup,
            allow_private,
        }
    }

    fn ok(body: &str) -> String {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    }

    #[test]
    fn an_allowed_name_with_a_private_answer_is_refused_before_any_connection() {
        let (addr, seen) = recorder(|_| ok("openapi: 3.0.3"));
        for bad in [
            "10.0.0.1:80",
            "127.0.0.1:80",
            "169.254.169.254:80",
            "100.64.1.1:80",
            "224.0.0.1:80",
            "[::1]:80",
            "[fe80::1]:80",
            "[fd12::1]:80",
            "[ff02::1]:80",
            "[::ffff:10.0.0.1]:80",
            "[::ffff:127.0.0.1]:80",
            "[64:ff9b::a00:1]:80",
        ] {
            // One public and one private answer: refused all the same.
            let lookup = Arc::new(
                Canned::default().with("specs.example.com", &[&["93.184.216.34:80", bad]]),
            );
            let e = fetch_with(
                "http://specs.example.com/spec.yaml",
                &policy(lookup.clone(), false),
            )
            .unwrap_err();
            assert!(
                matches!(&e, FetchError::Refused(m) if m.contains("non-public")),
                "{bad}: {e}"
            );
            assert_eq!(lookup.asked(), ["specs.example.com"], "{bad}");
        }
        // An IP literal is checked as its own answer, without a lookup.
        let lookup = Arc::new(Canned::default());
        let e = fetch_with(
            &format!("http://{addr}/spec.yaml"),
            &Policy {
                allowed: list(&["127.0.0.1"]),
                ..policy(lookup.clone(), false)
            },
        )
        .unwrap_err();
        assert!(
            matches!(&e, FetchError::Refused(m) if m.contains("non-public")),
            "{e}"
        );
        assert!(lookup.asked().is_empty());
        assert!(seen.lock().unwrap().is_empty(), "a connection was made");
    }

    #[test]
    fn the_connection_goes_to_the_checked_answer_and_the_name_is_resolved_once() {
        let (addr, seen) = recorder(|_| ok("openapi: 3.0.3\n"));
        // The name exists nowhere but in the hook: reaching the recorder
        // proves the client connected to the hook's answer.
        let lookup = Arc::new(Canned::default().with("specs.example.com", &[&[&addr.to_string()]]));
        let url = format!("http://specs.example.com:{}/spec.yaml", addr.port());
        let text = fetch_with(&url, &policy(lookup.clone(), true)).unwrap();
        assert_eq!(text, "openapi: 3.0.3\n");
        assert_eq!(lookup.asked(), ["specs.example.com"]);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert!(
            seen[0]
                .to_ascii_lowercase()
                .contains(&format!("host: specs.example.com:{}", addr.port())),
            "{}",
            seen[0]
        );
    }

    #[test]
    fn a_rebinding_name_cannot_swap_in_loopback_after_the_check() {
        let (addr, seen) = recorder(|_| ok("secret: 1"));
        // Public for the check; the recorder on loopback for any later
        // lookup. A client that resolved again would ask twice and reach
        // the recorder. The public answer, port 9 of 1.0.0.0, is
        // unreachable offline and refused or timed out online.
        let lookup = Arc::new(
            Canned::default().with("specs.example.com", &[&["1.0.0.0:9"], &[&addr.to_string()]]),
        );
        let url = format!("http://specs.example.com:{}/spec.yaml", addr.port());
        let e = fetch_with(
            &url,
            &Policy {
                timeout: Duration::from_secs(1),
                ..policy(lookup.clone(), false)
            },
        )
        .unwrap_err();
        assert!(matches!(e, FetchError::Failed(_)), "{e}");
        assert_eq!(lookup.asked(), ["specs.example.com"]);
        assert!(
            seen.lock().unwrap().is_empty(),
            "the rebound address was reached"
        );
    }

    #[test]
    fn redirects_stay_on_the_host_and_bodies_and_time_are_capped() {
        let (addr, seen) = recorder(|line| {
            if line.contains("/moved ") {
                "HTTP/1.1 302 Found\r\nLocation: /spec.yaml\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
            } else if line.contains("/away ") {
                "HTTP/1.1 302 Found\r\nLocation: http://other.example.com/spec.yaml\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
            } else if line.contains("/big ") {
                ok(&"x".repeat(2000))
            } else if line.contains("/hang ") {
                String::new()
            } else {
                ok("openapi: 3.0.3\n")
            }
        });
        let at = addr.to_string();
        let hosts = &[&[at.as_str()][..]];
        let lookup = Arc::new(
            Canned::default()
                .with("specs.example.com", hosts)
                .with("other.example.com", hosts),
        );
        let p = policy(lookup.clone(), true);
        let url = |path: &str| format!("http://specs.example.com:{}{path}", addr.port());
        assert_eq!(fetch_with(&url("/moved"), &p).unwrap(), "openapi: 3.0.3\n");
        let e = fetch_with(&url("/away"), &p).unwrap_err();
        assert!(
            matches!(&e, FetchError::Refused(m) if m.contains("another host (other.example.com)")),
            "{e}"
        );
        assert!(!lookup.asked().contains(&"other.example.com".to_string()));
        let e = fetch_with(&url("/big"), &p).unwrap_err();
        assert!(e.to_string().contains("larger than 1000 bytes"), "{e}");
        let started = std::time::Instant::now();
        let e = fetch_with(
            &url("/hang"),
            &Policy {
                timeout: Duration::from_millis(500),
                ..p.clone()
            },
        )
        .unwrap_err();
        assert!(matches!(e, FetchError::Failed(_)), "{e}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(seen.lock().unwrap().len(), 5);
    }

    #[test]
    fn relative_redirects_resolve_against_the_current_url() {
        assert_eq!(
            resolve_location("https://a.example/specs/x.yaml", "/y.yaml"),
            "https://a.example/y.yaml"
        );
        assert_eq!(
            resolve_location("https://a.example/specs/x.yaml", "y.yaml"),
            "https://a.example/specs/y.yaml"
        );
    }
}
