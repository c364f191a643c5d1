-- mediaflow schema version 2 for PostgreSQL: the children of a job are found by their parent
-- (JobQuery.withParent) without reading the whole table; most jobs have no parent, so the index
-- holds only those that do.
CREATE INDEX ${prefix}jobs_parent ON ${prefix}jobs (parent_id, created_at)
  WHERE parent_id IS NOT NULL;
