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
//! unique-local, multicast or unspecified address, IPv4 or IPv6, nor an
//! IPv4-mapped IPv6 form of one), and redirects are not followed (a public
//! host could redirect to a private one).
//!
//! **DNS answers are pinned** ([`resolve_checked`], [`pinned_agent`]): the
//! host is resolved once, every address is checked, and the HTTP client
//! connects to exactly those addresses, never resolving the name again. A
//! name whose answer changes between the check and the connection (DNS
//! rebinding: public for the check, 127.0.0.1 for the fetch) therefore
//! gets nowhere. Such a fetch also ignores `HTTP(S)_PROXY`: a proxy would
//! resolve the name itself, past the check. Only a URL the user trusts
//! (`allow_private`: one typed on the command line, or every ref with
//! `--allow-private-refs`) goes the ordinary way, through a proxy if set.

use std::io::Read;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use super::workspace::{Fetcher, decode_text};

/// Looks up the addresses of a host name: the system resolver
/// ([`SystemLookup`]) in the program, canned answers in tests (the hook
/// that shows a private answer for an allowed name is refused).
pub trait Lookup: std::fmt::Debug + Send + Sync + 'static {
    fn lookup(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>>;
}

/// The operating system's resolver (`getaddrinfo`).
#[derive(Debug, Default)]
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
        Ok((host, port).to_socket_addrs()?.collect())
    }
}

/// Fetches `http(s)` URLs with a time and size limit.
#[derive(Clone, Debug)]
pub struct HttpFetcher {
    pub timeout: Duration,
    pub max_bytes: u64,
    /// Fetch from loopback, private and link-local addresses too. Only for
    /// URLs the user typed (`-r https://rules.internal/...`), never for
    /// the `$ref`s of a document.
    pub allow_private: bool,
    /// Where host names are looked up for a public-only fetch.
    pub lookup: Arc<dyn Lookup>,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        HttpFetcher {
            timeout: Duration::from_secs(15),
            max_bytes: 64 * 1024 * 1024,
            allow_private: false,
            lookup: Arc::new(SystemLookup),
        }
    }
}

impl HttpFetcher {
    /// An agent pinned to the checked public addresses of `uri`'s host.
    fn pinned(&self, uri: &ureq::http::Uri, url: &str) -> Result<ureq::Agent, String> {
        let addrs = resolve_checked(uri, &self.lookup, false, self.timeout).map_err(|e| match e {
            Unresolved::NotPublic { ip, host } => {
                let at = if host == ip.to_string() {
                    String::new()
                } else {
                    format!(" ({host})")
                };
                format!(
                    "\"{url}\" is not fetched: {ip}{at} is not a public address (loopback, private and link-local addresses are never fetched for a $ref)"
                )
            }
            other => format!("\"{url}\": {other}"),
        })?;
        Ok(pinned_agent(self.timeout, addrs))
    }
}

impl Fetcher for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<String, String> {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(format!("\"{url}\" is not an http(s) URL"));
        }
        let uri: ureq::http::Uri = url.parse().map_err(|_| format!("\"{url}\" is not a URL"))?;
        // A URL the user trusts (`allow_private`) is fetched the ordinary
        // way, through `HTTP(S)_PROXY` when one is set (a company proxy);
        // any other goes direct to its checked, pinned addresses.
        let agent = if self.allow_private {
            ureq::Agent::config_builder()
                .timeout_global(Some(self.timeout))
                .http_status_as_error(false)
                .max_redirects(0)
                .build()
                .into()
        } else {
            self.pinned(&uri, url)?
        };
        let response = agent
            .get(url)
            .call()
            .map_err(|e| format!("cannot fetch \"{url}\": {e}"))?;
        let status = response.status();
        if status.is_redirection() {
            let to = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("?");
            return Err(format!(
                "\"{url}\" redirects to \"{to}\"; redirects are not followed: ref the final URL"
            ));
        }
        if !status.is_success() {
            return Err(format!(
                "cannot fetch \"{url}\": http status: {}",
                status.as_u16()
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
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                // 198.18.0.0/15, benchmarking; 240.0.0.0/4, reserved.
                || (o[0] == 198 && (o[1] & 0xfe) == 18)
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            // ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d.
            if let Some(v4) = v6.to_ipv4_mapped() {
                return address_is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link local, fec0::/10
                // the old site local.
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                // ::/96, the deprecated IPv4-compatible form (::a.b.c.d),
                // and 64:ff9b::/96, NAT64 to an IPv4 address: judged by
                // the IPv4 address they carry.
                || (s[..6] == [0; 6] && !address_is_public(IpAddr::V4(v6_tail(s))))
                || (s[..6] == [0x64, 0xff9b, 0, 0, 0, 0]
                    && !address_is_public(IpAddr::V4(v6_tail(s))))
                // 2001:db8::/32, documentation.
                || (s[0] == 0x2001 && s[1] == 0xdb8))
        }
    }
}

/// The IPv4 address in the last 32 bits of an IPv6 address.
fn v6_tail(s: [u16; 8]) -> std::net::Ipv4Addr {
    std::net::Ipv4Addr::from((u32::from(s[6]) << 16) | u32::from(s[7]))
}

/// Why a URL's host was not resolved to usable addresses.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unresolved {
    #[error("the URL has no host")]
    NoHost,
    #[error("cannot resolve \"{host}\": {message}")]
    Lookup { host: String, message: String },
    #[error("\"{host}\" has no address")]
    NoAddress { host: String },
    /// An address the host resolves to is not public.
    #[error("host \"{host}\" resolves to a non-public address ({ip})")]
    NotPublic { host: String, ip: IpAddr },
}

/// Resolves `uri`'s host once (an IP literal is its own answer) and checks
/// every address: with `allow_private` false, one non-public address
/// refuses the host (a name with a public and a private answer is not
/// half-trusted). The answer is what [`pinned_agent`] connects to. The
/// lookup runs on its own thread so `timeout` bounds it too.
pub fn resolve_checked(
    uri: &ureq::http::Uri,
    lookup: &Arc<dyn Lookup>,
    allow_private: bool,
    timeout: Duration,
) -> Result<Vec<SocketAddr>, Unresolved> {
    let host = uri
        .host()
        .ok_or(Unresolved::NoHost)?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let https = uri
        .scheme_str()
        .is_some_and(|s| s.eq_ignore_ascii_case("https"));
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => lookup_within(lookup, &host, port, timeout)?,
    };
    if addrs.is_empty() {
        return Err(Unresolved::NoAddress { host });
    }
    if !allow_private && let Some(bad) = addrs.iter().find(|a| !address_is_public(a.ip())) {
        return Err(Unresolved::NotPublic { host, ip: bad.ip() });
    }
    Ok(addrs)
}

/// `lookup.lookup(host, port)`, given up after `timeout`.
fn lookup_within(
    lookup: &Arc<dyn Lookup>,
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<Vec<SocketAddr>, Unresolved> {
    let failed = |message: String| Unresolved::Lookup {
        host: host.to_string(),
        message,
    };
    // The system resolver cannot be interrupted: a lookup that outlives
    // the timeout finishes on its own thread and its answer is dropped.
    let (tx, rx) = std::sync::mpsc::channel();
    let (owned_host, lookup) = (host.to_string(), lookup.clone());
    std::thread::Builder::new()
        .name("apilint-dns".into())
        .spawn(move || {
            let _ = tx.send(lookup.lookup(&owned_host, port));
        })
        .map_err(|e| failed(e.to_string()))?;
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) => Ok(addrs),
        Ok(Err(e)) => Err(failed(e.to_string())),
        Err(_) => Err(failed(format!("no answer within {timeout:?}"))),
    }
}

/// An agent that connects to `addrs` (what [`resolve_checked`] returned)
/// whatever host a URL names, and never through a proxy: it follows no
/// redirect, gives up after `timeout`, and hands error statuses back as
/// responses.
pub fn pinned_agent(timeout: Duration, addrs: Vec<SocketAddr>) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .build();
    ureq::Agent::with_parts(config, DefaultConnector::default(), Pinned(addrs))
}

/// The resolver of a [`pinned_agent`]: the checked answer, always.
#[derive(Debug)]
struct Pinned(Vec<SocketAddr>);

impl Resolver for Pinned {
    fn resolve(
        &self,
        _uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let mut out = self.empty();
        // ureq keeps at most 16 addresses.
        for a in self.0.iter().take(16) {
            out.push(*a);
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(out)
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

    /// A resolver hook: every name is `answer`; counts the lookups.
    #[derive(Debug)]
    struct Always(SocketAddr, std::sync::atomic::AtomicUsize);

    impl Lookup for Always {
        fn lookup(&self, _host: &str, _port: u16) -> std::io::Result<Vec<SocketAddr>> {
            self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(vec![self.0])
        }
    }

    #[test]
    fn a_ref_host_with_a_private_answer_is_refused_after_one_lookup() {
        for answer in ["10.0.0.7:80", "[::ffff:169.254.169.254]:80", "[fd00::1]:80"] {
            let lookup = Arc::new(Always(answer.parse().unwrap(), Default::default()));
            let fetcher = HttpFetcher {
                lookup: lookup.clone(),
                ..HttpFetcher::default()
            };
            let e = fetcher.fetch("http://refs.example.com/a.yaml").unwrap_err();
            assert!(
                e.contains("not a public address") && e.contains("(refs.example.com)"),
                "{e}"
            );
            assert_eq!(lookup.1.load(std::sync::atomic::Ordering::SeqCst), 1);
        }
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
