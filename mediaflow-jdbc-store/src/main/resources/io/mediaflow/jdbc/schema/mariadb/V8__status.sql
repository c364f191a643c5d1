-- mediaflow schema version 8 for MariaDB 10.6+ / MySQL 8.0+: the name of the rule or workflow that
-- created a job, kept on its row at submit (JobQuery.withText searches it without a join), and the
-- plan a media job ran.

ALTER TABLE ${prefix}jobs ADD COLUMN rule_name VARCHAR(255) NOT NULL DEFAULT '';

-- one row per media job that got as far as planning; it goes with the job
CREATE TABLE ${prefix}job_plans (
  job_id   VARCHAR(64) NOT NULL,
  plan     LONGTEXT    NOT NULL,
  PRIMARY KEY (job_id),
  CONSTRAINT ${prefix}job_plans_fk FOREIGN KEY (job_id) REFERENCES ${prefix}jobs (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
