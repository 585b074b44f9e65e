//! Fetching remote documents for `http(s)` `$ref`s and rule sets.
//!
//! Remote references are off unless the user turns them on (`apilint lint
//! --resolve-remote`); then an [`HttpFetcher`] is handed to the loaders.
//! It only speaks http and https, gives up after a timeout, and refuses
//! bodies larger than a limit, so a hostile ref target can neither hang a
//! lint nor fill its memory.
//!
//! A document's `$ref` names the URL, and documents come from anyone (a
//! pull request): a ref to `http://169.254.169.254/` (a cloud's metadata
//! service) or to a service on the CI runner's network must not be fetched
//! and echoed into a report. So every address the host resolves to must be
//! public ([`address_is_public`]: no loopback, private, link-local, CGNAT,
//! unique-local or unspecified address), and redirects are not followed (a
//! public host could redirect to a private one). Not covered: a DNS answer
//! that changes between the check and the connection (rebinding).

use std::io::Read;
use std::net::{IpAddr, ToSocketAddrs};
use std::time::Duration;

use super::workspace::{Fetcher, decode_text};

/// Fetches `http(s)` URLs with a time and size limit.
#[derive(Clone, Debug)]
pub struct HttpFetcher {
    pub timeout: Duration,
    pub max_bytes: u64,
    /// Fetch from loopback, private and link-local addresses too. Only for
    /// URLs the user typed (`-r https://rules.internal/...`), never for
    /// the `$ref`s of a document.
    pub allow_private: bool,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        HttpFetcher {
            timeout: Duration::from_secs(15),
            max_bytes: 64 * 1024 * 1024,
            allow_private: false,
        }
    }
}

impl Fetcher for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<String, String> {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(format!("\"{url}\" is not an http(s) URL"));
        }
        if !self.allow_private {
            check_public(url)?;
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(true)
            .max_redirects(0)
            .build()
            .into();
        let response = agent
            .get(url)
            .call()
            .map_err(|e| format!("cannot fetch \"{url}\": {e}"))?;
        if response.status().is_redirection() {
            let to = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("?");
            return Err(format!(
                "\"{url}\" redirects to \"{to}\"; redirects are not followed: ref the final URL"
            ));
        }
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(self.max_bytes + 1)
            .read_to_end(&mut body)
            .map_err(|e| format!("cannot read \"{url}\": {e}"))?;
        if body.len() as u64 > self.max_bytes {
            return Err(format!("\"{url}\" is larger than {} bytes", self.max_bytes));
        }
        decode_text(body).map_err(|e| format!("\"{url}\": {e}"))
    }
}

/// Whether an address may be fetched from: public unicast only.
pub fn address_is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                // 100.64.0.0/10, carrier-grade NAT.
                || (o[0] == 100 && (o[1] & 0xc0) == 64))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return address_is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link local.
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80)
        }
    }
}

/// Refuses `url` unless every address its host resolves to is public.
fn check_public(url: &str) -> Result<(), String> {
    let uri: ureq::http::Uri = url.parse().map_err(|_| format!("\"{url}\" is not a URL"))?;
    let host = uri
        .host()
        .ok_or_else(|| format!("\"{url}\" has no host"))?
        .trim_start_matches('[')
        .trim_end_matches(']');
    let https = uri.scheme_str() == Some("https");
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let addrs: Vec<IpAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => (host, port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve \"{host}\": {e}"))?
            .map(|a| a.ip())
            .collect(),
    };
    if addrs.is_empty() {
        return Err(format!("\"{host}\" has no address"));
    }
    match addrs.iter().find(|ip| !address_is_public(**ip)) {
        Some(ip) => {
            let at = if host == ip.to_string() {
                String::new()
            } else {
                format!(" ({host})")
            };
            Err(format!(
                "\"{url}\" is not fetched: {ip}{at} is not a public address (loopback, private and link-local addresses are never fetched for a $ref)"
            ))
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

    /// The loopback test servers below are private addresses.
    fn fetcher() -> HttpFetcher {
        HttpFetcher {
            allow_private: true,
            ..HttpFetcher::default()
        }
    }

    #[test]
    fn refuses_private_addresses_and_redirects() {
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1:1/a.yaml",
            "http://localhost:1/a.yaml",
            "http://10.1.2.3/a.yaml",
            "http://[::1]:1/a.yaml",
            "http://[fe80::1]/a.yaml",
        ] {
            let e = HttpFetcher::default().fetch(url).unwrap_err();
            assert!(e.contains("not a public address"), "{url}: {e}");
        }
        let url = serve_once(
            "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        let e = fetcher().fetch(&url).unwrap_err();
        assert!(e.contains("redirects are not followed"), "{e}");
    }

    /// Serves one canned HTTP response on a loopback port.
    fn serve_once(response: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut buf = [0u8; 4096];
                let _ = std::io::Read::read(&mut stream, &mut buf);
                let _ = stream.write_all(response.as_bytes());
            }
        });
        format!("http://{addr}/spec.yaml")
    }

    #[test]
    fn fetches_a_body_over_loopback() {
        let url =
            serve_once("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\na: 1\nb");
        assert_eq!(fetcher().fetch(&url).unwrap(), "a: 1\nb");
    }

    #[test]
    fn refuses_errors_big_bodies_and_other_schemes() {
        let url =
            serve_once("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assert!(fetcher().fetch(&url).unwrap_err().contains("404"));
        let url = serve_once(
            "HTTP/1.1 200 OK\r\nContent-Length: 20\r\nConnection: close\r\n\r\n01234567890123456789",
        );
        let small = HttpFetcher {
            max_bytes: 10,
            ..fetcher()
        };
        assert!(
            small
                .fetch(&url)
                .unwrap_err()
                .contains("larger than 10 bytes")
        );
        assert!(
            fetcher()
                .fetch("file:///etc/passwd")
                .unwrap_err()
                .contains("not an http(s) URL")
        );
    }
}
