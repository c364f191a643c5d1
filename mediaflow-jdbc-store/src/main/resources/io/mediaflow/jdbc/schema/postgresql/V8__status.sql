-- mediaflow schema version 8 for PostgreSQL: the name of the rule or workflow that created a job,
-- kept on its row at submit (JobQuery.withText searches it without a join), and the plan a media
-- job ran.

-- a constant default: no table rewrite on PostgreSQL 11+
ALTER TABLE ${prefix}jobs ADD COLUMN rule_name VARCHAR(255) NOT NULL DEFAULT '';

-- one row per media job that got as far as planning; it goes with the job
CREATE TABLE ${prefix}job_plans (
  job_id   VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  plan     TEXT        NOT NULL
);
