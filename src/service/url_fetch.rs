//! Fetching a spec named by `spec_url` (or Zally's `api_definition_url`),
//! only when the operator allowed it, and only from allowed hosts.
//!
//! A server that fetches URLs for its clients can be turned against the
//! network it sits in (SSRF). The guard, in order:
//! - URL fetching is off unless `--allow-url-fetch` lists hosts;
//! - the URL is `http(s)` and its host is on that list (`*.example.com`
//!   matches subdomains of example.com);
//! - every address the host resolves to is public: no loopback, private,
//!   link-local, CGNAT, unique-local or unspecified address;
//! - redirects are followed by hand, at most [`MAX_REDIRECTS`], and only
//!   to the same host (each hop is checked again);
//! - the body is capped at the server's body limit and the whole fetch at
//!   its request timeout.
//!
//! Not covered: a DNS answer that changes between the check and the
//! connection (rebinding). Allow-listing hosts the company controls is
//! what keeps that out.

use std::io::Read;
use std::net::ToSocketAddrs;
use std::time::Duration;

use axum::http::Uri;

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

/// Checks `url` against the policy; returns its host.
fn check(url: &str, allowed: &[String]) -> Result<String, FetchError> {
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
    if !host_allowed(&host, allowed) {
        return Err(FetchError::Refused(format!(
            "host \"{host}\" is not on this server's URL allow-list"
        )));
    }
    let port = uri
        .port_u16()
        .unwrap_or(if scheme == "https" { 443 } else { 80 });
    let addrs: Vec<_> = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| FetchError::Failed(format!("cannot resolve \"{host}\": {e}")))?
        .collect();
    if addrs.is_empty() {
        return Err(FetchError::Failed(format!("\"{host}\" has no address")));
    }
    if let Some(bad) = addrs.iter().find(|a| !address_is_public(a.ip())) {
        return Err(FetchError::Refused(format!(
            "host \"{host}\" resolves to a non-public address ({}); not fetched",
            bad.ip()
        )));
    }
    Ok(host)
}

/// Fetches `url` under the policy. Blocking: call from the blocking pool.
pub fn fetch(
    url: &str,
    allowed: &[String],
    max_bytes: usize,
    timeout: Duration,
) -> Result<String, FetchError> {
    if allowed.is_empty() {
        return Err(FetchError::Disabled);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let mut current = url.to_string();
    let first_host = check(&current, allowed)?;
    for _ in 0..=MAX_REDIRECTS {
        let response = agent
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
            let host = check(&next, allowed)?;
            if host != first_host {
                return Err(FetchError::Refused(format!(
                    "\"{current}\" redirects to another host ({host}); not followed"
                )));
            }
            current = next;
            continue;
        }
        if !status.is_success() {
            return Err(FetchError::Failed(format!(
                "\"{current}\" answered {status}"
            )));
        }
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
