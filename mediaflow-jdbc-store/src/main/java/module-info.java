/** Durable storage over JDBC: H2 (the single-node default), PostgreSQL, MariaDB/MySQL. */
module io.mediaflow.jdbc {
  requires transitive io.mediaflow.api;
  requires transitive java.sql;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  // optional: only JdbcStorage.h2(...) uses it (H2Files checks it is there); PostgreSQL and
  // MariaDB hosts do not get it
  requires static com.h2database;
  // optional: only PostgreSQL's LISTEN/NOTIFY (PgListener) uses it, with the host's pgjdbc
  requires static org.postgresql.jdbc;

  exports io.mediaflow.jdbc;
}
