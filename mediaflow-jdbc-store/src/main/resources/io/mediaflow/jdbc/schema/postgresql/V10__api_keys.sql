-- mediaflow schema version 10 for PostgreSQL: the API keys of the HTTP host, kept as SHA-256
-- hashes.

-- key_hash: the SHA-256 of the key in lower-case hex (VARCHAR: PostgreSQL compares a CHAR column
-- with a text parameter as text, past its index), uniquely indexed: the host looks a key up by it
-- on every request, and two keys never share one. COLLATE "C": ids list in code-point order, as
-- on every database. created_at and revoked_at: epoch microseconds; revoked_at is NULL while the
-- key is valid
CREATE TABLE ${prefix}api_keys (
  id         VARCHAR(64)  COLLATE "C" NOT NULL PRIMARY KEY,
  name       VARCHAR(200) NOT NULL,
  key_hash   VARCHAR(64)  COLLATE "C" NOT NULL,
  scope      VARCHAR(16)  NOT NULL,
  created_at BIGINT       NOT NULL,
  revoked_at BIGINT
);
CREATE UNIQUE INDEX ${prefix}api_keys_hash ON ${prefix}api_keys (key_hash);
-- list(): oldest first, then by id
CREATE INDEX ${prefix}api_keys_created ON ${prefix}api_keys (created_at, id);
