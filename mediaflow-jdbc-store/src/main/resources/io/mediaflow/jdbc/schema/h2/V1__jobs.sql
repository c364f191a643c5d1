-- mediaflow schema version 1 for H2 2.x. ${prefix} is the configured table prefix.
-- Instants are epoch microseconds (UTC) in BIGINT columns.

CREATE TABLE ${prefix}jobs (
  id               VARCHAR(64)      NOT NULL PRIMARY KEY,
  type             VARCHAR(255)     NOT NULL,
  payload          VARCHAR          NOT NULL,
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
  progress_step    VARCHAR          NOT NULL,
  progress_eta_ms  BIGINT,
  stages           VARCHAR,
  error_code       VARCHAR(255),
  error_message    VARCHAR,
  error_retryable  BOOLEAN,
  error_suggestion VARCHAR,
  result           VARCHAR,
  parent_id        VARCHAR(64),
  correlation_id   VARCHAR(255)     NOT NULL,
  idempotency_key  VARCHAR(512),
  rule_id          VARCHAR(255)     NOT NULL,
  version          BIGINT           NOT NULL,
  -- an empty key is stored as NULL, and NULLs never clash
  CONSTRAINT ${prefix}jobs_idempotency UNIQUE (idempotency_key)
);

-- no partial indexes in H2: state first keeps waiting jobs together, apart from the finished
CREATE INDEX ${prefix}jobs_ready ON ${prefix}jobs (state, priority DESC, scheduled_at, id);
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (state, scheduled_at);
CREATE INDEX ${prefix}jobs_leases ON ${prefix}jobs (state, lease_expires_at);
CREATE INDEX ${prefix}jobs_created ON ${prefix}jobs (created_at, id);
CREATE INDEX ${prefix}jobs_state_updated ON ${prefix}jobs (state, updated_at);

CREATE TABLE ${prefix}job_logs (
  id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id    VARCHAR(64) NOT NULL REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  logged_at BIGINT      NOT NULL,
  level     VARCHAR(32) NOT NULL,
  message   VARCHAR     NOT NULL
);
CREATE INDEX ${prefix}job_logs_job ON ${prefix}job_logs (job_id, id);

CREATE TABLE ${prefix}schedules (
  id           VARCHAR(255) NOT NULL PRIMARY KEY,
  next_fire_at BIGINT       NOT NULL,
  version      BIGINT       NOT NULL
);

CREATE TABLE ${prefix}webhooks (
  id       VARCHAR(255) NOT NULL PRIMARY KEY,
  url      VARCHAR      NOT NULL,
  patterns VARCHAR      NOT NULL,
  secret   VARCHAR      NOT NULL,
  active   BOOLEAN      NOT NULL,
  seq      BIGINT GENERATED ALWAYS AS IDENTITY
);
