package io.mediaflow.benchmarks.durable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The local PostgreSQL server: mediaflow in its own database ({@code mediaflow_bench}, schema
 * {@code durable_mediaflow}), DBOS in another ({@code dbos_bench}, schema {@code dbos}), so their
 * tables never meet and each database's commit count is its library's alone.
 */
final class Db {

  static final String URL =
      System.getenv().getOrDefault("MEDIAFLOW_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("MEDIAFLOW_PG_USER", "postgres");
  static final String PASSWORD = System.getenv().getOrDefault("MEDIAFLOW_PG_PASSWORD", "");
  static final String DBOS_DB = System.getProperty("dbosDatabase", "dbos_bench");

  static final String MEDIAFLOW_DB = System.getProperty("mediaflowDatabase", "mediaflow_bench");

  /** {@link #URL} with its database replaced by {@link #DBOS_DB}. */
  static final String DBOS_URL = withDatabase(URL, DBOS_DB);

  /** {@link #URL} with its database replaced by {@link #MEDIAFLOW_DB}. */
  static final String MEDIAFLOW_URL = withDatabase(URL, MEDIAFLOW_DB);

  private Db() {}

  static String withDatabase(String url, String db) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    String rest = q < 0 ? "" : url.substring(q);
    return base.substring(0, base.lastIndexOf('/') + 1) + db + rest;
  }

  /** A pool on {@code url} whose connections see {@code schema} first (null: the default). */
  static HikariDataSource pool(String url, String schema, int size) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(
        schema == null ? url : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    c.setUsername(USER);
    c.setPassword(PASSWORD);
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(Math.min(2, size));
    c.setPoolName("durable-" + (schema == null ? "default" : schema));
    return new HikariDataSource(c);
  }

  static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  static String text(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  static double[] doubles(DataSource ds, String sql) throws SQLException {
    List<Double> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getDouble(1));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  static void exec(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Creates database {@code db} when it is missing (from a connection to {@link #URL}). */
  static void ensureDatabase(String db) throws SQLException {
    try (HikariDataSource ds = pool(URL, null, 1)) {
      if (count(ds, "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'") == 0) {
        exec(ds, "CREATE DATABASE " + db);
      }
    }
  }

  /**
   * Transactions committed in the current database so far ({@code pg_stat_database.xact_commit},
   * read-only ones included), after asking the server for fresh statistics.
   */
  static long commits(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet r =
          s.executeQuery(
              "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
