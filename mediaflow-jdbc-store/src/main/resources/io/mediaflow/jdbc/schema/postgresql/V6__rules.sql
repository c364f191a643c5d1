-- mediaflow schema version 6 for PostgreSQL: rules with their counters, the counter of rule
-- changes that engines poll, and concurrency limits of jobs (a rule's maxConcurrent) kept as
-- counters per key.

-- the latest revision of each rule; the counters are kept across revisions. COLLATE "C": listed
-- in code-point order, as on every database
CREATE TABLE ${prefix}rules (
  id         VARCHAR(128) COLLATE "C" NOT NULL PRIMARY KEY,
  revision   INTEGER       NOT NULL,
  enabled    BOOLEAN       NOT NULL,
  definition TEXT          NOT NULL,
  created_at BIGINT        NOT NULL,
  updated_at BIGINT        NOT NULL,
  executions BIGINT        NOT NULL DEFAULT 0,
  successes  BIGINT        NOT NULL DEFAULT 0,
  failures   BIGINT        NOT NULL DEFAULT 0,
  skipped    BIGINT        NOT NULL DEFAULT 0,
  last_run   BIGINT,
  last_error TEXT
);

-- one row: every save, switch and removal of a rule adds one in its own transaction
CREATE TABLE ${prefix}rule_changes (
  id           INTEGER NOT NULL PRIMARY KEY,
  change_count BIGINT  NOT NULL
);
INSERT INTO ${prefix}rule_changes (id, change_count) VALUES (1, 0);

-- per limit key: how many unfinished jobs hold a place (running) and how many wait for one
-- (buffered), changed by conditional updates in the transaction of the job's change
CREATE TABLE ${prefix}job_limits (
  limit_key      VARCHAR(128) NOT NULL PRIMARY KEY,
  max_concurrent INTEGER      NOT NULL,
  running        INTEGER      NOT NULL,
  buffered       INTEGER      NOT NULL
);

-- the limit a job counts under; NULL for ordinary jobs (no table rewrite: a nullable column
-- without a default)
ALTER TABLE ${prefix}jobs ADD COLUMN limit_key VARCHAR(128);
-- a key's unfinished jobs (CANCEL_OTHER) and its oldest buffered one (a release); ordinary jobs
-- are not in it
CREATE INDEX ${prefix}jobs_limit ON ${prefix}jobs (limit_key, state, id)
  WHERE limit_key IS NOT NULL;
