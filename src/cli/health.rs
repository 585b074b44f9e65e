//! `apilint health`: asks a running `apilint serve` whether it is up, for
//! container health checks (Docker's `HEALTHCHECK`), where no curl or wget
//! is installed.
//!
//! It sends one `GET /health` (or `/ready` with `--ready`) and exits 0 on a
//! 200 answer, 1 on anything else: Docker reads 1 as unhealthy and keeps 2
//! for itself, so every failure here is 1. It knows nothing of the service
//! beyond those two routes.

use std::net::SocketAddr;
use std::time::Duration;

use super::ExitCode;
use super::args::HealthArgs;

/// Runs `apilint health`: prints `ok` or the reason on stderr.
pub fn run(args: &HealthArgs) -> ExitCode {
    let url = url_for(args);
    match check(&url, Duration::from_secs(args.timeout)) {
        Ok(()) => {
            if !args.quiet {
                eprintln!("ok: {url}");
            }
            ExitCode::Clean
        }
        Err(reason) => {
            eprintln!("unhealthy: {url}: {reason}");
            ExitCode::Findings
        }
    }
}

/// The URL to ask: `--url` as given, else the route on `--addr`. A wildcard
/// listen address (`0.0.0.0:8080`, what a container serves on) is asked on
/// the loopback interface, so the same `APILINT_ADDR` serves both commands.
fn url_for(args: &HealthArgs) -> String {
    let route = if args.ready { "/ready" } else { "/health" };
    if let Some(base) = &args.url {
        return format!("{}{route}", base.trim_end_matches('/'));
    }
    let mut addr: SocketAddr = args.addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{addr}{route}")
}

fn check(url: &str, timeout: Duration) -> Result<(), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into();
    let response = agent.get(url).call().map_err(|e| e.to_string())?;
    match response.status().as_u16() {
        200 => Ok(()),
        status => Err(format!("answered {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(addr: &str, url: Option<&str>, ready: bool) -> HealthArgs {
        HealthArgs {
            addr: addr.parse().unwrap(),
            url: url.map(str::to_string),
            ready,
            timeout: 1,
            quiet: true,
        }
    }

    #[test]
    fn a_wildcard_listen_address_is_asked_on_loopback() {
        assert_eq!(
            url_for(&args("0.0.0.0:8080", None, false)),
            "http://127.0.0.1:8080/health"
        );
        assert_eq!(
            url_for(&args("[::]:9000", None, true)),
            "http://[::1]:9000/ready"
        );
        assert_eq!(
            url_for(&args("10.0.0.5:80", None, false)),
            "http://10.0.0.5:80/health"
        );
    }

    #[test]
    fn a_url_wins_over_the_address() {
        assert_eq!(
            url_for(&args(
                "0.0.0.0:8080",
                Some("https://lint.example.com/"),
                false
            )),
            "https://lint.example.com/health"
        );
    }
}
