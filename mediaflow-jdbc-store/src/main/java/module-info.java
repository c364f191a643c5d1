/** Durable storage over JDBC. */
module io.mediaflow.jdbc {
  requires transitive io.mediaflow.api;

  exports io.mediaflow.jdbc;
}
