-- mediaflow schema version 7 for H2: the handled files of watched folders, one row per watch and
-- path with the version (size, modification time to the nanosecond) last claimed.

-- path_key: the SHA-256 of the path in hex, a short key for a path of up to 4096 characters (the
-- same key on every database, where MariaDB and PostgreSQL cannot index such a path itself)
CREATE TABLE ${prefix}watched_files (
  watch_id    VARCHAR(128)  NOT NULL,
  path_key    VARCHAR(64)    NOT NULL,
  path        VARCHAR(4096) NOT NULL,
  size        BIGINT        NOT NULL,
  modified_s  BIGINT        NOT NULL,
  modified_ns INTEGER       NOT NULL,
  claimed_at  BIGINT        NOT NULL,
  PRIMARY KEY (watch_id, path_key)
);
