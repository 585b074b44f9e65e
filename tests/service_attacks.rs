//! `apilint serve` (the real binary, over real sockets) under attack: slow
//! clients (slowloris, headers and body), a thousand connections at once,
//! wrong content types, compressed bodies and a gzip bomb, and a burst
//! of big specs past the lint queue. Each attack checks its answer *and*
//! that an ordinary client is served meanwhile.
//!
//! And outbound: neither the service nor the CLI opens a connection for a
//! `spec_url` or an http `$ref` unless the operator enabled URL fetching
//! (and then never to a loopback address): a listener on loopback counts
//! every connection it gets and must see none. (The DNS pinning, the
//! redirect rule and the caps of an *enabled* fetch are tested with a
//! resolver hook in `src/service/url_fetch.rs`.)
//!
//! The server's limits are set small here (`--read-timeout 2`, `--max-body
//! 2 MiB`, one lint slot) so the attacks take seconds; the mechanisms are
//! the ones the defaults configure.

#![cfg(unix)]

mod service_support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use service_support::server::{Serve, Server};

/// `apilint serve` on a free port and its own data directory, logging at
/// `info`, with `args` (the limits each attack sets small).
fn serve(args: &[&str]) -> Server {
    Serve::on_free_port()
        .temp_data_dir()
        .args(args)
        .env("APILINT_LOG", "info")
        .start()
}

/// Plain requests, the way the attacks make theirs: raw HTTP/1.1 on a
/// fresh connection, no client library between the test and the server.
impl Server {
    /// One request on a fresh connection: status, headers (lower-cased
    /// names) and body.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        request_on(
            self.addr,
            method,
            path,
            headers,
            body,
            Duration::from_secs(60),
        )
    }

    /// POSTs `body` as JSON to `path`.
    fn post_json(&self, path: &str, body: serde_json::Value) -> Reply {
        self.request(
            "POST",
            path,
            &[("content-type", "application/json")],
            body.to_string().as_bytes(),
        )
    }

    fn metrics(&self) -> String {
        self.request("GET", "/metrics", &[], b"").text()
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
    /// Asserts a problem+json answer with `status`; returns its detail.
    fn problem(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text()
        );
        let v: serde_json::Value = serde_json::from_slice(&self.body).unwrap();
        assert_eq!(v["status"], status);
        v["detail"].as_str().unwrap().to_string()
    }
}

/// Writes one HTTP/1.1 request (`Connection: close`) and reads the whole
/// answer.
fn request_on(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(timeout)).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    read_reply(&mut stream).expect("an answer")
}

/// Reads an answer up to the end of the connection; `None` when the
/// server closed without one.
fn read_reply(stream: &mut TcpStream) -> Option<Reply> {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

const SMALL_SPEC: &str = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n";

/// An ordinary client meanwhile: a lint of a small spec, answered 201
/// within `bound`.
fn assert_served(server: &Server, bound: Duration) {
    let started = Instant::now();
    let reply = request_on(
        server.addr,
        "POST",
        "/api/v1/lint",
        &[("content-type", "application/yaml")],
        SMALL_SPEC.as_bytes(),
        bound,
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert!(
        started.elapsed() < bound,
        "an ordinary lint took {:?}",
        started.elapsed()
    );
}

/// A spec with `paths` operations, each with a camelCase property: big
/// enough to keep a lint slot busy for a while.
fn big_spec(paths: usize) -> String {
    let mut s = String::from("openapi: 3.0.3\ninfo:\n  title: Big\n  version: 1.0.0\npaths:\n");
    for i in 0..paths {
        s.push_str(&format!(
            "  /items{i}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  itemName{i}:\n                    type: string\n"
        ));
    }
    s
}

#[test]
fn slow_clients_are_cut_off_while_others_are_served() {
    let server = serve(&["--read-timeout", "2"]);
    let addr = server.addr;
    // A body at one byte a second (Content-Length announces 100).
    let slow_body = std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(
            format!("POST /api/v1/lint HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/yaml\r\nContent-Length: 100\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
        let started = Instant::now();
        let mut sent = 0;
        // Writes fail once the server has answered and closed.
        for _ in 0..30 {
            if s.write_all(b"o").is_err() {
                break;
            }
            sent += 1;
            std::thread::sleep(Duration::from_secs(1));
            s.set_nonblocking(true).unwrap();
            let mut probe = [0u8; 1];
            let answered = !matches!(s.peek(&mut probe), Err(ref e) if e.kind() == std::io::ErrorKind::WouldBlock);
            s.set_nonblocking(false).unwrap();
            if answered {
                break;
            }
        }
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        (read_reply(&mut s), started.elapsed(), sent)
    });
    // Headers at one byte every 200 ms, never finished.
    let slow_headers = std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        let started = Instant::now();
        let head = format!(
            "POST /api/v1/lint HTTP/1.1\r\nHost: {addr}\r\nX-Padding: {}",
            "a".repeat(200)
        );
        for b in head.bytes() {
            if s.write_all(&[b]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
            if started.elapsed() > Duration::from_secs(8) {
                break;
            }
        }
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
        (
            String::from_utf8_lossy(&rest).to_string(),
            started.elapsed(),
        )
    });
    // A connection that says nothing at all.
    let idle = std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        let started = Instant::now();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
        started.elapsed()
    });
    // Meanwhile, ordinary clients are served without delay.
    for _ in 0..6 {
        assert_served(&server, Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(300));
    }

    let (reply, took, sent) = slow_body.join().unwrap();
    let reply = reply.expect("the slow body gets an answer");
    let detail = reply.problem(408);
    assert!(detail.contains("--read-timeout"), "{detail}");
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(sent < 6, "{sent} bytes of body were taken");
    assert!(took < Duration::from_secs(6), "cut off after {took:?}");

    let (rest, took) = slow_headers.join().unwrap();
    // hyper closes a connection whose headers are late, with no answer or
    // a 408; either way within the timeout and some slack.
    assert!(
        rest.is_empty() || rest.starts_with("HTTP/1.1 408"),
        "{rest}"
    );
    assert!(took < Duration::from_secs(6), "closed after {took:?}");
    let took = idle.join().unwrap();
    assert!(took < Duration::from_secs(6), "idle closed after {took:?}");
    assert!(
        server
            .metrics()
            .contains("apilint_rejected_requests_total{reason=\"read_timeout\"} 1"),
    );
}

/// Raises this process's open-file limit towards 4,096 (as far as the
/// hard limit allows) and checks it holds at least `n` descriptors.
fn raise_fd_limit(n: libc::rlim_t) {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain calls on a struct we own.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl), 0);
        let wanted = rl.rlim_max.min(4096);
        if rl.rlim_cur < wanted {
            rl.rlim_cur = wanted;
            assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &rl), 0);
        }
    }
    assert!(
        rl.rlim_cur >= n,
        "the open-file limit ({}) is below {n}; raise `ulimit -Hn`",
        rl.rlim_cur
    );
}

#[test]
fn a_thousand_open_connections_do_not_stop_an_ordinary_request() {
    raise_fd_limit(1100);
    let server = serve(&["--read-timeout", "30"]);
    let mut held = Vec::new();
    for i in 0..1000 {
        let mut s = TcpStream::connect(server.addr).unwrap();
        // Half send a request line and stop; half send nothing.
        if i % 2 == 0 {
            s.write_all(b"GET /health HTTP/1.1\r\n").unwrap();
        }
        held.push(s);
    }
    let started = Instant::now();
    assert_served(&server, Duration::from_secs(5));
    let reply = request_on(
        server.addr,
        "GET",
        "/health",
        &[],
        b"",
        Duration::from_secs(5),
    );
    assert_eq!(reply.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Every held connection is still open (nothing was dropped to make
    // room): one of them finishes its request and is answered.
    held[0]
        .write_all(b"Host: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    held[0]
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let reply = read_reply(&mut held[0]).expect("an answer");
    assert_eq!(reply.status, 200);
}

#[test]
fn past_the_connection_cap_clients_wait_until_a_connection_closes() {
    let server = serve(&["--read-timeout", "30", "--max-connections", "4"]);
    let held: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    // Give the server a moment to accept all four.
    std::thread::sleep(Duration::from_millis(300));
    // The fifth connects (the kernel's backlog) but is not served...
    let mut fifth = TcpStream::connect(server.addr).unwrap();
    fifth
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    fifth
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let mut byte = [0u8; 1];
    let early = fifth.read(&mut byte);
    assert!(
        matches!(&early, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut),
        "served past the cap: {early:?}"
    );
    // ...until one of the four closes.
    drop(held);
    fifth
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let reply = read_reply(&mut fifth).expect("an answer");
    assert_eq!(reply.status, 200);
}

#[test]
fn content_types_and_encodings_the_service_does_not_read_are_415() {
    let server = serve(&[]);
    for (path, ct) in [
        ("/api/v1/lint", Some("text/plain")),
        ("/api/v1/lint", Some("multipart/form-data; boundary=x")),
        ("/api/v1/lint", None),
        ("/api-violations", Some("text/html")),
    ] {
        let headers: Vec<(&str, &str)> = ct.map(|c| ("content-type", c)).into_iter().collect();
        let detail = server
            .request("POST", path, &headers, SMALL_SPEC.as_bytes())
            .problem(415);
        assert!(
            detail.contains("application/json"),
            "{path} {ct:?}: {detail}"
        );
    }
    for encoding in ["br", "zstd", "deflate"] {
        let detail = server
            .request(
                "POST",
                "/api/v1/lint",
                &[
                    ("content-type", "application/yaml"),
                    ("content-encoding", encoding),
                ],
                SMALL_SPEC.as_bytes(),
            )
            .problem(415);
        assert!(
            detail.contains(&format!("\"{encoding}\"")) && detail.contains("gzip"),
            "{detail}"
        );
    }
}

#[test]
fn bodies_past_the_memory_budget_are_shed_and_small_ones_still_pass() {
    // Room for two bodies of 1 MiB, not three.
    let server = serve(&[
        "--max-body",
        "1048576",
        "--max-body-memory",
        "2200000",
        "--read-timeout",
        "30",
    ]);
    // Three clients send 900 KB of an announced 1 MB and hold the rest.
    let mut holders = Vec::new();
    let mut shed = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.write_all(
            b"POST /api/v1/lint HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: 1000000\r\n\r\n",
        )
        .unwrap();
        let _ = s.write_all(&vec![b'#'; 900_000]);
        std::thread::sleep(Duration::from_millis(300));
        s.set_nonblocking(true).unwrap();
        let mut probe = [0u8; 1];
        let answered = s.peek(&mut probe).is_ok_and(|n| n > 0);
        s.set_nonblocking(false).unwrap();
        if answered {
            shed.push(s);
        } else {
            holders.push(s);
        }
    }
    assert_eq!((holders.len(), shed.len()), (2, 1));
    let mut third = shed.pop().unwrap();
    third
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let reply = read_reply(&mut third).expect("an answer");
    let detail = reply.problem(503);
    assert!(detail.contains("--max-body-memory"), "{detail}");
    assert_eq!(reply.header("retry-after"), Some("2"));
    // A small spec needs a sliver of the budget: served.
    assert_served(&server, Duration::from_secs(5));
    // The two holders finish; their budget comes back.
    for mut s in holders {
        s.write_all(&vec![b'#'; 100_000]).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 201", "{}", String::from_utf8_lossy(&head));
    }
    assert!(
        server
            .metrics()
            .contains("apilint_rejected_requests_total{reason=\"body_memory\"} 1")
    );
}

/// Regression: a client posting a body past `--max-body` with a
/// `Content-Length` that says so was answered 413 at once, and the server
/// then closed the socket with most of the body unread. Closing a socket
/// with unread data makes the kernel send a reset instead of an orderly
/// close, so a client still writing its body (as most HTTP libraries do
/// before they read an answer) failed with "connection reset" and never saw
/// the 413 saying why. The server now reads and discards what the client
/// still sends, for a while, before it closes.
#[test]
fn a_client_sending_a_body_past_the_limit_reads_its_413_not_a_reset() {
    let server = serve(&["--max-body", "1048576"]);
    for round in 0..3 {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
        let body = 24 * 1024 * 1024;
        s.write_all(
            format!(
                "POST /api/v1/lint HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: {body}\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
        // The whole body, as a client library writes it: far more than the
        // socket buffers hold, so the server has answered and closed its
        // side long before the last byte.
        let chunk = vec![b'#'; 64 * 1024];
        for _ in 0..body / chunk.len() {
            if let Err(e) = s.write_all(&chunk) {
                panic!("round {round}: writing the body failed: {e}");
            }
        }
        let reply = read_reply(&mut s).unwrap_or_else(|| panic!("round {round}: no answer"));
        let detail = reply.problem(413);
        assert!(
            detail.contains("1048576") || detail.contains("MiB") || detail.contains("MB"),
            "{detail}"
        );
    }
    assert_served(&server, Duration::from_secs(5));
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn gzip_bodies_are_read_and_a_gzip_bomb_is_413_without_memory_growth() {
    let server = serve(&["--max-body", "2097152"]);
    // A compressed spec is linted like the plain one.
    let spec = big_spec(200);
    let reply = server.request(
        "POST",
        "/api/v1/lint",
        &[
            ("content-type", "application/yaml"),
            ("content-encoding", "gzip"),
        ],
        &gzip(spec.as_bytes()),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert!(reply.text().contains("itemName199"), "{}", reply.text());
    // Bigger than --max-body once decoded, though small on the wire.
    let detail = server
        .request(
            "POST",
            "/api/v1/lint",
            &[
                ("content-type", "application/yaml"),
                ("content-encoding", "gzip"),
            ],
            &gzip(big_spec(20_000).as_bytes()),
        )
        .problem(413);
    assert!(detail.contains("decodes to more"), "{detail}");

    // The bomb: 1.9 MB on the wire that inflate to 1.9 GB (gzip members
    // of 16 MiB of zeros each, one after the other, as `cat` joins them).
    let before = server.peak_rss_kb();
    let member = gzip(&vec![0u8; 16 << 20]);
    let count = (1_900_000 / member.len()).min(128);
    let bomb: Vec<u8> = member.repeat(count);
    assert!(count as u64 * (16 << 20) >= 1 << 30, "{count}");
    let started = Instant::now();
    let detail = server
        .request(
            "POST",
            "/api/v1/lint",
            &[
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
            ],
            &bomb,
        )
        .problem(413);
    assert!(detail.contains("decodes to more"), "{detail}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let after = server.peak_rss_kb();
    // At most the compressed body and --max-body of output, with slack.
    assert!(
        after < before + 32 * 1024,
        "peak RSS grew from {before} KB to {after} KB"
    );
    assert_served(&server, Duration::from_secs(5));
}

#[test]
fn a_burst_past_the_lint_queue_is_shed_with_503_and_retry_after() {
    let server = serve(&[
        "--max-concurrent-lints",
        "1",
        "--max-queue",
        "1",
        "--queue-timeout",
        "1",
    ]);
    let spec = big_spec(3000);
    let addr = server.addr;
    let burst: Vec<_> = (0..6)
        .map(|_| {
            let spec = spec.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let reply = request_on(
                    addr,
                    "POST",
                    "/api/v1/lint",
                    &[("content-type", "application/yaml")],
                    spec.as_bytes(),
                    Duration::from_secs(120),
                );
                (reply, started.elapsed())
            })
        })
        .collect();
    let replies: Vec<(Reply, Duration)> = burst.into_iter().map(|t| t.join().unwrap()).collect();
    let served = replies.iter().filter(|(r, _)| r.status == 201).count();
    let shed: Vec<&(Reply, Duration)> = replies.iter().filter(|(r, _)| r.status == 503).collect();
    assert_eq!(
        served + shed.len(),
        6,
        "{:?}",
        replies.iter().map(|r| r.0.status).collect::<Vec<_>>()
    );
    assert!(served >= 1, "nothing was served");
    // One slot and one place in the queue: at least four of six are shed.
    assert!(shed.len() >= 4, "{} shed", shed.len());
    for (reply, took) in &shed {
        let detail = reply.problem(503);
        assert!(detail.contains("busy"), "{detail}");
        assert_eq!(reply.header("retry-after"), Some("2"));
        // Shed at once (queue full) or after the 1 s queue timeout.
        assert!(*took < Duration::from_secs(5), "shed after {took:?}");
    }
    let metrics = server.metrics();
    let count = |reason: &str| -> usize {
        metrics
            .lines()
            .find_map(|l| {
                l.strip_prefix(&format!(
                    "apilint_rejected_requests_total{{reason=\"{reason}\"}} "
                ))
            })
            .map_or(0, |n| n.trim().parse().unwrap())
    };
    assert_eq!(
        count("queue_full") + count("queue_timeout"),
        shed.len(),
        "{metrics}"
    );
    assert!(
        metrics.contains("apilint_lint_queue_waiting 0"),
        "{metrics}"
    );
    // The burst over, the server lints again.
    assert_served(&server, Duration::from_secs(30));
}

/// A loopback listener that counts every connection made to it.
struct Tripwire {
    addr: SocketAddr,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Tripwire {
    fn new() -> Tripwire {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                drop(stream);
            }
        });
        Tripwire { addr, hits }
    }

    fn hits(&self) -> usize {
        // Connections land in the accept queue at once; give the thread a
        // moment to count them.
        std::thread::sleep(Duration::from_millis(200));
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A spec whose schema is an http `$ref` to `url`.
fn spec_with_remote_ref(url: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: Refs\n  version: 1.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '{url}'\n"
    )
}

#[test]
fn no_outbound_connection_without_url_fetch_enabled() {
    let trip = Tripwire::new();
    // The tripwire counts: one connection of our own.
    drop(TcpStream::connect(trip.addr).unwrap());
    assert_eq!(trip.hits(), 1);
    let port = trip.addr.port();
    let targets = [
        format!("http://127.0.0.1:{port}/spec.yaml"),
        format!("http://localhost:{port}/spec.yaml"),
    ];
    let server = serve(&[]);
    for url in &targets {
        let detail = server
            .post_json("/api/v1/lint", serde_json::json!({ "spec_url": url }))
            .problem(403);
        assert!(detail.contains("--allow-url-fetch"), "{detail}");
        server
            .post_json(
                "/api-violations",
                serde_json::json!({ "api_definition_url": url }),
            )
            .problem(403);
        // The service never follows remote refs: a finding, no fetch.
        let reply = server.request(
            "POST",
            "/api/v1/lint",
            &[("content-type", "application/yaml")],
            spec_with_remote_ref(&format!("{url}#/Pet")).as_bytes(),
        );
        assert_eq!(reply.status, 201, "{}", reply.text());
        assert!(reply.text().contains("not followed"), "{}", reply.text());
    }
    // Allowed by name, but loopback: refused before connecting.
    let allowing = serve(&["--allow-url-fetch", "127.0.0.1,localhost"]);
    for url in &targets {
        let detail = allowing
            .post_json("/api/v1/lint", serde_json::json!({ "spec_url": url }))
            .problem(403);
        assert!(detail.contains("non-public"), "{detail}");
    }
    // The CLI: no --resolve-remote, no fetch; with it, no loopback.
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, spec_with_remote_ref(&format!("{}#/Pet", targets[0]))).unwrap();
    for extra in [&[][..], &["--resolve-remote"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_apilint"))
            .arg("lint")
            .arg(&spec)
            .args(extra)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("not followed") || stdout.contains("not a public address"),
            "{extra:?}: {stdout}"
        );
    }
    assert_eq!(trip.hits(), 1, "an outbound connection was made");
}
