-- mediaflow schema version 9 for PostgreSQL: webhook registrations gain several secrets
-- (rotation), a description, their creation time, ordering, a rate and an SSRF allow-list; and
-- the history of their delivery attempts.

-- secrets and allowed_addresses are JSON arrays of strings. secret keeps the newest secret (what
-- a mediaflow before V9 signs with); a row whose secrets is NULL (written by such a node during a
-- rolling upgrade) reads as the one-element list [secret]. created_at of a row from before V9 is 0,
-- the epoch: the time it was registered was never recorded. Constant defaults: no table rewrite
ALTER TABLE ${prefix}webhooks
  ADD COLUMN secrets TEXT,
  ADD COLUMN description TEXT NOT NULL DEFAULT '',
  ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN ordered BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN rate_per_second DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN allowed_addresses TEXT NOT NULL DEFAULT '[]';

-- a registration's single secret becomes a one-element list (json_build_array escapes it)
UPDATE ${prefix}webhooks SET secrets = json_build_array(secret)::text;

-- one row per attempt to deliver one event to one registration; id is the order of recording.
-- The foreign key removes a registration's attempts with it, and refuses an attempt recorded for
-- one deleted meanwhile. duration_ns: nanoseconds
CREATE TABLE ${prefix}webhook_attempts (
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  registration_id  VARCHAR(255) NOT NULL
    REFERENCES ${prefix}webhooks (id) ON DELETE CASCADE,
  delivery_id      VARCHAR(64)  NOT NULL,
  message_id       VARCHAR(255) NOT NULL,
  event_type       VARCHAR(255) NOT NULL,
  attempt          INTEGER      NOT NULL,
  attempted_at     BIGINT       NOT NULL,
  status           INTEGER      NOT NULL,
  duration_ns      BIGINT       NOT NULL,
  delivered        BOOLEAN      NOT NULL,
  response_snippet TEXT         NOT NULL,
  error            TEXT         NOT NULL
);
-- attempts(registrationId, limit): newest first, read backwards
CREATE INDEX ${prefix}webhook_attempts_reg ON ${prefix}webhook_attempts
  (registration_id, attempted_at, id);
-- attemptsOf(deliveryId): first attempt first
CREATE INDEX ${prefix}webhook_attempts_delivery ON ${prefix}webhook_attempts (delivery_id, attempt);
-- purgeAttempts(cutoff)
CREATE INDEX ${prefix}webhook_attempts_at ON ${prefix}webhook_attempts (attempted_at);
