-- mediaflow schema version 8 for H2: the name of the rule or workflow that created a job, kept on
-- its row at submit (JobQuery.withText searches it without a join), and the plan a media job ran.

ALTER TABLE ${prefix}jobs ADD COLUMN rule_name VARCHAR(255) DEFAULT '' NOT NULL;

-- one row per media job that got as far as planning; it goes with the job
CREATE TABLE ${prefix}job_plans (
  job_id   VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  plan     VARCHAR     NOT NULL
);
