//! Running the service: logging, the runtime, the listener, the rule set
//! poller, and graceful shutdown on Ctrl-C or SIGTERM (requests in flight
//! finish; new connections are refused; the database pool is closed).

use std::future::Future;

use tokio::net::TcpListener;
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
    tracing::info!(
        addr = %listener.local_addr()?,
        ruleset = ?state.rulesets().active().map(|a| a.source.clone()),
        database = ?state.store().backend(),
        "apilint serve is listening"
    );
    let result = axum::serve(listener, app(state.clone()))
        .with_graceful_shutdown(shutdown)
        .await;
    if let Some(p) = poller {
        p.abort();
    }
    state.store().close().await;
    tracing::info!("apilint serve stopped");
    result
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
