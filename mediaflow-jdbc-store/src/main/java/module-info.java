/** Durable storage over JDBC: H2 (the single-node default), PostgreSQL, MariaDB/MySQL. */
module io.mediaflow.jdbc {
  requires transitive io.mediaflow.api;
  requires transitive java.sql;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires com.h2database;
  // optional: only PostgreSQL's LISTEN/NOTIFY (PgListener) uses it, with the host's pgjdbc
  requires static org.postgresql.jdbc;

  exports io.mediaflow.jdbc;
}
