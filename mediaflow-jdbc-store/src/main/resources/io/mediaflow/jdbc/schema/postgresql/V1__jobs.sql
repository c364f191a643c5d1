-- mediaflow schema version 1 for PostgreSQL. ${prefix} is the configured table prefix.
-- Instants are epoch microseconds (UTC) in BIGINT columns: exact, portable and cheap to compare.

CREATE TABLE ${prefix}jobs (
  id               VARCHAR(64)      NOT NULL PRIMARY KEY,
  type             VARCHAR(255)     NOT NULL,
  payload          TEXT             NOT NULL,
  priority         INTEGER          NOT NULL,
  state            VARCHAR(16)      NOT NULL,
  attempts         INTEGER          NOT NULL,
  max_attempts     INTEGER          NOT NULL,
  created_at       BIGINT           NOT NULL,
  scheduled_at     BIGINT           NOT NULL,
  updated_at       BIGINT           NOT NULL,
  lease_owner      VARCHAR(255),
  lease_token      VARCHAR(255),
  lease_expires_at BIGINT,
  progress_percent DOUBLE PRECISION NOT NULL,
  progress_step    TEXT             NOT NULL,
  progress_eta_ms  BIGINT,
  stages           TEXT,
  error_code       VARCHAR(255),
  error_message    TEXT,
  error_retryable  BOOLEAN,
  error_suggestion TEXT,
  result           TEXT,
  parent_id        VARCHAR(64),
  correlation_id   VARCHAR(255)     NOT NULL,
  idempotency_key  VARCHAR(512),
  rule_id          VARCHAR(255)     NOT NULL,
  version          BIGINT           NOT NULL,
  -- an empty key is stored as NULL, and NULLs never clash
  CONSTRAINT ${prefix}jobs_idempotency UNIQUE (idempotency_key)
);

-- the claim walks this index in claim order and stops after LIMIT rows: finished and running
-- jobs are not in it at all, however many there are
CREATE INDEX ${prefix}jobs_ready ON ${prefix}jobs (priority DESC, scheduled_at, id)
  WHERE state IN ('PENDING', 'SCHEDULED');

-- oldestDue: the earliest due time among waiting jobs
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (scheduled_at)
  WHERE state IN ('PENDING', 'SCHEDULED');

-- the watchdog: leases that ran out
CREATE INDEX ${prefix}jobs_leases ON ${prefix}jobs (lease_expires_at)
  WHERE state = 'PROCESSING';

-- history by creation time, and retention by state and age
CREATE INDEX ${prefix}jobs_created ON ${prefix}jobs (created_at, id);
CREATE INDEX ${prefix}jobs_state_updated ON ${prefix}jobs (state, updated_at);

CREATE TABLE ${prefix}job_logs (
  id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id    VARCHAR(64) NOT NULL REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  logged_at BIGINT      NOT NULL,
  level     VARCHAR(32) NOT NULL,
  message   TEXT        NOT NULL
);
CREATE INDEX ${prefix}job_logs_job ON ${prefix}job_logs (job_id, id);

CREATE TABLE ${prefix}schedules (
  id           VARCHAR(255) NOT NULL PRIMARY KEY,
  next_fire_at BIGINT       NOT NULL,
  version      BIGINT       NOT NULL
);

CREATE TABLE ${prefix}webhooks (
  id       VARCHAR(255) NOT NULL PRIMARY KEY,
  url      TEXT         NOT NULL,
  patterns TEXT         NOT NULL,
  secret   TEXT         NOT NULL,
  active   BOOLEAN      NOT NULL,
  seq      BIGINT GENERATED ALWAYS AS IDENTITY
);
