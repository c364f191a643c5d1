-- mediaflow schema version 4 for H2: workflow definitions and the correlation index of runs
-- waiting for a signal under a key. New tables only: the upgrade leaves jobs as they are.

-- the latest revision of each workflow (a run carries its own copy of the definition it started
-- with, so earlier revisions are not kept)
CREATE TABLE ${prefix}workflows (
  id         VARCHAR(128) NOT NULL PRIMARY KEY,
  revision   INTEGER      NOT NULL,
  name       VARCHAR      NOT NULL,
  definition CLOB         NOT NULL,
  created_at BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL
);

-- which job waits for which signal under which correlation key. A key may be a long file path,
-- longer than an index entry may be, so a waiter is found by wait_hash, the SHA-256 (hex) of the
-- signal name and the key, and then compared whole; the hash also keeps apart texts that a
-- collation would call equal (MariaDB ignores trailing spaces). The rows go with their job.
CREATE TABLE ${prefix}workflow_waiters (
  wait_hash VARCHAR(64)  NOT NULL,
  wait_key  VARCHAR      NOT NULL,
  name      VARCHAR(255) NOT NULL,
  job_id    VARCHAR(64)  NOT NULL REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  PRIMARY KEY (wait_hash, job_id)
);
-- the cascade from a deleted or purged job
CREATE INDEX ${prefix}workflow_waiters_job ON ${prefix}workflow_waiters (job_id);
