-- mediaflow schema version 7 for MariaDB 10.6+ / MySQL 8.0+: the handled files of watched
-- folders, one row per watch and path with the version (size, modification time to the
-- nanosecond) last claimed.

-- path_key: the SHA-256 of the path in hex, a short key for a path of up to 4096 characters
-- (16 KB in utf8mb4), far over InnoDB's 3072-byte index limit. utf8mb4_bin: paths compare
-- exactly and list in code-point order (sorted on their first max_sort_length bytes, then by key)
CREATE TABLE ${prefix}watched_files (
  watch_id    VARCHAR(128)  NOT NULL,
  path_key    VARCHAR(64)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  path        VARCHAR(4096) NOT NULL,
  size        BIGINT        NOT NULL,
  modified_s  BIGINT        NOT NULL,
  modified_ns INT           NOT NULL,
  claimed_at  BIGINT        NOT NULL,
  PRIMARY KEY (watch_id, path_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
