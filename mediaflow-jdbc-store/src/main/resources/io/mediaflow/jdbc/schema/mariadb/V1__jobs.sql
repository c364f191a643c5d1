-- mediaflow schema version 1 for MariaDB 10.6+ / MySQL 8.0+. ${prefix} is the table prefix.
-- Instants are epoch microseconds (UTC) in BIGINT columns. utf8mb4_bin: ids, tokens and keys
-- compare exactly (a case-insensitive collation would merge idempotency keys 'A' and 'a').

CREATE TABLE ${prefix}jobs (
  id               VARCHAR(64)  NOT NULL,
  type             VARCHAR(255) NOT NULL,
  payload          LONGTEXT     NOT NULL,
  priority         INT          NOT NULL,
  state            VARCHAR(16)  NOT NULL,
  attempts         INT          NOT NULL,
  max_attempts     INT          NOT NULL,
  created_at       BIGINT       NOT NULL,
  scheduled_at     BIGINT       NOT NULL,
  updated_at       BIGINT       NOT NULL,
  lease_owner      VARCHAR(255),
  lease_token      VARCHAR(255),
  lease_expires_at BIGINT,
  progress_percent DOUBLE       NOT NULL,
  progress_step    TEXT         NOT NULL,
  progress_eta_ms  BIGINT,
  stages           MEDIUMTEXT,
  error_code       VARCHAR(255),
  error_message    TEXT,
  error_retryable  BOOLEAN,
  error_suggestion TEXT,
  result           LONGTEXT,
  parent_id        VARCHAR(64),
  correlation_id   VARCHAR(255) NOT NULL,
  idempotency_key  VARCHAR(512),
  rule_id          VARCHAR(255) NOT NULL,
  version          BIGINT       NOT NULL,
  PRIMARY KEY (id),
  -- an empty key is stored as NULL, and NULLs never clash
  UNIQUE KEY ${prefix}jobs_idempotency (idempotency_key),
  -- no partial indexes here: state first keeps waiting jobs together, apart from the finished
  KEY ${prefix}jobs_ready (state, priority DESC, scheduled_at, id),
  KEY ${prefix}jobs_due (state, scheduled_at),
  KEY ${prefix}jobs_leases (state, lease_expires_at),
  KEY ${prefix}jobs_created (created_at, id),
  KEY ${prefix}jobs_state_updated (state, updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}job_logs (
  id        BIGINT      NOT NULL AUTO_INCREMENT,
  job_id    VARCHAR(64) NOT NULL,
  logged_at BIGINT      NOT NULL,
  level     VARCHAR(32) NOT NULL,
  message   TEXT        NOT NULL,
  PRIMARY KEY (id),
  KEY ${prefix}job_logs_job (job_id, id),
  CONSTRAINT ${prefix}job_logs_fk FOREIGN KEY (job_id) REFERENCES ${prefix}jobs (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}schedules (
  id           VARCHAR(255) NOT NULL,
  next_fire_at BIGINT       NOT NULL,
  version      BIGINT       NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}webhooks (
  id       VARCHAR(255) NOT NULL,
  url      TEXT         NOT NULL,
  patterns TEXT         NOT NULL,
  secret   TEXT         NOT NULL,
  active   BOOLEAN      NOT NULL,
  seq      BIGINT       NOT NULL AUTO_INCREMENT,
  PRIMARY KEY (id),
  UNIQUE KEY ${prefix}webhooks_seq (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
