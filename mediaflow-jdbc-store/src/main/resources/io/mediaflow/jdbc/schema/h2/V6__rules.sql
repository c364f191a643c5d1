-- mediaflow schema version 6 for H2: rules with their counters, the counter of rule changes that
-- engines poll, and concurrency limits of jobs (a rule's maxConcurrent) kept as counters per key.

-- the latest revision of each rule; the counters are kept across revisions
CREATE TABLE ${prefix}rules (
  id         VARCHAR(128)  NOT NULL PRIMARY KEY,
  revision   INTEGER       NOT NULL,
  enabled    BOOLEAN       NOT NULL,
  definition CLOB          NOT NULL,
  created_at BIGINT        NOT NULL,
  updated_at BIGINT        NOT NULL,
  executions BIGINT        DEFAULT 0 NOT NULL,
  successes  BIGINT        DEFAULT 0 NOT NULL,
  failures   BIGINT        DEFAULT 0 NOT NULL,
  skipped    BIGINT        DEFAULT 0 NOT NULL,
  last_run   BIGINT,
  last_error VARCHAR(2000)
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

-- the limit a job counts under; NULL for ordinary jobs
ALTER TABLE ${prefix}jobs ADD COLUMN limit_key VARCHAR(128);
-- a key's unfinished jobs (CANCEL_OTHER) and its oldest buffered one (a release)
CREATE INDEX ${prefix}jobs_limit ON ${prefix}jobs (limit_key, state, id);
