-- mediaflow schema version 6 for MariaDB 10.6+ / MySQL 8.0+: rules with their counters, the
-- counter of rule changes that engines poll, and concurrency limits of jobs (a rule's
-- maxConcurrent) kept as counters per key.

-- the latest revision of each rule; the counters are kept across revisions. utf8mb4_bin: ids
-- compare exactly and list in code-point order
CREATE TABLE ${prefix}rules (
  id         VARCHAR(128) NOT NULL,
  revision   INT          NOT NULL,
  enabled    BOOLEAN      NOT NULL,
  definition LONGTEXT     NOT NULL,
  created_at BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL,
  executions BIGINT       NOT NULL DEFAULT 0,
  successes  BIGINT       NOT NULL DEFAULT 0,
  failures   BIGINT       NOT NULL DEFAULT 0,
  skipped    BIGINT       NOT NULL DEFAULT 0,
  last_run   BIGINT,
  last_error TEXT,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- one row: every save, switch and removal of a rule adds one in its own transaction
CREATE TABLE ${prefix}rule_changes (
  id           INT    NOT NULL,
  change_count BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO ${prefix}rule_changes (id, change_count) VALUES (1, 0);

-- per limit key: how many unfinished jobs hold a place (running) and how many wait for one
-- (buffered), changed by conditional updates in the transaction of the job's change
CREATE TABLE ${prefix}job_limits (
  limit_key      VARCHAR(128) NOT NULL,
  max_concurrent INT          NOT NULL,
  running        INT          NOT NULL,
  buffered       INT          NOT NULL,
  PRIMARY KEY (limit_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- the limit a job counts under, NULL for ordinary jobs; the index finds a key's unfinished jobs
-- (CANCEL_OTHER) and its oldest buffered one (a release)
ALTER TABLE ${prefix}jobs
  ADD COLUMN limit_key VARCHAR(128) NULL,
  ADD KEY ${prefix}jobs_limit (limit_key, state, id);
