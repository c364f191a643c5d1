package io.mediaflow.jdbc;

/** What {@link JdbcStorage} does about its tables when it starts. */
public enum SchemaMode {
  /** Creates the tables, or upgrades them to this library's version; the default. */
  AUTO,
  /** Checks that the tables are there at this library's version and refuses to start if not. */
  VALIDATE,
  /** Trusts that the tables are there; checks nothing. */
  NONE
}
