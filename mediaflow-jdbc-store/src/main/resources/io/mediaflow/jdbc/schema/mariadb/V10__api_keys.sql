-- mediaflow schema version 10 for MariaDB 10.6+ / MySQL 8.0+: the API keys of the HTTP host, kept
-- as SHA-256 hashes.

-- key_hash: the SHA-256 of the key in lower-case hex, uniquely indexed: the host looks a key up by
-- it on every request, and two keys never share one. ascii_bin: ids and hashes compare exactly
-- and list in code-point order. created_at and revoked_at: epoch microseconds; revoked_at is NULL
-- while the key is valid
CREATE TABLE ${prefix}api_keys (
  id         VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name       VARCHAR(200) NOT NULL,
  key_hash   VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  scope      VARCHAR(16)  NOT NULL,
  created_at BIGINT       NOT NULL,
  revoked_at BIGINT       NULL,
  PRIMARY KEY (id),
  UNIQUE KEY ${prefix}api_keys_hash (key_hash),
  -- list(): oldest first, then by id
  KEY ${prefix}api_keys_created (created_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
