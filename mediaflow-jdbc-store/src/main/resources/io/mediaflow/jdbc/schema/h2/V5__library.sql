-- mediaflow schema version 5 for H2: the media library, tags on files and collections of files.
-- New tables only: the upgrade leaves the others as they are.

-- a file's tags, a row per (file, tag). A file is a path of up to 4096 characters, longer than an
-- index entry may be on MariaDB, so rows are keyed by file_hash, the SHA-256 (hex) of the path,
-- and the path is kept whole beside it
CREATE TABLE ${prefix}library_tags (
  file_hash VARCHAR(64)  NOT NULL,
  file      VARCHAR      NOT NULL,
  tag       VARCHAR(128) NOT NULL,
  PRIMARY KEY (file_hash, tag)
);
-- filesTagged and tagNames
CREATE INDEX ${prefix}library_tags_tag ON ${prefix}library_tags (tag);

-- the members of each collection, a row per (collection, file); added_at (epoch microseconds)
-- orders the members
CREATE TABLE ${prefix}library_members (
  collection VARCHAR(128) NOT NULL,
  file_hash  VARCHAR(64)  NOT NULL,
  file       VARCHAR      NOT NULL,
  added_at   BIGINT       NOT NULL,
  PRIMARY KEY (collection, file_hash)
);
-- collectionsOf, and a file's moves and deletes
CREATE INDEX ${prefix}library_members_file ON ${prefix}library_members (file_hash);
