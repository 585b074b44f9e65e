//! Reading request bodies before any handler sees them: within a deadline,
//! within the size limit, and gzip-decoded when the client compressed them.
//!
//! - **Deadline.** The whole body must arrive within `--read-timeout` of the
//!   headers. A client that trickles its body (slowloris: a byte a second)
//!   is answered 408 problem+json and its connection closed, instead of
//!   holding a connection, a task and a buffer until the request timeout.
//!   (The headers have their own deadline, hyper's header read timeout, set
//!   in [`super::serve`].)
//! - **Size.** A body over `--max-body` is 413, by its `Content-Length`
//!   before a byte is read, or as soon as the bytes read pass the limit.
//! - **`Content-Encoding: gzip`** is accepted, because pipelines posting big
//!   specs compress them (a 10 MB spec is a few hundred KB gzipped). The
//!   *decoded* size is capped at `--max-body` too: a gzip bomb (10 MB that
//!   inflate to 10 GB) is inflated only up to the limit, then refused with
//!   413, so it costs at most one body's worth of memory. Several gzip
//!   members in a row (what `cat a.gz b.gz` makes) are one body, as
//!   `gunzip` reads them. Any other encoding (`br`, `zstd`, `deflate`) is
//!   415 with the one that is read named.
//!
//! - **Memory.** All bodies held at once (being read, waiting for a lint
//!   slot, being linted) share one budget, `--max-body-memory`, counted as
//!   the bytes arrive (so a client must send bytes to hold memory, not
//!   just announce a length). A body that would pass it is 503 with
//!   `Retry-After`; with the lint queue's bound, this is what caps the
//!   memory a flood of big posts can take.
//!
//! The handlers then read a plain, complete body (`Bytes`): what this layer
//! passes on has no `Content-Encoding` and an exact `Content-Length`.
//! Requests without a body (GET) pass untouched.

use std::io::Read;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::problem;
use super::state::AppState;

/// Why a body was not read.
#[derive(Debug, PartialEq, Eq)]
enum BodyError {
    /// Not all of it arrived within the deadline.
    TooSlow,
    /// More than the limit (sent, or decoded).
    TooLarge(String),
    /// An encoding this server does not decode.
    Encoding(String),
    /// The connection failed, or the gzip data is corrupt.
    Broken(String),
    /// The body memory budget is spent.
    Busy,
}

/// The share of the body memory budget a request holds, in KiB permits;
/// given back when the request is answered.
struct Held {
    budget: Arc<Semaphore>,
    permit: Option<OwnedSemaphorePermit>,
}

impl Held {
    fn new(budget: Arc<Semaphore>) -> Held {
        Held {
            budget,
            permit: None,
        }
    }

    fn kib(&self) -> usize {
        self.permit.as_ref().map_or(0, |p| p.num_permits())
    }

    /// Holds enough for `bytes`, or fails at once: a request never waits
    /// for memory while holding some.
    fn cover(&mut self, bytes: usize) -> Result<(), BodyError> {
        let more = bytes.div_ceil(1024).saturating_sub(self.kib());
        if more == 0 {
            return Ok(());
        }
        let more = u32::try_from(more).map_err(|_| BodyError::Busy)?;
        let permit = self
            .budget
            .clone()
            .try_acquire_many_owned(more)
            .map_err(|_| BodyError::Busy)?;
        match &mut self.permit {
            Some(p) => p.merge(permit),
            None => self.permit = Some(permit),
        }
        Ok(())
    }

    /// Gives back what is held beyond `bytes`.
    fn shrink_to(&mut self, bytes: usize) {
        let surplus = self.kib().saturating_sub(bytes.div_ceil(1024));
        if let Some(p) = &mut self.permit
            && surplus > 0
        {
            drop(p.split(surplus));
        }
    }
}

/// Middleware: see the module docs.
pub async fn read_body(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !has_body(request.headers()) {
        return next.run(request).await;
    }
    let config = state.config();
    let (mut parts, body) = request.into_parts();
    let mut held = Held::new(state.body_budget().clone());
    let result = read(
        &parts.headers,
        body,
        config.max_body,
        config.read_timeout,
        &mut held,
    )
    .await;
    match result {
        Ok(bytes) => {
            parts.headers.remove(header::CONTENT_ENCODING);
            parts.headers.remove(header::TRANSFER_ENCODING);
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            // The handler is done with the body (it waited and was linted
            // under this share of the budget).
            drop(held);
            response
        }
        Err(e) => {
            let (status, detail) = match e {
                BodyError::TooSlow => {
                    state.metrics().rejected("read_timeout");
                    (
                        StatusCode::REQUEST_TIMEOUT,
                        format!(
                            "the request body did not arrive within {} s (--read-timeout)",
                            config.read_timeout.as_secs_f64()
                        ),
                    )
                }
                BodyError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, m),
                BodyError::Encoding(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, m),
                BodyError::Broken(m) => (StatusCode::BAD_REQUEST, m),
                BodyError::Busy => {
                    state.metrics().rejected("body_memory");
                    (
                        StatusCode::SERVICE_UNAVAILABLE,
                        "the server is busy: it holds as many request bodies as it may (--max-body-memory); retry later".to_string(),
                    )
                }
            };
            let busy = status == StatusCode::SERVICE_UNAVAILABLE;
            let mut response = problem(status, detail);
            if busy {
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(super::state::RETRY_AFTER_SECS),
                );
            }
            // The rest of the body was not read: the connection cannot
            // carry another request, and a slow client must not keep it.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        }
    }
}

/// Whether the request announces a body (HTTP/1.1: a `Content-Length`
/// above zero or a `Transfer-Encoding`).
fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
}

/// How the body is encoded.
#[derive(Debug, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
}

fn encoding(headers: &HeaderMap) -> Result<Encoding, BodyError> {
    let Some(value) = headers.get(header::CONTENT_ENCODING) else {
        return Ok(Encoding::Identity);
    };
    let value = value.to_str().unwrap_or("?").trim().to_ascii_lowercase();
    match value.as_str() {
        "" | "identity" => Ok(Encoding::Identity),
        "gzip" | "x-gzip" => Ok(Encoding::Gzip),
        other => Err(BodyError::Encoding(format!(
            "Content-Encoding \"{other}\" is not read here; send the body uncompressed or with Content-Encoding: gzip"
        ))),
    }
}

/// Reads and decodes the body under the limits.
async fn read(
    headers: &HeaderMap,
    body: Body,
    max: usize,
    deadline: std::time::Duration,
    held: &mut Held,
) -> Result<Bytes, BodyError> {
    let encoding = encoding(headers)?;
    let too_large = || {
        BodyError::TooLarge(format!(
            "the request body is larger than the server accepts ({max} bytes, --max-body)"
        ))
    };
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let collect = async {
        let mut body = body;
        // No capacity from the announced length: memory follows the bytes
        // that arrive, as the budget counts them.
        let mut buf = Vec::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| {
                BodyError::Broken(format!("the request body could not be read: {e}"))
            })?;
            if let Ok(data) = frame.into_data() {
                if buf.len() + data.len() > max {
                    return Err(too_large());
                }
                held.cover(buf.len() + data.len())?;
                buf.extend_from_slice(&data);
            }
        }
        Ok(buf)
    };
    let raw = tokio::time::timeout(deadline, collect)
        .await
        .map_err(|_| BodyError::TooSlow)??;
    match encoding {
        Encoding::Identity => Ok(Bytes::from(raw)),
        // Inflating up to `max` bytes is CPU work: off the runtime.
        Encoding::Gzip => {
            // The output may reach `max` while the input is still held.
            held.cover(raw.len() + max)?;
            let decoded = tokio::task::spawn_blocking(move || gunzip(&raw, max))
                .await
                .map_err(|e| {
                    BodyError::Broken(format!("the gzip body could not be decoded: {e}"))
                })??;
            held.shrink_to(decoded.len());
            Ok(Bytes::from(decoded))
        }
    }
}

/// Inflates gzip `data` (one or more members), reading at most one byte
/// past `max` of output: a bomb stops there.
fn gunzip(data: &[u8], max: usize) -> Result<Vec<u8>, BodyError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(data)
        .take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| BodyError::Broken(format!("the gzip body is corrupt: {e}")))?;
    if out.len() > max {
        return Err(BodyError::TooLarge(format!(
            "the gzip request body decodes to more than the server accepts ({max} bytes, --max-body)"
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_members_in_a_row_are_one_body() {
        let mut both = gzip(b"openapi: 3.0.3\n");
        both.extend(gzip(b"info: {}\n"));
        assert_eq!(gunzip(&both, 100).unwrap(), b"openapi: 3.0.3\ninfo: {}\n");
    }

    #[test]
    fn a_bomb_stops_one_byte_past_the_limit() {
        let bomb = gzip(&vec![0u8; 4 << 20]);
        assert!(bomb.len() < 8 << 10, "{}", bomb.len());
        let e = gunzip(&bomb, 1 << 20).unwrap_err();
        assert!(
            matches!(&e, BodyError::TooLarge(m) if m.contains("decodes to more")),
            "{e:?}"
        );
        assert_eq!(gunzip(&bomb, 4 << 20).unwrap().len(), 4 << 20);
    }

    #[test]
    fn corrupt_gzip_and_other_encodings_are_refused_by_name() {
        let e = gunzip(b"\x1f\x8b\x08\x00garbage", 100).unwrap_err();
        assert!(
            matches!(&e, BodyError::Broken(m) if m.contains("corrupt")),
            "{e:?}"
        );
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        let e = encoding(&h).unwrap_err();
        assert!(
            matches!(&e, BodyError::Encoding(m) if m.contains("\"br\"") && m.contains("gzip")),
            "{e:?}"
        );
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("GZIP"));
        assert_eq!(encoding(&h), Ok(Encoding::Gzip));
    }
}
