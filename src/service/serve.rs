//! Running the service: logging, the runtime, the listener, the rule set
//! poller, and graceful shutdown on Ctrl-C or SIGTERM (requests in flight
//! finish; new connections are refused; the database pool is closed).
//!
//! The accept loop is ours rather than `axum::serve`'s, for two limits that
//! one lacks:
//! - a **header read timeout** (`--read-timeout`): a client must send a
//!   request's headers within it, and an idle keep-alive connection must
//!   start its next request within it, or the connection is closed. Without
//!   it, a client trickling header bytes (slowloris) held a connection and
//!   its task forever. The body's deadline is [`super::body`]'s.
//! - a **connection cap** (`--max-connections`): past it the loop stops
//!   accepting, so further clients wait in the kernel's listen backlog
//!   until a connection closes, instead of the process running out of file
//!   descriptors (where every accept fails and nobody is served). The
//!   process raises its own open-file limit to the hard limit at start,
//!   and lowers the cap to fit under it.
//!
//! And one courtesy: a **lingering close**. When the server answers before
//! it has read a request's body (413 for a body past `--max-body`, 503
//! when the body budget is spent) and closes the connection, the kernel
//! turns a close with unread bytes into a reset, and a client still
//! writing its body fails with "connection reset" instead of reading the
//! answer that says why. So after hyper is done with a connection, the
//! loop shuts down the sending side and reads and discards whatever the
//! client still sends, until it closes its side, goes quiet for
//! [`LINGER_IDLE`], or `--read-timeout` has passed; only then is the
//! socket closed. A client that closes normally (all of them, when nothing
//! went wrong) ends this at once.

use std::future::Future;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tracing_subscriber::EnvFilter;

use super::config::{RulesetSetting, ServiceConfig};
use super::routes::app;
use super::state::{AppState, StartError};
use crate::cli::ExitCode;
use crate::cli::args::{LogFormat, ServeArgs};

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] super::config::ConfigError),
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// `apilint serve`: runs until a shutdown signal; returns the exit code.
pub fn run(args: &ServeArgs) -> ExitCode {
    let config = match ServiceConfig::from_args(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::Error;
        }
    };
    init_logging(config.log_format);
    // Lints run on the blocking pool, one thread each: with a walk-sized
    // stack there (reserved, not committed, until a deep spec uses it) the
    // walk needs no thread of its own.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(crate::engine::lint::WALK_STACK)
        .on_thread_start(crate::engine::lint::declare_walk_stack)
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::Error;
        }
    };
    match runtime.block_on(serve(config, shutdown_signal())) {
        Ok(()) => ExitCode::Clean,
        Err(e) => {
            tracing::error!(error = %e, "apilint serve stopped");
            eprintln!("error: {e}");
            ExitCode::Error
        }
    }
}

/// Logs to stderr, text or JSON; the level comes from `APILINT_LOG`
/// (`RUST_LOG` syntax), `info` by default.
fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_env("APILINT_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second initialisation (tests calling `run` twice) keeps the first.
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Starts the service for `config` and serves until `shutdown` completes.
pub async fn serve(
    config: ServiceConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr = config.addr;
    let state = AppState::start(config).await?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    serve_on(listener, state, shutdown).await?;
    Ok(())
}

/// Serves `state` on an open listener until `shutdown` completes, with the
/// rule set poller running beside it.
pub async fn serve_on(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let poller = match state.config().ruleset {
        RulesetSetting::Repo { poll, .. } if !poll.is_zero() => {
            let state = state.clone();
            Some(tokio::spawn(async move {
                let mut tick = tokio::time::interval(poll);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                // The first tick fires at once; the start already loaded.
                tick.tick().await;
                loop {
                    tick.tick().await;
                    state.reload().await;
                }
            }))
        }
        _ => None,
    };
    let max_connections = connection_cap(state.config().max_connections);
    tracing::info!(
        addr = %listener.local_addr()?,
        ruleset = ?state.rulesets().active().map(|a| a.source.clone()),
        database = ?state.store().backend(),
        max_connections,
        "apilint serve is listening"
    );
    accept_loop(
        listener,
        app(state.clone()),
        max_connections,
        state.config().read_timeout,
        shutdown,
    )
    .await;
    if let Some(p) = poller {
        p.abort();
    }
    state.store().close().await;
    tracing::info!("apilint serve stopped");
    Ok(())
}

/// Accepts connections until `shutdown`, at most `max_connections` open at
/// once, each served by hyper (HTTP/1.1) with `read_timeout` to send its
/// headers; then waits for the open ones to finish their requests.
async fn accept_loop(
    listener: TcpListener,
    app: axum::Router,
    max_connections: usize,
    read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let slots = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(read_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Responses are written whole; waiting to coalesce small writes
        // only adds latency.
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(
            app.clone()
                .map_request(|request: Request<Incoming>| request.map(axum::body::Body::new)),
        );
        let stream = Arc::new(stream);
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(SharedStream(stream.clone())), service));
        tokio::spawn(async move {
            // A client that vanished or timed out is not the server's error.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            // The connection holds its slot while it lingers: lingering
            // sockets are open files like any other.
            linger(stream, read_timeout).await;
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Longest a lingering connection may stay silent before it is closed.
const LINGER_IDLE: Duration = Duration::from_secs(2);

/// The lingering close (see the module docs): the sending side is shut
/// down (the client reads the answer, then the end of the stream), and
/// what the client still sends is read and dropped until it closes its
/// side, is silent for [`LINGER_IDLE`], or `limit` has passed.
async fn linger(stream: Arc<TcpStream>, limit: Duration) {
    // hyper shuts the sending side down when it ends a connection cleanly;
    // after an error it may not have, and a second shutdown is harmless.
    let _ = socket2::SockRef::from(&*stream).shutdown(std::net::Shutdown::Write);
    let deadline = tokio::time::Instant::now() + limit;
    let mut sink = [0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            return;
        }
        match tokio::time::timeout(LINGER_IDLE.min(left), stream.readable()).await {
            Ok(Ok(())) => match stream.try_read(&mut sink) {
                // The client closed its side: nothing unread is left.
                Ok(0) => return,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            },
            // Silent for too long, out of time, or the socket failed.
            Err(_) | Ok(Err(_)) => return,
        }
    }
}

/// A connection's socket as hyper's transport, shared with the accept
/// loop, which keeps a handle for the lingering close after hyper has
/// dropped its own. Reads and writes go through the socket's readiness
/// (`poll_*_ready`, then `try_*`), as `TcpStream`'s own `AsyncRead` and
/// `AsyncWrite` do; only one task polls it at a time (hyper while the
/// connection lasts, [`linger`] after).
struct SharedStream(Arc<TcpStream>);

impl SharedStream {
    /// One read or write: waits for the socket's readiness (`ready`), then
    /// tries `op`; readiness that turns out stale (`WouldBlock`) is waited
    /// for again.
    fn poll_io<T>(
        &self,
        cx: &mut std::task::Context<'_>,
        ready: fn(&TcpStream, &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>>,
        mut op: impl FnMut(&TcpStream) -> std::io::Result<T>,
    ) -> std::task::Poll<std::io::Result<T>> {
        loop {
            std::task::ready!(ready(&self.0, cx))?;
            match op(&self.0) {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                done => return std::task::Poll::Ready(done),
            }
        }
    }
}

impl tokio::io::AsyncRead for SharedStream {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let n = std::task::ready!(self.poll_io(cx, TcpStream::poll_read_ready, |s| {
            s.try_read(buf.initialize_unfilled())
        }))?;
        buf.advance(n);
        std::task::Poll::Ready(Ok(()))
    }
}

impl tokio::io::AsyncWrite for SharedStream {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.poll_io(cx, TcpStream::poll_write_ready, |s| s.try_write(buf))
    }

    fn poll_write_vectored(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.poll_io(cx, TcpStream::poll_write_ready, |s| {
            s.try_write_vectored(bufs)
        })
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        // A TCP socket has no buffer of ours to flush.
        std::task::Poll::Ready(Ok(()))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(socket2::SockRef::from(&*self.0).shutdown(std::net::Shutdown::Write))
    }
}

/// An accept that failed: a connection reset before it was accepted is
/// nothing; anything else (out of file descriptors) is logged, and the
/// loop pauses so it does not spin on an error that persists.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed; pausing new connections for 100 ms");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// `wanted`, lowered to fit the process's open-file limit after raising
/// that to its hard limit (leaving room for the database, the rule set
/// checkout and the log).
fn connection_cap(wanted: usize) -> usize {
    let limit = raise_open_file_limit();
    match limit {
        Some(n) if n < wanted as u64 + 64 => {
            let cap = (n.saturating_sub(64) as usize).max(1);
            tracing::warn!(
                open_file_limit = n,
                max_connections = cap,
                "--max-connections lowered to fit the open-file limit (raise `ulimit -n` for more)"
            );
            cap
        }
        _ => wanted,
    }
}

/// Raises the soft open-file limit to the hard one; returns the soft
/// limit in force. Each connection is a file descriptor, and the usual
/// soft limit (1,024) is below what a server meets.
#[cfg(unix)]
fn raise_open_file_limit() -> Option<u64> {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) != 0 {
            return None;
        }
        if rl.rlim_cur < rl.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: rl.rlim_max,
                rlim_max: rl.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                rl = raised;
            }
        }
    }
    if rl.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    // `rlim_t` is u64 on Linux but not on every Unix.
    #[allow(clippy::unnecessary_cast)]
    Some(rl.rlim_cur as u64)
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> Option<u64> {
    None
}

/// Completes on Ctrl-C or, on Unix, SIGTERM (what orchestrators send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}
