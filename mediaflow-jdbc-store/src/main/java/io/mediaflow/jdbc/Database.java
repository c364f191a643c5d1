package io.mediaflow.jdbc;

/**
 * The databases {@link JdbcStorage} speaks. Normally detected from the connection's {@code
 * DatabaseMetaData}; set one with {@link JdbcStorage.Builder#dialect} to override the detection.
 */
public enum Database {
  /** H2 2.x, as a file database: the durable single-node default. */
  H2,
  /** PostgreSQL 12 or later: several JVMs may share it. */
  POSTGRESQL,
  /** MariaDB 10.6 or later, or MySQL 8.0 or later ({@code SKIP LOCKED} is needed). */
  MARIADB
}
