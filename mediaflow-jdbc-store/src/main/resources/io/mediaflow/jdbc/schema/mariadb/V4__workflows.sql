-- mediaflow schema version 4 for MariaDB 10.6+ / MySQL 8.0+: workflow definitions and the
-- correlation index of runs waiting for a signal under a key. New tables only: the upgrade leaves
-- jobs as they are.

-- the latest revision of each workflow (a run carries its own copy of the definition it started
-- with, so earlier revisions are not kept)
CREATE TABLE ${prefix}workflows (
  id         VARCHAR(128) NOT NULL,
  revision   INT          NOT NULL,
  name       TEXT         NOT NULL,
  definition LONGTEXT     NOT NULL,
  created_at BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- which job waits for which signal under which correlation key. A key may be a long file path,
-- longer than an index entry may be, so a waiter is found by wait_hash, the SHA-256 (hex) of the
-- signal name and the key, and then compared whole; the hash also keeps apart texts that a
-- collation would call equal (MariaDB ignores trailing spaces). The rows go with their job.
CREATE TABLE ${prefix}workflow_waiters (
  wait_hash VARCHAR(64)  NOT NULL,
  wait_key  TEXT         NOT NULL,
  name      VARCHAR(255) NOT NULL,
  job_id    VARCHAR(64)  NOT NULL,
  PRIMARY KEY (wait_hash, job_id),
  -- the cascade from a deleted or purged job
  KEY ${prefix}workflow_waiters_job (job_id),
  CONSTRAINT ${prefix}workflow_waiters_fk FOREIGN KEY (job_id) REFERENCES ${prefix}jobs (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
