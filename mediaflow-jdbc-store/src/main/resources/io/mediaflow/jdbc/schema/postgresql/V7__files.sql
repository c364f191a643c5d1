-- mediaflow schema version 7 for PostgreSQL: the handled files of watched folders, one row per
-- watch and path with the version (size, modification time to the nanosecond) last claimed.

-- path_key: the SHA-256 of the path in hex (VARCHAR: PostgreSQL compares a CHAR column with a text parameter as text, past its index), a short key for a path of up to 4096 characters,
-- which a B-tree could not index itself (an entry holds at most about 2700 bytes). COLLATE "C":
-- paths list in code-point order, as on every database
CREATE TABLE ${prefix}watched_files (
  watch_id    VARCHAR(128)  NOT NULL,
  path_key    VARCHAR(64)    COLLATE "C" NOT NULL,
  path        VARCHAR(4096) COLLATE "C" NOT NULL,
  size        BIGINT        NOT NULL,
  modified_s  BIGINT        NOT NULL,
  modified_ns INTEGER       NOT NULL,
  claimed_at  BIGINT        NOT NULL,
  PRIMARY KEY (watch_id, path_key)
);
