//! Push webhooks from GitHub, GitLab and Azure DevOps, as pure functions
//! over header values and the raw body: is the request authentic, is it a
//! push, and which refs did it move. The HTTP handler looks the headers up
//! (their names are case-insensitive; the constants below are how the
//! providers spell them) and decides what to do; this module knows no HTTP
//! types and does no I/O.
//!
//! How each provider authenticates a delivery:
//! - GitHub signs the raw body: `X-Hub-Signature-256: sha256=<hex>`, the
//!   HMAC-SHA256 of the body keyed with the webhook secret
//!   ([`verify_github_signature`]). The body must be checked as received,
//!   before any parsing.
//! - GitLab sends the secret itself in `X-Gitlab-Token`
//!   ([`verify_gitlab_token`]).
//! - Azure DevOps service hooks send no signature; a web hook subscription
//!   can send basic-auth credentials or extra headers, so the secret comes
//!   as `Authorization: Basic` (as the password) or `Authorization: Bearer`
//!   ([`verify_authorization`]).
//!
//! Every comparison with the secret takes the same time however much of it
//! matches, and an empty secret never matches: an unconfigured secret must
//! not turn into "any request is authentic".
//!
//! Recognising a push, per provider ([`github_push`], [`gitlab_push`],
//! [`azure_devops_push`]): other events (GitHub's `ping`, merge requests,
//! builds) are `Ok(None)`, so the handler can answer them with a 2xx and do
//! nothing. A push to a branch or a tag gives the full ref names it moved
//! (`refs/heads/main`); [`Push::touches`] tells whether one is the ref the
//! rule set follows. Only JSON bodies are understood: GitHub's optional
//! form-encoded deliveries are a malformed body here.
//!
//! Not checked here: replays (none of the three signs a timestamp; a
//! replayed push only causes a refresh that finds nothing new).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// GitHub's signature header.
pub const GITHUB_SIGNATURE_HEADER: &str = "X-Hub-Signature-256";
/// GitHub's event name header (`push`, `ping`, ...).
pub const GITHUB_EVENT_HEADER: &str = "X-GitHub-Event";
/// GitLab's secret token header.
pub const GITLAB_TOKEN_HEADER: &str = "X-Gitlab-Token";
/// GitLab's event name header (`Push Hook`, `Tag Push Hook`, ...).
pub const GITLAB_EVENT_HEADER: &str = "X-Gitlab-Event";
/// Where Azure DevOps (and any other sender) puts its credentials.
pub const AUTHORIZATION_HEADER: &str = "Authorization";

/// Who sent a webhook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    GitHub,
    GitLab,
    AzureDevOps,
}

impl Provider {
    /// Tells the sender from its event header: GitHub and GitLab always
    /// send one. Azure DevOps sends no identifying header, so a JSON body
    /// with an `eventType` string is taken as Azure DevOps. `None` for
    /// anything else. `header` looks a header up by name, case-insensitively.
    pub fn detect<'a>(header: impl Fn(&str) -> Option<&'a str>, body: &[u8]) -> Option<Provider> {
        if header(GITHUB_EVENT_HEADER).is_some() {
            return Some(Provider::GitHub);
        }
        if header(GITLAB_EVENT_HEADER).is_some() {
            return Some(Provider::GitLab);
        }
        let json: Value = serde_json::from_slice(body).ok()?;
        json.get("eventType")
            .and_then(Value::as_str)
            .map(|_| Provider::AzureDevOps)
    }

    pub fn name(self) -> &'static str {
        match self {
            Provider::GitHub => "GitHub",
            Provider::GitLab => "GitLab",
            Provider::AzureDevOps => "Azure DevOps",
        }
    }
}

/// Why a webhook was not accepted. `Display` is safe to send back to the
/// caller: it never contains the secret or the expected signature.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// The server has no secret to check against.
    #[error("no webhook secret is configured")]
    NoSecret,
    #[error("the `{0}` header is missing")]
    MissingHeader(&'static str),
    #[error("the `{header}` header is malformed: {why}")]
    MalformedHeader {
        header: &'static str,
        why: &'static str,
    },
    /// The signature is well-formed but not the body's.
    #[error("the `{GITHUB_SIGNATURE_HEADER}` signature does not match the body")]
    BadSignature,
    /// The token or credentials are not the secret.
    #[error("the `{0}` credentials do not match")]
    BadToken(&'static str),
    #[error("the webhook body is not JSON (configure the webhook to send application/json): {0}")]
    MalformedBody(String),
    /// A push event without the field that names what was pushed.
    #[error("the {provider} push event has no `{field}`")]
    MissingField {
        provider: &'static str,
        field: &'static str,
    },
}

/// A push: which refs it moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Push {
    pub provider: Provider,
    /// Full ref names (`refs/heads/main`, `refs/tags/v2`), in payload
    /// order. GitHub and GitLab send one per delivery; Azure DevOps can
    /// send several.
    pub refs: Vec<String>,
}

impl Push {
    /// Whether this push moved `full_ref` (`refs/heads/main`). The caller
    /// passes the ref the rule set follows, e.g.
    /// `RulesetRepo::resolved_ref`; when it does not know it yet, it should
    /// refresh anyway (a refresh that finds nothing new is cheap).
    pub fn touches(&self, full_ref: &str) -> bool {
        self.refs.iter().any(|r| r == full_ref)
    }
}

/// The `X-Hub-Signature-256` value GitHub sends for `body` signed with
/// `secret`: `sha256=<lowercase hex>`. For tests and for testing a
/// deployment by hand.
pub fn sign_github(secret: &[u8], body: &[u8]) -> String {
    let mut mac = github_mac(secret);
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    let mut out = String::with_capacity(7 + 2 * tag.len());
    out.push_str("sha256=");
    for b in tag {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Checks GitHub's `X-Hub-Signature-256` header value against the raw body.
pub fn verify_github_signature(
    secret: &[u8],
    signature: Option<&str>,
    body: &[u8],
) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::NoSecret);
    }
    let signature = signature.ok_or(WebhookError::MissingHeader(GITHUB_SIGNATURE_HEADER))?;
    let hex = signature
        .trim()
        .strip_prefix("sha256=")
        .ok_or(WebhookError::MalformedHeader {
            header: GITHUB_SIGNATURE_HEADER,
            why: "expected `sha256=<hex>`",
        })?;
    let tag = decode_hex(hex).ok_or(WebhookError::MalformedHeader {
        header: GITHUB_SIGNATURE_HEADER,
        why: "the signature is not hexadecimal",
    })?;
    let mut mac = github_mac(secret);
    mac.update(body);
    // `verify_slice` compares in constant time (and rejects a wrong length).
    mac.verify_slice(&tag)
        .map_err(|_| WebhookError::BadSignature)
}

/// Checks GitLab's `X-Gitlab-Token` header value: the secret itself.
pub fn verify_gitlab_token(secret: &str, token: Option<&str>) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::NoSecret);
    }
    let token = token.ok_or(WebhookError::MissingHeader(GITLAB_TOKEN_HEADER))?;
    if secret_matches(secret.as_bytes(), token.as_bytes()) {
        Ok(())
    } else {
        Err(WebhookError::BadToken(GITLAB_TOKEN_HEADER))
    }
}

/// Checks an `Authorization` header value: `Bearer <secret>`, or
/// `Basic <base64 of user:secret>` with any user name (Azure DevOps' web
/// hook form asks for both a user name and a password). Scheme names are
/// case-insensitive, as HTTP says.
pub fn verify_authorization(secret: &str, authorization: Option<&str>) -> Result<(), WebhookError> {
    const MALFORMED: WebhookError = WebhookError::MalformedHeader {
        header: AUTHORIZATION_HEADER,
        why: "expected `Bearer <token>` or `Basic <base64 of user:password>`",
    };
    if secret.is_empty() {
        return Err(WebhookError::NoSecret);
    }
    let value = authorization.ok_or(WebhookError::MissingHeader(AUTHORIZATION_HEADER))?;
    let (scheme, rest) = value.trim().split_once(' ').ok_or(MALFORMED)?;
    let rest = rest.trim();
    let offered: Vec<u8> = if scheme.eq_ignore_ascii_case("bearer") {
        rest.as_bytes().to_vec()
    } else if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest)
            .map_err(|_| MALFORMED)?;
        let colon = decoded.iter().position(|&b| b == b':').ok_or(MALFORMED)?;
        decoded[colon + 1..].to_vec()
    } else {
        return Err(MALFORMED);
    };
    if secret_matches(secret.as_bytes(), &offered) {
        Ok(())
    } else {
        Err(WebhookError::BadToken(AUTHORIZATION_HEADER))
    }
}

/// A GitHub delivery: `Ok(Some)` for a `push` event, `Ok(None)` for any
/// other event (`ping` when the hook is created, ...). Verify the
/// signature first.
pub fn github_push(event: Option<&str>, body: &[u8]) -> Result<Option<Push>, WebhookError> {
    let event = event.ok_or(WebhookError::MissingHeader(GITHUB_EVENT_HEADER))?;
    if event.trim() != "push" {
        return Ok(None);
    }
    let json = parse_body(body)?;
    let r = string_field(&json, "ref", Provider::GitHub)?;
    Ok(Some(Push {
        provider: Provider::GitHub,
        refs: vec![r],
    }))
}

/// A GitLab delivery: `Ok(Some)` for a branch (`Push Hook`) or tag
/// (`Tag Push Hook`) push, `Ok(None)` for any other event. Verify the token
/// first.
pub fn gitlab_push(event: Option<&str>, body: &[u8]) -> Result<Option<Push>, WebhookError> {
    let event = event.ok_or(WebhookError::MissingHeader(GITLAB_EVENT_HEADER))?;
    if !matches!(event.trim(), "Push Hook" | "Tag Push Hook") {
        return Ok(None);
    }
    let json = parse_body(body)?;
    let r = string_field(&json, "ref", Provider::GitLab)?;
    Ok(Some(Push {
        provider: Provider::GitLab,
        refs: vec![r],
    }))
}

/// An Azure DevOps service hook delivery: `Ok(Some)` for `git.push`, with
/// the name of every entry of `resource.refUpdates`; `Ok(None)` for any
/// other `eventType`. Azure DevOps has no event header, so the event type
/// comes from the body. Verify the credentials first.
pub fn azure_devops_push(body: &[u8]) -> Result<Option<Push>, WebhookError> {
    let json = parse_body(body)?;
    let event = string_field(&json, "eventType", Provider::AzureDevOps)?;
    if event != "git.push" {
        return Ok(None);
    }
    let missing = WebhookError::MissingField {
        provider: Provider::AzureDevOps.name(),
        field: "resource.refUpdates[].name",
    };
    let updates = json
        .pointer("/resource/refUpdates")
        .and_then(Value::as_array)
        .ok_or_else(|| missing.clone())?;
    let refs: Vec<String> = updates
        .iter()
        .filter_map(|u| u.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    if refs.is_empty() {
        return Err(missing);
    }
    Ok(Some(Push {
        provider: Provider::AzureDevOps,
        refs,
    }))
}

fn github_mac(secret: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!())
}

/// Constant time, including in the length: both sides are hashed first, so
/// how long the offered token is (or how much of it is right) does not
/// show in the timing.
fn secret_matches(secret: &[u8], offered: &[u8]) -> bool {
    let a = Sha256::digest(secret);
    let b = Sha256::digest(offered);
    bool::from(a.ct_eq(&b))
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.as_bytes()
        .chunks(2)
        .map(|pair| {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

fn parse_body(body: &[u8]) -> Result<Value, WebhookError> {
    serde_json::from_slice(body).map_err(|e| WebhookError::MalformedBody(e.to_string()))
}

fn string_field(
    json: &Value,
    field: &'static str,
    provider: Provider,
) -> Result<String, WebhookError> {
    json.get(field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or(WebhookError::MissingField {
            provider: provider.name(),
            field,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "rule-set-hook-secret";

    // Minimal payloads with only the fields this module reads, plus a few
    // neighbours so the parser sees a realistic object.
    const GITHUB_PUSH: &str = r#"{"ref":"refs/heads/main","before":"0000","after":"1111","repository":{"full_name":"acme/rules"}}"#;
    const GITLAB_PUSH: &str = r#"{"object_kind":"push","ref":"refs/heads/main","checkout_sha":"1111","project":{"path_with_namespace":"acme/rules"}}"#;
    const GITLAB_TAG_PUSH: &str = r#"{"object_kind":"tag_push","ref":"refs/tags/v3"}"#;
    const AZURE_PUSH: &str = r#"{"eventType":"git.push","publisherId":"tfs","resource":{"refUpdates":[{"name":"refs/heads/main","oldObjectId":"0000","newObjectId":"1111"},{"name":"refs/heads/next"}]}}"#;
    const AZURE_PR: &str =
        r#"{"eventType":"git.pullrequest.created","resource":{"pullRequestId":7}}"#;

    fn basic(user_pass: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(user_pass)
        )
    }

    // --- GitHub signature ---

    #[test]
    fn github_valid_signature_is_accepted() {
        let sig = sign_github(SECRET.as_bytes(), GITHUB_PUSH.as_bytes());
        assert!(sig.starts_with("sha256=") && sig.len() == 7 + 64);
        assert_eq!(
            verify_github_signature(SECRET.as_bytes(), Some(&sig), GITHUB_PUSH.as_bytes()),
            Ok(())
        );
        // Hex case does not matter.
        let upper = format!("sha256={}", sig[7..].to_uppercase());
        assert_eq!(
            verify_github_signature(SECRET.as_bytes(), Some(&upper), GITHUB_PUSH.as_bytes()),
            Ok(())
        );
    }

    #[test]
    fn github_signature_matches_a_known_hmac_sha256_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            sign_github(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn github_invalid_signature_is_refused() {
        let sig = sign_github(b"another secret", GITHUB_PUSH.as_bytes());
        assert_eq!(
            verify_github_signature(SECRET.as_bytes(), Some(&sig), GITHUB_PUSH.as_bytes()),
            Err(WebhookError::BadSignature)
        );
        // The right secret over a body changed after signing.
        let sig = sign_github(SECRET.as_bytes(), GITHUB_PUSH.as_bytes());
        let tampered = GITHUB_PUSH.replace("main", "evil");
        assert_eq!(
            verify_github_signature(SECRET.as_bytes(), Some(&sig), tampered.as_bytes()),
            Err(WebhookError::BadSignature)
        );
        // A truncated signature is a mismatch, not a prefix match.
        assert_eq!(
            verify_github_signature(SECRET.as_bytes(), Some(&sig[..21]), GITHUB_PUSH.as_bytes()),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn github_malformed_or_missing_signature_is_refused() {
        let body = GITHUB_PUSH.as_bytes();
        assert_eq!(
            verify_github_signature(SECRET.as_bytes(), None, body),
            Err(WebhookError::MissingHeader(GITHUB_SIGNATURE_HEADER))
        );
        assert!(matches!(
            verify_github_signature(SECRET.as_bytes(), Some("sha1=abcd"), body),
            Err(WebhookError::MalformedHeader { .. })
        ));
        assert!(matches!(
            verify_github_signature(SECRET.as_bytes(), Some("sha256=zz"), body),
            Err(WebhookError::MalformedHeader { .. })
        ));
        assert!(matches!(
            verify_github_signature(SECRET.as_bytes(), Some("sha256=é1"), body),
            Err(WebhookError::MalformedHeader { .. })
        ));
    }

    #[test]
    fn github_empty_secret_never_verifies() {
        let sig = sign_github(b"", GITHUB_PUSH.as_bytes());
        assert_eq!(
            verify_github_signature(b"", Some(&sig), GITHUB_PUSH.as_bytes()),
            Err(WebhookError::NoSecret)
        );
    }

    // --- GitLab token ---

    #[test]
    fn gitlab_token_checks() {
        assert_eq!(verify_gitlab_token(SECRET, Some(SECRET)), Ok(()));
        assert_eq!(
            verify_gitlab_token(SECRET, Some("rule-set-hook-secreT")),
            Err(WebhookError::BadToken(GITLAB_TOKEN_HEADER))
        );
        assert_eq!(
            verify_gitlab_token(SECRET, Some("")),
            Err(WebhookError::BadToken(GITLAB_TOKEN_HEADER))
        );
        assert_eq!(
            verify_gitlab_token(SECRET, None),
            Err(WebhookError::MissingHeader(GITLAB_TOKEN_HEADER))
        );
        assert_eq!(
            verify_gitlab_token("", Some("")),
            Err(WebhookError::NoSecret)
        );
    }

    // --- Authorization (Azure DevOps) ---

    #[test]
    fn authorization_accepts_bearer_and_basic_with_the_secret_as_password() {
        assert_eq!(
            verify_authorization(SECRET, Some(&format!("Bearer {SECRET}"))),
            Ok(())
        );
        assert_eq!(
            verify_authorization(SECRET, Some(&format!("bearer  {SECRET} "))),
            Ok(())
        );
        assert_eq!(
            verify_authorization(SECRET, Some(&basic(&format!("azure-hook:{SECRET}")))),
            Ok(())
        );
        // A password may itself contain colons; only the first one splits.
        assert_eq!(
            verify_authorization("a:b", Some(&basic("user:a:b"))),
            Ok(())
        );
    }

    #[test]
    fn authorization_refuses_wrong_missing_and_malformed_credentials() {
        let bad = Err(WebhookError::BadToken(AUTHORIZATION_HEADER));
        assert_eq!(verify_authorization(SECRET, Some("Bearer nope")), bad);
        assert_eq!(verify_authorization(SECRET, Some(&basic("user:nope"))), bad);
        // The secret as the user name is not the secret as the password.
        assert_eq!(
            verify_authorization(SECRET, Some(&basic(&format!("{SECRET}:")))),
            bad
        );
        assert_eq!(
            verify_authorization(SECRET, None),
            Err(WebhookError::MissingHeader(AUTHORIZATION_HEADER))
        );
        for malformed in [
            "Token abc",
            "Bearer",
            "Basic !!!not-base64!!!",
            &basic("no-colon-here"),
        ] {
            assert!(
                matches!(
                    verify_authorization(SECRET, Some(malformed)),
                    Err(WebhookError::MalformedHeader { .. })
                ),
                "{malformed}"
            );
        }
        assert_eq!(
            verify_authorization("", Some("Bearer ")),
            Err(WebhookError::NoSecret)
        );
    }

    // --- push events ---

    #[test]
    fn github_push_gives_its_ref() {
        let push = github_push(Some("push"), GITHUB_PUSH.as_bytes())
            .unwrap()
            .unwrap();
        assert_eq!(push.provider, Provider::GitHub);
        assert_eq!(push.refs, ["refs/heads/main"]);
        assert!(push.touches("refs/heads/main"));
        assert!(!push.touches("refs/heads/other"));
    }

    #[test]
    fn github_other_events_missing_header_and_bad_bodies() {
        assert_eq!(github_push(Some("ping"), br#"{"zen":"x"}"#), Ok(None));
        // Other events are not parsed at all.
        assert_eq!(github_push(Some("issues"), b"not json"), Ok(None));
        assert_eq!(
            github_push(None, GITHUB_PUSH.as_bytes()),
            Err(WebhookError::MissingHeader(GITHUB_EVENT_HEADER))
        );
        assert!(matches!(
            github_push(Some("push"), b"payload=%7B%22ref%22"),
            Err(WebhookError::MalformedBody(_))
        ));
        assert_eq!(
            github_push(Some("push"), br#"{"after":"1111"}"#),
            Err(WebhookError::MissingField {
                provider: "GitHub",
                field: "ref"
            })
        );
    }

    #[test]
    fn gitlab_branch_and_tag_pushes_give_their_ref() {
        let push = gitlab_push(Some("Push Hook"), GITLAB_PUSH.as_bytes())
            .unwrap()
            .unwrap();
        assert_eq!(push.provider, Provider::GitLab);
        assert_eq!(push.refs, ["refs/heads/main"]);
        let tag = gitlab_push(Some("Tag Push Hook"), GITLAB_TAG_PUSH.as_bytes())
            .unwrap()
            .unwrap();
        assert_eq!(tag.refs, ["refs/tags/v3"]);
    }

    #[test]
    fn gitlab_other_events_missing_header_and_bad_bodies() {
        assert_eq!(
            gitlab_push(
                Some("Merge Request Hook"),
                br#"{"object_kind":"merge_request"}"#
            ),
            Ok(None)
        );
        assert_eq!(
            gitlab_push(None, GITLAB_PUSH.as_bytes()),
            Err(WebhookError::MissingHeader(GITLAB_EVENT_HEADER))
        );
        assert!(matches!(
            gitlab_push(Some("Push Hook"), b"{\"ref\":"),
            Err(WebhookError::MalformedBody(_))
        ));
        assert!(matches!(
            gitlab_push(Some("Push Hook"), br#"{"ref":42}"#),
            Err(WebhookError::MissingField { .. })
        ));
    }

    #[test]
    fn azure_devops_push_gives_every_updated_ref() {
        let push = azure_devops_push(AZURE_PUSH.as_bytes()).unwrap().unwrap();
        assert_eq!(push.provider, Provider::AzureDevOps);
        assert_eq!(push.refs, ["refs/heads/main", "refs/heads/next"]);
        assert!(push.touches("refs/heads/next"));
    }

    #[test]
    fn azure_devops_other_events_and_bad_bodies() {
        assert_eq!(azure_devops_push(AZURE_PR.as_bytes()), Ok(None));
        assert!(matches!(
            azure_devops_push(b"<xml/>"),
            Err(WebhookError::MalformedBody(_))
        ));
        // Without `eventType` it is not a service hook body at all.
        assert!(matches!(
            azure_devops_push(br#"{"resource":{}}"#),
            Err(WebhookError::MissingField {
                field: "eventType",
                ..
            })
        ));
        assert!(matches!(
            azure_devops_push(br#"{"eventType":"git.push","resource":{"refUpdates":[]}}"#),
            Err(WebhookError::MissingField { .. })
        ));
        assert!(matches!(
            azure_devops_push(br#"{"eventType":"git.push"}"#),
            Err(WebhookError::MissingField { .. })
        ));
    }

    #[test]
    fn provider_is_detected_from_headers_then_body() {
        let none = |_: &str| -> Option<&str> { None };
        let github = |h: &str| (h == GITHUB_EVENT_HEADER).then_some("push");
        let gitlab = |h: &str| (h == GITLAB_EVENT_HEADER).then_some("Push Hook");
        assert_eq!(Provider::detect(github, b""), Some(Provider::GitHub));
        assert_eq!(Provider::detect(gitlab, b""), Some(Provider::GitLab));
        assert_eq!(
            Provider::detect(none, AZURE_PUSH.as_bytes()),
            Some(Provider::AzureDevOps)
        );
        assert_eq!(Provider::detect(none, GITHUB_PUSH.as_bytes()), None);
        assert_eq!(Provider::detect(none, b"garbage"), None);
    }

    #[test]
    fn error_messages_do_not_leak_the_secret() {
        let err = verify_authorization(SECRET, Some("Bearer wrong")).unwrap_err();
        assert!(!err.to_string().contains(SECRET));
        let err = verify_gitlab_token(SECRET, Some("wrong")).unwrap_err();
        assert!(!err.to_string().contains(SECRET));
    }
}
