package io.mediaflow.benchmarks.peers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The local PostgreSQL, one schema per peer, pooled with HikariCP. */
public final class Pg {

  static final String URL =
      System.getenv().getOrDefault("MEDIAFLOW_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("MEDIAFLOW_PG_USER", "postgres");

  private Pg() {}

  /** A pool whose connections see only {@code schema} (search_path), so each peer has its own. */
  public static HikariDataSource pool(String schema, int size) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    c.setUsername(USER);
    c.setPassword(System.getenv().getOrDefault("MEDIAFLOW_PG_PASSWORD", ""));
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(Math.min(2, size));
    c.setPoolName("peers-" + schema);
    return new HikariDataSource(c);
  }

  /** Drops and re-creates {@code schema}: every peer starts from fresh, empty tables. */
  public static void freshSchema(String schema) throws SQLException {
    try (HikariDataSource ds = pool("public", 1);
        Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      s.execute("CREATE SCHEMA " + schema);
    }
  }

  static long count(javax.sql.DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  static void exec(javax.sql.DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
