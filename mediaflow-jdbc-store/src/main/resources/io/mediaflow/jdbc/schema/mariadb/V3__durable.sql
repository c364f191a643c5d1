-- mediaflow schema version 3 for MariaDB 10.6+ / MySQL 8.0+: durable execution (checkpointed
-- steps, durable sleep, signals, child jobs). Every column added to jobs is nullable or has a
-- default, so InnoDB adds them in place on a table with jobs in it.

-- why a scheduled job waits (SLEEP, SIGNAL, CHILDREN, RETRY), and for what; how many of the job's
-- children are finished (completed, dead or cancelled), on the parent row
ALTER TABLE ${prefix}jobs
  ADD COLUMN wait_reason VARCHAR(16),
  ADD COLUMN wait_signal VARCHAR(255),
  ADD COLUMN wait_children INT,
  ADD COLUMN children_done INT NOT NULL DEFAULT 0;

-- parents of children that finished before this upgrade start with them counted (a derived
-- table: MariaDB cannot read the table it updates in a plain subquery)
UPDATE ${prefix}jobs p
  JOIN (SELECT parent_id, COUNT(*) AS n FROM ${prefix}jobs
        WHERE parent_id IS NOT NULL AND state IN ('COMPLETED', 'DEAD', 'CANCELLED')
        GROUP BY parent_id) c ON c.parent_id = p.id
  SET p.children_done = c.n;

-- a job's durable history; no foreign key: one group commit holds the checkpoints of many jobs and
-- must not fail because one of them was deleted meanwhile (delete and purge remove them)
CREATE TABLE ${prefix}checkpoints (
  job_id     VARCHAR(64)  NOT NULL,
  seq        INT          NOT NULL,
  kind       VARCHAR(16)  NOT NULL,
  name       TEXT         NOT NULL,
  value_json LONGTEXT     NOT NULL,
  PRIMARY KEY (job_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- named, overwritable state of a job (saveState / loadState); removed as checkpoints are
CREATE TABLE ${prefix}job_states (
  job_id     VARCHAR(64)  NOT NULL,
  name       VARCHAR(255) NOT NULL,
  value_json LONGTEXT     NOT NULL,
  seq        INT          NOT NULL,
  PRIMARY KEY (job_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- signals sent to a job, kept until a position of its history takes them
CREATE TABLE ${prefix}signals (
  id        BIGINT       NOT NULL AUTO_INCREMENT,
  job_id    VARCHAR(64)  NOT NULL,
  name      VARCHAR(255) NOT NULL,
  payload   LONGTEXT     NOT NULL,
  sent_at   BIGINT       NOT NULL,
  taken_seq INT,
  PRIMARY KEY (id),
  -- the oldest untaken signal of a name (taken_seq IS NULL is an equality on the index)
  KEY ${prefix}signals_untaken (job_id, name, taken_seq, id),
  -- the signal a position took: at most one per position (NULLs never clash)
  UNIQUE KEY ${prefix}signals_taken (job_id, taken_seq),
  CONSTRAINT ${prefix}signals_fk FOREIGN KEY (job_id) REFERENCES ${prefix}jobs (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
