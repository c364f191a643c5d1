-- mediaflow schema version 9 for H2: webhook registrations gain several secrets (rotation), a
-- description, their creation time, ordering, a rate and an SSRF allow-list; and the history of
-- their delivery attempts.

-- secrets and allowed_addresses are JSON arrays of strings. secret keeps the newest secret (what
-- a mediaflow before V9 signs with); a row whose secrets is NULL (written by such a node during a
-- rolling upgrade) reads as the one-element list [secret]. created_at of a row from before V9 is 0,
-- the epoch: the time it was registered was never recorded
ALTER TABLE ${prefix}webhooks ADD COLUMN secrets VARCHAR;
ALTER TABLE ${prefix}webhooks ADD COLUMN description VARCHAR DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}webhooks ADD COLUMN created_at BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE ${prefix}webhooks ADD COLUMN ordered BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE ${prefix}webhooks ADD COLUMN rate_per_second DOUBLE PRECISION DEFAULT 0 NOT NULL;
ALTER TABLE ${prefix}webhooks ADD COLUMN allowed_addresses VARCHAR DEFAULT '[]' NOT NULL;

-- a registration's single secret becomes a one-element list (JSON_ARRAY escapes it)
UPDATE ${prefix}webhooks SET secrets = CAST(JSON_ARRAY(secret) AS VARCHAR);

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
  response_snippet VARCHAR      NOT NULL,
  error            VARCHAR      NOT NULL
);
-- attempts(registrationId, limit): newest first
CREATE INDEX ${prefix}webhook_attempts_reg ON ${prefix}webhook_attempts
  (registration_id, attempted_at, id);
-- attemptsOf(deliveryId): first attempt first
CREATE INDEX ${prefix}webhook_attempts_delivery ON ${prefix}webhook_attempts (delivery_id, attempt);
-- purgeAttempts(cutoff)
CREATE INDEX ${prefix}webhook_attempts_at ON ${prefix}webhook_attempts (attempted_at);
