//! Remote mode of `apilint lint` (`--server URL`): each document is linted
//! by a running `apilint serve` instead of in this process.
//!
//! This module sends one document's text to the service's
//! `POST /api/v1/lint`, turns the answer's findings back into
//! [`Finding`]s and remembers the review's permalink (the `Location`
//! header). It does not gate, acknowledge or render: [`super::lint`] does
//! that for remote findings exactly as for local ones, so the formats, the
//! gate, `.apilint-ack.yaml` and the exit codes are the same either way.
//!
//! The service lints the text it is sent and reads no files
//! ([`crate::service::review`]): only the root document travels, and a
//! relative `$ref` to another file comes back as an `invalid-ref` finding.
//! Multi-file specs are linted remotely once bundled into one document.
//!
//! The answer carries paths as strings and positions as line/character;
//! [`engine_findings`] turns them back into the engine's typed paths and
//! byte spans, as the service does for its own report formats.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::document::workspace::decode_text;
use crate::engine::Finding;
use crate::service::review::{ReviewResult, engine_findings};

use super::args::LintArgs;
use super::inputs::Input;

/// The largest answer read from the service: findings of a very large spec
/// fit many times over, a misbehaving server cannot exhaust memory.
const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// How long one lint request may take, connection included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Why a remote lint failed. Every variant names the server; each ends the
/// run with exit 2.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("--server {0}: expected an http:// or https:// URL")]
    BadUrl(String),

    #[error("cannot reach the apilint server at {server}: {message}")]
    Unreachable { server: String, message: String },

    /// The service answered with an error: its problem's title and detail
    /// when it sent `application/problem+json`, else the first line of
    /// its body.
    #[error("the apilint server at {server} refused {document}: {status} {problem}{hint}")]
    Refused {
        server: String,
        document: String,
        status: u16,
        problem: String,
        hint: &'static str,
    },

    #[error(
        "the apilint server at {server} sent an answer for {document} that is not a review: {message}"
    )]
    BadAnswer {
        server: String,
        document: String,
        message: String,
    },

    #[error("cannot read {name}: {message}")]
    Read { name: String, message: String },
}

/// A lint service to send documents to, resolved from `--server` and
/// `--token` (or `APILINT_SERVER` / `APILINT_TOKEN`).
pub struct Remote {
    /// The URL as given, without a trailing `/`.
    base: String,
    token: Option<String>,
    /// `-r`: the name of a rule set the server has (its active one or a
    /// built-in); the server's active rule set when absent.
    ruleset: Option<String>,
    agent: ureq::Agent,
}

/// One document linted remotely.
pub struct RemoteLint {
    /// The document as named in the findings.
    pub name: String,
    /// Its text as sent.
    pub text: Arc<str>,
    pub findings: Vec<Finding>,
    /// The review's permalink, absolute.
    pub review_url: Option<String>,
}

impl Remote {
    /// The service `args` name, or `None` for a local run.
    pub fn from_args(args: &LintArgs) -> Result<Option<Remote>, RemoteError> {
        // An empty value is no server: CI files pass variables that may be
        // unset (GitHub's `APILINT_SERVER: ${{ vars.APILINT_SERVER }}` is
        // then "").
        let Some(server) = args.server.as_deref().filter(|s| !s.trim().is_empty()) else {
            return Ok(None);
        };
        let base = server.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://"))
            || authority_end(&base).is_none()
        {
            return Err(RemoteError::BadUrl(server.to_string()));
        }
        let agent = ureq::Agent::config_builder()
            // Error statuses are read here, for the problem they carry.
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .user_agent(concat!("apilint/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Some(Remote {
            base,
            token: args.token.clone().filter(|t| !t.is_empty()),
            ruleset: args.ruleset.clone(),
            agent,
        }))
    }

    /// Reads `input` and has the server lint it. `stdin_filepath` names
    /// standard input, as for a local run.
    pub fn lint_input(
        &self,
        input: &Input,
        stdin_filepath: Option<&str>,
    ) -> Result<RemoteLint, RemoteError> {
        let (name, text) = match input {
            Input::File(path) => {
                let name = path.display().to_string();
                let text = read_file(path).map_err(|message| RemoteError::Read {
                    name: name.clone(),
                    message,
                })?;
                (name, text)
            }
            Input::Stdin => {
                let name = stdin_filepath
                    .unwrap_or(super::lint::STDIN_NAME)
                    .to_string();
                let mut bytes = Vec::new();
                let text = std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| e.to_string())
                    .and_then(|_| decode_text(bytes))
                    .map_err(|message| RemoteError::Read {
                        name: name.clone(),
                        message,
                    })?;
                (name, text)
            }
        };
        self.lint_text(&name, &text)
    }

    /// Has the server lint `text`, named `name` in the findings.
    pub fn lint_text(&self, name: &str, text: &str) -> Result<RemoteLint, RemoteError> {
        // The text goes as the body itself, not inside a JSON request
        // object: escaping would grow a large JSON spec by a third or more
        // (every quote and newline), against the server's body limit. The
        // service reads a YAML body as the spec and picks its parser by
        // the content, so JSON text travels this way too.
        let mut url = format!("{}/api/v1/lint", self.base);
        if let Some(ruleset) = &self.ruleset {
            url.push_str("?ruleset=");
            url.push_str(&query_escape(ruleset));
        }
        let mut request = self
            .agent
            .post(&url)
            .header("content-type", "application/yaml")
            .header("accept", "application/json, application/problem+json");
        if let Some(token) = &self.token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = request.send(text).map_err(|e| RemoteError::Unreachable {
            server: self.base.clone(),
            message: e.to_string(),
        })?;
        let status = response.status().as_u16();
        let content_type = header(&response, "content-type").unwrap_or_default();
        let location = header(&response, "location");
        let mut answer = String::new();
        response
            .into_body()
            .into_reader()
            .take(MAX_ANSWER_BYTES)
            .read_to_string(&mut answer)
            .map_err(|e| RemoteError::Unreachable {
                server: self.base.clone(),
                message: format!("reading the answer: {e}"),
            })?;
        if !(200..300).contains(&status) || content_type.contains("problem+json") {
            return Err(RemoteError::Refused {
                server: self.base.clone(),
                document: name.to_string(),
                status,
                problem: problem_text(&content_type, &answer),
                hint: match status {
                    401 | 403 => " (give the API token with --token or APILINT_TOKEN)",
                    413 => " (the document is larger than the server accepts)",
                    422 if self.ruleset.is_some() => {
                        " (with --server, -r names a rule set the server has, not a local file)"
                    }
                    _ => "",
                },
            });
        }
        let review: ReviewResult =
            serde_json::from_str(&answer).map_err(|e| RemoteError::BadAnswer {
                server: self.base.clone(),
                document: name.to_string(),
                message: e.to_string(),
            })?;
        Ok(RemoteLint {
            name: name.to_string(),
            text: Arc::from(text),
            findings: engine_findings(name, text, std::sync::Arc::unwrap_or_clone(review.findings)),
            review_url: location.map(|l| absolute_url(&self.base, &l)),
        })
    }
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn read_file(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(decode_text)
}

/// `title: detail` of an RFC 9457 problem, else the start of the body.
fn problem_text(content_type: &str, body: &str) -> String {
    if content_type.contains("json")
        && let Ok(problem) = serde_json::from_str::<serde_json::Value>(body)
    {
        let field = |k: &str| problem.get(k).and_then(|v| v.as_str()).unwrap_or("");
        let (title, detail) = (field("title"), field("detail"));
        if !title.is_empty() || !detail.is_empty() {
            return match (title.is_empty(), detail.is_empty()) {
                (false, false) => format!("{title}: {detail}"),
                (false, true) => title.to_string(),
                _ => detail.to_string(),
            };
        }
    }
    // A proxy's HTML error page says little; its first line is enough.
    let first = body.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        "(no details)".to_string()
    } else {
        first.chars().take(200).collect()
    }
}

/// `s` percent-encoded for a query value: RFC 3986's unreserved characters
/// and `:` (rule set names such as `apilint:zalando`) stay as they are.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where the scheme's `//authority` ends in `url` (the index of the path's
/// `/`, or the length), `None` when there is no host.
fn authority_end(url: &str) -> Option<usize> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (end > 0).then_some(start + end)
}

/// `location` resolved against the server URL `base` (RFC 3986 for the
/// forms a server sends: absolute, absolute-path, or relative).
fn absolute_url(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        location.to_string()
    } else if location.starts_with('/') {
        let origin = &base[..authority_end(base).unwrap_or(base.len())];
        format!("{origin}{location}")
    } else {
        format!("{base}/{location}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permalink_is_made_absolute_against_the_server_url() {
        let base = "https://lint.example.com/apilint";
        assert_eq!(
            absolute_url(base, "/api/v1/reviews/x"),
            "https://lint.example.com/api/v1/reviews/x"
        );
        assert_eq!(
            absolute_url("http://127.0.0.1:8080", "/api/v1/reviews/x"),
            "http://127.0.0.1:8080/api/v1/reviews/x"
        );
        assert_eq!(absolute_url(base, "reviews/x"), format!("{base}/reviews/x"));
        assert_eq!(absolute_url(base, "http://o/r"), "http://o/r");
    }

    #[test]
    fn a_problem_shows_its_title_and_detail() {
        let body = r#"{"type":"about:blank","title":"Unauthorized","status":401,"detail":"a bearer token is required"}"#;
        assert_eq!(
            problem_text("application/problem+json", body),
            "Unauthorized: a bearer token is required"
        );
        assert_eq!(problem_text("text/html", "<html>\nBad Gateway"), "<html>");
        assert_eq!(problem_text("text/plain", ""), "(no details)");
    }

    #[test]
    fn rule_set_names_are_escaped_in_the_query() {
        assert_eq!(query_escape("apilint:zalando"), "apilint:zalando");
        assert_eq!(query_escape("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }

    #[test]
    fn a_server_url_needs_a_scheme_and_host() {
        assert!(authority_end("http://").is_none());
        assert!(authority_end("localhost:8080").is_none());
        assert_eq!(authority_end("http://h:1/x"), Some(10));
    }
}
