-- Reviews and the per-rule tallies statistics are computed from.
--
-- Portable SQL: the same text runs on SQLite and PostgreSQL (sqlx's `any`
-- driver sends it unchanged). Integers are BIGINT so both databases hand
-- back 64-bit values; times are Unix milliseconds; booleans are 0/1.

CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    passed BIGINT NOT NULL,
    ruleset_name TEXT NOT NULL,
    ruleset_source TEXT NOT NULL,
    ruleset_commit TEXT,
    spec_format TEXT NOT NULL,
    api_title TEXT,
    api_id TEXT,
    user_agent TEXT,
    endpoints BIGINT NOT NULL,
    must_count BIGINT NOT NULL,
    should_count BIGINT NOT NULL,
    may_count BIGINT NOT NULL,
    hint_count BIGINT NOT NULL,
    -- The response the review was created with (JSON, without the spec).
    result TEXT NOT NULL,
    spec TEXT NOT NULL
);

CREATE INDEX reviews_created_at ON reviews (created_at);

CREATE TABLE review_rules (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    level TEXT NOT NULL,
    occurrences BIGINT NOT NULL,
    PRIMARY KEY (review_id, code)
);

CREATE INDEX review_rules_code ON review_rules (code);
