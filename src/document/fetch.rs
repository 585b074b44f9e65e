//! Fetching remote documents for `http(s)` `$ref`s and rule sets.
//!
//! Remote references are off unless the user turns them on (`apilint lint
//! --resolve-remote`); then an [`HttpFetcher`] is handed to the loaders.
//! It only speaks http and https, gives up after a timeout, and refuses
//! bodies larger than a limit, so a hostile ref target can neither hang a
//! lint nor fill its memory. Policy about *which* hosts may be reached (the
//! service's allow-list, private addresses) belongs to the caller.

use std::io::Read;
use std::time::Duration;

use super::workspace::{Fetcher, decode_text};

/// Fetches `http(s)` URLs with a time and size limit.
#[derive(Clone, Debug)]
pub struct HttpFetcher {
    pub timeout: Duration,
    pub max_bytes: u64,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        HttpFetcher {
            timeout: Duration::from_secs(15),
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

impl Fetcher for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<String, String> {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(format!("\"{url}\" is not an http(s) URL"));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(true)
            .build()
            .into();
        let response = agent
            .get(url)
            .call()
            .map_err(|e| format!("cannot fetch \"{url}\": {e}"))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

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
        assert_eq!(HttpFetcher::default().fetch(&url).unwrap(), "a: 1\nb");
    }

    #[test]
    fn refuses_errors_big_bodies_and_other_schemes() {
        let url =
            serve_once("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assert!(
            HttpFetcher::default()
                .fetch(&url)
                .unwrap_err()
                .contains("404")
        );
        let url = serve_once(
            "HTTP/1.1 200 OK\r\nContent-Length: 20\r\nConnection: close\r\n\r\n01234567890123456789",
        );
        let small = HttpFetcher {
            max_bytes: 10,
            ..HttpFetcher::default()
        };
        assert!(
            small
                .fetch(&url)
                .unwrap_err()
                .contains("larger than 10 bytes")
        );
        assert!(
            HttpFetcher::default()
                .fetch("file:///etc/passwd")
                .unwrap_err()
                .contains("not an http(s) URL")
        );
    }
}
