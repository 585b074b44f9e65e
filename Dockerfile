# syntax=docker/dockerfile:1
#
# apilint: `apilint serve` in a slim image.
#
#   docker build -t apilint .
#   docker run -p 8080:8080 -v apilint-data:/data apilint
#
# The same image runs the CLI: `docker run --rm -v "$PWD:/work" -w /work
# apilint lint api/openapi.yaml`.

# --- build: the release binary, with the versions Cargo.lock pins ---
FROM rust:1.95-slim-trixie AS build
WORKDIR /src
# Only what the build reads (no target/ or test data in the layer).
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY schemas ./schemas
COPY rulesets ./rulesets
# The browser editor's built bundle, embedded in the binary
# (src/service/ui/assets.rs).
COPY web/dist ./web/dist
RUN cargo build --release --locked --bin apilint \
    && install -D -m 0755 target/release/apilint /out/apilint

# --- runtime: Debian slim, the binary, a non-root user ---
FROM debian:trixie-slim
# git: the service pulls the company rule set from a repository
# (--ruleset-repo); ca-certificates: HTTPS to that repository and to remote
# `$ref`s. Not pinned to exact versions (DL3008): Debian's security
# updates replace them in the archive, and a pinned build would then fail.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates git \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 apilint \
    && useradd --system --uid 10001 --gid apilint --home-dir /data --shell /usr/sbin/nologin apilint \
    && mkdir -p /data \
    && chown apilint:apilint /data
COPY --from=build /out/apilint /usr/local/bin/apilint

# The service listens on every interface inside the container; reviews go
# to SQLite under /data unless APILINT_DATABASE_URL names PostgreSQL.
ENV APILINT_ADDR=0.0.0.0:8080 \
    APILINT_DATA_DIR=/data \
    APILINT_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER 10001:10001
WORKDIR /data

# The binary checks itself: no curl in the image. `apilint health` reads
# APILINT_ADDR, asks GET /health on loopback, exits 0 or 1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["apilint", "health", "--quiet"]

ENTRYPOINT ["apilint"]
CMD ["serve"]
