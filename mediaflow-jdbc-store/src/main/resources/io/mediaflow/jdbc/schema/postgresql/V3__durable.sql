-- mediaflow schema version 3 for PostgreSQL: durable execution (checkpointed steps, durable sleep,
-- signals, child jobs). Every column added to jobs is nullable or has a default, so the upgrade is
-- instant on a table with jobs in it.

-- why a scheduled job waits (SLEEP, SIGNAL, CHILDREN, RETRY), and for what
ALTER TABLE ${prefix}jobs ADD COLUMN wait_reason VARCHAR(16);
ALTER TABLE ${prefix}jobs ADD COLUMN wait_signal VARCHAR(255);
ALTER TABLE ${prefix}jobs ADD COLUMN wait_children INTEGER;
-- how many of the job's children are finished (completed, dead or cancelled): kept on the parent
-- row, so that concurrent children are serialised by its row lock and no wake-up is lost
ALTER TABLE ${prefix}jobs ADD COLUMN children_done INTEGER NOT NULL DEFAULT 0;

-- parents of children that finished before this upgrade start with them counted
UPDATE ${prefix}jobs p SET children_done = c.n
  FROM (SELECT parent_id, COUNT(*) AS n FROM ${prefix}jobs
        WHERE parent_id IS NOT NULL AND state IN ('COMPLETED', 'DEAD', 'CANCELLED')
        GROUP BY parent_id) c
  WHERE p.id = c.parent_id;

-- a job's durable history; no foreign key: one group commit holds the checkpoints of many jobs and
-- must not fail because one of them was deleted meanwhile (delete and purge remove them)
CREATE TABLE ${prefix}checkpoints (
  job_id     VARCHAR(64)  NOT NULL,
  seq        INTEGER      NOT NULL,
  kind       VARCHAR(16)  NOT NULL,
  name       TEXT         NOT NULL,
  value_json TEXT         NOT NULL,
  PRIMARY KEY (job_id, seq)
);

-- named, overwritable state of a job (saveState / loadState); removed as checkpoints are
CREATE TABLE ${prefix}job_states (
  job_id     VARCHAR(64)  NOT NULL,
  name       VARCHAR(255) NOT NULL,
  value_json TEXT         NOT NULL,
  seq        INTEGER      NOT NULL,
  PRIMARY KEY (job_id, name)
);

-- signals sent to a job, kept until a position of its history takes them
CREATE TABLE ${prefix}signals (
  id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id    VARCHAR(64)  NOT NULL REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  name      VARCHAR(255) NOT NULL,
  payload   TEXT         NOT NULL,
  sent_at   BIGINT       NOT NULL,
  taken_seq INTEGER
);
-- the oldest untaken signal of a name
CREATE INDEX ${prefix}signals_untaken ON ${prefix}signals (job_id, name, id)
  WHERE taken_seq IS NULL;
-- the signal a position took: at most one per position
CREATE UNIQUE INDEX ${prefix}signals_taken ON ${prefix}signals (job_id, taken_seq);
