-- mediaflow schema version 9 for MariaDB 10.6+ / MySQL 8.0+: webhook registrations gain several
-- secrets (rotation), a description, their creation time, ordering, a rate and an SSRF
-- allow-list; and the history of their delivery attempts.

-- secrets and allowed_addresses are JSON arrays of strings. secret keeps the newest secret (what
-- a mediaflow before V9 signs with); a row whose secrets is NULL (written by such a node during a
-- rolling upgrade) reads as the one-element list [secret]. created_at of a row from before V9 is 0,
-- the epoch: the time it was registered was never recorded. description and allowed_addresses
-- are nullable TEXT (a TEXT default needs MySQL 8.0.13) and read as '' and [] when NULL
ALTER TABLE ${prefix}webhooks
  ADD COLUMN secrets TEXT NULL,
  ADD COLUMN description TEXT NULL,
  ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN ordered BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN rate_per_second DOUBLE NOT NULL DEFAULT 0,
  ADD COLUMN allowed_addresses TEXT NULL;

-- a registration's single secret becomes a one-element list (JSON_ARRAY escapes it)
UPDATE ${prefix}webhooks SET secrets = JSON_ARRAY(secret);

-- one row per attempt to deliver one event to one registration; id is the order of recording.
-- The foreign key removes a registration's attempts with it, and refuses an attempt recorded for
-- one deleted meanwhile. duration_ns: nanoseconds
CREATE TABLE ${prefix}webhook_attempts (
  id               BIGINT       NOT NULL AUTO_INCREMENT,
  registration_id  VARCHAR(255) NOT NULL,
  delivery_id      VARCHAR(64)  NOT NULL,
  message_id       VARCHAR(255) NOT NULL,
  event_type       VARCHAR(255) NOT NULL,
  attempt          INT          NOT NULL,
  attempted_at     BIGINT       NOT NULL,
  status           INT          NOT NULL,
  duration_ns      BIGINT       NOT NULL,
  delivered        BOOLEAN      NOT NULL,
  response_snippet TEXT         NOT NULL,
  error            TEXT         NOT NULL,
  PRIMARY KEY (id),
  -- attempts(registrationId, limit): newest first, read backwards
  KEY ${prefix}webhook_attempts_reg (registration_id, attempted_at, id),
  -- attemptsOf(deliveryId): first attempt first
  KEY ${prefix}webhook_attempts_delivery (delivery_id, attempt),
  -- purgeAttempts(cutoff)
  KEY ${prefix}webhook_attempts_at (attempted_at),
  CONSTRAINT ${prefix}webhook_attempts_fk FOREIGN KEY (registration_id)
    REFERENCES ${prefix}webhooks (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
