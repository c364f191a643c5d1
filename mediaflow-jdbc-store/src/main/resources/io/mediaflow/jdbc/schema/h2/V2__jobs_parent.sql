-- mediaflow schema version 2 for H2: the children of a job are found by their parent
-- (JobQuery.withParent) without reading the whole table.
CREATE INDEX ${prefix}jobs_parent ON ${prefix}jobs (parent_id, created_at);
