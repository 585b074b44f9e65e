-- Reviews stored compressed, and specs stored once by content.
--
-- Under load the database's cost is the bytes it writes: a review of a
-- 30 KB spec was about 110 KB (the spec and the review JSON as text). Both
-- are now zstd-compressed (about a tenth), and the spec is kept in `specs`
-- under its SHA-256, so a spec posted again (every pipeline run on an
-- unchanged API) adds no spec bytes at all.
--
-- `{{blob}}` is the binary column type, BLOB on SQLite and BYTEA on
-- PostgreSQL (the only word this file does not share between them; see
-- store.rs).

CREATE TABLE specs (
    -- Lowercase hex SHA-256 of the spec text.
    hash TEXT PRIMARY KEY,
    -- The text's length in bytes, before compression.
    size BIGINT NOT NULL,
    body {{blob}} NOT NULL
);

-- Reviews stored from now on leave `result` and `spec` empty and fill
-- these; the reviews stored before keep their text columns as they were.
ALTER TABLE reviews ADD COLUMN spec_hash TEXT;
ALTER TABLE reviews ADD COLUMN result_zstd {{blob}};
