-- mediaflow schema version 2 for MariaDB 10.6+ / MySQL 8.0+: the children of a job are found by
-- their parent (JobQuery.withParent) without reading the whole table.
CREATE INDEX ${prefix}jobs_parent ON ${prefix}jobs (parent_id, created_at);
